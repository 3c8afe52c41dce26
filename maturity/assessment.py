"""One assessment: model + answers + targets + SWOT + lines -> every result, each computed once.

:class:`Assessment` is the pipeline the CLI commands, the report and the notebooks share:
read -> (question and line maps) -> score -> targets raised by the SWOT -> gaps -> rollout plan
-> rollout status, and the comparisons over waves and the reliability of the answers. Each
result is a property computed on first use and kept, so a command asks only for what it writes
and nothing is computed twice. It holds no rule of its own: every step is a call to the public
function named in its docstring.

:func:`maturity.deliverable.build_report` writes the report of an assessment from the answer
files.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Any, Literal, TypeVar, Union, cast

import pandas as pd

from maturity.compare.mappings import (
    apply_line_map,
    apply_question_map,
    common_questions,
    read_mappings,
    reading_model,
    restrict_model,
)
from maturity.compare.reliability import disagreement, reliability
from maturity.compare.trends import (
    changes,
    line_comparison,
    pa_changes,
    rankings,
    respondent_scores,
    wave_pairs,
)
from maturity.compare.yoy import (
    company_change,
    index_replicates,
    join_outputs,
    no_test_caveat,
    read_outputs,
)
from maturity.ingest.responses import Responses, read_responses
from maturity.model.load import Model, load_model
from maturity.plan.gap import Gaps, Targets, gap_analysis, read_targets, targets_from_swot
from maturity.plan.roadmap import read_lines
from maturity.plan.rollout import Plan, PlanOptions, plan_rollout
from maturity.plan.rollout_status import RolloutStatus, baseline_answers, rollout_status
from maturity.plan.swot import read_swot, swot_summary
from maturity.plan.tracking import RolloutLog, read_log
from maturity.scoring.score import Scores, score

__all__ = ["Assessment"]

#: A path to a file or folder.
PathLike = Union[str, "os.PathLike[str]"]
_T = TypeVar("_T")


class Assessment:
    """A process maturity assessment: its inputs and every result, computed lazily and once.

    Parameters
    ----------
    model : Model, str or path
        The model (:func:`maturity.load_model` reads an id or a YAML path).
    responses : Responses, pandas.DataFrame, str, path or callable
        The answers: a :func:`maturity.read_responses` result, an already validated
        ``responses`` frame, what :func:`maturity.read_responses` reads (a file or folder;
        ``read_options`` are passed to it), or a function of the model that reads them (the
        CLI's reader, with its filters and messages), called on first use.
    targets : Targets, path or mapping, optional
        Target profile (:func:`maturity.read_targets`): gaps, backlog, roadmap.
    swot : path or pandas.DataFrame, optional
        SWOT factors (:func:`maturity.read_swot`, checked against the model): customer
        requirements raise the line targets, weaknesses rank the backlog.
    lines : path or pandas.DataFrame, optional
        Business-line attributes (:func:`maturity.plan.roadmap.read_lines`): the roadmap, the
        report's names and the groups of the company figures.
    scope : path or pandas.DataFrame, optional
        Scope decisions (:func:`maturity.read_scope`); default the target file's ``scope:``.
    mappings : path, optional
        Question and line maps (:func:`maturity.compare.mappings.read_mappings`), applied to the
        answers before scoring; with a question map the answers are scored on the questions
        common to ``waves`` (every wave by default) unless ``all_questions``.
    plan_options : PlanOptions, optional
        Planning options of :func:`maturity.plan.rollout.plan_rollout`.
    log : RolloutLog or path, optional
        Rollout log (:func:`maturity.plan.tracking.read_log`): the plan is made on the waves
        before the rollout began and :attr:`rollout` gives its status.
    as_of : date, optional
        Day of the rollout status (default: the log's last event).
    wave : str or list of str, optional
        Waves of the gap analysis (default every wave; the backlog uses the latest).
    aggregation, judgement, overrides
        Scoring options of :func:`maturity.score`.
    read_options : mapping, optional
        Keyword arguments of :func:`maturity.read_responses` (``max_bytes``, ``encoding``,
        ``workers``, ``merge_ids``) when ``responses`` is a path.

    Examples
    --------
    >>> from maturity import Assessment, datasets
    >>> a = Assessment("cmmi-dev-1.3", datasets.data_path("responses/2026-03.csv"),
    ...                targets=datasets.data_path("targets.yaml"),
    ...                swot=datasets.data_path("swot.csv"),
    ...                lines=datasets.data_path("business_lines.csv"))
    >>> a.scores.maturity.loc[:, ["business_line", "maturity_level"]].head(3)
             business_line  maturity_level
    0        bank-delivery               3
    1       data-analytics               1
    2  ecommerce-platform               2
    >>> a.gaps is a.gaps  # computed once
    True
    >>> int(a.plan.roadmap.roadmap["wave"].notna().sum()) <= len(a.lines)
    True
    """

    def __init__(
        self,
        model: Model | PathLike,
        responses: Responses | pd.DataFrame | PathLike | Callable[[Model], Responses],
        *,
        targets: Targets | Mapping[str, Any] | PathLike | None = None,
        swot: pd.DataFrame | PathLike | None = None,
        lines: pd.DataFrame | PathLike | None = None,
        scope: pd.DataFrame | PathLike | None = None,
        mappings: PathLike | None = None,
        waves: Sequence[str] | None = None,
        all_questions: bool = False,
        plan_options: PlanOptions | None = None,
        log: RolloutLog | pd.DataFrame | PathLike | None = None,
        as_of: Any = None,
        wave: str | Sequence[str] | None = None,
        aggregation: Literal["auto", "mean", "scampi"] = "auto",
        judgement: Literal["conservative", "optimistic"] = "conservative",
        overrides: pd.DataFrame | None = None,
        read_options: Mapping[str, Any] | None = None,
    ) -> None:
        self._model = model
        self._responses = responses
        self._targets = targets
        self._swot = swot
        self._lines = lines
        self._scope = scope
        self._mappings = mappings
        self.waves = list(waves) if waves is not None else None
        self.all_questions = all_questions
        self.plan_options = plan_options
        self._log = log
        self.as_of = as_of
        self.wave = wave
        self.aggregation = aggregation
        self.judgement = judgement
        self.overrides = overrides
        self.read_options = dict(read_options or {})
        self._results: dict[tuple[Any, ...], Any] = {}

    def _once(self, key: tuple[Any, ...], compute: Callable[[], _T]) -> _T:
        """The result of ``compute`` for ``key``, computed on first use (methods with options)."""
        if key not in self._results:
            self._results[key] = compute()
        return self._results[key]

    # -- inputs ------------------------------------------------------------------------------
    @cached_property
    def model(self) -> Model:
        """The model (:func:`maturity.load_model`)."""
        return load_model(self._model)

    @cached_property
    def _maps(self) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
        if self._mappings is None:
            return None, None
        return read_mappings(self._mappings)

    @cached_property
    def read(self) -> Responses | None:
        """The answers as read (:func:`maturity.read_responses`: ``responses``, ``rejected``,
        ``notes``); None when a validated frame was given. With a question map, read against
        the model the map allows (:func:`maturity.compare.mappings.reading_model`)."""
        if isinstance(self._responses, Responses):
            return self._responses
        if isinstance(self._responses, pd.DataFrame):
            return None
        qmap = self._maps[0]
        model = self.model
        if qmap is not None and len(qmap):
            model = reading_model(model, qmap)
        if callable(self._responses):
            return self._responses(model)
        return read_responses(self._responses, model, **self.read_options)

    @cached_property
    def _mapped(self) -> tuple[pd.DataFrame, Model, list[pd.DataFrame], list[str]]:
        """Answers after the question and line maps, the model they are scored on, the maps'
        notes and what the cut to common questions says."""
        resp = cast(pd.DataFrame, self.read.responses if self.read is not None
                    else self._responses)
        qmap, lmap = self._maps
        notes: list[pd.DataFrame] = []
        said: list[str] = []
        model = self.model
        if self._mappings is None:
            return resp, model, notes, said
        if qmap is not None and len(qmap):
            resp, n = apply_question_map(resp, qmap, self.model)
            notes.append(n)
            if not self.all_questions:
                resp, n = common_questions(resp, self.waves)
                notes.append(n)
                model = restrict_model(self.model, set(resp["question"].astype(str)))
                said.append(f"common questions only: {len(model.questions)} of "
                            f"{len(self.model.questions)} questions, "
                            f"{len(model.process_areas)} process areas")
        if lmap is not None and len(lmap):
            resp, n = apply_line_map(resp, lmap)
            notes.append(n)
        return resp, model, notes, said

    @property
    def responses(self) -> pd.DataFrame:
        """The answers scored (after the question and line maps when ``mappings`` is given)."""
        return self._mapped[0]

    @property
    def scoring_model(self) -> Model:
        """The model the answers are scored on (restricted to the common questions with a
        question map, else :attr:`model`)."""
        return self._mapped[1]

    @property
    def mapping_notes(self) -> list[pd.DataFrame]:
        """What the question map, the cut to common questions and the line map did
        (:data:`maturity.compare.mappings.NOTE_COLUMNS` frames, in that order)."""
        return self._mapped[2]

    @property
    def mapping_said(self) -> list[str]:
        """Sentences on the cut to common questions (empty without one)."""
        return self._mapped[3]

    @property
    def line_map(self) -> pd.DataFrame | None:
        """The line map of ``mappings`` (None without one)."""
        return self._maps[1]

    @cached_property
    def targets(self) -> Targets | None:
        """The target profile as given (:func:`maturity.read_targets`), None without one."""
        if self._targets is None:
            return None
        return read_targets(self._targets, self.model)

    @cached_property
    def swot(self) -> pd.DataFrame | None:
        """SWOT factors (:func:`maturity.read_swot`, process areas checked against the model)."""
        if self._swot is None:
            return None
        if isinstance(self._swot, pd.DataFrame) and "weighted_score" in self._swot.columns:
            return self._swot
        return read_swot(self._swot, model=self.model)

    @cached_property
    def swot_summary(self) -> pd.DataFrame | None:
        """:func:`maturity.swot_summary` of :attr:`swot` (IFE/EFE, customer requirements)."""
        if self.swot is None:
            return None
        return swot_summary(self.swot)

    @cached_property
    def goal_targets(self) -> Targets | None:
        """:attr:`targets` raised by the SWOT's customer requirements
        (:func:`maturity.targets_from_swot`)."""
        if self.targets is None or self.swot_summary is None:
            return self.targets
        return targets_from_swot(self.swot_summary, self.targets)

    @cached_property
    def lines(self) -> pd.DataFrame | None:
        """Business-line attributes (:func:`maturity.plan.roadmap.read_lines`)."""
        if self._lines is None:
            return None
        return read_lines(self._lines)

    @cached_property
    def log(self) -> RolloutLog | None:
        """The rollout log (:func:`maturity.plan.tracking.read_log`), None without one."""
        if self._log is None:
            return None
        return self._log if isinstance(self._log, RolloutLog) else read_log(self._log)

    # -- scores and gaps ---------------------------------------------------------------------
    def _score(self, responses: pd.DataFrame) -> Scores:
        scope = self._scope
        if scope is None and self.targets is not None:
            scope = self.targets.scope
        return score(responses, self.scoring_model, aggregation=self.aggregation,
                     judgement=self.judgement, overrides=self.overrides, scope=scope)

    @cached_property
    def scores(self) -> Scores:
        """:func:`maturity.score` of :attr:`responses` (``scope`` or the targets' scope)."""
        return self._score(self.responses)

    @cached_property
    def respondent_scores(self) -> pd.DataFrame:
        """Each respondent's mean answer (:func:`maturity.compare.trends.respondent_scores`)."""
        return respondent_scores(self.responses)

    @cached_property
    def baseline_responses(self) -> pd.DataFrame:
        """The answers the plan is made on: the waves before the rollout's first event with a
        log (:func:`maturity.plan.rollout_status.baseline_answers`), else every answer."""
        if self.log is None:
            return self.responses
        return baseline_answers(self.responses, self.log)

    @cached_property
    def baseline_scores(self) -> Scores:
        """:attr:`scores` of :attr:`baseline_responses` (the same object without a log)."""
        base = self.baseline_responses
        return self.scores if len(base) == len(self.responses) else self._score(base)

    @cached_property
    def gaps(self) -> Gaps:
        """:func:`maturity.gap_analysis` of every wave against :attr:`goal_targets` (the plan's
        own when it is the same analysis)."""
        if self.targets is None:
            raise ValueError("Assessment.gaps needs targets=: the target profile")
        if self._lines is not None and self.wave is None and self.baseline_scores is self.scores:
            return self.plan.gaps
        return gap_analysis(self.scores, self.goal_targets, swot=self.swot, wave=self.wave,
                            responses=self.responses)

    # -- plan and rollout --------------------------------------------------------------------
    @cached_property
    def plan(self) -> Plan:
        """The rollout plan (:func:`maturity.plan.rollout.plan_rollout`) on the baseline waves."""
        if self.targets is None or self._lines is None:
            raise ValueError("Assessment.plan needs targets= and lines=")
        return plan_rollout(self.baseline_scores, self.targets, self.lines, self.swot,
                            responses=self.baseline_responses, options=self.plan_options)

    @cached_property
    def rollout(self) -> RolloutStatus | None:
        """Plan vs actual (:func:`maturity.plan.rollout_status.rollout_status`); None without a
        log."""
        if self.log is None:
            return None
        return rollout_status(self.plan, self.log, responses=self.responses,
                              model=self.model, targets=self._targets, as_of=self.as_of)

    # -- comparisons -------------------------------------------------------------------------
    def reliability(self, min_respondents: int = 3) -> dict[str, pd.DataFrame]:
        """``reliability`` and ``disagreement`` frames of :mod:`maturity.compare.reliability`."""
        def both() -> dict[str, pd.DataFrame]:
            resp = self.responses
            return {"reliability": reliability(resp, min_respondents=min_respondents),
                    "disagreement": disagreement(resp, min_respondents=min_respondents)}

        return self._once(("reliability", min_respondents), both)

    def previous_outputs(self, path: PathLike) -> dict[str, pd.DataFrame]:
        """Last year's ``maturity score`` outputs at ``path``, read once
        (:func:`maturity.compare.yoy.read_outputs`: ``maturity``, ``process_areas`` and, when
        they were kept, ``respondents``)."""
        return self._once(("outputs", path), lambda: read_outputs(path))

    def trends(
        self,
        *,
        waves: Sequence[str] | None = None,
        baseline: str | None = None,
        baseline_outputs: PathLike | None = None,
        test: Literal["auto", "paired", "unpaired", "permutation"] = "auto",
        seed: int = 0,
        min_n: int = 5,
        n_boot: int = 200,
        weight: str | None = None,
    ) -> dict[str, Any]:
        """The comparisons over waves that ``maturity compare`` writes and the report shows.

        One bootstrap of the maturity index (:func:`maturity.compare.yoy.index_replicates`,
        resampled on the waves compared and scored on :attr:`scoring_model`) gives the
        intervals of ``changes`` and ``company``; docs/year_over_year.md.

        Parameters
        ----------
        waves : list of str, optional
            Waves to compare (default every wave; put in time order).
        baseline : str, optional
            Also compare this wave with each other wave (default: the wave of
            ``baseline_outputs`` when they hold one).
        baseline_outputs : path, optional
            Last year's ``maturity score`` outputs (:meth:`previous_outputs`), put in front of
            this year's waves when last year's answers are gone.
        test : {'auto', 'paired', 'unpaired', 'permutation'}
            Test of the changes (:func:`maturity.compare.trends.changes`).
        seed : int
            Seed of the permutation p-values and of the bootstrap.
        min_n : int
            Changes resting on fewer respondents get a small-sample caveat.
        n_boot : int
            Bootstrap resamples of the index changes (0: no interval).
        weight : str, optional
            Column of ``lines`` (e.g. ``headcount``) weighting the company and group figures;
            default the plain mean of the lines.

        Returns
        -------
        dict
            ``changes`` (:func:`maturity.compare.trends.changes`), ``pa_changes``
            (:func:`~maturity.compare.trends.pa_changes`), ``line_comparison``
            (:func:`~maturity.compare.trends.line_comparison` of the waves compared that have
            answers), ``rankings`` (:func:`~maturity.compare.trends.rankings`) and ``company``:
            for each wave pair the change of the groups of ``lines`` then of the company
            (:func:`maturity.compare.yoy.company_change`, told apart by ``level``); None
            without a wave pair.

        Examples
        --------
        >>> from maturity import Assessment, datasets
        >>> a = Assessment("cmmi-dev-1.3", datasets.data_path("responses"))
        >>> t = a.trends(baseline="2025-03", n_boot=0)
        >>> t["changes"][["wave_from", "wave_to", "comparison"]].drop_duplicates(ignore_index=True)
          wave_from  wave_to             comparison
        0   2025-03  2025-09  baseline, consecutive
        1   2025-03  2026-03               baseline
        2   2025-09  2026-03            consecutive
        >>> t is a.trends(baseline="2025-03", n_boot=0)  # computed once
        True
        """
        options = {"waves": waves, "baseline": baseline, "baseline_outputs": baseline_outputs,
                   "test": test, "seed": seed, "min_n": min_n, "n_boot": n_boot,
                   "weight": weight}
        key = ("trends", tuple(waves or ()), *(v for k, v in options.items() if k != "waves"))
        return self._once(key, lambda: _trends(self, **options))


def _trends(a: Assessment, *, waves: Sequence[str] | None, baseline: str | None,
            baseline_outputs: PathLike | None, test: str, seed: int, min_n: int, n_boot: int,
            weight: str | None) -> dict[str, Any]:
    """:meth:`Assessment.trends`: last year's outputs in front, then one bootstrap of the
    waves compared shared by the changes and the company's change."""
    scores, resp = a.scores, a.responses
    mat, rs, pa, joined = scores.maturity, a.respondent_scores, scores.process_areas, None
    if baseline_outputs is not None:
        joined = join_outputs(a.previous_outputs(baseline_outputs), mat, rs, pa,
                              line_map=a.line_map)
        mat, rs, pa = joined["maturity"], joined["scores"], joined["process_areas"]
        baseline = baseline or joined["baseline"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pairs = wave_pairs(mat["wave"], rs["wave"], waves=waves, baseline=baseline)
        used = sorted({w for p in pairs for w in p[:2]})
        # resamples scored as the Assessment scores (scope, aggregation, judgement,
        # overrides): the intervals are those of the index it reports
        reps = (index_replicates(resp, lambda f: a._score(f).maturity, waves=used,
                                 n_boot=n_boot, seed=seed)
                if n_boot > 0 and pairs else None)
        ch = changes(rs, mat, waves=waves, baseline=baseline, test=test, seed=seed,
                     min_n=min_n, replicates=reps)
        if joined is not None and not joined["respondents"]:
            ch = no_test_caveat(ch, joined["old_waves"])
        company = [pd.concat(company_change(mat, a.lines, wave_from=wf, wave_to=wt,
                                            replicates=reps, weight=weight))
                   for wf, wt, _kind in pairs]
        answered = set(resp["wave"].astype(str))
        return {
            "changes": ch,
            "pa_changes": pa_changes(pa, waves=waves, baseline=baseline),
            "line_comparison": line_comparison(
                resp, wave=[w for w in used if w in answered] or None),
            "rankings": rankings(mat, waves=waves, baseline=baseline),
            "company": pd.concat(company, ignore_index=True) if company else None,
        }
