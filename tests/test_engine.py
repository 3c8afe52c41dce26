"""maturity._engine, verb by verb, against pandas (groupby, factorize) as the reference.

Each grouped verb is checked once on random inputs (hypothesis: empty input, NaN, one group
and empty groups all drawn) and on hand cases. The ``pandas`` kernel must equal pandas'
grouped result to the last bit; the ``bincount`` kernel sums in row order without
compensation and agrees to a few ulps.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maturity import _engine as E

FAST = settings(max_examples=60, deadline=None)


@st.composite
def grouped(draw, nan=True):  # noqa: ANN001, ANN201
    """(values, group codes, number of groups) with empty groups and, if asked, NaN values."""
    size = draw(st.integers(1, 6))
    n = draw(st.integers(0, 40))
    group = np.array(draw(st.lists(st.integers(0, size - 1), min_size=n, max_size=n)),
                     dtype=np.int64)
    finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
    elem = st.one_of(finite, st.just(float("nan"))) if nan else finite
    values = np.array(draw(st.lists(elem, min_size=n, max_size=n)), dtype=float)
    return values, group, size


def reference(values: np.ndarray, group: np.ndarray, size: int):  # noqa: ANN201
    """pandas' GroupBy over every code 0..size-1 (empty groups included)."""
    cat = pd.Categorical.from_codes(group, categories=range(size))
    return pd.Series(values).groupby(cat, observed=False)


# --------------------------------------------------------------------------------------------
# Grouped verbs


@FAST
@given(grouped())
def test_count_is_groupby_size(case):
    values, group, size = case
    np.testing.assert_array_equal(E.count(group, size), reference(values, group, size).size())
    where = ~np.isnan(values)
    np.testing.assert_array_equal(E.count(group, size, where),
                                  reference(values, group, size).count())


def test_count_in_chunks(monkeypatch):
    """Narrow codes over many rows are counted a chunk at a time: the same counts."""
    rng = np.random.default_rng(0)
    group = rng.integers(0, 3, 1000).astype(np.int8)
    monkeypatch.setattr(E.thresholds, "CHUNK_ROWS", 64)
    assert E.thresholds.use_count_chunks(len(group), 3)
    np.testing.assert_array_equal(E.count(group, 3), np.bincount(group, minlength=3))
    np.testing.assert_array_equal(E.count(group, 5), np.bincount(group, minlength=5))


@FAST
@given(grouped())
def test_sum_is_groupby_sum(case):
    values, group, size = case
    ref = reference(values, group, size).sum().to_numpy()
    np.testing.assert_array_equal(E.sum(values, group, size), ref)  # bit for bit
    np.testing.assert_allclose(E.sum(values, group, size, kernel="bincount"), ref,
                               rtol=1e-12, atol=1e-6)


@FAST
@given(grouped())
def test_mean_is_groupby_mean(case):
    values, group, size = case
    ref = reference(values, group, size).mean().to_numpy()
    np.testing.assert_array_equal(E.mean(values, group, size), ref)
    np.testing.assert_allclose(E.mean(values, group, size, kernel="bincount"), ref,
                               rtol=1e-12, atol=1e-6)


@FAST
@given(grouped(), st.sampled_from([0, 1, 2]))
def test_var_is_groupby_var(case, ddof):
    values, group, size = case
    ref = reference(values, group, size).var(ddof=ddof).to_numpy()
    np.testing.assert_array_equal(E.var(values, group, size, ddof=ddof), ref)
    got = E.var(values, group, size, ddof=ddof, kernel="bincount")
    np.testing.assert_array_equal(np.isnan(got), np.isnan(ref))
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-6)


@FAST
@given(grouped())
def test_moments_are_count_mean_var(case):
    values, group, size = case
    for kernel in ("pandas", "bincount"):
        n, m, v = E.moments(values, group, size, kernel=kernel)
        np.testing.assert_array_equal(n, reference(values, group, size).count())
        np.testing.assert_array_equal(m, E.mean(values, group, size, kernel=kernel))
        np.testing.assert_array_equal(v, E.var(values, group, size, kernel=kernel))


