"""Print the HTML report to an A4 PDF with headless Chromium, when a Chromium is installed.

The browser runs with a throw-away profile, no network services (no background networking,
component updates, sync or QUIC) and no header/footer; the page's own ``@page`` rule sets A4.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["find_chromium", "print_pdf", "chromium_command", "BROWSERS"]

#: Executable names looked up on ``PATH``, in order.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """Path of the first Chromium-like browser on ``PATH``, or None.

    Examples
    --------
    >>> p = find_chromium()
    >>> p is None or isinstance(p, str)
    True
    """
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium_command(browser: str, profile: str | Path, *extra: str) -> list[str]:
    """The headless Chromium command line used for printing and for the browser test."""
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        *extra,
    ]


def print_pdf(
    html_path: str | Path, pdf_path: str | Path, *, browser: str | None = None, timeout: float = 180
) -> Path | None:
    """Print ``html_path`` to ``pdf_path`` (A4, from the page's CSS); None when no browser.

    Raises
    ------
    RuntimeError
        When the browser ran but wrote no PDF (its last stderr line is in the message).
    """
    browser = browser or find_chromium()
    if browser is None:
        return None
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path)
    with tempfile.TemporaryDirectory(prefix="maturity-chromium-") as profile:
        cmd = chromium_command(
            browser,
            profile,
            f"--print-to-pdf={pdf_path}",
            "--no-pdf-header-footer",
            html_path.as_uri(),
        )
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if not pdf_path.exists() or pdf_path.stat().st_size == 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(
            f"{browser} did not write {pdf_path.name} (exit {proc.returncode}): {last}"
        )
    fix_pdf_dates(pdf_path)
    return pdf_path


def fix_pdf_dates(path: str | Path) -> None:
    """Make PDF bytes reproducible: the creation and modification dates Chromium stamps on
    the document become 1980-01-01 (as :func:`maturity.io.fix_xlsx_times` does for xlsx).

    Each date is replaced by one of the same length, so the file's byte offsets (its xref
    table) stay valid; a date of another form is left alone.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.pdf"
    >>> _ = p.write_bytes(b"<</CreationDate (D:20261206013607+00'00')>>")
    >>> fix_pdf_dates(p)
    >>> p.read_bytes()
    b"<</CreationDate (D:19800101000000+00'00')>>"
    """
    import re

    path = Path(path)
    data = path.read_bytes()

    def fixed(m: re.Match[bytes]) -> bytes:
        date = m.group(2)
        new = b"D:19800101000000" + date[16:]  # keep the zone part: same length
        return m.group(1) + new if len(new) == len(date) else m.group(0)
    out = re.sub(rb"(/(?:CreationDate|ModDate) \()(D:\d{14}[^)]*)", fixed, data)
    if out != data:
        path.write_bytes(out)
