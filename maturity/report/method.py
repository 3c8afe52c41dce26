"""The "Method and scales" section: how the scores were made, in plain words.

The thresholds, the answer scale, the SCAMPI aggregation rows and the priority weights are read
from the model and the modules that use them, so the text always states the numbers in force.
"""

from __future__ import annotations

import re
from string import Template

import pandas as pd

from maturity.i18n import N_, _
from maturity.plan.gap import PRIORITY_WEIGHTS
from maturity.report.context import ReportContext
from maturity.report.markup import esc, fmt_num, table
from maturity.scoring.score import SCAMPI_RULES

__all__ = ["method"]

_RULES = {
    "staged": N_("staged (CMMI): process areas are rated on their goals and the maturity level "
                 "is the highest level whose process areas are all satisfied."),
    "cumulative": N_("cumulative (C2M2-style): a level is reached when every practice of it and "
                     "of the levels below is largely or fully implemented."),
    "additive": N_("additive (SAMM-style): each practice adds its answer value; area scores are "
                   "sums of activity values."),
}

_INTRO = N_("""<p>Each respondent answered questions about practices on the scale below. This model
uses the <b>$rule</b></p>""")

_PRACTICES = N_("""<h3>From answers to practices</h3><p>For every business line, a practice's score
is the mean over its respondents. The mean is then <b>characterized</b>: fully implemented (FI)
when it is at least $fi, largely implemented (LI) from $li, partially implemented (PI) from $pi,
and not implemented (NI) below. 'Not applicable' answers leave the average; 'not yet' answers
are never averaged.</p><p>Where answers are characterizations per project (SCAMPI A v1.3
method), each project is characterized first and the projects are combined into the business
line's characterization with these rules; where the method leaves the choice to the appraisal
team, this report takes the conservative outcome unless told otherwise:</p>""")

_LEVELS = N_("""<h3>From practices to levels</h3><p>A <b>goal</b> is satisfied when all its practices
are LI or FI. A <b>process area</b> is satisfied when its specific goals and the generic goals of
its level are satisfied. Its <b>capability level</b> (0-3) counts the goal groups reached in
order: specific goals (1), GG2 institutionalised as managed (2), GG3 as defined (3). The
<b>maturity level</b> (1-5) is the highest level L at which every process area of level L and
below is satisfied; a process area that could not be rated blocks the level.</p><p>The
<b>maturity index</b> adds to the level the share of the next level already in place: each
practice the next level requires earns 1 when LI or FI, otherwise how far its mean has come
from the scale's lowest answer toward the LI threshold (at most 0.99). So 2.60 means: level 2
reached, about 60% of what level 3 requires is in place.</p>""")  # noqa: E501 (a msgid)

_GAPS = N_("""<h3>Gaps and priorities</h3><p>The target profile gives each line a target capability
level per process area (a maturity target is turned into capability targets the way the staged
representation rates maturity). Gap = target − current, never below 0. The practices that hold
a process area below its target form the backlog, ranked by a priority in [0, 1]: $depth ×
levels blocked + $shared × share of lines with the same blocking practice + $swot × weight of
linked SWOT weaknesses + $coverage × (1 − coverage).</p>""")

_UNCERTAINTY = N_("""<h3>Uncertainty</h3><p>Changes between waves compare the respondents' mean
scores with a rank test (Wilcoxon signed-rank for respondents who answered both waves,
Mann-Whitney otherwise) and a 95% interval of the score change. With fewer than 5 respondents
per line a test has little power and one respondent moves the mean: such results are marked as
indicative. Many lines are tested at once, so about 1 in 20 changes may look significant at
p &lt; 0.05 by chance alone.</p>""")


def _text(template: str, **values: object) -> str:
    """Fill ``$names`` (values escaped) and join the template's lines into flowing text."""
    filled = Template(_(template)).substitute({k: esc(v) for k, v in values.items()})
    return re.sub(r"\s*\n\s*", " ", filled)


def method(ctx: ReportContext) -> str:
    """The method section (``id="method"``)."""
    m = ctx.model
    th = m.thresholds
    parts = [_text(_INTRO, rule=_(_RULES.get(m.scoring, m.scoring)))]
    scale = m.scales.get(m.default_scale)
    if scale is not None:
        opts = scale.options
        lab = "label_zh" if ctx.language == "zh" and "label_zh" in opts.columns else "label"
        cols = [
            ("code", ctx.t("code"), None),
            (lab, ctx.t("label"), None),
            ("value", ctx.t("value"), fmt_num),
        ]
        parts.append(table(opts, cols, ctx=ctx))
    fi, li, pi = (f"{th.get(k, d):g}" for k, d in (("FI", 3.5), ("LI", 2.5), ("PI", 1.0)))
    parts.append(_text(_PRACTICES, fi=fi, li=li, pi=pi))
    rules = pd.DataFrame(
        [(k, v[0], v[1]) for k, v in SCAMPI_RULES.items()],
        columns=["rule", "conservative", "optimistic"],
    )
    parts.append(
        table(
            rules,
            [
                ("rule", _("instantiations"), None),
                ("conservative", _("conservative"), None),
                ("optimistic", _("optimistic"), None),
            ],
            ctx=ctx,
        )
    )
    parts.append(_text(_LEVELS))
    if ctx.gaps is not None:
        parts.append(_text(_GAPS, **{k: f"{v:g}" for k, v in PRIORITY_WEIGHTS.items()}))
    parts.append(_text(_UNCERTAINTY))
    return f'<section id="method"><h2>{esc(ctx.t("method"))}</h2>{"".join(parts)}</section>'
