"""Build step that ships the bundled models and the sample company inside the package.

Every other setting is in ``pyproject.toml``; this file only adds a ``build_py`` step.

``surveys/models/`` (the maturity models as YAML) and ``data/`` (the sample company used by
``maturity demo`` and :mod:`maturity.datasets`) stay top-level folders of the checkout, where
the developers' guide puts them and users edit them. A wheel has no top-level folders, so
``build_py`` copies them into ``maturity/_bundled/models/`` and ``maturity/_bundled/data/`` of
the build (never into the checkout). :mod:`maturity.model.load` and :mod:`maturity.datasets` look
there first and fall back to the checkout folders, which is what editable installs
(``make demo``, ``make test``) use. ``MANIFEST.in`` puts both folders in the sdist, so a wheel
built from the sdist has them too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent

#: Folder of the checkout -> folder inside the built package.
BUNDLED = {
    "surveys/models": "maturity/_bundled/models",
    "data": "maturity/_bundled/data",
}

#: Files of those folders that are not shipped (the sample's generator script, caches).
SKIPPED_SUFFIXES = (".py", ".pyc", ".pyo")


def bundled_files(root: Path = ROOT) -> list[tuple[Path, str]]:
    """``(source file, path inside the wheel)`` of every file copied into the package, sorted.

    Raises ``FileNotFoundError`` when a folder is missing or ``surveys/models`` holds no model:
    a wheel without its models would install but fail on the first ``--model`` id.
    """
    pairs = []
    for src, dst in BUNDLED.items():
        base = root / src
        if not base.is_dir():
            raise FileNotFoundError(f"{base}: missing; it is shipped inside the package")
        for p in sorted(base.rglob("*")):
            rel = p.relative_to(base)
            if (not p.is_file() or p.suffix in SKIPPED_SUFFIXES
                    or any(part.startswith((".", "__pycache__")) for part in rel.parts)):
                continue
            pairs.append((p, f"{dst}/{rel.as_posix()}"))
    if not any(dst.startswith(BUNDLED["surveys/models"]) and dst.endswith((".yaml", ".yml"))
               for _, dst in pairs):
        raise FileNotFoundError(f"{root / 'surveys/models'}: no model (*.yaml) to ship")
    return pairs


class BuildPyBundled(build_py):
    """``build_py`` plus the copies of ``surveys/models`` and ``data`` (not for editable
    installs, which read those folders in place)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        # a reused build folder must not ship a model or sample file deleted since
        shutil.rmtree(Path(self.build_lib) / BUNDLED["surveys/models"].rsplit("/", 1)[0],
                      ignore_errors=True)
        for src, rel in bundled_files():
            target = Path(self.build_lib) / rel
            self.mkpath(str(target.parent))
            self.copy_file(str(src), str(target), preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if not self.editable_mode:
            outputs += [str(Path(self.build_lib) / rel) for _, rel in bundled_files()]
        return outputs


if __name__ == "__main__":  # the build backend runs this file as __main__; tests import it
    setup(cmdclass={"build_py": BuildPyBundled})
