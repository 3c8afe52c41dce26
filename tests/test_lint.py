"""The code base is lint-clean: ``ruff check`` (pyproject's settings: pycodestyle, pyflakes,
isort, bugbear, pyupgrade; line length 100; notebooks included) finds nothing (issue 19)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_check_is_clean():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
