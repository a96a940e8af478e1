"""Plot helpers: the Korean font picker stays silent when no Korean font is installed."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lessons_lib import plots  # noqa: E402


def test_use_korean_font_sets_unicode_minus_and_is_silent(capsys):
    name = plots.use_korean_font()
    assert name is None or name in plots.KOREAN_FONTS
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    assert capsys.readouterr().out == ""


def test_plot_curves_and_digits():
    ax = plots.plot_curves({"train": [1.0, 0.5], "test": [1.1, 0.7]}, title="loss", ylabel="loss")
    assert [line.get_label() for line in ax.get_lines()] == ["train", "test"]
    figure = plots.show_digits(np.zeros((3, 784)), labels=[1, 2, 3], predictions=[1, 2, 4], n_cols=3)
    assert figure.axes[2].title.get_color() == "red"
    assert len(plots.show_digits(np.zeros((2, 28, 28, 1))).axes) == 10  # Keras's channel axis
    with pytest.raises(ValueError, match="images"):
        plots.show_digits(np.zeros((2, 28, 28, 3)))
    with pytest.raises(ValueError, match="curves"):
        plots.plot_curves({})
    with pytest.raises(ValueError, match="1-D"):
        plots.plot_curves({"x": np.zeros((2, 2))})


def test_log_axis_minus_signs_and_hangul_render_with_real_glyphs(caplog):
    """The Korean fonts have no U+2212; mathtext (10^-2 on a log axis) takes the first font
    family alone, so a Korean font first drew the minus as an empty box."""
    import logging

    import matplotlib.pyplot as plt

    with matplotlib.rc_context():
        plots.setup()
        figure, ax = plt.subplots()
        ax.semilogy([1, 2, 3], [1e-3, 1e-1, 10])
        ax.set_title("기울기 (gradient)")
        with caplog.at_level(logging.WARNING):
            figure.canvas.draw()
        plt.close(figure)
    assert not [r for r in caplog.records if "does not have a glyph" in r.getMessage()]
