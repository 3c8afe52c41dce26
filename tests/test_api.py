"""The public API: every re-exported name resolves, and ``import maturity`` stays light."""

import subprocess
import sys

import pytest

import maturity


@pytest.mark.parametrize("name", maturity.__all__)
def test_every_public_name_resolves(name):
    assert getattr(maturity, name) is not None


def test_unknown_name_raises_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        maturity.nope  # noqa: B018


def test_import_does_not_load_pandas_or_matplotlib():
    # Heavy modules load lazily (issue: `import maturity` under 0.5 s).
    code = "import sys, maturity; print('pandas' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_plots_names_are_listed():
    import maturity.plots as plots

    assert "plot_ie_matrix" in plots.__all__
    assert plots.plot_ie_matrix.__name__ == "plot_ie_matrix"