@FAST
@given(grouped(nan=False), st.integers(1, 5))
def test_nunique_is_groupby_nunique(case, n_member):
    values, group, size = case
    member = (np.abs(values).astype(np.int64) % (n_member + 1)) - 1  # -1: missing
    ref = pd.Series(np.where(member >= 0, member, np.nan)).groupby(
        pd.Categorical.from_codes(group, categories=range(size)), observed=False).nunique()
    np.testing.assert_array_equal(E.nunique(member, n_member, group, size), ref)


def test_nunique_hashes_large_spans(monkeypatch):
    monkeypatch.setattr(E.thresholds, "SEEN_TABLE_MAX", 4)
    member, group = np.array([0, 1, 1, 2, -1]), np.array([0, 0, 0, 1, 1])
    np.testing.assert_array_equal(E.nunique(member, 3, group, 3), [2, 1, 0])


@FAST
@given(grouped())
def test_all_and_any_are_groupby_all_any(case):
    values, group, size = case
    mask = values > 0
    cat = pd.Categorical.from_codes(group, categories=range(size))
    gb = pd.Series(mask).groupby(cat, observed=False)
    np.testing.assert_array_equal(E.all(mask, group, size), gb.all())
    np.testing.assert_array_equal(E.any(mask, group, size), gb.any())


def test_verbs_by_hand():
    """Hand cases: one group, an empty group, NaN, empty input."""
    v = np.array([1.0, 2.0, np.nan, 6.0])
    g = np.array([0, 0, 0, 2])
    np.testing.assert_array_equal(E.count(g, 3), [3, 0, 1])
    np.testing.assert_array_equal(E.sum(v, g, 3), [3.0, 0.0, 6.0])
    np.testing.assert_array_equal(E.mean(v, g, 3), [1.5, np.nan, 6.0])
    np.testing.assert_array_equal(E.var(v, g, 3), [0.5, np.nan, np.nan])
    np.testing.assert_array_equal(E.var(v, g, 3, ddof=0), [0.25, np.nan, 0.0])
    np.testing.assert_array_equal(E.all(v > 0, g, 3), [False, True, True])  # NaN > 0 is False
    np.testing.assert_array_equal(E.any(v > 5, g, 3), [False, False, True])
    one = np.zeros(3, dtype=np.int64)
    assert E.mean(np.array([1.0, 2.0, 6.0]), one, 1).tolist() == [3.0]
    assert E.var(np.array([1.0, 2.0, 6.0]), one, 1, kernel="bincount").tolist() == [7.0]
    empty, no = np.zeros(0), np.zeros(0, dtype=np.int64)
    for kernel in ("pandas", "bincount"):
        assert E.sum(empty, no, 2, kernel=kernel).tolist() == [0.0, 0.0]
        assert np.isnan(E.mean(empty, no, 2, kernel=kernel)).all()
        assert np.isnan(E.var(empty, no, 2, kernel=kernel)).all()
    assert E.count(no, 2).tolist() == [0, 0]
    assert E.nunique(no, 3, no, 2).tolist() == [0, 0]
    assert E.all(empty > 0, no, 2).tolist() == [True, True]
    assert E.any(empty > 0, no, 2).tolist() == [False, False]


# --------------------------------------------------------------------------------------------
# Encoding


IDS = st.lists(st.one_of(st.sampled_from(["a", "b", "B", "c", "10", "9"]), st.none()),
               max_size=20)


def _str_dtype() -> pd.StringDtype | None:
    """pandas 3's ``str`` dtype (pandas 2.2: its preview ``string[pyarrow_numpy]`` when
    pyarrow is installed; None without)."""
    try:
        return pd.StringDtype(na_value=np.nan)
    except TypeError:  # pandas 2.2
        try:
            return pd.StringDtype("pyarrow_numpy")
        except ImportError:
            return None


KINDS = ["object", "category"] + (["str"] if _str_dtype() is not None else [])


def _as(values: list, kind: str) -> pd.Series:
    if kind == "object":
        return pd.Series(values, dtype=object)
    if kind == "str":
        return pd.Series(values, dtype=_str_dtype())
    cats = ["c", "b", "z", "a", "B", "10", "9"]  # unsorted, with an unused category
    return pd.Series(pd.Categorical(values, categories=cats))


