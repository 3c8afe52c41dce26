"""Display-time translation of the codes and generated sentences that frames carry in English.

Frames keep English codes (``satisfied``, ``PI``, ``grow and build``...) and the English reasons
written by :mod:`maturity.plan.gap`, :mod:`maturity.plan.roadmap`,
:mod:`maturity.compare.trends` and :mod:`maturity.compare.reliability`; the report shows them
in its language. Codes are looked up in the
catalogue (:mod:`maturity.i18n`); generated sentences are matched part by part against their
templates (a regular expression per template) and the template's translation is filled with the
parts found. A sentence that matches no template is shown as it is (English), never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from maturity.i18n import N_, _, current_language

__all__ = ["display", "translate_reason", "translate_code", "TRANSLATED_COLUMNS"]

#: Characterizations (SCAMPI) shown with their meaning.
_CHARACTERIZATIONS = {
    "FI": N_("FI (fully implemented)"),
    "LI": N_("LI (largely implemented)"),
    "PI": N_("PI (partially implemented)"),
    "NI": N_("NI (not implemented)"),
    "NY": N_("NY (not yet)"),
}
#: Codes shown as translated words (the English code is the msgid).
_CODES = [
    N_("satisfied"), N_("not satisfied"), N_("not rated"), N_("not applicable"),
    N_("grow and build"), N_("hold and maintain"), N_("harvest or divest"),
    N_("quick win"), N_("major project"), N_("fill-in"), N_("thankless task"),
    N_("low consistency"), N_("low agreement"), N_("few respondents"),
    N_("customer pull"), N_("simple work"), N_("the rest"),
    N_("training"), N_("training test"), N_("pilot"), N_("review"),
    N_("checkpoint 1"), N_("checkpoint 2"), N_("checkpoint 3"), N_("checkpoint"),
    N_("stage 1: assessment & SWOT"), N_("stage 2: short-term plan"),
    N_("stage 3: institutionalise"), N_("stage 4: continuous improvement"),
    N_("specific"), N_("generic"), N_("not characterized"),
    # the report workbook's code columns (comparison, test, effect_size_kind, p_method,
    # na_policy, target_source) and the parts of a gap's note
    N_("omnibus"), N_("pairwise"), N_("wilcoxon"), N_("mann_whitney"), N_("rank_biserial"),
    N_("epsilon_squared"), N_("cliffs_delta"), N_("exact"), N_("approx"), N_("permutation"),
    N_("exclude"), N_("zero"), N_("line_process_areas"), N_("process_areas"),
    N_("customer_requirement"), N_("lines"), N_("default_level"),
    N_("current capability not rated"), N_("counted as CL0"), N_("standard"), N_("tailoring"),
    N_("cronbach"),
    N_("krippendorff"), N_("undefined: fewer than two items"),
    N_("undefined: fewer than two respondents answered every item"),
    N_("undefined: no variance"), N_("undefined: no variance (one distinct answer)"),
    N_("undefined: no question answered by two respondents"),
    N_("undefined: the items vary but the respondents' totals do not (variance of the totals 0, "
       "alpha divides by it)"),
]
_SWOT = {"S": N_("S (strength)"), "W": N_("W (weakness)"), "O": N_("O (opportunity)"),
         "T": N_("T (threat)")}

# (pattern, msgid): the msgid's {fields} are the pattern's named groups.
_TEMPLATES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"blocks (?P<span>CL\d(?:-CL\d)?) of (?P<pa>\S+) \(current CL(?P<cur>\d+), "
                r"target CL(?P<tgt>\d+), gap (?P<gap>\d+)\)"),
     N_("blocks {span} of {pa} (current CL{cur}, target CL{tgt}, gap {gap})")),
    (re.compile(r"(?P<ch>FI|LI|PI|NI|NY|not characterized), mean (?P<mean>[\d.]+), "
                r"coverage (?P<cov>\d+%)"),
     N_("{ch}, mean {mean}, coverage {cov}")),
    (re.compile(r"(?P<ch>FI|LI|PI|NI|NY|not characterized), coverage (?P<cov>\d+%)"),
     N_("{ch}, coverage {cov}")),
    (re.compile(r"blocking in (?P<k>\d+) of (?P<n>\d+) lines?"),
     N_("blocking in {k} of {n} lines")),
    (re.compile(r"linked SWOT weakness (?P<w>.+)", re.S), N_("linked SWOT weakness {w}")),
    (re.compile(r"n < (?P<n>\d+): small sample, treat as indicative"),
     N_("n < {n}: small sample, treat as indicative")),
    (re.compile(r"not scored in wave (?P<w>.+)"), N_("not scored in wave {w}")),
    (re.compile(r"Left out: no gap to the target \(maturity level (?P<ml>\d+) meets its target "
                r"(?P<t>\d+) and no process-area gaps\), so there is nothing to roll out\."),
     N_("Left out: no gap to the target (maturity level {ml} meets its target {t} and no "
        "process-area gaps), so there is nothing to roll out.")),
    (re.compile(r"Left out: no gap to the target \(maturity level (?P<ml>\d+) meets its target "
                r"and no process-area gaps\), so there is nothing to roll out\."),
     N_("Left out: no gap to the target (maturity level {ml} meets its target and no "
        "process-area gaps), so there is nothing to roll out.")),
    (re.compile(r"Left out: the line has no row in the gap analysis \(line_gaps\)\."),
     N_("Left out: the line has no row in the gap analysis (line_gaps).")),
    (re.compile(r"Left out: the line was not assessed \(no maturity or gap rows\)\."),
     N_("Left out: the line was not assessed (no maturity or gap rows).")),
    (re.compile(r"Left out: the line has no attributes \(group, headcount, complexity, customer "
                r"strictness\) in the lines table\."),
     N_("Left out: the line has no attributes (group, headcount, complexity, customer "
        "strictness) in the lines table.")),
    (re.compile(r"Left out: the line matches none of the wave rules\."),
     N_("Left out: the line matches none of the wave rules.")),
    (re.compile(r"Wave (?P<w>\d+) \((?P<rule>[^)]+)\): (?P<why>.+); priority (?P<p>[\d.]+) "
                r"\((?P<q>[^)]+)\), with champions from (?P<ch>.+)\.", re.S),
     N_("Wave {w} ({rule}): {why}; priority {p} ({q}), with champions from {ch}.")),
    (re.compile(r"Wave (?P<w>\d+) \((?P<rule>[^)]+)\): (?P<why>.+); priority (?P<p>[\d.]+) "
                r"\((?P<q>[^)]+)\)\.", re.S),
     N_("Wave {w} ({rule}): {why}; priority {p} ({q}).")),
    (re.compile(r"customers demand strict processes \((?P<bits>.+)\)"),
     N_("customers demand strict processes ({bits})")),
    (re.compile(r"customer strictness (?P<s>\d)/3"), N_("customer strictness {s}/3")),
    (re.compile(r"a customer requirement in the SWOT"), N_("a customer requirement in the SWOT")),
    (re.compile(r"none stated"), N_("none stated")),
    (re.compile(r"its work is simple enough \(complexity (?P<c>\d+)/5\) to standardise cheaply"),
     N_("its work is simple enough (complexity {c}/5) to standardise cheaply")),
    (re.compile(r"it is a (?P<q>[^(]+) \(value (?P<v>[\d.]+), effort (?P<e>[\d.]+)\)"),
     N_("it is a {q} (value {v}, effort {e})")),
    # progress to target answers (maturity.plan.progress, the target phases' notes)
    (re.compile(r"no baseline wave"), N_("no baseline wave")),
    (re.compile(r"not assessed in baseline wave (?P<w>.+)"),
     N_("not assessed in baseline wave {w}")),
    (re.compile(r"no practice scored in both waves: progress undefined"),
     N_("no practice scored in both waves: progress undefined")),
    (re.compile(r"baseline already at target: progress undefined"),
     N_("baseline already at target: progress undefined")),
    (re.compile(r"it matches the rule (?P<rule>.+) \((?P<values>[^()]*)\)", re.S),
     N_("it matches the rule {rule} ({values})")),
    (re.compile(r"it follows once earlier waves have shown results"),
     N_("it follows once earlier waves have shown results")),
    # the reasons of maturity.rollout/roadmap (roadmap._reason), when the frame is English
    (re.compile(r"Rollout wave (?P<w>\d+) of (?P<n>\d+) \((?P<rule>[^)]+)\): (?P<why>[^;]+)"),
     N_("Rollout wave {w} of {n} ({rule}): {why}")),
    (re.compile(r"(?P<pos>\d+)(?:st|nd|rd|th) of (?P<k>\d+) in the wave, priority (?P<p>[\d.]+) "
                r"\(value (?P<v>[\d.]+), effort (?P<e>[\d.]+), readiness (?P<rd>[\d.]+)\)"),
     N_("{pos} of {k} in the wave, priority {p} (value {v}, effort {e}, readiness {rd})")),
    (re.compile(r"(?P<pts>[\d.]+) effort points / (?P<ppw>[\d.]+) per coach-week x headcount "
                r"factor (?P<hf>[\d.]+) \((?P<hc>\d+) people\) = (?P<cw>[\d.]+) coach-weeks -> "
                r"pilot (?P<pw>\d+) weeks(?P<more>.*)", re.S),
     N_("{pts} effort points / {ppw} per coach-week x headcount factor {hf} ({hc} people) = "
        "{cw} coach-weeks -> pilot {pw} weeks{more}")),
    (re.compile(r"in (?P<k>\d+) phases \((?P<areas>.+)\)", re.S),
     N_(" in {k} phases ({areas})")),
    (re.compile(r"quadrant (?P<q>[^:]+): (?P<v>value [\d.]+ (?:>=|<) [\d.]+), (?P<e>.+?)"
                r"(?P<more> \(scheduled nevertheless: .+)?", re.S),
     N_("quadrant {q}: {v}, {e}{more}")),
    (re.compile(r"\(scheduled nevertheless: the (?P<rule>.+) rule places it before the deferred "
                r"lines\)"),
     N_(" (scheduled nevertheless: the {rule} rule places it before the deferred lines)")),
    (re.compile(r"value (?P<v>[\d.]+) >= (?P<t>[\d.]+)"), N_("value {v} >= {t}")),
    (re.compile(r"value (?P<v>[\d.]+) < (?P<t>[\d.]+)"), N_("value {v} < {t}")),
    (re.compile(r"high effort \((?P<why>.+)\)"), N_("high effort ({why})")),
    (re.compile(r"low effort \((?P<e>[\d.]+) < (?P<t>[\d.]+), pilot (?P<w>\d+) weeks <= "
                r"(?P<tw>[\d.]+)\)"), N_("low effort ({e} < {t}, pilot {w} weeks <= {tw})")),
    (re.compile(r"effort (?P<e>[\d.]+) >= (?P<t>[\d.]+)"), N_("effort {e} >= {t}")),
    (re.compile(r"pilot (?P<w>\d+) weeks > (?P<t>[\d.]+)"), N_("pilot {w} weeks > {t}")),
    (re.compile(r"complexity (?P<c>\d+)/5"), N_("complexity {c}/5")),
    (re.compile(r"its work is simple \(complexity (?P<c>\d+)/5 <= (?P<m>\d+)\)"),
     N_("its work is simple (complexity {c}/5 <= {m})")),
    (re.compile(r"low value \((?P<v>[\d.]+)\) and high effort: rolled out last, after the lines "
                r"that pay back sooner"),
     N_("low value ({v}) and high effort: rolled out last, after the lines that pay back "
        "sooner")),
    (re.compile(r"starts (?P<day>\d{4}-\d\d-\d\d): (?P<why>.+)", re.S), N_("starts {day}: {why}")),
    (re.compile(r"waits for a free coach \(coach (?P<k>\d+) free on (?P<day>\S+)\)"),
     N_("waits for a free coach (coach {k} free on {day})")),
    (re.compile(r"every line of rollout wave\(s\) (?P<waves>[\d, ]+) (?P<why>.+) \(last: "
                r"(?P<line>.+) on (?P<day>\S+)\)", re.S),
     N_("every line of rollout wave(s) {waves} {why} (last: {line} on {day})")),
    (re.compile(r"champions (?P<c>.+)", re.S), N_("champions {c}")),
    # trends and yoy caveats
    (re.compile(r"composition changed: all respondents (?P<a>[-+][\d.]+), the (?P<n>\d+) who "
                r"answered both waves (?P<s>[-+][\d.]+) \((?P<nl>\d+) left, mean (?P<lm>\S+); "
                r"(?P<nn>\d+) joined, mean (?P<nm>\S+)\)"),
     N_("composition changed: all respondents {a}, the {n} who answered both waves {s} ({nl} "
        "left, mean {lm}; {nn} joined, mean {nm})")),
    (re.compile(r"p < (?P<a>[\d.]+) impossible with (?P<n>\d+) (?P<q>respondents|pairs that "
                r"changed) \(smallest p (?P<p>[\d.e-]+)\): not testable"),
     N_("p < {a} impossible with {n} {q} (smallest p {p}): not testable")),
    (re.compile(r"no respondents in wave (?P<w>.+): no change"),
     N_("no respondents in wave {w}: no change")),
    (re.compile(r"in one wave only, left out of the change: (?P<names>.+)", re.S),
     N_("in one wave only, left out of the change: {names}")),
    # notes of the report workbook (maturity.plan.targets, maturity.compare.cronbach)
    (re.compile(r"ML(?P<m>\d) target -> CL(?P<c>\d) \(target staging\)"),
     N_("ML{m} target -> CL{c} (target staging)")),
    (re.compile(r"(?P<who>cronbach|krippendorff): (?P<why>[^;]+)"), N_("{who}: {why}")),
    (re.compile(r"listwise deletion dropped (?P<k>\d+) of (?P<n>\d+) respondents"),
     N_("listwise deletion dropped {k} of {n} respondents")),
    # krippendorff's note with its own "; " (maturity.compare.krippendorff._PAIRABLE_SAME)
    (re.compile(r"undefined: every pairable answer \(questions answered by two or more "
                r"respondents\) is the same value, so the expected disagreement is 0"),
     N_("undefined: every pairable answer (questions answered by two or more respondents) is "
        "the same value, so the expected disagreement is 0")),
    (re.compile(r"answers given by one respondent only do not count"),
     N_("answers given by one respondent only do not count")),
    # progress to target answers (maturity.plan.progress._total_notes)
    (re.compile(r"progress to date on the (?P<k>\d+) of (?P<n>\d+) practices scored in both "
                r"waves"), N_("progress to date on the {k} of {n} practices scored in both waves")),
    (re.compile(r"(?P<m>\d+) left out \(listed per line\)"), N_("{m} left out (listed per line)")),
    (re.compile(r"(?P<m>\d+) left out: (?P<ids>.+)", re.S), N_("{m} left out: {ids}")),
    (re.compile(r"(?P<k>\d+) not applicable, left out of the totals \(na_policy exclude\)"
                r"(?P<ids>: .+)?", re.S),
     N_("{k} not applicable, left out of the totals (na_policy exclude){ids}")),
]
#: Fields of a template filled by translating them in turn (nested sentences and codes).
_NESTED = {"why", "bits", "rule", "q", "ch", "more", "v", "e", "who"}


def translate_code(value: object) -> str:
    """A code (``satisfied``, ``PI``, ``S``...) in the active language; other text unchanged.

    Examples
    --------
    >>> from maturity.i18n import language
    >>> with language("zh"):
    ...     translate_code("not satisfied"), translate_code("PI"), translate_code("ACME")
    ('未满足', 'PI（部分实施）', 'ACME')
    """
    text = str(value)
    if current_language() == "en":
        return text
    if text in _CHARACTERIZATIONS:
        return _(_CHARACTERIZATIONS[text])
    return _(text)


def _one(part: str) -> str:
    part = part.strip()
    for pattern, msgid in _TEMPLATES:
        m = pattern.fullmatch(part)
        if m is None:
            continue
        fields = {
            k: (_nested(k, v) if k in _NESTED else v) for k, v in m.groupdict("").items()
        }
        return _(msgid).format(**fields)
    return translate_code(part)


def _nested(key: str, value: str) -> str:
    if key == "why" and ", " in value and _one(value) == value:  # "effort x >= y, complexity c/5"
        return _(", ").join(_one(v) for v in value.split(", "))
    if key == "bits":
        return _(" and ").join(_one(b) for b in value.split(" and "))
    if key == "ch" and "," in value:  # champion line ids
        return value
    return _one(value)


def translate_reason(text: object) -> str:
    """A generated sentence (backlog or roadmap reason, caveat, flag) in the active language.

    Parts joined by ``'; '`` are translated one by one; a part that matches no template stays
    as written.

    Examples
    --------
    >>> from maturity.i18n import language
    >>> with language("zh"):
    ...     translate_reason("blocking in 2 of 7 lines; low agreement")
    '在 7 条业务线中的 2 条阻碍；意见不一致'
    """
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    s = str(text)
    if current_language() == "en" or not s:
        return s
    whole = _one(s)
    if whole != s:  # a whole-sentence template (roadmap reason) or a code
        return whole
    end = ""
    if s.endswith(".") and "; " in s:  # a roadmap reason: parts joined by '; ', then '.'
        s, end = s[:-1], _(".")
    return _("; ").join(_one(p) for p in _parts(s)) + end


def _parts(s: str) -> list[str]:
    """``s`` split at ``'; '`` outside brackets and quoted text (a SWOT factor may hold one).

    >>> _parts("a (b; c); d 'e; f' (w=1); g")
    ['a (b; c)', "d 'e; f' (w=1)", 'g']
    """
    out, depth, quote, start = [], 0, False, 0
    for i, ch in enumerate(s):
        if ch == "'" and (quote or i == 0 or not s[i - 1].isalnum()):
            quote = not quote
        elif not quote and ch in "(（[":
            depth += 1
        elif not quote and ch in ")）]":
            depth = max(depth - 1, 0)
        elif ch == ";" and not quote and depth == 0 and s[i + 1:i + 2] == " ":
            out.append(s[start:i])
            start = i + 2
    return [*out, s[start:]]


def _swot(v: object) -> str:
    s = str(v)
    return _(_SWOT[s]) if s in _SWOT else translate_code(s)


#: Columns the report translates at display time, and how.
TRANSLATED_COLUMNS: dict[str, Callable[[object], str]] = {
    "rating": translate_code,
    "characterization": translate_code,
    "posture": translate_code,
    "flag": translate_reason,
    "caveat": translate_reason,
    "reason": translate_reason,
    "phase": translate_code,
    "kind": translate_code,
    "rule": translate_code,
}


def display(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """A copy of ``frame`` with its code and reason columns translated (for showing only).

    ``quadrant`` is a SWOT quadrant (S/W/O/T) or a roadmap quadrant (quick win...); both are
    translated. Nothing is changed in English.

    Examples
    --------
    >>> from maturity.i18n import language
    >>> f = pd.DataFrame({"rating": ["satisfied"], "quadrant": ["S"]})
    >>> with language("zh"):
    ...     display(f).iloc[0].tolist()
    ['满足', 'S（优势）']
    """
    if current_language() == "en" or frame is None:
        return frame
    cols = [c for c in (columns or frame.columns) if c in frame.columns]
    out = frame.copy()
    for c in cols:
        fn = TRANSLATED_COLUMNS.get(c, _swot if c == "quadrant" else None)
        if fn is None:
            continue
        memo: dict[str, str] = {}  # each distinct text once (a workbook writes every row)
        out[c] = [(memo[v] if v in memo else memo.setdefault(v, fn(v)))
                  if isinstance(v, str) and v else v for v in out[c]]
    return out
