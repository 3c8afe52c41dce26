"""The layout of docs/ARCHITECTURE.md, checked on the source: no import circle, data flows one way.

Every ``import maturity...`` / ``from maturity... import`` in ``maturity/`` is read with
:mod:`ast` (module level and inside functions alike: a lazy import that dodges a circle is still
a circle), except those under ``if TYPE_CHECKING:``, which never run. Each module has a layer::

    foundations -> model/ingest -> scoring -> plan/compare -> report/plots -> assessment
    -> commands/cli

and may import only modules of its own layer or to its left. A package's ``__init__`` counts as
a module of its package.

An import of a ``maturity`` module inside a function hides a dependency from the reader of the
module's top; it is allowed only in the modules of :data:`LAZY_IMPORTS`, each with its reason.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "maturity"

#: Layers, left to right: the first element of a module's dotted name (below ``maturity``).
LAYERS: dict[str, int] = {
    **dict.fromkeys(["exceptions", "i18n", "io", "ids", "waves", "excerpt", "safe_yaml",
                     "intervals", "_engine", "_hints", "_bars", "_bundled", "datasets"], 0),
    **dict.fromkeys(["model", "ingest"], 1),
    "scoring": 2,
    **dict.fromkeys(["plan", "compare"], 3),
    **dict.fromkeys(["report", "plots"], 4),
    # datasets_zh writes the Chinese sample company through the templates of ingest/
    **dict.fromkeys(["assessment", "deliverable", "datasets_zh"], 5),
    **dict.fromkeys(["commands", "cli"], 6),
}
LAYER_NAMES = ["foundations", "model/ingest", "scoring", "plan/compare", "report/plots",
               "assessment", "commands/cli"]
#: The only modules that may import a maturity module inside a function, and why ("pkg.*": every
#: module of the package). Everywhere else such imports stand at the module's top.
LAZY_IMPORTS: dict[str, str] = {
    "maturity.cli": "start-up: `maturity --help` loads it; pandas only when a command fails",
    "maturity.commands.*": "start-up: every command module is loaded to build the parser; "
                           "pandas-heavy stages are imported by run() (commands/__init__.py)",
    "maturity.report": "matplotlib (report.charts) and openpyxl (report.xlsx) only when a "
                       "report is written, not on `import maturity.report`",
    "maturity.report.html": "importing maturity.plots loads matplotlib: only for a Chinese page's "
                            "font",
}
#: Modules allowed beyond the size limit: none (table-like data would be named here).
MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ``maturity`` that ``name`` imports when it runs (TYPE_CHECKING left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def add(target: str) -> None:
        # "from maturity.report import sections" imports maturity.report.sections
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([base] if base else [])])
            for alias in node.names:
                full = f"{base}.{alias.name}"
                add(full if full in known else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in found if m.startswith("maturity.") or m == "maturity"}


@functools.cache
def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {name: _imports(name, path, known) - {"maturity"} for name, path in mods.items()}


def _layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_every_module_has_a_layer():
    unknown = sorted(n for n in _modules() if n != "maturity" and _layer(n) is None)
    assert not unknown, f"modules with no layer in tests/test_architecture.py LAYERS: {unknown}"


def test_the_walker_sees_lazy_imports_and_skips_type_checking(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                   "    from maturity.cli import main\n"
                   "def f():\n    from maturity.report import sections as s\n"
                   "    import maturity.plan.gap\n", encoding="utf-8")
    known = {"maturity.cli", "maturity.report", "maturity.report.sections", "maturity.plan",
             "maturity.plan.gap", "maturity.x"}
    assert _imports("maturity.x", src, known) == {"maturity.report.sections",
                                                  "maturity.plan.gap"}


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


AREAS = sorted({*LAYERS} - {"_bundled", "_engine"})


def _area(name: str) -> str:
    return name.split(".")[1] if "." in name else name


@pytest.mark.parametrize("area", AREAS)
def test_no_import_circle(area):
    cycles = [c for c in _cycles(_graph()) if any(_area(m) == area for m in c)]
    assert not cycles, "import circles (a lazy import inside a function counts): " + "; ".join(
        " <-> ".join(c) for c in cycles)


@pytest.mark.parametrize("area", AREAS)
def test_no_module_imports_one_to_its_right(area):
    wrong = []
    for name, targets in sorted(_graph().items()):
        mine = _layer(name)
        if _area(name) != area or mine is None:
            continue
        for t in sorted(targets):
            theirs = _layer(t)
            if theirs is not None and theirs > mine:
                wrong.append(f"{name} ({LAYER_NAMES[mine]}) imports {t} ({LAYER_NAMES[theirs]})")
    assert not wrong, "data flows " + " -> ".join(LAYER_NAMES) + "; against it:\n" + "\n".join(
        wrong)


def test_no_module_over_600_lines():
    big = {name: n for name, path in _modules().items()
           if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def _lazy_imports(path: Path) -> list[tuple[int, str]]:
    """``(line, statement)`` of every import of a maturity module inside a function of ``path``."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            return
        if in_function and isinstance(node, ast.Import | ast.ImportFrom):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""])
            if any(n == "maturity" or n.startswith("maturity.") for n in names):
                found.append((node.lineno, ast.unparse(node)))
        inner = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def _lazy_allowed(name: str) -> bool:
    return name in LAZY_IMPORTS or any(
        key.endswith(".*") and name.startswith(key[:-1]) for key in LAZY_IMPORTS)


def test_the_lazy_import_finder(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("import maturity.io\nfrom typing import TYPE_CHECKING\n"
                   "def f():\n    import pandas\n    from maturity.i18n import _\n"
                   "    def g():\n        import maturity.io as io\n"
                   "    if TYPE_CHECKING:\n        from maturity.cli import main\n",
                   encoding="utf-8")
    assert _lazy_imports(src) == [(5, "from maturity.i18n import _"),
                                  (7, "import maturity.io as io")]
    assert _lazy_allowed("maturity.commands.gap") and not _lazy_allowed("maturity.commands")
    assert not _lazy_allowed("maturity.report.charts")


def test_lazy_imports_only_where_allowed():
    """A maturity module imported inside a function, outside :data:`LAZY_IMPORTS`, is named
    with its file and line: import it at the module's top, or add the module to the list with
    its reason (a heavy optional dependency, CLI start-up)."""
    assert all(0 < len(why) <= 160 for why in LAZY_IMPORTS.values())
    wrong = [f"{path.relative_to(ROOT.parent)}:{line}: {stmt}"
             for name, path in _modules().items() if not _lazy_allowed(name)
             for line, stmt in _lazy_imports(path)]
    assert not wrong, "imports inside functions (move them to the module's top):\n" + "\n".join(
        wrong)
