"""Time each stage of the pipeline against its floor: ``python -m benchmarks.run --size S|M|L``.

``--timeout SECONDS`` stops a stage run (and the processes it started) after that long; the
table's note then reads "timed out after N s".

Every stage (and every floor) runs in a fresh Python subprocess, once per ``--repeat``: the
process loads its inputs (untimed; cached in the data folder by the earlier stages), resets its
peak-memory counter (``/proc/self/clear_refs``), runs the stage, and reports the wall time and
``VmHWM`` (peak resident memory) from ``/proc/self/status``. The table gives the median wall time,
the peak RSS of the stage process and how much it grew during the stage, answers per second and
the ratio of the stage to its floor:

========================  ========================================================================
stage                     floor
========================  ========================================================================
``read_csv``              ``floor_read_csv``: ``pd.read_csv`` of the same file, nothing else;
                          the note gives the ratio to ``floor_pyarrow_pandas``: pyarrow's
                          dictionary-encoded read of the same file (``floor_pyarrow``) plus its
                          conversion to pandas categoricals; ``floor_polars`` and
                          ``floor_duckdb`` (categorical / dictionary-encoded reads of the same
                          file) run when Polars / DuckDB are importable (benchmark only)
``validate``              ``floor_read_csv`` (``ingest.validate_raw`` on the parsed rows)
``score``                 ``floor_groupby``: ``groupby([wave, business_line, question]).value
                          .agg(["mean", "std", "count"])`` on the long frame with categorical ids
                          (``observed=True, sort=False``); ``floor_groupby_object`` is the same
                          on the ``responses`` frame as read (object ids), for reference
``gap`` / ``roadmap`` /   ``floor_groupby`` (for scale only; they work on the scores, not answers)
``compare`` / ``report``
``read_workbooks``        ``floor_calamine``: python-calamine reading the ``Answers`` sheet of the
                          same workbooks, a process per core
``pipeline``              read CSV + score + gap + compare in one process: its peak RSS is compared
                          with the long frame's in-memory size (categorical ids, int8 answers)
``import``                ``import maturity`` in a fresh interpreter (target 0.5 s)
``notebooks``             every ``notebooks/*.ipynb`` executed with nbclient (S only; target 60 s)
========================  ========================================================================

The table is printed and written as ``bench_<size>.csv`` in ``--out`` (default: the data folder).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FLOOR_OF = {
    "read_csv": "floor_read_csv",
    "validate": "floor_read_csv",
    "score": "floor_groupby",
    "gap": "floor_groupby",
    "roadmap": "floor_groupby",
    "compare": "floor_groupby",
    "report": "floor_groupby",
    "read_workbooks": "floor_calamine",
}
STAGES = [
    "import",
    "floor_read_csv",
    "floor_pyarrow",
    "floor_pyarrow_pandas",
    "floor_polars",
    "floor_duckdb",
    "read_csv",
    "validate",
    "floor_groupby",
    "floor_groupby_object",
    "score",
    "gap",
    "roadmap",
    "compare",
    "report",
    "floor_calamine",
    "read_workbooks",
    "pipeline",
    "notebooks",
]
ONCE = {"import", "pipeline", "notebooks"}
BIG = 1 << 42


# --------------------------------------------------------------------------------------------
# Memory of this process


def _status(key: str) -> float:
    """A ``/proc/self/status`` field in MB (0 where unavailable)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # resets VmHWM to the current RSS (Linux >= 4.0)
    except OSError:
        pass


# --------------------------------------------------------------------------------------------
# Cached inputs (untimed)


def _manifest(data: Path) -> dict[str, Any]:
    return json.loads((data / "manifest.json").read_text())


def _model(man: dict[str, Any]):
    from maturity.model.load import load_model

    return load_model(man["model"])


