"""One module per CLI command: ``add_parser(subparsers)`` and ``run(args) -> int``.

Imports: ``maturity --help`` loads every command module to build the parser, so a command module
imports at its top only what is light (argparse, the sibling modules of this package,
:mod:`maturity.i18n`, :mod:`maturity.exceptions`) and imports inside ``run()`` the stages that
bring pandas, numpy, scipy or matplotlib (ingest, scoring, plan, compare, report, plots,
:mod:`maturity.io`, :mod:`maturity.waves`, the assessment) and :mod:`maturity.datasets` (which
looks for the sample's folder on disk when imported; only ``maturity demo`` needs it). This is one
of the few places where an import inside a function is allowed (``LAZY_IMPORTS`` in
``tests/test_architecture.py``).
"""
