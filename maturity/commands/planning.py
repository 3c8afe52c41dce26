"""The planning options ``maturity roadmap`` and ``maturity report`` share, and the rollout log.

``add_plan_arguments(parser)`` adds every field of :class:`maturity.plan.rollout.PlanOptions` as a
flag and :func:`plan_options` turns the parsed flags back into one; ``add_log_arguments`` adds
``--log LOG [--as-of DATE]`` (issue 22). Not a command: :data:`maturity.cli.COMMANDS` does not
list it.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from maturity.exceptions import ValidationError

if TYPE_CHECKING:
    from maturity.plan.rollout import PlanOptions

__all__ = ["add_plan_arguments", "plan_options", "add_log_arguments", "parse_start"]


def _pairs(text: str, flag: str) -> dict[str, float]:
    """``"a=1,b=2.5"`` -> ``{"a": 1.0, "b": 2.5}`` (located error otherwise)."""
    out: dict[str, float] = {}
    for part in [x for x in text.split(",") if x.strip()]:
        k, sep, v = part.partition("=")
        try:
            if not sep:
                raise ValueError
            out[k.strip()] = float(v)
        except ValueError:
            raise ValidationError(f"{flag} {text!r}: {part.strip()!r} is not name=number; "
                                  f"expected e.g. {flag} value=2,effort=1") from None
    return out


def add_plan_arguments(p: argparse.ArgumentParser) -> None:
    """Add every planning option (the fields of :class:`maturity.plan.rollout.PlanOptions`)."""
    g = p.add_argument_group("planning options")
    g.add_argument("--capacity", type=int, default=2, metavar="N",
                   help="coaches: lines coached at once (default 2)")
    g.add_argument("--start", metavar="DATE",
                   help="first day of the plan after the assessment: 2026-04-06, 2026/4/6 or "
                   "2026年4月6日 (default: the first working day after the latest survey wave)")
    g.add_argument("--weights", metavar="K=V,...",
                   help="score weights, e.g. customer_pull=3,size=1 (names: value, effort, "
                   "readiness, customer_pull, size, gap, backlog, complexity, maturity, "
                   "strengths)")
    g.add_argument("--ahp", metavar="FILE",
                   help="AHP workbook (sheets priority, value, effort, readiness); its "
                   "priorities replace the weights of each group it has a sheet for")
    g.add_argument("--ahp-template", metavar="FILE",
                   help="write an AHP workbook to fill in and exit")
    g.add_argument("--force-ahp", action="store_true",
                   help="use AHP tables whose consistency ratio is above Saaty's threshold")
    g.add_argument("--min-strictness", type=int, default=2, metavar="N",
                   help="customer-pull wave: customer_strictness >= N (default 2)")
    g.add_argument("--max-complexity", type=int, default=2, metavar="N",
                   help="simple-work wave: complexity <= N (default 2)")
    g.add_argument("--wave-rules", metavar="RULES",
                   help="the ordered wave rules, separated by ';': built-in names (customer "
                   "pull, simple work, the rest, deferred), quadrants (quick win, ...) or "
                   "conditions on the lines' columns, e.g. \"customer pull; group = FS; simple "
                   "work; the rest; deferred\" (default: customer pull; simple work; the rest; "
                   "deferred)")
    g.add_argument("--quadrant", metavar="K=V,...",
                   help="quadrant thresholds, e.g. value=0.5,effort=0.5,pilot_weeks=13,"
                   "complexity=5")
    g.add_argument("--scale", metavar="K=V,...",
                   help="sizing constants, e.g. points_per_coach_week=8,max_pilot_weeks=26,"
                   "trainees_per_week=60 (see maturity.plan.sizing)")
    g.add_argument("--pass-rate", type=float, default=0.8, metavar="F",
                   help="training-test gate before the pilot (default 0.8)")
    g.add_argument("--codesign-weeks", type=int, default=1, metavar="N",
                   help="weeks of the co-design phase before training: the line director and "
                   "core project managers design the line's process with the PMO (default 1; "
                   "0 leaves it out)")
    g.add_argument("--wave-gate", choices=["benefit", "review", "pilot", "none"],
                   default="benefit",
                   help="when a later rollout wave may start (default benefit: every earlier "
                   "line showed benefit at its first checkpoint)")
    g.add_argument("--champions", type=int, default=1, metavar="N",
                   help="champions per line (default 1)")
    g.add_argument("--champions-per-source", type=int, default=2, metavar="N",
                   help="receiving lines one source line supports at a time (default 2)")
    g.add_argument("--checkpoint-weeks", type=int, metavar="N",
                   help="one pilot checkpoint every N weeks (default 6)")
    g.add_argument("--holidays", metavar="FILE",
                   help="non-working days: CSV/xlsx with a date column, or one date a line")
    g.add_argument("--country", default="CN", metavar="CODE",
                   help="public-holiday calendar, ISO code (default CN; 'none' for none)")
    g.add_argument("--sensitivity", action="store_true",
                   help="add the sensitivity tables (weights, cut-offs, thresholds, "
                   "attributes) to roadmap.xlsx")


def plan_options(args: argparse.Namespace) -> PlanOptions:
    """:class:`maturity.plan.rollout.PlanOptions` from the parsed planning flags."""
    from maturity.plan.rollout import PlanOptions

    start = parse_start(args)  # 2026-04-06, 2026/4/6, 2026年4月6日 (maturity.waves.parse_day)
    return PlanOptions(
        weights=_pairs(args.weights, "--weights") if args.weights else None,
        ahp=args.ahp, force_ahp=args.force_ahp, min_strictness=args.min_strictness,
        max_complexity=args.max_complexity, wave_rules=getattr(args, "wave_rules", None),
        thresholds=_pairs(args.quadrant, "--quadrant") if args.quadrant else None,
        scale=_pairs(args.scale, "--scale") if args.scale else None,
        checkpoint_weeks=args.checkpoint_weeks, capacity=args.capacity, start=start,
        wave_gate=args.wave_gate, pass_rate=args.pass_rate,
        codesign_weeks=getattr(args, "codesign_weeks", 1), n_champions=args.champions,
        champions_per_source=args.champions_per_source,
        country=None if str(args.country).lower() == "none" else args.country,
        holidays=args.holidays, sensitivity=args.sensitivity)


def add_log_arguments(p: argparse.ArgumentParser) -> None:
    """``--log LOG [--as-of DATE]``: the rollout log (issue 22), shared with ``report``."""
    g = p.add_argument_group("rollout log (what happened)")
    g.add_argument("--log", metavar="LOG",
                   help="rollout log (CSV/xlsx; template: maturity template --log): adds the "
                   "status, gates.csv, standard.csv and gantt_status.png; survey waves that "
                   "start after the log's first event are re-assessments, not the baseline")
    g.add_argument("--as-of", metavar="DATE",
                   help="day of the status (default: the log's last event)")


def parse_start(args: argparse.Namespace) -> Any:
    """``--start`` as a day (the forms of :func:`maturity.waves.parse_day`), or None."""
    from maturity.waves import parse_day

    if not getattr(args, "start", None):
        return None
    try:
        return parse_day(args.start, "--start")
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
