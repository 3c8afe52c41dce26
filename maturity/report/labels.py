"""Labels of the report: a key per heading or column, its English text a msgid of the catalogue.

The Chinese (and any other) text lives in the gettext catalogue
``maturity/locale/<lang>/LC_MESSAGES/maturity.po`` (:mod:`maturity.i18n`), the one translation
layer of the package; :func:`label` is a thin wrapper kept for code that looks labels up by key.
A key without a label, or a label without a translation, shows English (or the key itself).
"""

from __future__ import annotations

from maturity.i18n import N_, Language, _, language

__all__ = ["LABELS", "Language", "label"]

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
