"""How a message names an option: a command-line flag to CLI users, a keyword to Python users.

The toolkit's messages tell the reader how to fix a problem ("pass --encoding gb18030" or
"pass encoding='gb18030'"). :func:`option` writes the name for whoever runs the code: the CLI
wraps each command in :func:`cli_audience`, which sets the ``MATURITY_CLI`` environment variable
(so the worker processes that read a folder of files say the same).

>>> option("max_bytes"), option("encoding", "gb18030"), option("normalize", True)
('max_bytes', "encoding='gb18030'", 'normalize=True')
>>> with cli_audience():
...     option("max_bytes"), option("encoding", "gb18030"), option("normalize", True)
('--max-bytes', '--encoding gb18030', '--normalize')
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

__all__ = ["option", "cli_audience", "in_cli"]

_VAR = "MATURITY_CLI"


def in_cli() -> bool:
    """Whether the code runs under the ``maturity`` command line."""
    return os.environ.get(_VAR) == "1"


def option(kwarg: str, value: object = None) -> str:
    """The option ``kwarg`` (with ``value``) as the reader types it: ``--max-bytes N`` on the
    command line, ``max_bytes=N`` in Python."""
    if in_cli():
        flag = "--" + kwarg.replace("_", "-")
        return flag if value is None or value is True else f"{flag} {value}"
    return kwarg if value is None else f"{kwarg}={value!r}"


@contextlib.contextmanager
def cli_audience() -> Iterator[None]:
    """Messages raised inside name command-line flags (restored on exit)."""
    before = os.environ.get(_VAR)
    os.environ[_VAR] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(_VAR, None)
        else:
            os.environ[_VAR] = before
