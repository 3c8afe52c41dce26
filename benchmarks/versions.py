"""The same frames under two pandas versions: ``python -m benchmarks.versions dump|compare``.

``dump --size S|M --out FILE`` reads the benchmark's answers (``benchmarks.generate``; S is the
sample company) with :func:`maturity.ingest.responses.read_responses`, scores them
(:func:`maturity.scoring.score.score`) and runs what ``maturity compare`` writes (``changes``,
``pa_changes``, ``line_comparison``, ``rankings``, ``reliability``, ``disagreement``), then
pickles every frame as plain Python/numpy data (no pandas object, so a file written under
pandas 3 loads under pandas 2.2 and back) with each column's dtype name.

``compare A B`` rebuilds the frames of two dumps and checks each pair with
``pandas.testing.assert_frame_equal(check_exact=True)``. The only normalisation, said here and
printed: text columns (pandas 3's default ``str`` dtype, ``object`` under pandas 2) are compared
as ``object`` columns of the same Python strings (missing values as ``None``), and categorical
columns as their categories in order plus their codes; the dtype names of both sides are
printed next to each other, so a difference other than ``str``/``object`` shows.

``files A B`` compares two output folders (e.g. of ``maturity demo``) file by file: identical
bytes, else for ``.csv`` files the parsed frames (``dtype=str``, exact), else reported.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _plain_column(col: Any) -> dict[str, Any]:
    """A column as plain data: its dtype name and values (numpy for numbers, lists for text)."""
    import numpy as np
    import pandas as pd

    dtype = str(col.dtype)
    if isinstance(col.dtype, pd.CategoricalDtype):
        return {
            "dtype": dtype,
            "kind": "category",
            "categories": _plain_column(pd.Series(col.cat.categories)),
            "ordered": bool(col.cat.ordered),
            "codes": col.cat.codes.to_numpy().astype(np.int64),
        }
    if isinstance(col.dtype, np.dtype) and col.dtype.kind in "biufcmM":
        return {"dtype": dtype, "kind": "numpy", "values": col.to_numpy().copy()}
    if dtype in ("object", "str", "string") or isinstance(col.dtype, pd.StringDtype):
        vals = [None if (v is None or (isinstance(v, float) and v != v) or v is pd.NA) else v
                for v in col.astype(object).tolist()]
        return {"dtype": dtype, "kind": "object", "values": vals}
    # nullable numbers/booleans (Int64, boolean, Float64): values + mask
    return {
        "dtype": dtype,
        "kind": "masked",
        "values": col.to_numpy(dtype=object, na_value=None).tolist(),
    }


def _plain_frame(df: Any) -> dict[str, Any]:
    index = df.index.to_frame(index=False)
    return {
        "columns": [str(c) for c in df.columns],
        "data": [_plain_column(df.iloc[:, i]) for i in range(df.shape[1])],
        "index_names": [str(n) for n in df.index.names],
        "index": [_plain_column(index.iloc[:, i]) for i in range(index.shape[1])],
        "index_kind": type(df.index).__name__,
    }


def _column(plain: dict[str, Any]) -> Any:
    import pandas as pd

    if plain["kind"] == "category":
        cats = _column(plain["categories"])
        return pd.Categorical.from_codes(plain["codes"], ordered=plain["ordered"],
                                         categories=pd.Index(cats, dtype=cats.dtype))
    if plain["kind"] == "numpy":
        return pd.Series(plain["values"])
    if plain["kind"] == "object":
        return pd.Series(plain["values"], dtype=object)
    return pd.Series(plain["values"], dtype=plain["dtype"])


def _frame(plain: dict[str, Any]) -> Any:
    import pandas as pd

    df = pd.DataFrame({i: _column(c) for i, c in enumerate(plain["data"])})
    df.columns = plain["columns"]
    if plain["index_kind"] != "RangeIndex":
        idx = pd.DataFrame({i: _column(c) for i, c in enumerate(plain["index"])})
        df.index = pd.MultiIndex.from_frame(idx, names=plain["index_names"]) if idx.shape[1] > 1 \
            else pd.Index(idx.iloc[:, 0], name=plain["index_names"][0])
    return df


def frames(size: str) -> dict[str, Any]:
    """Every frame of read + score + compare on the benchmark data of ``size``."""
    import pandas as pd

    from benchmarks.generate import default_dir, generate
    from benchmarks.run import _compare
    from maturity.ingest.responses import read_responses
    from maturity.model.load import load_model
    from maturity.scoring.score import score

    data = default_dir(size)
    man = generate(size, data)  # cached: generate once, then dump under each version
    model = load_model(man["model"])
    read = read_responses(data / "answers.csv", model, max_bytes=1 << 42)
    scores = score(read.responses, model)
    out: dict[str, Any] = {"responses": read.responses, "rejected": read.rejected,
                           "notes": read.notes}
    for name, value in vars(scores).items():
        if isinstance(value, pd.DataFrame):
            out[f"scores.{name}"] = value
    for name, value in _compare(read.responses, scores).items():
        out[f"compare.{name}"] = value
    return out


def dump(size: str, path: Path) -> None:
    import numpy
    import pandas

    got = {k: _plain_frame(v) for k, v in frames(size).items()}
    with path.open("wb") as fh:
        pickle.dump({"pandas": pandas.__version__, "numpy": numpy.__version__, "frames": got},
                    fh, protocol=4)
    print(f"{path}: {len(got)} frames (pandas {pandas.__version__}, numpy {numpy.__version__})")


def compare(a: Path, b: Path) -> int:
    from pandas.testing import assert_frame_equal

    da, db = (pickle.loads(p.read_bytes()) for p in (a, b))
    print(f"A: pandas {da['pandas']}, numpy {da['numpy']}; B: pandas {db['pandas']}, "
          f"numpy {db['numpy']} (text columns compared as object; dtypes listed where they differ)")
    bad = 0
    for name in sorted(set(da["frames"]) | set(db["frames"])):
        fa, fb = da["frames"].get(name), db["frames"].get(name)
        if fa is None or fb is None:
            print(f"  {name}: only in {'B' if fa is None else 'A'}")
            bad += 1
            continue
        try:
            assert_frame_equal(_frame(fa), _frame(fb), check_exact=True)
            status = "identical"
        except AssertionError as exc:
            status = "DIFFERENT: " + (_float_gaps(_frame(fa), _frame(fb))
                                      or str(exc).replace("\n", " ")[:300])
            bad += 1
        first = fa["data"][0] if fa["data"] else {"kind": "numpy", "values": []}
        shape = f"{len(first['codes' if first['kind'] == 'category' else 'values'])} rows"
        dt = [f"{c}: {x['dtype']} / {y['dtype']}" for c, x, y
              in zip(fa["columns"], fa["data"], fb["data"], strict=False)
              if x["dtype"] != y["dtype"]]
        print(f"  {name} ({shape}): {status}" + (f"; dtypes A/B {', '.join(dt)}" if dt else ""))
    print("all identical" if not bad else f"{bad} frame(s) differ")
    return 1 if bad else 0


def _float_gaps(a: Any, b: Any) -> str:
    """The float columns that differ: cells, largest absolute difference ('' when another
    column or the shape differs)."""
    import numpy as np

    if a.shape != b.shape or list(a.columns) != list(b.columns):
        return ""
    out = []
    for c in a.columns:
        x, y = a[c], b[c]
        if x.dtype.kind == "f" and y.dtype.kind == "f":
            xv, yv = x.to_numpy(), y.to_numpy()
            d = ~((xv == yv) | (np.isnan(xv) & np.isnan(yv)))
            if d.any():
                out.append(f"{c}: {int(d.sum())} of {len(xv)} cells, max |diff| "
                           f"{np.abs(xv[d] - yv[d]).max():.3g}")
        elif not x.astype(object).equals(y.astype(object)):
            return ""
    return "; ".join(out)


def files(a: Path, b: Path) -> int:
    import pandas as pd
    from pandas.testing import assert_frame_equal

    names = sorted({p.relative_to(a) for p in a.rglob("*") if p.is_file()}
                   | {p.relative_to(b) for p in b.rglob("*") if p.is_file()})
    bad = 0
    for rel in names:
        pa, pb = a / rel, b / rel
        if not pa.exists() or not pb.exists():
            print(f"  {rel}: only in {'B' if not pa.exists() else 'A'}")
            bad += 1
        elif pa.read_bytes() == pb.read_bytes():
            print(f"  {rel}: identical bytes")
        elif rel.suffix == ".csv":
            try:
                assert_frame_equal(pd.read_csv(pa, dtype=str, keep_default_na=False),
                                   pd.read_csv(pb, dtype=str, keep_default_na=False))
                print(f"  {rel}: same frame, different bytes")
            except AssertionError as exc:
                print(f"  {rel}: DIFFERENT: " + str(exc).replace("\n", " ")[:300])
                bad += 1
        else:
            print(f"  {rel}: DIFFERENT bytes")
            bad += 1
    print(f"{len(names)} files, " + ("all identical" if not bad else f"{bad} differ"))
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--size", choices=["S", "M"], default="S")
    d.add_argument("--out", type=Path, required=True)
    for name in ("compare", "files"):
        c = sub.add_parser(name)
        c.add_argument("a", type=Path)
        c.add_argument("b", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        dump(args.size, args.out)
        return 0
    return compare(args.a, args.b) if args.cmd == "compare" else files(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
