"""maturity: process maturity assessment for PMOs and consultants.

Score CMMI-style surveys per business line, quantify a SWOT of each line, analyse gaps against a
target profile, plan a phased rollout, compare lines and waves over time, and write a report.

The public names are re-exported here and imported lazily, so ``import maturity`` stays fast.
``dir(maturity)`` lists them; a submodule whose name is also a public function (``reliability``)
is reached with ``from maturity.reliability import ...``, never as ``maturity.reliability``:

>>> import maturity
>>> m = maturity.load_model("cmmi-dev-1.3")
>>> m.id
'cmmi-dev-1.3'
"""

import importlib as _importlib
import sys as _sys
import types as _types

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
    "Export": "maturity.surveys",
    "read_export": "maturity.surveys",
    "questionnaire": "maturity.surveys",
    "normalise_id": "maturity.ids",
    "order_waves": "maturity.waves",
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
    "plan_rollout": "maturity.rollout",
    "PlanOptions": "maturity.rollout",
    "Plan": "maturity.rollout",
    "wave_totals": "maturity.rollout",
    "quarterly_milestones": "maturity.rollout",
    "org_backlog": "maturity.rollout",
    "read_log": "maturity.tracking",
    "write_log_template": "maturity.tracking",
    "evaluate_gates": "maturity.tracking",
    "benefit_shown": "maturity.tracking",
    "track": "maturity.tracking",
    "standard_candidates": "maturity.tracking",
    "Tracking": "maturity.tracking",
    "RolloutLog": "maturity.tracking",
    "RolloutStatus": "maturity.rollout_status",
    "write_plan_files": "maturity.rollout_io",
    "write_msproject": "maturity.msproject",
    "read_msproject": "maturity.msproject",
    "WorkCalendar": "maturity.calendar",
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
    "wave_pairs": "maturity.trends",
    # year over year (mappings, the index bootstrap, the company, last year's outputs)
    "read_mappings": "maturity.mappings",
    "read_question_map": "maturity.mappings",
    "read_line_map": "maturity.mappings",
    "reading_model": "maturity.mappings",
    "apply_question_map": "maturity.mappings",
    "common_questions": "maturity.mappings",
    "restrict_model": "maturity.mappings",
    "apply_line_map": "maturity.mappings",
    "unanswered_practices": "maturity.mappings",
    "index_replicates": "maturity.yoy",
    "delta_intervals": "maturity.yoy",
    "company_change": "maturity.yoy",
    "read_outputs": "maturity.yoy",
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


def __getattr__(name: str) -> object:
    mod = _EXPORTS.get(name)
    if mod is None:
        raise AttributeError(f"module 'maturity' has no attribute {name!r}")
    value = getattr(_importlib.import_module(mod), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public API: the exported names and ``__version__``."""
    return [*__all__, "__version__"]


class _Package(_types.ModuleType):
    """The package's module type: a submodule never replaces the public name it shares.

    Importing a submodule binds it as an attribute of its package (``maturity.reliability``
    the module, imported by :func:`maturity.changes`), which would hide the exported function
    of the same name. Here the export wins: ``maturity.reliability`` is always the function;
    the module is ``from maturity.reliability import ...`` or
    ``importlib.import_module("maturity.reliability")``.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _EXPORTS and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
