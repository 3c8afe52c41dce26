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
    return pdf_path
