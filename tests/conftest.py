"""Shared test settings: the Agg backend, so plots never need a screen."""

import matplotlib

matplotlib.use("Agg")
