"""maturity: process maturity assessment for PMOs and consultants.

Score CMMI-style surveys per business line, quantify a SWOT of each line, analyse gaps against a
target profile, plan a phased rollout, compare lines and waves over time, and write a report.

The public names are re-exported here and imported lazily, so ``import maturity`` stays fast.
``dir(maturity)`` lists them. The code lives in stage subpackages (``model``, ``ingest``,
``scoring``, ``plan``, ``compare``, ``report``, ``plots``; see docs/ARCHITECTURE.md):

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
    "Model": "maturity.model.load",
    "Scale": "maturity.model.load",
    "load_model": "maturity.model.load",
    "list_models": "maturity.model.load",
    # ingest
    "Responses": "maturity.ingest.responses",
    "read_responses": "maturity.ingest.responses",
    "write_template": "maturity.ingest.workbook",
    "fill_template": "maturity.ingest.workbook",
    "Export": "maturity.ingest.surveys",
    "read_export": "maturity.ingest.surveys",
    "questionnaire": "maturity.ingest.surveys",
    "normalise_id": "maturity.ids",
    "order_waves": "maturity.waves",
    # scoring
    "Scores": "maturity.scoring.score",
    "score": "maturity.scoring.score",
    "aggregate_characterizations": "maturity.scoring.score",
    "characterize": "maturity.scoring.score",
    "read_scope": "maturity.scoring.scope",
    # swot
    "read_swot": "maturity.plan.swot_read",
    "swot_summary": "maturity.plan.swot",
    "posture": "maturity.plan.swot",
    "weaknesses_by_process_area": "maturity.plan.swot",
    "tows": "maturity.plan.swot",
    "ie_cell": "maturity.plan.swot",
    "write_swot_template": "maturity.plan.swot",
    # gap
    "read_targets": "maturity.plan.targets_read",
    "target_profile": "maturity.plan.targets",
    "targets_from_swot": "maturity.plan.targets",
    "Targets": "maturity.plan.targets",
    "Gaps": "maturity.plan.gap",
    "gap_analysis": "maturity.plan.gap",
    "phase_progress": "maturity.plan.phase_progress",
    # roadmap
    "plan_roadmap": "maturity.plan.roadmap",
    "read_lines": "maturity.plan.roadmap_lines",
    "Roadmap": "maturity.plan.roadmap_plan",
    "sensitivity": "maturity.plan.sensitivity",
    "write_roadmap": "maturity.plan.rollout_io",
    "ahp_weights": "maturity.plan.ahp",
    "plan_rollout": "maturity.plan.rollout",
    "PlanOptions": "maturity.plan.rollout",
    "Plan": "maturity.plan.rollout",
    "wave_totals": "maturity.plan.rollout",
    "quarterly_milestones": "maturity.plan.rollout",
    "org_backlog": "maturity.plan.rollout",
    "read_log": "maturity.plan.tracking_log",
    "write_log_template": "maturity.plan.tracking_log",
    "evaluate_gates": "maturity.plan.tracking_gates",
    "benefit_shown": "maturity.plan.tracking_gates",
    "track": "maturity.plan.tracking",
    "standard_candidates": "maturity.plan.tracking",
    "Tracking": "maturity.plan.tracking",
    "RolloutLog": "maturity.plan.tracking_log",
    "RolloutStatus": "maturity.plan.rollout_status",
    "write_plan_files": "maturity.plan.rollout_io",
    "write_msproject": "maturity.plan.msproject",
    "read_msproject": "maturity.plan.msproject",
    "WorkCalendar": "maturity.plan.calendar",
    # trends and reliability
    "changes": "maturity.compare.trends",
    "line_comparison": "maturity.compare.trends",
    "rankings": "maturity.compare.trends",
    "pa_changes": "maturity.compare.trends",
    "respondent_scores": "maturity.compare.trends",
    "rwg": "maturity.compare.reliability",
    "t_interval": "maturity.compare.stats",
    "wilson_interval": "maturity.compare.stats",
    "paired_test": "maturity.compare.stats",
    "unpaired_test": "maturity.compare.stats",
    "kruskal_dunn": "maturity.compare.stats",
    "reliability": "maturity.compare.reliability",
    "disagreement": "maturity.compare.reliability",
    "cronbach_alpha": "maturity.compare.reliability",
    "krippendorff_alpha": "maturity.compare.reliability",
    "wave_pairs": "maturity.compare.trends",
    # year over year (mappings, the index bootstrap, the company, last year's outputs)
    "read_mappings": "maturity.compare.mappings",
    "read_question_map": "maturity.compare.mappings",
    "read_line_map": "maturity.compare.mappings",
    "reading_model": "maturity.compare.mappings",
    "apply_question_map": "maturity.compare.mappings",
    "common_questions": "maturity.compare.mappings",
    "restrict_model": "maturity.compare.mappings",
    "apply_line_map": "maturity.compare.mappings",
    "unanswered_practices": "maturity.compare.mappings",
    "index_replicates": "maturity.compare.yoy",
    "delta_intervals": "maturity.compare.yoy",
    "company_change": "maturity.compare.yoy",
    "read_outputs": "maturity.compare.yoy",
    # progress and roll-up
    "progress_to_target": "maturity.plan.progress",
    "roll_up": "maturity.plan.rollup",
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

    Importing a submodule binds it as an attribute of its package, which would hide an exported
    function of the same name (before the stage subpackages, ``maturity.reliability`` the module
    hid :func:`maturity.reliability` the function). Here the export always wins.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _EXPORTS and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
