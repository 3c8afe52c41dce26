"""The bundled sample company (``data/``): paths and loaders used by notebooks, tests and the demo.

The files are in ``data/`` of the checkout; an installed wheel carries a copy inside the
package (see :data:`DATA_DIR`), so ``maturity demo`` and these loaders work there too.

"Huaxin Tech" (华信科技) is a fictional IT services firm with seven business lines, surveyed
with the ``cmmi-dev-1.3`` model in three waves (``2025-03``, ``2025-09``, ``2026-03``). The
files are made by the seeded script ``data/make_sample.py``; re-running it gives the same bytes.
``data/README.md`` tells the company's story and lists every file.

The loaders return the files *as they are* (ids and answers as strings, nothing validated):
they are the input of :func:`maturity.read_responses`, not its output. Functions ending
in ``_path`` return paths to hand to the readers of the toolkit.

pandas is imported inside the functions, so importing this module stays cheap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "DATA_DIR",
    "WAVES",
    "data_path",
    "load_business_lines",
    "load_responses",
    "responses_path",
    "raw_submission_path",
    "workbooks_path",
    "load_targets_path",
    "targets_csv_path",
    "swot_path",
    "pmo_responses_path",
    "secure_dev_responses_path",
    "followup_log_path",
    "followup_responses_path",
]


def _data_dir() -> Path:
    here = Path(__file__).resolve().parent
    bundled = here / "_bundled" / "data"
    return bundled if bundled.is_dir() else here.parent / "data"


#: Folder of the sample company's files: ``data/`` at the top of the checkout (editable
#: installs), or its copy ``maturity/_bundled/data`` inside an installed wheel (made by
#: ``setup.py``; the generator script ``make_sample.py`` is not shipped).
DATA_DIR = _data_dir()

#: Survey waves of the sample company, in time order.
WAVES = ("2025-03", "2025-09", "2026-03")

#: Columns of the sample's long answer files, in order.
RESPONSE_FILE_COLUMNS = [
    "wave", "business_line", "respondent", "role", "project", "date",
    "question", "answer", "comment", "evidence",
]


def data_path(name: str = "") -> Path:
    """Path of a file of the sample company.

    Parameters
    ----------
    name : str
        File name relative to ``data/``, e.g. ``"swot.csv"``; empty for the folder itself.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> data_path("swot.csv").name
    'swot.csv'
    """
    p = DATA_DIR / name
    return p


def _read_str_csv(path: Path) -> pd.DataFrame:
    """A CSV with every column as text; empty cells are ``""`` and ``"NA"`` stays ``"NA"``."""
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")


def load_business_lines() -> pd.DataFrame:
    """The seven business lines of the sample company and their attributes.

    Returns
    -------
    pandas.DataFrame
        ``business_line, name, name_zh, group, headcount, complexity, customer_strictness,
        director``; ``headcount`` (people), ``complexity`` (1 simple .. 5 complex) and
        ``customer_strictness`` (0 none .. 3 clients audit the process) are integers, the
        others strings.

    Examples
    --------
    >>> bl = load_business_lines()
    >>> bl[["business_line", "headcount", "customer_strictness"]].head(3)
             business_line  headcount  customer_strictness
    0        bank-delivery        120                    3
    1  insurance-solutions         80                    2
    2  government-projects         60                    3
    >>> bl.set_index("business_line").loc["internal-tools", "name_zh"]
    '内部工具'
    """
    df = _read_str_csv(data_path("business_lines.csv"))
    for col in ("headcount", "complexity", "customer_strictness"):
        df[col] = df[col].astype("int64")
    return df


def responses_path() -> Path:
    """Folder of the sample's CMMI answers, ready for :func:`maturity.read_responses`.

    It holds one long CSV per wave (``2025-03.csv`` ...) and, for ``internal-tools`` in
    ``2026-03``, one filled respondent workbook per person under
    ``workbooks/2026-03-internal-tools/``.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> sorted(p.name for p in responses_path().glob("*.csv"))
    ['2025-03.csv', '2025-09.csv', '2026-03.csv']
    """
    return data_path("responses")


def workbooks_path() -> Path:
    """Folder of the filled respondent workbooks (``internal-tools``, wave ``2026-03``).

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> workbooks_path().relative_to(DATA_DIR).as_posix()
    'responses/workbooks/2026-03-internal-tools'
    """
    return responses_path() / "workbooks" / "2026-03-internal-tools"


def raw_submission_path() -> Path:
    """The raw ``data-analytics`` submission of ``2026-03`` with deliberate defects.

    Used by the validation demo; ``data/README.md`` lists each defect and its row.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> raw_submission_path().name
    '2026-03_data-analytics_submission.csv'
    """
    return data_path("raw/2026-03_data-analytics_submission.csv")


def load_responses(wave: str | None = None, *, raw: bool = False) -> pd.DataFrame:
    """The sample's long answer files as text, *before* ingestion.

    Parameters
    ----------
    wave : str, optional
        ``"2025-03"``, ``"2025-09"`` or ``"2026-03"``; all waves when None (concatenated in
        time order).
    raw : bool
        Return the raw ``data-analytics`` submission with defects instead (``wave`` must then
        be None or ``"2026-03"``).

    Returns
    -------
    pandas.DataFrame
        ``wave, business_line, respondent, role, project, date, question, answer, comment,
        evidence``, every column a string (``""`` for empty cells, ``"NA"`` kept as the answer
        code). Nothing is validated: hand it to :func:`maturity.read_responses`.
        The respondent workbooks (``internal-tools``, ``2026-03``) are not included; read
        :func:`responses_path` with ``read_responses`` to get every answer.

    Raises
    ------
    ValueError
        Unknown wave.

    Examples
    --------
    >>> df = load_responses("2025-03")
    >>> list(df.columns[:4])
    ['wave', 'business_line', 'respondent', 'role']
    >>> df.business_line.nunique(), bool(df.answer.isin(["0", "1", "2", "3", "4", "NA"]).all())
    (7, True)
    >>> bad = load_responses(raw=True)
    >>> sorted(set(bad.answer) - {"0", "1", "2", "3", "4", "NA"})
    ['2 ', '5', 'Largely implemented', 'yes', '部分实施', '３']
    """
    import pandas as pd

    if raw:
        if wave not in (None, "2026-03"):
            raise ValueError(f"the raw submission is of wave 2026-03, not {wave!r}")
        return _read_str_csv(raw_submission_path())
    if wave is not None and wave not in WAVES:
        raise ValueError(f"unknown wave {wave!r}; the sample has {', '.join(WAVES)}")
    waves = WAVES if wave is None else (wave,)
    frames = [_read_str_csv(responses_path() / f"{w}.csv") for w in waves]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def load_targets_path() -> Path:
    """Target profile of the gap analysis (``data/targets.yaml``).

    Schema: ``default_level`` (int, maturity level for every line), ``lines`` (line ->
    maturity level), ``process_areas`` (process area -> capability level, all lines),
    optional ``line_process_areas`` (line -> process area -> capability level). The same
    targets as rows are in ``data/targets.csv`` (:func:`targets_csv_path`).

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import yaml
    >>> t = yaml.safe_load(load_targets_path().read_text(encoding="utf-8"))
    >>> t["default_level"], t["lines"]["bank-delivery"], t["process_areas"]
    (2, 3, {'REQM': 3, 'PPQA': 3})
    """
    return data_path("targets.yaml")


def targets_csv_path() -> Path:
    """The targets of :func:`load_targets_path` as rows ``business_line, process_area,
    target_level`` (empty ``business_line``: every line; empty ``process_area``: the maturity
    level).

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import pandas as pd
    >>> pd.read_csv(targets_csv_path(), dtype=str, keep_default_na=False).iloc[0].tolist()
    ['', '', '2']
    """
    return data_path("targets.csv")


def swot_path() -> Path:
    """SWOT inputs of the sample company (``data/swot.csv``), for :func:`maturity.read_swot`.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> swot_path().name
    'swot.csv'
    """
    return data_path("swot.csv")


def pmo_responses_path() -> Path:
    """Answers to the ``pmo-process`` model: one wave (``2026-03``), all seven lines.

    Returns
    -------
    pathlib.Path
        The folder ``data/pmo`` (one CSV per wave), for :func:`maturity.read_responses`.

    Examples
    --------
    >>> pmo_responses_path().name
    'pmo'
    """
    return data_path("pmo")


def secure_dev_responses_path() -> Path:
    """Answers to the additive ``secure-dev`` model: waves ``2025-09`` and ``2026-03``, four
    lines.

    Returns
    -------
    pathlib.Path
        The folder ``data/secure-dev`` (one CSV per wave), for
        :func:`maturity.read_responses`.

    Examples
    --------
    >>> secure_dev_responses_path().name
    'secure-dev'
    """
    return data_path("secure-dev")


def followup_log_path() -> Path:
    """The sample company's rollout log "a quarter later" (``data/followup/rollout_log.csv``,
    made by ``data/make_followup.py``), for :func:`maturity.read_log`.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> from maturity.plan.tracking import read_log
    >>> log = read_log(followup_log_path())
    >>> log.events.loc[log.events["event"] == "training_test", "value"].tolist()
    ['4/5', '3/5', '5/5']
    """
    return data_path("followup/rollout_log.csv")


def followup_responses_path() -> Path:
    """The 2026-09 survey wave of the sample's two rollout-wave-1 lines (the re-assessment
    after their pilots; ``data/followup/2026-09.csv``), for :func:`maturity.read_responses`.

    Returns
    -------
    pathlib.Path
        Same columns as the other waves' answer files.

    Examples
    --------
    >>> from maturity.ingest.responses import read_responses
    >>> sorted(read_responses(followup_responses_path(), "cmmi-dev-1.3").responses
    ...        ["business_line"].unique())
    ['government-projects', 'insurance-solutions']
    """
    return data_path("followup/2026-09.csv")
