"""SCAMPI A v1.3 aggregation: from instantiations to the business line.

Source: SCAMPI A Method Definition Document v1.3 (CMU/SEI-2011-HB-001), activity 2.4.2
"Characterize implementation of model practices": each instantiation (``project`` when the
answers carry one, otherwise the respondent) is characterized first, then the instantiations
are aggregated to the organisational unit (here the business line):

====================================================  ==================================
instantiations                                         business line
====================================================  ==================================
all FI or NY, at least one FI                          FI
all LI, FI or NY, at least one LI                      LI
at least one LI or FI and at least one PI or NI        LI or PI (team judgement)
all PI, NI or NY, at least one PI                      PI or NI (team judgement)
all NI or NY, at least one NI                          NI
all NY                                                 NY
====================================================  ==================================

When no instantiation is NI in the "all PI, NI or NY" row (all PI, or PI and NY), the team has
nothing to weigh and the outcome is PI (rule ``all PI or NY``). Several respondents answering
for one instantiation are combined by their lower median characterization (a consensus, not a
second round of team judgement); NY only when all said NY. Where the method leaves the choice
to the team, ``judgement="conservative"`` takes the lower outcome and ``"optimistic"`` the
higher.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from maturity.scoring.characterize import characterize

__all__ = ["SCAMPI_RULES", "aggregate_characterizations", "instantiation_characterizations",
           "line_characterizations"]

_RANK = {"FI": 3, "LI": 2, "PI": 1, "NI": 0}
_FROM_RANK = {3: "FI", 2: "LI", 1: "PI", 0: "NI"}

#: The SCAMPI aggregation rows as (rule name, conservative outcome, optimistic outcome).
SCAMPI_RULES = {
    "all NY": ("NY", "NY"),
    "all FI or NY": ("FI", "FI"),
    "all LI, FI or NY": ("LI", "LI"),
    "mixed LI/FI with PI/NI": ("PI", "LI"),
    "all PI, NI or NY": ("NI", "PI"),
    "all NI or NY": ("NI", "NI"),
    "all PI or NY": ("PI", "PI"),
}


def aggregate_characterizations(
    counts: pd.DataFrame, judgement: Literal["conservative", "optimistic"] = "conservative"
) -> pd.DataFrame:
    """Aggregate instantiation characterizations to the organisational unit (SCAMPI A v1.3).

    Parameters
    ----------
    counts : pandas.DataFrame
        One row per practice (any index) with integer columns ``FI, LI, PI, NI, NY``: how many
        instantiations (projects or respondents) were characterized so.
    judgement : {"conservative", "optimistic"}
        Outcome where the method leaves the choice to the appraisal team.

    Returns
    -------
    pandas.DataFrame
        Same index, columns ``characterization, aggregation_rule, judgement`` (bool: a team
        choice was made). Rows with no instantiation at all get ``""``.

    Examples
    --------
    >>> c = pd.DataFrame({"FI": [2, 1, 0], "LI": [0, 1, 0], "PI": [0, 1, 1],
    ...                   "NI": [0, 0, 1], "NY": [1, 0, 0]})
    >>> aggregate_characterizations(c)
      characterization        aggregation_rule  judgement
    0               FI            all FI or NY      False
    1               PI  mixed LI/FI with PI/NI       True
    2               NI       all PI, NI or NY       True
    """
    if judgement not in ("conservative", "optimistic"):
        raise ValueError(f"judgement must be 'conservative' or 'optimistic', got {judgement!r}")
    c = counts.reindex(columns=["FI", "LI", "PI", "NI", "NY"], fill_value=0).fillna(0)
    fi, li, pi, ni, ny = (c[k].to_numpy() for k in ["FI", "LI", "PI", "NI", "NY"])
    total = fi + li + pi + ni + ny
    conds = [  # the rows of the table, in the order of SCAMPI_RULES
        total == 0,
        (ny == total),
        (fi > 0) & (li + pi + ni == 0),
        (li > 0) & (pi + ni == 0),
        (fi + li > 0) & (pi + ni > 0),
        (pi > 0) & (fi + li == 0) & (ni > 0),
        (ni > 0) & (fi + li + pi == 0),
        (pi > 0) & (fi + li + ni == 0),
    ]
    rules = [""] + list(SCAMPI_RULES)
    pick = 0 if judgement == "conservative" else 1
    outcomes = [""] + [v[pick] for v in SCAMPI_RULES.values()]
    rule = np.select(conds, rules, default="")
    char = np.select(conds, outcomes, default="")
    judged = np.isin(rule, ["mixed LI/FI with PI/NI", "all PI, NI or NY"])
    return pd.DataFrame({"characterization": char, "aggregation_rule": rule, "judgement": judged},
                        index=counts.index)


def instantiation_characterizations(answers: pd.DataFrame, answer: tuple[np.ndarray, np.ndarray],
                                    thresholds: dict[str, np.ndarray]) -> pd.Series:
    """Characterization of each (practice key ``pk``, instantiation ``inst``).

    ``answers``: one row per answer with ``pk, inst, value, na, ny, is_char`` (value NaN when
    not scored); ``answer``: each answer's code and the distinct answer texts;
    ``thresholds``: per practice key. Numeric answers: the
    instantiation's mean against the thresholds; characterization answers: the lower median of
    its respondents' characterizations, NY when all said NY.
    """
    sub = answers.loc[(answers["value"].notna() | answers["ny"])]
    num = sub.loc[~sub["is_char"]].groupby(["pk", "inst"], sort=False)["value"].mean()
    at = num.index.get_level_values("pk").to_numpy()  # the practice key of each mean
    chars = pd.Series(characterize(num.to_numpy(), {k: v[at] for k, v in thresholds.items()}),
                      index=num.index)
    ch = sub.loc[sub["is_char"]]
    if len(ch):
        codes, texts = answer
        rank_of = pd.Series(texts, dtype=object).map(_RANK).to_numpy(dtype=float)
        rank = pd.Series(np.where(ch["na"].to_numpy(), np.nan, rank_of[codes[ch.index.to_numpy()]]),
                         index=ch.index)
        med = rank.groupby([ch["pk"], ch["inst"]], sort=False).quantile(0.5, interpolation="lower")
        chars = pd.concat([chars, med.map(_FROM_RANK).fillna("NY")])
    return chars


def line_characterizations(inst_chars: pd.Series, judgement: str) -> pd.DataFrame:
    """The SCAMPI table applied to each practice key's instantiation characterizations:
    ``characterization, aggregation_rule, judgement, n_instantiations`` per ``pk``."""
    ic_ = inst_chars.rename("c").reset_index()
    line_counts = ic_.groupby(["pk", "c"], sort=False).size().unstack(fill_value=0)
    agg = aggregate_characterizations(line_counts, judgement)  # type: ignore[arg-type]
    agg["n_instantiations"] = line_counts.sum(axis=1)
    return agg
