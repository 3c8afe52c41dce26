"""CJK-capable fonts for charts, with no system font installed by hand."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["use_cjk_font", "cjk_font_path", "with_cjk"]


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
    for pattern in ("NotoSansCJKsc-Regular.otf", "NotoSansCJK*Regular*", "NotoSans*SC*", "*CJK*",
                    "*.otf", "*.ttf"):
        hits = sorted(root.rglob(pattern))
        if hits:
            return str(hits[0])
    return None


@lru_cache(maxsize=1)
def _register() -> str | None:
    """Add the CJK font file to matplotlib's font manager once; its family name."""
    path = cjk_font_path()
    if path is None:
        return None
    import dataclasses

    from matplotlib import font_manager

    fm = font_manager.fontManager
    fm.addfont(path)
    # The font has one (regular) face: list it for bold too, so bold text (titles, the SWOT
    # panels) is drawn with it without matplotlib's "Failed to find font weight bold" note.
    regular = [e for e in fm.ttflist if e.fname == path]
    if regular and not any(e.weight == 700 for e in regular):
        fm.ttflist.append(dataclasses.replace(regular[0], weight=700))
        cached = getattr(fm, "_findfont_cached", None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()
    return font_manager.FontProperties(fname=path).get_name()


def use_cjk_font() -> str | None:
    """Make matplotlib draw CJK characters with the Noto Sans CJK SC font of ``mplfonts``.

    The font is added as a *fallback* family after the families in force
    (``rcParams["font.family"]``, e.g. ``["sans-serif", "Noto Sans CJK SC"]``): Latin text keeps
    its font (DejaVu Sans by default) and every character that font lacks is drawn with the CJK
    font, so no "Glyph missing" warning and no box. :mod:`maturity.plots` calls this when it is
    imported and again whenever one of its functions makes a figure, so every chart the package
    draws (CLI, report, notebooks) has it; call it yourself after ``matplotlib.rcdefaults()`` or
    a style change. Returns the font's family name (None if no CJK font is available);
    idempotent and cheap.

    Examples
    --------
    >>> name = use_cjk_font()
    >>> name is None or isinstance(name, str)
    True
    >>> import matplotlib as mpl
    >>> name is None or mpl.rcParams["font.family"][-1] == name
    True
    """
    name = _register()
    if name is None:
        return None
    import matplotlib as mpl

    fams = mpl.rcParams["font.family"]
    fams = [fams] if isinstance(fams, str) else list(fams)
    if name not in fams:
        mpl.rcParams["font.family"] = [*fams, name]
    mpl.rcParams["axes.unicode_minus"] = False
    return name


def with_cjk(family: str | list[str]) -> list[str]:
    """``family`` followed by the CJK font, for text drawn with an explicit family (e.g. the
    monospace columns of :func:`maturity.plots.plot_swot`).

    Examples
    --------
    >>> with_cjk("monospace")[0]
    'monospace'
    """
    name = _register()
    fams = [family] if isinstance(family, str) else list(family)
    return fams + ([name] if name and name not in fams else [])
