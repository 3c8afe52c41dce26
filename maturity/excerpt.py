"""Values quoted in messages, cut to a short excerpt.

Every "found ..." of an error message or note goes through :func:`excerpt`: a value is quoted
whole up to :data:`EXCERPT_CHARS` characters, a longer one is cut and its length said, so a
50 MB cell or a hostile YAML value cannot make a 50 MB message.
"""

from __future__ import annotations

__all__ = ["excerpt", "shorten", "EXCERPT_CHARS"]

#: Longest value quoted whole in an error message.
EXCERPT_CHARS = 60


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """``repr`` of a value for an error message, cut to about ``limit`` characters.

    Examples
    --------
    >>> excerpt("abc")
    "'abc'"
    >>> excerpt("x" * 1000, 20)
    "'xxxxxxxxxxxxxxxxxxxx…' (1,000 characters)"
    >>> excerpt(list(range(100)), 20)
    '[0, 1, 2, 3, 4, 5, 6… (100 items)'
    """
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}"[:-1] + f"…' ({len(value):,} characters)"
    if isinstance(value, (list, tuple, dict, set)) and len(value) > limit:
        text = repr(type(value)(list(value)[: limit + 1]) if not isinstance(value, dict)
                    else dict(list(value.items())[: limit + 1]))
        return f"{text[:limit]}… ({len(value):,} items)"
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def shorten(value: object, limit: int = EXCERPT_CHARS) -> str:
    """``str(value)`` cut to ``limit`` characters (no quotes), its length said when cut.

    Examples
    --------
    >>> shorten("y" * 100, 5)
    'yyyyy… (100 characters)'
    """
    text = "" if value is None else str(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"