@FAST
@given(IDS, st.sampled_from(KINDS), st.booleans())
def test_factorize_decodes_to_the_values(values, kind, sort):
    s = _as(values, kind)
    c = E.factorize(s, sort=sort)
    decoded = [None if k < 0 else c.uniques[k] for k in c.codes]
    assert decoded == [None if v is None else v for v in values]
    if sort:
        assert list(c.uniques) == sorted(c.uniques)
        # codes sort like the values (missing first: -1)
        ref, _ = pd.factorize(s.astype(object), sort=True)
        present = c.codes >= 0
        np.testing.assert_array_equal(
            np.argsort(c.codes[present], kind="stable"),
            np.argsort(ref[present], kind="stable"))
    if kind == "category":
        assert c.size == 7  # unused categories keep their code


@FAST
@given(IDS, st.sampled_from(KINDS))
def test_factorize_text_codes_astype_str(values, kind):
    """``text=True``: the codes of the values' texts, as pandas 2's ``astype(str)`` wrote
    them (a missing value is the text 'None' or 'nan', never -1)."""
    s = _as(values, kind)
    c = E.factorize(s, text=True)
    assert (c.codes >= 0).all()
    texts = c.uniques[c.codes] if len(c.codes) else np.zeros(0, dtype=object)
    assert len(set(c.uniques)) == c.size
    expect = ["nan" if kind != "object" and v is None else str(v) for v in values]
    assert list(texts) == expect
    assert c.exact == (kind != "category" and None not in values) or kind == "category"


def test_factorize_text_merges_equal_texts():
    c = E.factorize(pd.Series(["1", 1, None, "b"], dtype=object), text=True)
    assert c.codes.tolist() == [0, 0, 2, 1]
    assert c.uniques.tolist() == ["1", "b", "None"]
    assert not c.exact
    assert E.factorize(pd.Series(["x", "y"], dtype=object), text=True).exact


def test_encode_keeps_the_frame_and_combines_keys():
    f = pd.DataFrame({"wave": ["w2", "w1", "w2", "w2"],
                      "line": pd.Categorical(["b", "a", "b", "a"], categories=["b", "a", "z"])})
    before = f.copy()
    c = E.encode(f, ["wave", "line"], text=True)
    pd.testing.assert_frame_equal(f, before)
    assert list(c) == ["wave", "line"] and c.n_rows == 4 and c.sizes("wave", "line") == (2, 3)
    codes, keys = c.key("wave", "line")
    assert c.key("wave", "line")[0] is codes  # computed once
    w, ln = E.split(keys, 2, 3)
    assert [(c["wave"].uniques[i], c["line"].uniques[j]) for i, j in zip(w[codes], ln[codes],
                                                                            strict=True)] \
        == list(zip(f["wave"], f["line"], strict=True))


def test_categorical_keeps_used_categories_sorted():
    cat = E.categorical(np.array([2, 0, -1, 2], dtype=np.int8),
                        np.array(["b", "z", "a"], dtype=object))
    assert list(cat.categories) == ["a", "b"] and cat.codes.tolist() == [0, 1, -1, 0]
    assert len(E.categorical(np.zeros(0, dtype=np.int8), np.zeros(0, dtype=object))) == 0


@FAST
@given(st.lists(st.integers(-1, 5), max_size=30), st.lists(st.integers(-1, 3), min_size=6,
                                                             max_size=6), st.booleans())
def test_recode_and_categorical_equal_pandas(codes, table, int8):
    """``recode`` (codes through a table, the used codes given) and ``categorical`` give the
    values pandas gives, with only the used categories, sorted; missing stays missing."""
    cats = np.array(["d", "b", "c", "a"], dtype=object)
    codes = np.array(codes, dtype=np.int8 if int8 else np.int64)
    table = np.array(table)
    used = np.zeros(6, dtype=bool)
    used[codes[codes >= 0]] = True
    inner = np.where(codes >= 0, table[np.where(codes >= 0, codes, 0)], -1)
    want = pd.Categorical([cats[i] if i >= 0 else np.nan for i in inner])
    for got in (E.recode(codes, table, cats, used), E.categorical(inner, cats)):
        assert list(got.categories) == sorted(set(want.dropna()))
        pd.testing.assert_extension_array_equal(got, want.set_categories(got.categories),
                                                check_dtype=False)


# --------------------------------------------------------------------------------------------
# Combined keys and runs


