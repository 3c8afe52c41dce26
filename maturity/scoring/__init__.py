"""Scoring: answers -> practices -> goals -> process areas -> levels (:func:`maturity.score`).

``score`` (the entry point), ``answers`` (the answers encoded once), ``practices`` (practice
statistics), ``characterize`` (thresholds), ``scampi`` (SCAMPI A aggregation), ``grid`` (the
practices frame), ``ratings`` (worst rating wins), ``staged``, ``rules`` (cumulative and
additive), ``scope``, ``frames`` (:class:`Scores` and column lists).
"""
