"""lessons_lib.initialization (lesson 04): init rules, the deep-activation experiment, moving average."""

import math

import numpy as np
import pytest

from lessons_lib.initialization import deep_activations, init_std, moving_average
from lessons_lib.layers import Affine, ReLU


def test_init_std_rules():
    assert init_std("xavier", 100) == pytest.approx(0.1)
    assert init_std("glorot", 400) == pytest.approx(0.05)
    assert init_std("he", 50) == pytest.approx(0.2)
    assert init_std(0.01, 784) == 0.01
    for bad in ("lecun", 0.0, -1.0, float("nan"), True):
        with pytest.raises(ValueError, match="weight_init"):
            init_std(bad, 10)
    with pytest.raises(ValueError, match="n_in"):
        init_std("he", 0)


def test_deep_activations_shapes_and_scales():
    x = np.random.default_rng(0).standard_normal((500, 100))
    he = deep_activations(x, "relu", "he", n_layers=5, seed=1)
    assert len(he["activations"]) == 5 and he["activations"][0].shape == (500, 100)
    assert len(he["weight_grad"]) == 5 and all(g > 0 for g in he["weight_grad"])
    # He keeps ReLU signals alive; std 0.01 lets them die (shrinking ~14x per layer).
    assert 0.5 < he["activation_std"][4] / he["activation_std"][0] < 2
    tiny = deep_activations(x, "relu", 0.01, seed=1)
    assert tiny["activation_std"][4] < 1e-3 * tiny["activation_std"][0]
    # Sigmoid with std 0.01: the first layer's gradient is far smaller than the top's.
    sig = deep_activations(x, "sigmoid", 0.01, seed=1)
    assert sig["weight_grad"][0] < 1e-4 * sig["weight_grad"][4]
    # std 1 saturates the sigmoid: most outputs near 0 or 1.
    saturated = deep_activations(x, "sigmoid", 1.0, seed=1)["activations"][2]
    assert np.mean((saturated < 0.05) | (saturated > 0.95)) > 0.5


def test_deep_activations_gradient_matches_the_layers():
    """The recorded weight gradient is the Affine layer's own dW for the same noise."""
    x = np.random.default_rng(3).standard_normal((20, 6))
    run = deep_activations(x, "relu", "he", n_layers=1, n_units=4, seed=7)
    rng = np.random.default_rng(7)
    affine = Affine(rng.standard_normal((6, 4)) * math.sqrt(2 / 6), np.zeros(4))
    relu = ReLU()
    out = relu.forward(affine.forward(x))
    np.testing.assert_allclose(out, run["activations"][0])
    affine.backward(relu.backward(rng.standard_normal(out.shape)))
    assert run["weight_grad"][0] == pytest.approx(float(np.abs(affine.dW).mean()))


def test_deep_activations_rejects_bad_input():
    with pytest.raises(ValueError, match="x must"):
        deep_activations(np.zeros(10))
    with pytest.raises(ValueError, match="activation"):
        deep_activations(np.zeros((2, 3)), "tanh")
    with pytest.raises(ValueError, match="n_layers"):
        deep_activations(np.zeros((2, 3)), n_layers=0)


def test_moving_average():
    np.testing.assert_allclose(moving_average([1, 2, 3, 4], 2), [1.5, 2.5, 3.5])
    np.testing.assert_allclose(moving_average([5.0], 1), [5.0])
    with pytest.raises(ValueError, match="window"):
        moving_average([1, 2], 3)
    with pytest.raises(ValueError, match="1-D"):
        moving_average(np.zeros((2, 2)), 1)


def test_plot_activation_histograms():
    import matplotlib

    matplotlib.use("Agg")
    from lessons_lib.initialization import plot_activation_histograms

    x = np.random.default_rng(0).standard_normal((50, 10))
    runs = {"a": deep_activations(x, "relu", "he", n_layers=3, n_units=10),
            "b": deep_activations(x, "relu", 0.01, n_layers=3, n_units=10)}
    figure = plot_activation_histograms(runs, positive_only=True)
    assert len(figure.axes) == 6
    with pytest.raises(ValueError, match="results"):
        plot_activation_histograms({})