def _save_responses(resp, path: Path) -> None:
    """Pickle the responses as read (categorical text columns: fast and small)."""
    with path.open("wb") as fh:
        pickle.dump(resp, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _load_responses(data: Path, as_object: bool = False):
    """The cached ``responses`` frame as ``read_responses`` gives it (categorical ids); with
    ``as_object``, every categorical column as Python strings (the pre-categorical contract,
    for the reference floor)."""
    import pandas as pd

    with (data / "responses.pkl").open("rb") as fh:
        df = pickle.load(fh)
    for c in df.columns:  # a cache written before the categorical contract
        if not as_object and df[c].dtype == object:
            df[c] = df[c].astype("category")
        elif as_object and isinstance(df[c].dtype, pd.CategoricalDtype):
            df[c] = df[c].astype(object)
    return df


def _load(data: Path, name: str):
    with (data / f"{name}.pkl").open("rb") as fh:
        return pickle.load(fh)


def _dump(obj: Any, data: Path, name: str) -> None:
    tmp = data / f".{name}.pkl.tmp"
    with tmp.open("wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(data / f"{name}.pkl")


def long_frame(resp):
    """The long frame at its smallest: categorical ids, int8 answer codes (-1 = NA/NY)."""
    import numpy as np
    import pandas as pd

    out = pd.DataFrame(
        {c: resp[c].astype("category") for c in ["wave", "business_line", "respondent", "question"]}
    )
    v = resp["value"].to_numpy(dtype=float)
    out["answer"] = np.where(np.isnan(v), -1, v).astype(np.int8)
    return out


def _lines_frame(resp):
    """Business-line attributes for the roadmap: the sample's file, or seeded ones."""
    import numpy as np
    import pandas as pd

    lines = sorted(resp["business_line"].astype(str).unique())
    sample = pd.read_csv(ROOT / "data" / "business_lines.csv", dtype=str, keep_default_na=False)
    if set(lines) <= set(sample["business_line"]):
        return sample
    rng = np.random.default_rng(0)
    n = len(lines)
    return pd.DataFrame(
        {
            "business_line": lines,
            "name": [x.replace("-", " ").title() for x in lines],
            "name_zh": "",
            "group": [f"Group {i % 10 + 1}" for i in range(n)],
            "headcount": rng.integers(20, 300, n),
            "complexity": rng.integers(1, 6, n),
            "customer_strictness": rng.integers(1, 4, n),
            "director": [f"Director {i + 1}" for i in range(n)],
        }
    )


# --------------------------------------------------------------------------------------------
# Stages: each returns (prepare, run, after) where prepare is untimed


def _compare(resp, scores) -> dict[str, Any]:
    from maturity.compare.reliability import disagreement, reliability
    from maturity.compare.trends import changes, line_comparison, pa_changes, rankings

    return {
        "changes": changes(resp, scores.maturity),
        "pa_changes": pa_changes(scores.process_areas),
        "line_comparison": line_comparison(resp),
        "rankings": rankings(scores.maturity),
        "reliability": reliability(resp),
        "disagreement": disagreement(resp),
    }


def _stage(
    name: str, data: Path, man: dict[str, Any], workers: int
) -> tuple[Callable[[], Any], Callable[[Any], None]]:
    """(timed function, untimed follow-up on its result) for a stage; inputs are loaded here."""
    csv = data / "answers.csv"
    nothing: Callable[[Any], None] = lambda r: None  # noqa: E731

    if name == "floor_read_csv":
        import pandas as pd

        return (lambda: pd.read_csv(csv)), nothing
    if name in ("floor_pyarrow", "floor_pyarrow_pandas", "floor_polars", "floor_duckdb"):
        with csv.open(encoding="utf-8-sig") as fh:
            names = fh.readline().rstrip("\r\n").split(",")
    if name in ("floor_pyarrow", "floor_pyarrow_pandas"):
        import pyarrow as pa
        import pyarrow.csv as pv

        text = pa.dictionary(pa.int32(), pa.string())
        opts = pv.ConvertOptions(column_types={c: text for c in names},
                                 strings_can_be_null=False)

        def read_arrow() -> Any:
            table = pv.read_csv(csv, convert_options=opts)
            return table.to_pandas() if name == "floor_pyarrow_pandas" else table

        return read_arrow, nothing
    if name == "floor_polars":
        import polars as pl

        cat = {c: pl.Categorical for c in names}
        return (lambda: pl.read_csv(csv, infer_schema=False, schema_overrides=cat)), nothing
    if name == "floor_duckdb":
        import duckdb

        return (lambda: duckdb.sql(f"SELECT * FROM read_csv('{csv}', all_varchar=true)")
                .fetch_arrow_table()), nothing
    if name == "read_csv":
        from maturity.ingest.responses import read_responses

        model = _model(man)

        def after(r: Any) -> None:
            if not (data / "responses.pkl").exists():
                _save_responses(r.responses, data / "responses.pkl")

        return (lambda: read_responses(csv, model, max_bytes=BIG)), after
    if name == "validate":
        from maturity.ingest.csv import read_csv_part
        from maturity.ingest.validate import validate_raw

        model = _model(man)
        raw = read_csv_part(csv, str(csv)).raw
        return (lambda: validate_raw(raw, model)), nothing
    if name in ("floor_groupby", "floor_groupby_object"):
        import numpy as np

        resp = _load_responses(data, as_object=name == "floor_groupby_object")
        keys = ["wave", "business_line", "question"]
        if name == "floor_groupby":
            df = resp[keys].copy()
            df["value"] = resp["value"].astype(np.float32)
            del resp
            return (
                lambda: df.groupby(keys, observed=True, sort=False)["value"].agg(
                    ["mean", "std", "count"]
                )
            ), nothing
        return (lambda: resp.groupby(keys)["value"].agg(["mean", "std", "count"])), nothing
    if name == "score":
        from maturity.scoring.score import score

        model = _model(man)
        resp = _load_responses(data)

        def after_score(s: Any) -> None:
            if not (data / "scores.pkl").exists():
                _dump(s, data, "scores")

        return (lambda: score(resp, model)), after_score
    if name == "gap":
        from maturity.plan.gap import gap_analysis

        scores = _load(data, "scores")
        resp = _load_responses(data)
        targets = data / "targets.yaml"

        def after_gap(g: Any) -> None:
            if not (data / "gaps.pkl").exists():
                _dump(g, data, "gaps")

        return (lambda: gap_analysis(scores, targets, responses=resp)), after_gap
    if name == "roadmap":
        from maturity.plan.roadmap import plan_roadmap, read_lines

        scores = _load(data, "scores")
        gaps = _load(data, "gaps")
        lines = read_lines(_lines_frame(scores.maturity))
        return (lambda: plan_roadmap(scores.maturity, gaps.line_gaps, gaps.backlog, lines)), nothing
    if name == "compare":
        scores = _load(data, "scores")
        resp = _load_responses(data)
        return (lambda: _compare(resp, scores)), nothing
    if name == "report":
        import inspect
        import tempfile

        from maturity.report import write_report  # ImportError: not available yet

        scores = _load(data, "scores")
        gaps = _load(data, "gaps")
        out = Path(tempfile.mkdtemp(prefix="bench-report-"))
        params = inspect.signature(write_report).parameters
        kw = {k: v for k, v in {"scores": scores, "gaps": gaps}.items() if k in params}
        return (
            lambda: write_report(out=out, **kw) if "out" in params else write_report(out, **kw)
        ), nothing
    if name == "floor_calamine":
        files = sorted(str(p) for p in (data / "workbooks").rglob("*.xlsx"))

        def run() -> int:
            if workers > 1 and len(files) > 1:
                from concurrent.futures import ProcessPoolExecutor

                with ProcessPoolExecutor(max_workers=workers) as pool:
                    return sum(
                        pool.map(
                            _calamine_rows, files, chunksize=max(1, len(files) // (8 * workers))
                        )
                    )
            return sum(map(_calamine_rows, files))

        return run, nothing
    if name == "read_workbooks":
        from maturity.ingest.responses import read_responses

        model = _model(man)
        return (lambda: read_responses(data / "workbooks", model, workers=workers)), nothing
    if name == "pipeline":
        import maturity.compare.reliability  # noqa: F401 - imported before the peak is reset
        import maturity.compare.trends  # noqa: F401
        from maturity.ingest.responses import read_responses
        from maturity.plan.gap import gap_analysis
        from maturity.scoring.score import score

        model = _model(man)

        def pipe() -> None:
            r = read_responses(csv, model, max_bytes=BIG)
            s = score(r.responses, model)
            gap_analysis(s, data / "targets.yaml", responses=r.responses)
            _compare(r.responses, s)

        return pipe, nothing
    if name == "notebooks":
        import nbformat
        from nbclient import NotebookClient

        books = sorted((ROOT / "notebooks").glob("*.ipynb"))

        def run_books() -> int:
            for b in books:
                nb = nbformat.read(b, as_version=4)
                NotebookClient(
                    nb,
                    timeout=600,
                    kernel_name="python3",
                    resources={"metadata": {"path": str(b.parent)}},
                ).execute()
            return len(books)

        return run_books, nothing
    raise ValueError(f"unknown stage {name!r}")


def _calamine_rows(path: str) -> int:
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(path)
    try:
        return len(wb.get_sheet_by_name("Answers").to_python(skip_empty_area=False))
    finally:
        wb.close()


def worker(name: str, data: Path, workers: int) -> dict[str, Any]:
    """Run one stage in this (fresh) process; the result as a dict."""
    if name == "import":
        code = (
            "import time; t = time.perf_counter(); import maturity; print(time.perf_counter() - t)"
        )
        full = (
            "import time; t = time.perf_counter(); import maturity; from maturity import "
            "read_responses, score, gap_analysis; print(time.perf_counter() - t)"
        )
        t1 = float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        t2 = float(
            subprocess.run(
                [sys.executable, "-c", full], capture_output=True, text=True, check=True
            ).stdout
        )
        return {
            "stage": name,
            "wall_s": t1,
            "peak_mb": 0.0,
            "base_mb": 0.0,
            "n_answers": 0,
            "note": f"import maturity + read_responses, score, gap_analysis: {t2:.2f} s",
        }
    man = _manifest(data)
    run, after = _stage(name, data, man, workers)
    if not name.startswith("floor"):  # imports are timed by the import stage, not here
        import maturity.compare.stats  # noqa: F401 - scipy.stats, imported lazily at the first interval
    import gc

    gc.collect()
    base = _status("VmRSS")
    _reset_peak()
    t0 = time.perf_counter()
    result = run()
    wall = time.perf_counter() - t0
    peak = _status("VmHWM")
    after(result)
    out = {"stage": name, "wall_s": wall, "peak_mb": peak, "base_mb": base, "note": ""}
    if name == "read_csv" or name == "read_workbooks":
        out["note"] = (
            f"{len(result.responses)} accepted, {len(result.rejected)} rejected, "
            f"{len(result.notes)} notes"
        )
        out["n_answers"] = len(result.responses) + len(result.rejected)
    if name == "floor_groupby":
        resp = _load_responses(data)
        out["long_frame_mb"] = float(long_frame(resp).memory_usage(deep=True).sum()) / 2**20
        out["responses_mb"] = float(resp.memory_usage(deep=True).sum()) / 2**20
        out["n_answers"] = len(resp)
    return out


# --------------------------------------------------------------------------------------------
# Driver


def _run_stage(
    name: str, data: Path, workers: int, timeout: float | None = None
) -> dict[str, Any] | None:
    """Run one stage in a fresh process; stopped (with its children) after ``timeout`` s."""
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.run",
        "--worker",
        name,
        "--data",
        str(data),
        "--workers",
        str(workers),
    ]
    # own session, so a timeout stops the stage's children too (e.g. the report's Chromium)
    with subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            import signal

            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
            msg = f"timed out after {timeout:g} s"
            print(f"  {name}: {msg}", file=sys.stderr)
            return {"stage": name, "error": msg, "timed_out": timeout}
    p = subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)
    if p.returncode != 0:
        err = (p.stderr.strip().splitlines() or ["?"])[-1]
        print(f"  {name}: failed: {err}", file=sys.stderr)
        return {"stage": name, "error": err[:200]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def machine() -> dict[str, str]:
    import numpy
    import pandas

    try:
        mem = (
            subprocess.run(["free", "-h"], capture_output=True, text=True)
            .stdout.split("\n")[1]
            .split()[1]
        )
    except (OSError, IndexError):
        mem = "?"
    return {
        "nproc": str(os.cpu_count()),
        "memory": mem,
        "python": platform.python_version(),
        "pandas": pandas.__version__,
        "numpy": numpy.__version__,
        "platform": platform.platform(),
    }


def table(rows: list[dict[str, Any]]) -> str:
    cols = [
        "stage",
        "floor",
        "runs",
        "wall_s",
        "min_s",
        "peak_mb",
        "stage_mb",
        "answers_per_s",
        "x_floor",
        "note",
    ]
    head = [
        "stage",
        "floor",
        "runs",
        "wall s (median)",
        "min s",
        "peak RSS MB",
        "+MB in stage",
        "answers/s",
        "x floor",
        "note",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = []
        for c in cols:
            v = r.get(c, "")
            if isinstance(v, float):
                if c == "answers_per_s":
                    v = f"{v:,.0f}"
                elif c == "x_floor":
                    v = f"{v:.2f}x"
                else:
                    v = f"{v:.3f}" if r["stage"] == "import" and c.endswith("_s") else f"{v:.2f}"
            cells.append(str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Time each stage of the pipeline against its floor.")
    ap.add_argument("--size", choices=["S", "M", "L"], default="S")
    ap.add_argument("--repeat", type=int, default=None, help="runs per stage (default 3; L: 1)")
    ap.add_argument("--out", type=Path, default=None, help="folder for bench_<size>.csv")
    ap.add_argument("--data", type=Path, default=None, help="data folder (default: generated)")
    ap.add_argument("--lines", type=int, default=None, help="business lines (a fraction of L)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--stages", default=None, help="comma-separated subset of " + ",".join(STAGES))
    ap.add_argument(
        "--workers",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="processes for workbook reading (ours and calamine's)",
    )
    ap.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="stop a stage run after SECONDS (the table then says 'timed out after N s')",
    )
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.worker:
        print(json.dumps(worker(a.worker, a.data, a.workers)))
        return 0

    from benchmarks.generate import generate

    t0 = time.perf_counter()
    man = generate(a.size, a.data, seed=a.seed, lines=a.lines)
    data = Path(man["folder"])
    print(
        f"data: {data} (generated in {man.get('generate_s', 0)} s; now ready in "
        f"{time.perf_counter() - t0:.1f} s)"
    )
    repeat = a.repeat or (1 if a.size == "L" else 3)
    stages = (
        a.stages.split(",")
        if a.stages
        else [s for s in STAGES if s != "notebooks" or a.size == "S"]
    )
    mach = machine()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in mach.items()))
    results: dict[str, dict[str, Any]] = {}
    n_answers = None
    for name in stages:
        runs = []
        for i in range(1 if name in ONCE else repeat):
            r = _run_stage(name, data, a.workers, a.timeout)
            if r is None or "error" in r:
                results[name] = {"stage": name, "runs": 0, "note": (r or {}).get("error", "failed")}
                break
            runs.append(r)
            print(
                f"  {name} run {i + 1}: {r['wall_s']:.2f} s, peak {r['peak_mb']:.0f} MB", flush=True
            )
        if not runs:
            continue
        walls = [r["wall_s"] for r in runs]
        res = dict(runs[0])
        res.update(
            runs=len(runs),
            wall_s=statistics.median(walls),
            min_s=min(walls),
            peak_mb=max(r["peak_mb"] for r in runs),
            stage_mb=max(r["peak_mb"] - r["base_mb"] for r in runs),
        )
        if name == "read_csv":
            n_answers = res.get("n_answers")
        results[name] = res
    n = n_answers or man.get("n_rows") or results.get("floor_groupby", {}).get("n_answers") or 0
    rows = []
    for name in stages:
        r = results.get(name)
        if r is None:
            continue
        r["floor"] = FLOOR_OF.get(name, "")
        count = r.get("n_answers", n)
        if name == "read_workbooks":
            count = r.get("n_answers")
        if count and r.get("wall_s") and name not in ("import", "notebooks"):
            r["answers_per_s"] = count / r["wall_s"]
        f = results.get(r["floor"])
        if f and f.get("wall_s") and r.get("wall_s"):
            r["x_floor"] = r["wall_s"] / f["wall_s"]
        pa_floor = results.get("floor_pyarrow_pandas", {}).get("wall_s")
        if name == "read_csv" and pa_floor and r.get("wall_s"):
            r["note"] = (f"{r.get('note', '')}; {r['wall_s'] / pa_floor:.2f}x pyarrow's "
                         f"dictionary read + conversion to pandas categoricals").lstrip("; ")
        if name == "score" and results.get("floor_groupby_object", {}).get("wall_s"):
            r["note"] = (
                f"{r['wall_s'] / results['floor_groupby_object']['wall_s']:.2f}x the "
                f"object-id groupby"
            )
        if name == "pipeline" and results.get("floor_groupby", {}).get("long_frame_mb"):
            lf = results["floor_groupby"]["long_frame_mb"]
            rf = results["floor_groupby"].get("responses_mb") or float("nan")
            r["note"] = (
                f"grew {r['stage_mb'] / rf:.1f}x the responses frame ({rf:.0f} MB), "
                f"{r['stage_mb'] / lf:.1f}x the minimal long frame ({lf:.0f} MB)"
            )
        if name == "floor_groupby" and r.get("long_frame_mb"):
            r["note"] = (
                f"minimal long frame {r['long_frame_mb']:.0f} MB (4 categorical ids, int8 "
                f"answers); responses frame {r.get('responses_mb', float('nan')):.0f} MB"
            )
        rows.append(r)
    print()
    print(
        f"size {a.size}: {n:,} answers, {man.get('n_workbooks', 0)} workbooks, model "
        f"{Path(str(man['model'])).name}, median of {repeat} run(s)"
    )
    print(table(rows))
    out = a.out or data
    out.mkdir(parents=True, exist_ok=True)
    import csv

    path = out / f"bench_{a.size}.csv"
    cols = [
        "size",
        "stage",
        "floor",
        "runs",
        "wall_s",
        "min_s",
        "peak_mb",
        "stage_mb",
        "answers_per_s",
        "x_floor",
        "note",
        *mach,
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({**r, "size": a.size, **mach})
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