CODES = st.integers(1, 4).flatmap(lambda k: st.tuples(
    st.lists(st.integers(1, 5), min_size=k, max_size=k),
    st.integers(0, 30)))


@FAST
@given(CODES, st.data(), st.booleans())
def test_combine_numbers_the_combinations(shape, data, runs):
    sizes, n = shape
    codes = [np.array(data.draw(st.lists(st.integers(0, s - 1), min_size=n, max_size=n)),
                      dtype=np.int64) for s in sizes]
    dc, keys = E.combine(*zip(codes, sizes, strict=True), runs=runs)
    assert len(np.unique(keys)) == len(keys)
    parts = E.split(keys[dc], *sizes) if n else [np.zeros(0)] * len(sizes)
    for p, c in zip(parts, codes, strict=True):
        np.testing.assert_array_equal(p, c)
    ref, _ = pd.factorize(pd.MultiIndex.from_arrays(codes)) if n else (np.zeros(0), None)
    assert len(keys) == (len(np.unique(ref)) if n else 0)
    key, span = E.mixed_key(codes, sizes)
    assert span == int(np.prod(sizes))
    if n:
        np.testing.assert_array_equal(np.sort(keys), np.unique(key))


@FAST
@given(CODES, st.data(), st.booleans())
def test_duplicated_is_pandas_duplicated_keep_false(shape, data, small_tables):
    """Both routes (a table of seen flags; hashing, when the thresholds forbid tables) agree
    with ``DataFrame.duplicated(keep=False)``, with and without copies."""
    sizes, n = shape
    codes = [np.array(data.draw(st.lists(st.integers(0, s - 1), min_size=n, max_size=n)),
                      dtype=np.int8) for s in sizes]
    ref = pd.DataFrame({i: c for i, c in enumerate(codes)}).duplicated(keep=False).to_numpy()
    with pytest.MonkeyPatch.context() as mp:
        if small_tables:
            mp.setattr(E.thresholds, "SEEN_TABLE_MAX", 0)
            mp.setattr(E.thresholds, "DENSE_TABLE_MAX", 0)
        got = E.duplicated(*zip(codes, sizes, strict=True))
    assert got.dtype == bool
    np.testing.assert_array_equal(got, ref)


def test_combine_hashes_large_key_spaces(monkeypatch):
    monkeypatch.setattr(E.thresholds, "DENSE_TABLE_MAX", 1)
    dc, keys = E.combine((np.array([1, 0, 1]), 2), (np.array([2, 2, 2]), 3))
    assert dc.tolist() == [0, 1, 0] and keys.tolist() == [5, 2]  # first appearance


def test_mixed_key_renumbers_before_overflow(monkeypatch):
    monkeypatch.setattr(E.thresholds, "KEY_MAX_SPAN", 8)
    key, span = E.mixed_key([np.array([3, 0, 3]), np.array([1, 2, 0])], [4, 3])
    assert span == 6 and key.tolist() == [4, 2, 3]  # (0, 2) < (3, 0) < (3, 1), order kept


@FAST
@given(st.lists(st.integers(0, 50), max_size=40))
def test_dense_tally_and_pairs(keys):
    key = np.array(keys, dtype=np.int64)
    for table in (True, False):
        with pytest.MonkeyPatch.context() as mp:
            if not table:
                mp.setattr(E.thresholds, "DENSE_TABLE_MAX", 0)
                mp.setattr(E.thresholds, "SEEN_TABLE_MAX", 0)
            codes, uniq = E.dense(key, 51)
            ref_codes, ref_uniq = pd.factorize(key, sort=True)
            np.testing.assert_array_equal(codes, ref_codes)
            np.testing.assert_array_equal(uniq, ref_uniq)
            present, n = E.tally(key, 51)
            ref = pd.Series(key, dtype=np.int64).value_counts().sort_index()
            np.testing.assert_array_equal(present, ref.index)
            np.testing.assert_array_equal(n, ref.to_numpy())
            pairs = E.distinct_pairs(key // 10, 6, key % 10, 10)
            np.testing.assert_array_equal(pairs, np.unique(key))


@FAST
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(1, 9)), max_size=12))
def test_factorize_runs_is_factorize(runs):
    key = np.repeat([k for k, _ in runs], [n for _, n in runs]).astype(np.int64)
    codes, uniq = E.factorize_runs(key)
    ref_codes, ref_uniq = pd.factorize(key)
    np.testing.assert_array_equal(codes, ref_codes)
    np.testing.assert_array_equal(uniq, ref_uniq)
    starts = E.run_starts(key)
    lengths = E.run_lengths(starts, len(key))
    assert lengths.sum() == len(key) and (lengths > 0).all()


