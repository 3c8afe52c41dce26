"""Questionnaire and organisation changes between survey waves, declared once.

Between two assessments the questionnaire changes (a question gets a new id, is retired, is
added, or moves to another practice) and so does the organisation (a line is renamed, merged
into another, split from one, new, or closed). Compared as read, such answers make false level
jumps (a practice with no answers last year is not rated and blocks its level) and empty or
mixed line rows. This module applies a declared mapping *before* scoring and pairing, and
reports every row it touched:

* :func:`read_mappings` -- a YAML file with ``questions:`` and ``lines:`` sections, or the CSV
  forms :func:`read_question_map` (``old_question, new_question, action[, practice][,
  waves]``) and :func:`read_line_map` (``wave, business_line, action[, target]``);
* :func:`reading_model` -- the model extended with the old question ids, so the old answers
  pass validation (:func:`maturity.ingest.responses.read_responses`) instead of being rejected as
  unknown;
* :func:`apply_question_map` -- old ids to new ids (practice and process area of the new
  model), moved questions to their practice, retired questions left out;
* :func:`common_questions` and :func:`restrict_model` -- the *common questions only*
  comparison: every wave scored on the questions answered in all of them, with a model cut to
  those questions (the default of ``maturity compare`` when a question map is given);
* :func:`apply_line_map` -- line names of the older waves mapped to this year's organisation;
* :func:`unanswered_practices` -- the practices with no answer in a wave (not rated there,
  which blocks their level), with a warning naming them.

Every function returns the notes of what it did (:data:`NOTE_COLUMNS`), to be written beside
the outputs (``mapping_notes.csv``). The maps are read in :mod:`maturity.compare.mapfiles` and
applied in :mod:`maturity.compare.remap`; this module is their one import place.
"""

from __future__ import annotations

from maturity.compare.mapfiles import (
    LINE_ACTIONS,
    LINE_MAP_COLUMNS,
    NOTE_COLUMNS,
    QUESTION_ACTIONS,
    QUESTION_MAP_COLUMNS,
    read_line_map,
    read_mappings,
    read_question_map,
)
from maturity.compare.remap import (
    apply_line_map,
    apply_question_map,
    common_questions,
    reading_model,
    restrict_model,
    unanswered_practices,
)

__all__ = [
    "QUESTION_ACTIONS",
    "LINE_ACTIONS",
    "QUESTION_MAP_COLUMNS",
    "LINE_MAP_COLUMNS",
    "NOTE_COLUMNS",
    "read_mappings",
    "read_question_map",
    "read_line_map",
    "reading_model",
    "apply_question_map",
    "common_questions",
    "restrict_model",
    "apply_line_map",
    "unanswered_practices",
]
