"""CJK-capable fonts for charts, with no system font installed by hand."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["use_cjk_font", "cjk_font_path"]


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    """Path of the Noto Sans CJK SC font shipped by the ``mplfonts`` package, or None.

    Examples
    --------
    >>> p = cjk_font_path()
    >>> p is None or p.endswith((".otf", ".ttf", ".ttc"))
    True
    """
    try:
        import mplfonts
    except ImportError:  # pragma: no cover - mplfonts is a dependency
        return None
    from pathlib import Path

    root = Path(mplfonts.__file__).parent / "fonts"
    for pattern in ("NotoSansCJKsc-Regular.otf", "NotoSansCJK*Regular*", "NotoSans*SC*", "*CJK*", "*.otf", "*.ttf"):
        hits = sorted(root.rglob(pattern))
        if hits:
            return str(hits[0])
    return None


def use_cjk_font() -> str | None:
    """Register the CJK font with matplotlib and put it first in the sans-serif list.

    Returns the font's family name (None if no CJK font is available). Idempotent.

    Examples
    --------
    >>> name = use_cjk_font()
    >>> name is None or isinstance(name, str)
    True
    """
    path = cjk_font_path()
    if path is None:
        return None
    import matplotlib as mpl
    from matplotlib import font_manager

    font_manager.fontManager.addfont(path)
    name = font_manager.FontProperties(fname=path).get_name()
    fams = list(mpl.rcParams["font.sans-serif"])
    if name not in fams:
        mpl.rcParams["font.sans-serif"] = [name, *fams]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["axes.unicode_minus"] = False
    return name
