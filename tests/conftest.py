"""Shared test settings: the Agg backend, so plots never need a screen, and hypothesis
derandomized (the same examples on every run, so CI is deterministic). Set
``HYPOTHESIS_PROFILE=explore`` to draw fresh random examples while developing."""

import os

import matplotlib
from hypothesis import settings

matplotlib.use("Agg")

settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
