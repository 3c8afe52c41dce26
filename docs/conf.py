"""Sphinx configuration of the user guide (``make docs``; built by ``tests/test_docs.py``).

Offline and fast: pages are MyST Markdown, the API reference comes from the numpydoc docstrings
(autodoc), and the notebooks of ``notebooks/`` are rendered from their stored outputs by myst-nb
(never executed here: ``pytest --nbval`` checks them). Build with warnings as errors::

    python -m sphinx -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))  # the package of this checkout, whatever is installed

project = "maturity"
author = "the maturity contributors"
copyright = "the maturity contributors, MIT licence"  # noqa: A001 - Sphinx's name

extensions = [
    "myst_nb",  # Markdown pages (MyST) and notebooks
    "sphinx.ext.autodoc",
    "numpydoc",
]

# the notebooks are copied next to the pages (docs/notebooks/, ignored by git) at each build
NOTEBOOKS = DOCS / "notebooks"


def _copy_notebooks() -> None:
    NOTEBOOKS.mkdir(exist_ok=True)
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        target = NOTEBOOKS / nb.name
        if not target.exists() or target.read_bytes() != nb.read_bytes():
            shutil.copyfile(nb, target)


_copy_notebooks()

# the API reference: every name of maturity._EXPORTS, grouped by the module defining it, written
# at each build into docs/_api/ (ignored by git) and included by api.md, so a new export appears
# without editing the page
_GROUPS = {  # a module, or its subpackage (the longest dotted prefix wins)
    "maturity.model": "Models and scales",
    "maturity.ingest": "Reading answers",
    "maturity.ids": "Reading answers",
    "maturity.waves": "Reading answers",
    "maturity.scoring": "Scoring",
    "maturity.plan.swot": "SWOT",
    "maturity.plan.gap": "Targets and gaps",
    "maturity.plan": "Planning: targets, gaps, roadmap and rollout",
    "maturity.compare.stats": "Statistics",
    "maturity.compare": "Survey waves compared, reliability, year over year",
    "maturity.assessment": "The assessment pipeline",
    "maturity.report": "The report",
    "maturity.deliverable": "The report",
    "maturity.exceptions": "Errors and warnings",
}


def _group(mod: str) -> str:
    """The section of a module: its own entry, else its closest enclosing package's."""
    parts = mod.split(".")
    for n in range(len(parts), 0, -1):
        title = _GROUPS.get(".".join(parts[:n]))
        if title:
            return title
    return f"`{mod}`"


def _api_reference() -> str:
    import maturity

    groups: dict[str, list[str]] = {}
    for name, mod in maturity._EXPORTS.items():
        groups.setdefault(_group(mod), []).append(name)
    out = []
    for title, names in groups.items():
        out += [f"## {title}", "", "```{eval-rst}", ".. currentmodule:: maturity", ""]
        for name in names:
            obj = getattr(maturity, name)
            if isinstance(obj, type) and issubclass(obj, BaseException):
                out += [f".. autoexception:: {name}", ""]
            elif isinstance(obj, type):
                out += [f".. autoclass:: {name}", "   :members:", ""]
            elif callable(obj):
                out += [f".. autofunction:: {name}", ""]
            else:
                out += [f".. autodata:: {name}", "   :no-value:", ""]
        out += ["```", ""]
    return "\n".join(out)


def _write_api_reference() -> None:
    target = DOCS / "_api" / "reference.md"
    target.parent.mkdir(exist_ok=True)
    text = _api_reference()
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


_write_api_reference()

source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "_api", "ARCHITECTURE.md", "**/.ipynb_checkpoints", "Thumbs.db",
                    ".DS_Store"]
language = "en"

# notebooks: their stored outputs, never executed here
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# API reference
autodoc_member_order = "bysource"
autodoc_typehints = "none"  # types are in the numpydoc Parameters sections
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()

html_theme = "alabaster"
html_title = "maturity user guide"
html_static_path: list[str] = []
html_theme_options = {"description": "Process maturity assessment for PMOs", "fixed_sidebar": True}
# no timestamps or build paths in the pages: the same source gives the same site
html_last_updated_fmt = None
