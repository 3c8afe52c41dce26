"""Reading YAML written by others (models, targets, SWOT, scope files) safely, and cutting
values quoted in error messages to a short excerpt.

YAML anchors and aliases let a few hundred bytes expand to billions of nodes (the YAML form of
the "billion laughs" attack); ``yaml.safe_load`` builds them all. :func:`load_yaml` refuses any
alias (``*name``) at the first one, and caps the number of nodes and the text's size, so a
hostile file is refused in milliseconds with one short message. None of the toolkit's files
need aliases: write the value out again instead.

:func:`maturity.excerpt.excerpt` is what every "found ..." of an error message should go
through (a value quoted whole up to a few dozen characters, longer ones cut, their length said).
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["load_yaml", "YamlRefused", "MAX_YAML_NODES", "MAX_YAML_BYTES"]

#: Most nodes (scalars, lists, mappings) a YAML input may hold; the largest shipped model has
#: about 12,000.
MAX_YAML_NODES = 1_000_000
#: Largest YAML text read (characters).
MAX_YAML_BYTES = 50_000_000


class YamlRefused(yaml.MarkedYAMLError):
    """YAML refused before it is built: an alias, or more nodes than :data:`MAX_YAML_NODES`.

    A :class:`yaml.YAMLError`, so the readers' ``except yaml.YAMLError`` report it with the
    file, line and column like any other YAML problem."""


class _Loader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses aliases and counts nodes as they are composed."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: ANN401
        if self.check_event(yaml.AliasEvent):
            ev = self.peek_event()
            raise YamlRefused(
                problem=f"alias *{str(ev.anchor)[:30]} refused (anchors and aliases are not "
                "accepted: they can expand a small file without bound); write the value out",
                problem_mark=ev.start_mark,
            )
        self._nodes += 1
        if self._nodes > MAX_YAML_NODES:
            raise YamlRefused(
                problem=f"more than {MAX_YAML_NODES:,} YAML nodes; split the file",
                problem_mark=self.peek_event().start_mark,
            )
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:  # noqa: ANN401
    """``yaml.safe_load(text)`` without aliases, within a node and size budget.

    Raises
    ------
    YamlRefused
        An alias, more than :data:`MAX_YAML_NODES` nodes or more than :data:`MAX_YAML_BYTES`
        characters (a :class:`yaml.YAMLError` with the line and column).

    Examples
    --------
    >>> load_yaml("a: [1, 2]\\nb: x")
    {'a': [1, 2], 'b': 'x'}
    >>> try:
    ...     load_yaml("a: &x [1, 2]\\nb: *x")
    ... except YamlRefused as exc:
    ...     print(exc.problem_mark.line + 1, exc.problem[:24])
    2 alias *x refused (anchor
    """
    if len(text) > MAX_YAML_BYTES:
        raise YamlRefused(problem=f"YAML text of {len(text):,} characters, more than the "
                          f"{MAX_YAML_BYTES:,} accepted")
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
