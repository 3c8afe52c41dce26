"""The bundled sample company (``data/``): paths and loaders used by notebooks, tests and the demo.

The files are made by the seeded script ``data/make_sample.py``; re-running it gives the same
bytes.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DATA_DIR", "data_path"]

#: Folder of the sample company's files (``data/`` at the top of the checkout).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def data_path(name: str = "") -> Path:
    """Path of a file of the sample company.

    Parameters
    ----------
    name : str
        File name relative to ``data/``, e.g. ``"swot.csv"``; empty for the folder itself.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> data_path("swot.csv").name
    'swot.csv'
    """
    p = DATA_DIR / name
    return p
