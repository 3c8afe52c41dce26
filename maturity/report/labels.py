"""Labels of the report: a key per heading or column, its English text a msgid of the catalogue.

The Chinese (and any other) text lives in the gettext catalogue
``maturity/locale/<lang>/LC_MESSAGES/maturity.po`` (:mod:`maturity.i18n`), the one translation
layer of the package; :func:`label` is a thin wrapper kept for code that looks labels up by key.
A key without a label, or a label without a translation, shows English (or the key itself).

:func:`column_label` is the header of a table column (the report workbook's sheets): the
column's label from :data:`COLUMNS`, :data:`LABELS` or the rollout plan's headers
(:data:`maturity.plan.rollout_io.HEADERS`), translated; a column without one shows a readable
English form of its name.
"""

from __future__ import annotations

from maturity.i18n import N_, Language, _, language
from maturity.plan.rollout_io import HEADERS

__all__ = ["LABELS", "COLUMNS", "Language", "label", "column_label"]

#: English label per key (the msgid looked up in the catalogue). ``LABELS["en"]`` is kept for
#: code written when the labels were two dicts.
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": N_("Process maturity assessment"),
        "client": N_("Client"),
        "period": N_("Assessment period"),
        "date": N_("Date"),
        "model": N_("Model"),
        "waves": N_("Survey waves"),
        "latest_wave": N_("Latest wave"),
        "contents": N_("Contents"),
        "summary": N_("Executive summary"),
        "key_findings": N_("Key findings"),
        "method": N_("Method and scales"),
        "lines": N_("Business lines"),
        "capability": N_("Capability heatmap"),
        "gaps": N_("Gaps and backlog"),
        "backlog": N_("Backlog: practices to fix first"),
        "swot": N_("SWOT"),
        "roadmap": N_("Rollout roadmap"),
        "trends": N_("Trends between waves"),
        "quality": N_("Annex: data quality"),
        "not_provided": N_("Not provided"),
        "business_line": N_("Business line"),
        "process_area": N_("Process area"),
        "maturity_level": N_("Maturity level"),
        "maturity_index": N_("Maturity index"),
        "previous_index": N_("Previous index"),
        "change": N_("Change"),
        "target_ml": N_("Target ML"),
        "level_gap": N_("Level gap"),
        "respondents": N_("Respondents"),
        "capability_level": N_("Capability level"),
        "target": N_("Target"),
        "current": N_("Current"),
        "gap": N_("Gap"),
        "rating": N_("Rating"),
        "score": N_("Score"),
        "level": N_("Level"),
        "name": N_("Name"),
        "practice": N_("Practice"),
        "priority": N_("Priority"),
        "rank": N_("Rank"),
        "reason": N_("Reason"),
        "characterization": N_("Characterization"),
        "effort": N_("Effort (points)"),
        "n_pa_gaps": N_("Areas below target"),
        "n_blocking": N_("Blocking practices"),
        "wave": N_("Wave"),
        "start": N_("Start"),
        "end": N_("End"),
        "phase": N_("Phase"),
        "champions": N_("Champions"),
        "quadrant": N_("Quadrant"),
        "value": N_("Value"),
        "readiness": N_("Readiness"),
        "ife": N_("IFE"),
        "efe": N_("EFE"),
        "ie_cell": N_("IE cell"),
        "posture": N_("Posture"),
        "factor": N_("Factor"),
        "weight": N_("Weight"),
        "interval": N_("95% interval"),
        "p_value": N_("p-value"),
        "test": N_("Test"),
        "effect_size": N_("Effect size"),
        "n": N_("n"),
        "caveat": N_("Caveat"),
        "flag": N_("Flag"),
        "count": N_("Count"),
        "message": N_("Reason"),
        "example": N_("Example"),
        "rejected": N_("Rejected answers"),
        "notes": N_("Accepted conversions (notes)"),
        "reliability": N_("Reliability flags"),
        "disagreement": N_("Practices to discuss in interviews (respondents disagree)"),
        "rankings": N_("Rankings"),
        "line_comparison": N_("Business lines compared"),
        "none": N_("None."),
        "more_rows": N_("more rows in the workbook"),
        "chart": N_("Chart"),
        "scale": N_("Answer scale"),
        "code": N_("Code"),
        "label": N_("Label"),
        "prev_wave": N_("previous wave"),
        "ml_counts": N_("Business lines per maturity level"),
        "at_target": N_("at or above the target maturity level"),
        "below_target": N_("below the target maturity level"),
        "highest": N_("Highest maturity index"),
        "lowest": N_("Lowest maturity index"),
        "significant": N_("Changes with p < 0.05 in the latest wave pair"),
        "flagged": N_("Process-area answer sets with a reliability flag"),
        "n_rejected": N_("Rejected answer rows"),
    },
}


def label(key: str, lang: str | None = None) -> str:
    """The label of ``key`` in ``lang`` (the active language of :mod:`maturity.i18n` when None).

    Examples
    --------
    >>> label("summary", "zh")
    '管理摘要'
    >>> label("no-such-key", "zh")
    'no-such-key'
    """
    text = LABELS["en"].get(key, key)
    with language(lang):
        return _(text)


