"""maturity: process maturity assessment for PMOs and consultants.

Score CMMI-style surveys per business line, quantify a SWOT of each line, analyse gaps against a
target profile, plan a phased rollout, compare lines and waves over time, and write a report.

The public names are re-exported here and imported lazily, so ``import maturity`` stays fast:

>>> import maturity
>>> m = maturity.load_model("cmmi-dev-1.3")
>>> m.id
'cmmi-dev-1.3'
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # model
    "Model": "maturity.model",
    "Scale": "maturity.model",
    "load_model": "maturity.model",
    "list_models": "maturity.model",
    # ingest
    "Responses": "maturity.ingest",
    "read_responses": "maturity.ingest",
    "write_template": "maturity.workbook",
    "fill_template": "maturity.workbook",
    # scoring
    "Scores": "maturity.scoring",
    "score": "maturity.scoring",
    "aggregate_characterizations": "maturity.scoring",
    "characterize": "maturity.scoring",
    "read_scope": "maturity.scope",
    # swot
    "read_swot": "maturity.swot",
    "swot_summary": "maturity.swot",
    "posture": "maturity.swot",
    "weaknesses_by_process_area": "maturity.swot",
    "tows": "maturity.swot",
    "ie_cell": "maturity.swot",
    "write_swot_template": "maturity.swot",
    # gap
    "read_targets": "maturity.gap",
    "target_profile": "maturity.gap",
    "targets_from_swot": "maturity.gap",
    "Targets": "maturity.gap",
    "Gaps": "maturity.gap",
    "gap_analysis": "maturity.gap",
    "phase_progress": "maturity.targets_answers",
    # roadmap
    "plan_roadmap": "maturity.roadmap",
    "read_lines": "maturity.roadmap",
    "Roadmap": "maturity.roadmap",
    "sensitivity": "maturity.roadmap",
    "write_roadmap": "maturity.roadmap",
    "ahp_weights": "maturity.ahp",
    # trends and reliability
    "changes": "maturity.trends",
    "line_comparison": "maturity.trends",
    "rankings": "maturity.trends",
    "pa_changes": "maturity.trends",
    "respondent_scores": "maturity.trends",
    "rwg": "maturity.reliability",
    "t_interval": "maturity.stats",
    "wilson_interval": "maturity.stats",
    "paired_test": "maturity.stats",
    "unpaired_test": "maturity.stats",
    "kruskal_dunn": "maturity.stats",
    "reliability": "maturity.reliability",
    "disagreement": "maturity.reliability",
    "cronbach_alpha": "maturity.reliability",
    "krippendorff_alpha": "maturity.reliability",
    # progress and roll-up
    "progress_to_target": "maturity.progress",
    "roll_up": "maturity.progress",
    # report
    "write_report": "maturity.report",
    "build_report": "maturity.report",
    "report_inputs": "maturity.report",
    # errors
    "MaturityError": "maturity.exceptions",
    "ValidationError": "maturity.exceptions",
    "ModelError": "maturity.exceptions",
    "InputError": "maturity.exceptions",
    "SwotError": "maturity.exceptions",
    "TargetError": "maturity.exceptions",
    "MaturityWarning": "maturity.exceptions",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    mod = _EXPORTS.get(name)
    if mod is None:
        raise AttributeError(f"module 'maturity' has no attribute {name!r}")
    value = getattr(importlib.import_module(mod), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
