"""Benchmarks of the maturity pipeline against pandas / calamine floors.

``python -m benchmarks.run --size S|M|L`` (see ``benchmarks/README.md``); the synthetic data
come from :mod:`benchmarks.generate` (seeded, cached in a temporary folder).
"""
