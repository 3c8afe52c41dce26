"""Tests of the trends plots and of ``maturity compare`` on small synthetic frames that follow
the ARCHITECTURE contracts (the functions: tests/test_changes.py, test_lines.py,
test_respondents.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from _compare_frames import W1, W2, W3, make_maturity

from maturity.compare.trends import (
    CHANGES_COLUMNS,
    LINE_COMPARISON_COLUMNS,
)
from maturity.exceptions import InputError


def test_plots_return_axes_and_do_not_mutate():
    import matplotlib.pyplot as plt

    from maturity.plots.trends import plot_index_trend, plot_slope, plot_small_multiples

    mat = make_maturity([(W1, "a", 1, 1.4), (W2, "a", 2, 2.1), (W1, "b", 2, 2.3),
                         (W2, "b", 2, 2.6)]).assign(ci_low=lambda d: d.maturity_index - 0.2,
                                                    ci_high=lambda d: d.maturity_index + 0.2)
    ch = pd.DataFrame({"business_line": ["a", "b"], "wave_from": W1, "wave_to": W2,
                       "p_value": [0.01, 0.4]})
    before = mat.copy()
    fig, ax = plt.subplots()
    assert plot_index_trend(mat, ch, ax=ax, linewidth=3) is ax
    pd.testing.assert_frame_equal(mat, before)
    assert [t.get_text() for t in ax.texts] == ["*"]  # only line a changed significantly
    assert ax.lines[0].get_linewidth() == 3
    pa = pd.DataFrame({"wave": [W1, W1, W2, W2], "business_line": "a",
                       "process_area": ["PP", "REQM"] * 2, "capability_level": [1, 2, 2, 2],
                       "score": [1.5, 2.5, 2.4, 2.2]})
    ax2 = plot_slope(pa, W1, W2)
    assert ax2.get_title().startswith("all lines (mean)")
    colours = [line.get_color() for line in ax2.lines]
    assert colours == ["#2e7d32", "#c62828"]  # PP up, REQM down
    axes = plot_small_multiples(pa, value="capability_level")
    assert len(axes) == 2 and axes[0].figure is axes[1].figure
    with pytest.raises(InputError, match="no rows"):
        plot_slope(pa, W1, W2, business_line="zzz")
    plt.close("all")


def test_compare_command_on_sample(tmp_path, capsys):
    from maturity.cli import main
    from maturity.datasets import data_path

    if not (data_path("responses") / "2026-03.csv").exists():  # pragma: no cover
        pytest.skip("sample data not generated")
    out = tmp_path / "cmp"
    code = main(["compare", str(data_path("responses")), "--model", "cmmi-dev-1.3",
                 "--out", str(out), "--quiet", "--seed", "1", "--n-boot", "20"])
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["changes.csv", "company.csv", "disagreement.csv", "line_comparison.csv",
                     "pa_changes.csv", "rankings.csv", "reliability.csv"]
    ch = pd.read_csv(out / "changes.csv", keep_default_na=False)
    assert list(ch.columns) == CHANGES_COLUMNS
    assert set(zip(ch.wave_from, ch.wave_to, strict=True)) == {(W1, W2), (W2, W3)}
    lc = pd.read_csv(out / "line_comparison.csv")
    assert list(lc.columns) == LINE_COMPARISON_COLUMNS
    assert "wrote changes.csv" in capsys.readouterr().out
    assert main(["compare", str(data_path("responses")), "--model", "cmmi-dev-1.3",
                 "--out", str(out), "--min-n", "0"]) == 2
