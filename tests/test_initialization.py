"""lessons_lib.initialization (lesson 04): init rules, the deep-activation experiment, moving average."""

import math

import numpy as np
import pytest

from lessons_lib.initialization import Tanh, deep_activations, init_std, moving_average
from lessons_lib.layers import Affine, ReLU


def test_init_std_rules():
    assert init_std("xavier", 100) == pytest.approx(0.1)
    assert init_std("glorot", 400) == pytest.approx(0.05)
    assert init_std("he", 50) == pytest.approx(0.2)
    assert init_std("He", 50) == init_std("he", 50)  # case does not matter
    assert init_std(0.01, 784) == 0.01
    for bad in ("lecun", 0.0, -1.0, float("nan"), True):
        with pytest.raises(ValueError, match="weight_init"):
            init_std(bad, 10)
    with pytest.raises(ValueError, match="n_in"):
        init_std("he", 0)


def test_deep_activations_shapes_and_scales():
    x = np.random.default_rng(0).standard_normal((500, 100))
    he = deep_activations(x, "relu", "he", n_layers=5, seed=1)
    assert set(he) == {"activations", "weight_grad"}
    assert len(he["activations"]) == 5 and he["activations"][0].shape == (500, 100)
    assert len(he["weight_grad"]) == 5 and all(g > 0 for g in he["weight_grad"])
    # He keeps ReLU signals alive; std 0.01 lets them die (shrinking ~14x per layer).
    assert 0.5 < he["activations"][4].std() / he["activations"][0].std() < 2
    tiny = deep_activations(x, "relu", 0.01, seed=1)
    assert tiny["activations"][4].std() < 1e-3 * tiny["activations"][0].std()
    # Sigmoid with std 0.01: the first layer's gradient is far smaller than the top's.
    sig = deep_activations(x, "sigmoid", 0.01, seed=1)
    assert sig["weight_grad"][0] < 1e-4 * sig["weight_grad"][4]
    # std 1 saturates the sigmoid: most outputs near 0 or 1.
    saturated = deep_activations(x, "sigmoid", 1.0, seed=1)["activations"][2]
    assert np.mean((saturated < 0.05) | (saturated > 0.95)) > 0.5


def test_deep_activations_gradient_matches_the_layers():
    """The recorded weight gradient is the Affine layer's own dW for the same noise."""
    x = np.random.default_rng(3).standard_normal((20, 6))
    run = deep_activations(x, "relu", "he", n_layers=1, seed=7)
    rng = np.random.default_rng(7)
    affine = Affine(rng.standard_normal((6, 6)) * math.sqrt(2 / 6), np.zeros(6))
    relu = ReLU()
    out = relu.forward(affine.forward(x))
    np.testing.assert_allclose(out, run["activations"][0])
    affine.backward(relu.backward(rng.standard_normal(out.shape)))
    assert run["weight_grad"][0] == pytest.approx(float(np.abs(affine.dW).mean()))


def test_deep_activations_rejects_bad_input():
    with pytest.raises(ValueError, match="x must"):
        deep_activations(np.zeros(10), "relu", "he")
    with pytest.raises(ValueError, match="activation"):
        deep_activations(np.zeros((2, 3)), "softplus", "he")
    with pytest.raises(ValueError, match="n_layers"):
        deep_activations(np.zeros((2, 3)), "relu", "he", n_layers=0)
    with pytest.raises(ValueError, match="weight_init"):
        deep_activations(np.zeros((2, 3)), "relu", "lecun")


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
    runs = {"a": deep_activations(x, "relu", "he", n_layers=3),
            "b": deep_activations(x, "relu", 0.01, n_layers=3)}
    figure = plot_activation_histograms(runs, positive_only=True)
    assert len(figure.axes) == 6
    with pytest.raises(ValueError, match="results"):
        plot_activation_histograms({})


def test_tanh_layer_gradient_and_errors():
    rng = np.random.default_rng(4)
    x, dout = rng.standard_normal((5, 3)), rng.standard_normal((5, 3))
    layer = Tanh()
    np.testing.assert_allclose(layer.forward(x), np.tanh(x))
    h, numeric = 1e-5, np.zeros_like(x)
    for index in np.ndindex(x.shape):  # central differences of sum(tanh(x) * dout)
        step = np.zeros_like(x)
        step[index] = h
        numeric[index] = np.sum((np.tanh(x + step) - np.tanh(x - step)) * dout) / (2 * h)
    analytic = layer.backward(dout)
    error = np.max(np.abs(analytic - numeric) / np.maximum(1e-8, np.abs(analytic) + np.abs(numeric)))
    assert error < 1e-7, f"Tanh backward rel_error {error:.1e} (bound 1e-7)"
    with pytest.raises(RuntimeError, match="before forward"):
        Tanh().backward(dout)
    with pytest.raises(ValueError, match="dout"):
        layer.backward(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="x"):
        Tanh().forward(np.array([np.nan]))


def test_tanh_and_xavier_keep_a_spread():
    """The lesson's tanh row: Xavier keeps the signal, std 0.01 loses ~10x per layer."""
    x = np.random.default_rng(0).standard_normal((1000, 100))
    xavier = [a.std() for a in deep_activations(x, "tanh", "xavier", seed=1)["activations"]]
    tiny = [a.std() for a in deep_activations(x, "tanh", 0.01, seed=1)["activations"]]
    assert xavier[4] > 0.2 and tiny[4] < 1e-3


def test_moving_average_of_huge_values_does_not_overflow():
    assert moving_average([1e308, 1e308], 2).tolist() == [1e308]
    assert moving_average([-1e308, 1e308, 1e308], 2).tolist() == [0.0, 1e308]


def test_weights_that_overflow_are_blamed_on_the_weights_not_on_x():
    x = np.random.default_rng(0).standard_normal((20, 8))
    with pytest.raises(ValueError, match="x contains inf. Its x is the output of the layer before"):
        deep_activations(x, "relu", 1e200, 3)


@pytest.mark.parametrize("activations, message", [
    ([[0.1, 0.2], [0.3]], r"results\['a'\]\['activations'\]\[0\] must be a numpy array .*got list"),
    (["abc"], r"\[0\] must be a numpy array .*got str"),
    ([np.array(["abc"])], r"\[0\] must hold real numbers, got dtype <U3"),
    ([np.array([0.1, np.inf])], r"\[0\] holds NaN or inf activations"),
])
def test_activation_histograms_name_what_is_wrong_with_each_layer(activations, message):
    from lessons_lib.initialization import plot_activation_histograms

    with pytest.raises(ValueError, match=message):
        plot_activation_histograms({"a": {"activations": activations}})


def test_lab10_mlp_builds_sung_kims_network_and_refuses_bad_starts():
    """Lesson 04's shown Keras builder (keras_models.lab10_mlp): 784-256-256-10, the given start."""
    keras = pytest.importorskip("keras")
    from lessons_lib.keras_models import lab10_mlp

    model = lab10_mlp(keras.initializers.RandomNormal(stddev=1.0))
    assert [layer.units for layer in model.layers] == [256, 256, 10]
    assert model.count_params() == 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10
    assert 0.9 < float(np.std(model.layers[0].kernel.numpy())) < 1.1
    he = lab10_mlp("he_normal", hidden_units=8)
    assert abs(float(np.std(he.layers[0].kernel.numpy())) - math.sqrt(2 / 784)) < 0.01
    for bad in ("xavier_normal_typo", None, 3):
        with pytest.raises(ValueError, match="kernel_initializer"):
            lab10_mlp(bad)
    with pytest.raises(ValueError, match="hidden_units"):
        lab10_mlp("he_normal", hidden_units=0)