@FAST
@given(st.lists(st.tuples(st.integers(1, 6), st.floats(-100, 100, allow_nan=False)),
                max_size=12), st.data())
def test_run_means_are_groupby_means(runs, data):
    lengths = [n for n, _ in runs]
    values = np.array(data.draw(st.lists(st.floats(-1e3, 1e3, allow_nan=False),
                                         min_size=sum(lengths), max_size=sum(lengths))))
    starts = np.cumsum([0] + lengths[:-1]).astype(np.int64) if runs else np.zeros(0, np.int64)
    group = np.repeat(np.arange(len(runs)), lengths)
    ref = pd.Series(values).groupby(group).mean().to_numpy()
    np.testing.assert_array_equal(E.run_means(values, starts), ref)


def test_run_starts_of_several_arrays():
    a, b = np.array([1, 1, 1, 2]), np.array([0, 0, 1, 1])
    assert E.run_starts(a, b).tolist() == [0, 2, 3]
    assert E.run_starts(np.zeros(0)).tolist() == []


# --------------------------------------------------------------------------------------------
# Switches and chunking


def test_every_switch_reads_its_constant():
    assert E.use_table(E.DENSE_TABLE_MIN, 0)
    assert not E.use_table(E.DENSE_TABLE_MIN + 1, 0)
    assert E.use_table(E.DENSE_TABLE_MIN * 2, E.DENSE_TABLE_MIN)
    assert not E.use_table(E.DENSE_TABLE_MAX + 1, E.DENSE_TABLE_MAX)
    assert E.use_seen_table(E.SEEN_TABLE_MAX) and not E.use_seen_table(E.SEEN_TABLE_MAX + 1)
    assert E.use_runs(25, 100) and not E.use_runs(26, 100)
    assert E.code_dtype(127) == np.int8 and E.code_dtype(128) == np.int16
    assert E.index_dtype((1 << 31) - 1) == np.int32 and E.index_dtype(1 << 31) == np.int64


@pytest.mark.parametrize(("n", "size", "expect"), [
    (0, 3, []), (3, 3, [(0, 3)]), (7, 3, [(0, 3), (3, 6), (6, 7)]), (2, 0, [(0, 1), (1, 2)]),
])
def test_chunks(n, size, expect):
    assert [(s.start, s.stop) for s in E.chunks(n, size)] == expect


# --- added by the compare helper ---
# positions, sort_rows, run_chunks, run_codes, chunked, first_valid, value_codes: each against
# its numpy / pandas reference, with the chunk size shrunk so every batch boundary is crossed.


@FAST
@given(st.lists(st.booleans(), max_size=30))
def test_positions_are_flatnonzero(mask):
    m = np.array(mask, dtype=bool)
    for chunk in (3, E.CHUNK_ROWS):
        saved, E.CHUNK_ROWS = E.CHUNK_ROWS, chunk
        try:
            got = E.positions(m)
        finally:
            E.CHUNK_ROWS = saved
        np.testing.assert_array_equal(got, np.flatnonzero(m))
        assert got.dtype == np.int32


@FAST
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(0, 1)), max_size=30),
       st.booleans())
def test_sort_rows_is_a_stable_lexsort(rows, presorted):
    if presorted:  # sorted by the leading column only: sorted in batches of its blocks
        rows = sorted(rows, key=lambda r: r[0])
    codes = [np.array([r[i] for r in rows], dtype=np.int64) for i in range(3)]
    ref = np.lexsort(codes[::-1]) if rows else np.zeros(0, dtype=np.int64)
    for chunk in (2, E.CHUNK_ROWS):
        saved, E.CHUNK_ROWS = E.CHUNK_ROWS, chunk
        try:
            got = np.arange(len(rows))
            E.sort_rows(codes, [3, 4, 2], got)
        finally:
            E.CHUNK_ROWS = saved
        np.testing.assert_array_equal(got, ref)  # lexsort is stable: ties keep their order