#: English header per column of the report's tables where :data:`LABELS` has none or has a
#: heading rather than a column's name (``significant``); looked up first by
#: :func:`column_label`.
COLUMNS: dict[str, str] = {
    "target_total": N_("target total"), "current_total": N_("current total"),
    "absolute_gap": N_("absolute gap"), "percent_to_target": N_("percent to target"),
    "progress_to_date": N_("progress to date"), "n_required": N_("Practices with a target"),
    "baseline_wave": N_("Baseline wave"), "baseline_total": N_("Baseline total"),
    "current_score": N_("Current score"), "target_score": N_("Target score"),
    "baseline_score": N_("Baseline score"),
    "previous_wave": N_("Previous wave"), "n_respondents": N_("Respondents"),
    "target_level": N_("Target level"), "current_level": N_("Current level"),
    "target_source": N_("Target set by"), "n_blocking_practices": N_("Blocking practices"),
    "mean": N_("Mean"), "coverage": N_("Coverage"), "n_lines_sharing": N_("Lines sharing it"),
    "swot_weakness": N_("Linked SWOT weaknesses"), "evidence": N_("Evidence"),
    "comment": N_("Comment"), "goal": N_("Goal"), "required_level": N_("Required level"),
    "levels_blocked": N_("Levels blocked"), "swot_weight": N_("SWOT weight"),
    "weighted_score": N_("Weighted score"), "process_areas": N_("Process areas"),
    "tags": N_("Tags"), "n_strengths": N_("Strengths (count)"),
    "n_weaknesses": N_("Weaknesses (count)"), "n_opportunities": N_("Opportunities (count)"),
    "n_threats": N_("Threats (count)"),
    "wave_from": N_("From wave"), "wave_to": N_("To wave"), "comparison": N_("Comparison"),
    "level_from": N_("Level (from)"), "level_to": N_("Level (to)"),
    "index_from": N_("Index (from)"), "index_to": N_("Index (to)"),
    "delta": N_("Index change"), "ci_low": N_("Index change, 95% low"),
    "ci_high": N_("Index change, 95% high"), "score_from": N_("Mean score (from)"),
    "score_to": N_("Mean score (to)"), "score_delta": N_("Mean score change"),
    "score_ci_low": N_("Mean score change, 95% low"),
    "score_ci_high": N_("Mean score change, 95% high"),
    "stayers_from": N_("Stayers' score (from)"), "stayers_to": N_("Stayers' score (to)"),
    "stayers_delta": N_("Stayers' score change"),
    "stayers_ci_low": N_("Stayers' change, 95% low"),
    "stayers_ci_high": N_("Stayers' change, 95% high"), "n_test": N_("n (test)"),
    "statistic": N_("Statistic"), "p_adjusted": N_("p-value (adjusted)"),
    "min_p": N_("Smallest possible p"), "significant": N_("Significant"),
    "effect_size_kind": N_("Effect size measure"), "p_method": N_("p-value method"),
    "n_from": N_("Respondents (from)"), "n_to": N_("Respondents (to)"),
    "n_paired": N_("Respondents in both waves"), "n_leavers": N_("Leavers"),
    "n_newcomers": N_("Newcomers"), "leavers_mean": N_("Leavers' mean"),
    "newcomers_mean": N_("Newcomers' mean"), "rank_change": N_("Rank change"),
    "compared_with": N_("Compared with wave"), "line_a": N_("Business line A"),
    "line_b": N_("Business line B"), "n_a": N_("n (A)"), "n_b": N_("n (B)"),
    "n_items": N_("Items"), "cronbach_alpha": N_("Cronbach's alpha"),
    "alpha_ci_low": N_("Alpha, 95% low"), "alpha_ci_high": N_("Alpha, 95% high"),
    "krippendorff_alpha": N_("Krippendorff's alpha"), "rwg_mean": N_("Mean rwg (agreement)"),
    "std": N_("Standard deviation"), "rwg": N_("rwg (agreement)"),
    "interview": N_("Interview"), "source": N_("Source file"), "sheet": N_("Sheet"),
    "value": N_("Value read"),
    "row": N_("Row"), "column": N_("Column"), "expected": N_("Expected"),
    "respondent": N_("Respondent"), "question": N_("Question"), "n_na": N_("N/A answers"),
    "na_policy": N_("N/A policy"), "n_out_of_scope": N_("Areas out of scope"),
    "out_of_scope_areas": N_("Out-of-scope areas"), "scope_note": N_("Scope note"),
    "status": N_("Status"), "planned_start": N_("Planned start"),
    "planned_end": N_("Planned end"), "actual_start": N_("Actual start"),
    "actual_end": N_("Actual end"), "gate": N_("Gate"), "candidate": N_("Candidate"),
    "share": N_("Share"),
}


def column_label(col: str, lang: str | None = None, *, plan: bool = False) -> str:
    """The header of table column ``col`` in ``lang`` (the active language when None).

    The label comes from :data:`COLUMNS`, then :data:`LABELS`, then the rollout plan's
    :data:`maturity.plan.rollout_io.HEADERS`; ``plan=True`` (the roadmap's tables) asks the
    plan's headers first, so ``wave`` is the rollout wave there. A column without a label
    shows its name with spaces for underscores and a capital first letter.

    Examples
    --------
    >>> column_label("business_line", "zh"), column_label("wave", "zh", plan=True)
    ('业务线', '推广批次')
    >>> column_label("n_things_seen", "zh"), column_label("REQM target")
    ('N things seen', 'REQM target')
    """
    order = (HEADERS, COLUMNS, LABELS["en"]) if plan else (COLUMNS, LABELS["en"], HEADERS)
    text = next((o[col] for o in order if col in o), None)
    if text is None:
        return col.replace("_", " ")[:1].upper() + col.replace("_", " ")[1:]
    with language(lang):
        return _(text)
