"""The frames the compare stage takes: required columns, ids as text, waves and wave pairs.

Waves are string labels that sort in time order (e.g. ``2025-03``; labels that name no date are
ordered by the answers' dates, :func:`maturity.waves.order_waves`). :func:`wave_pairs` gives the
pairs :func:`maturity.compare.changes.changes` compares: consecutive waves, and a baseline
against each other wave.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import pandas as pd

from maturity.exceptions import InputError
from maturity.waves import WaveOrderError, order_waves

__all__ = [
    "wave_pairs",
    "chosen_pairs",
    "ordered_waves",
    "wave_dates",
    "check_wave_labels",
    "check_test",
    "object_ids",
    "require_columns",
    "CONTRACT",
    "RESPONSES",
]


def wave_pairs(
    *found: pd.Series,
    waves: Sequence[str] | None = None,
    baseline: str | None = None,
    dates: pd.DataFrame | None = None,
) -> list[tuple[str, str, str]]:
    """The wave pairs :func:`changes` compares: ``(wave_from, wave_to, comparison)``.

    Parameters
    ----------
    *found : pandas.Series
        Wave columns of the data (the waves that exist).
    waves, baseline : optional
        As in :func:`changes`.
    dates : DataFrame, optional
        ``wave, date`` of the answers, for labels that name no date.

    Examples
    --------
    >>> for pair in wave_pairs(pd.Series(["2026-03", "2025-03", "2025-09"]), baseline="2025-03"):
    ...     print(pair)
    ('2025-03', '2025-09', 'baseline, consecutive')
    ('2025-03', '2026-03', 'baseline')
    ('2025-09', '2026-03', 'consecutive')
    """
    return chosen_pairs(waves, *found, baseline=baseline, dates=dates)


def chosen_pairs(
    waves: Sequence[str] | None,
    *found: pd.Series,
    baseline: str | None = None,
    dates: pd.DataFrame | None = None,
) -> list[tuple[str, str, str]]:
    """``(wave_from, wave_to, comparison)``: consecutive pairs of the chosen waves in time
    order, and the baseline against each other wave (earlier wave first)."""
    present = sorted(set().union(*[set(map(str, f.dropna().unique())) for f in found]))
    if waves is None:
        chosen = present
    else:
        chosen = [waves] if isinstance(waves, str) else [str(w) for w in waves]
        unknown = [w for w in chosen if w not in present]
        if len(chosen) < (1 if baseline is not None else 2) or unknown:
            raise InputError(
                "waves: give at least two waves that exist in the data; got "
                f"{chosen!r}{' (unknown: ' + ', '.join(unknown) + ')' if unknown else ''}; "
                f"found {', '.join(present) or 'none'}"
            )
    if baseline is not None:
        if str(baseline) not in present:
            raise InputError(
                f"baseline: wave {baseline!r} is not in the data; found {', '.join(present)}"
            )
        chosen = [*chosen, str(baseline)]
    ordered = ordered_waves(list(dict.fromkeys(chosen)), dates)
    pairs: dict[tuple[str, str], str] = {
        (a, b): "consecutive" for a, b in zip(ordered[:-1], ordered[1:], strict=True)
    }
    if baseline is not None:
        at = ordered.index(str(baseline))
        for i, w in enumerate(ordered):
            if i == at:
                continue
            key = (str(baseline), w) if at < i else (w, str(baseline))
            pairs[key] = "baseline, consecutive" if key in pairs else "baseline"
    rank = {w: i for i, w in enumerate(ordered)}
    return [(a, b, k) for (a, b), k in
            sorted(pairs.items(), key=lambda x: (rank[x[0][1]], rank[x[0][0]]))]


def ordered_waves(labels: Sequence[str], dates: pd.DataFrame | None = None) -> list[str]:
    """Wave labels in time order (:func:`maturity.waves.order_waves`; the answers' dates only
    when the labels name no date)."""
    try:
        return order_waves(labels)
    except WaveOrderError:
        if dates is None:
            raise
        return order_waves(labels, dates)


def wave_dates(responses: pd.DataFrame) -> pd.DataFrame | None:
    """The distinct ``wave, date`` pairs of the answers (to order waves whose labels name no
    date), or None."""
    if not {"wave", "date"} <= set(responses.columns):
        return None
    return responses[["wave", "date"]].drop_duplicates()


def check_wave_labels(frame: pd.DataFrame, where: str) -> None:
    """Wave labels must be text (a ``read_csv`` without ``dtype`` turns ``2025`` into an int)."""
    bad = [w for w in frame["wave"].dropna().unique() if not isinstance(w, str)]
    if bad:
        raise InputError(
            f"changes: the {where} frame's wave column holds non-text labels "
            f"({', '.join(map(repr, bad[:5]))}); read the file with dtype={{'wave': str}} "
            "(maturity.compare.yoy.read_outputs does) so a wave stays a label"
        )


def check_test(test: str) -> None:
    allowed = ("auto", "paired", "unpaired", "permutation")
    if test not in allowed:
        raise InputError(f"changes: unknown test {test!r}; expected one of {', '.join(allowed)}")


def object_ids(frame: pd.DataFrame, cols: Sequence[str]) -> pd.DataFrame:
    """A copy of ``frame`` with categorical id columns as Python strings (small frames), in
    their categories' dtype (``object``; pandas 3's ``str``), as the plain columns are."""
    conv = {c: frame[c].cat.categories.dtype for c in cols
            if isinstance(frame[c].dtype, pd.CategoricalDtype)}
    return frame.astype(conv) if conv else frame.copy()


#: The advice closing a missing-column error: pass the contract frames ...
CONTRACT = "Pass the contract frames of maturity.ingest.responses / maturity.scoring.score."
#: ... or the tidy responses frame (the reliability family names its columns by keyword).
RESPONSES = ("Pass the tidy `responses` frame of maturity.ingest.responses.read_responses or "
             "name the columns with the keyword arguments.")


def require_columns(
    frame: pd.DataFrame, cols: Sequence[Hashable], where: str, advice: str = CONTRACT
) -> None:
    """Raise :class:`~maturity.exceptions.InputError` naming the columns ``frame`` lacks, the
    columns it has and ``advice``."""
    missing = [str(c) for c in cols if c not in frame.columns]
    if missing:
        raise InputError(
            f"{where}: the frame lacks column(s) {', '.join(missing)}; found "
            f"{', '.join(map(str, frame.columns))}. {advice}"
        )