@FAST
@given(st.lists(st.integers(1, 5), max_size=12))
def test_run_chunks_hold_whole_runs(lengths):
    lengths = np.array(lengths, dtype=np.int64)
    n = int(lengths.sum())
    starts = np.cumsum(lengths) - lengths
    saved, E.CHUNK_ROWS = E.CHUNK_ROWS, 4
    try:
        parts = E.run_chunks(starts, n)
    finally:
        E.CHUNK_ROWS = saved
    assert [p[2] for p in parts[1:]] == [p[3] for p in parts[:-1]]  # consecutive runs
    if not n:
        assert parts == []
    else:
        assert (parts[0][0], parts[0][2]) == (0, 0)
        assert (parts[-1][1], parts[-1][3]) == (n, starts.size)
    for lo, hi, r_lo, r_hi in parts:
        assert lo == starts[r_lo] and hi == (starts[r_hi] if r_hi < starts.size else n)
        codes = E.run_codes(starts[r_lo:r_hi] - lo, hi - lo)
        np.testing.assert_array_equal(codes, np.repeat(np.arange(r_hi - r_lo), lengths[r_lo:r_hi]))


@FAST
@given(grouped(), st.sampled_from(["sum", "mean", "var", "std"]))
def test_chunked_is_groupby_in_chunks(case, verb):
    values, group, size = case
    order = np.argsort(group, kind="stable")  # each group's rows together, in row order
    values, group = values[order], group[order]
    ref = getattr(reference(values, group, size), verb)().to_numpy()
    present = np.bincount(group, minlength=size) > 0
    ref = np.where(present, ref, np.nan)  # a group no part holds: NaN
    # one part per present group
    parts = [(values[group == g], np.zeros(int((group == g).sum()), dtype=np.int64), g, 1)
             for g in np.flatnonzero(present)]
    np.testing.assert_array_equal(E.chunked(verb, size, parts), ref)


def test_first_valid_is_groupby_first():
    codes = np.array([-1, 3, 2, -1, -1, 0, 1])
    starts = np.array([0, 3, 5])
    ref = (pd.Series(np.where(codes >= 0, codes, np.nan))
           .groupby(np.repeat([0, 1, 2], [3, 2, 2])).first().to_numpy())
    got = E.first_valid(codes, starts)
    np.testing.assert_array_equal(got, np.nan_to_num(ref, nan=-1).astype(np.int64))
    np.testing.assert_array_equal(E.first_valid(np.array([4, 5]), np.array([0, 1])), [4, 5])


@pytest.mark.parametrize("x", [
    [3.0, 1.0, 3.0, 2.0], [0.0, 4.0], [2.5, 1.0, 2.5], [1.0, 100.0], [], [-3.0, -1.0],
])
def test_value_codes_decode_to_the_values(x):
    x = np.array(x, dtype=float)
    codes, vals = E.value_codes(x)
    np.testing.assert_array_equal(vals[codes], x)
    assert (np.diff(vals) > 0).all()  # sorted: codes order as the values
# --- added by the ingest helper ---


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", "é", "1"])),
                         max_size=6), min_size=1, max_size=4))
def test_concat_codes_is_factorize_of_the_whole_column(pieces):
    # the pieces factorised one by one, then combined, give pd.factorize of the whole column
    coded = [E.factorize(np.array(p, dtype=object)) for p in pieces]
    got = E.concat_codes(coded)
    whole = np.array([v for p in pieces for v in p], dtype=object)
    codes, uniques = pd.factorize(whole, use_na_sentinel=True)
    assert got.codes.tolist() == codes.tolist()
    assert got.uniques.tolist() == list(uniques)
    assert got.codes.dtype == E.code_dtype(len(uniques))


def test_concat_codes_of_no_piece_and_of_categoricals():
    assert E.concat_codes([]).codes.tolist() == []
    a = E.factorize(pd.Categorical(["y", "x"], categories=["x", "y", "unused"]))
    b = E.factorize(pd.Categorical(["z", None]))
    got = E.concat_codes([a, b])  # a categorical's unused categories stay codes
    assert got.uniques.tolist() == ["x", "y", "unused", "z"]
    assert got.codes.tolist() == [1, 0, 3, -1]
