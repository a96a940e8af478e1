"""Optimizers: hand-computed first steps, and the same trajectory as Keras 3's optimizer of the
same name on the same problem, f(x, y) = x^2/20 + y^2 from (-7, 2), 30 steps, float64.

Keras rounds its constants (learning rate, momentum, betas, epsilon) to float32 before using
them on float64 variables. With settings that float32 represents exactly (0.0625, 0.875, 2**-23,
...) the trajectories must agree to 1e-10 (same formula, only float64 rounding); with the
usual settings (0.01, 0.9, 0.999, 1e-7) to 1e-5 (the float32 rounding of the constants).
The error is max |ours - keras| / max |ours| over the path.
"""

import numpy as np
import pytest
import tensorflow as tf  # noqa: F401  (the Keras backend)
import keras

from lessons_lib.optimizers import SGD, AdaGrad, Adam, Momentum, RMSProp

EXACT_BOUND = 1e-10
DEFAULTS_BOUND = 1e-5
EPS32 = 2.0 ** -23  # an epsilon that float32 holds exactly (about 1.2e-7)


def grad_of_bowl(params):
    """Gradient of f(x, y) = x^2/20 + y^2 (lesson 03's elongated bowl)."""
    return {"x": params["x"] / 10.0, "y": 2.0 * params["y"]}


def run_ours(optimizer, steps, start=(-7.0, 2.0)):
    params = {"x": np.array(start[0]), "y": np.array(start[1])}
    path = [(float(params["x"]), float(params["y"]))]
    for _ in range(steps):
        optimizer.update(params, grad_of_bowl(params))
        path.append((float(params["x"]), float(params["y"])))
    return np.array(path)


def run_keras(optimizer, steps, start=(-7.0, 2.0)):
    x = keras.Variable(np.array(start[0]), dtype="float64")
    y = keras.Variable(np.array(start[1]), dtype="float64")
    path = [(float(x.numpy()), float(y.numpy()))]
    for _ in range(steps):
        grads = grad_of_bowl({"x": x.numpy(), "y": y.numpy()})
        optimizer.apply_gradients([(tf.constant(grads["x"], tf.float64), x), (tf.constant(grads["y"], tf.float64), y)])
        path.append((float(x.numpy()), float(y.numpy())))
    return np.array(path)


EXACT_PAIRS = {
    "SGD": (lambda: SGD(lr=0.5), lambda: keras.optimizers.SGD(learning_rate=0.5)),
    "Momentum": (lambda: Momentum(lr=0.0625, momentum=0.875),
                 lambda: keras.optimizers.SGD(learning_rate=0.0625, momentum=0.875)),
    "AdaGrad": (lambda: AdaGrad(lr=1.5, initial_accumulator=0.125, eps=EPS32),
                lambda: keras.optimizers.Adagrad(learning_rate=1.5, initial_accumulator_value=0.125, epsilon=EPS32)),
    "AdaGrad (accumulator 0)": (lambda: AdaGrad(lr=1.5, initial_accumulator=0.0, eps=EPS32),
                                lambda: keras.optimizers.Adagrad(learning_rate=1.5, initial_accumulator_value=0.0,
                                                                 epsilon=EPS32)),
    "RMSProp": (lambda: RMSProp(lr=0.25, rho=0.875, eps=EPS32),
                lambda: keras.optimizers.RMSprop(learning_rate=0.25, rho=0.875, epsilon=EPS32)),
    "Adam": (lambda: Adam(lr=0.25, beta1=0.875, beta2=0.998046875, eps=EPS32),
             lambda: keras.optimizers.Adam(learning_rate=0.25, beta_1=0.875, beta_2=0.998046875, epsilon=EPS32)),
}

DEFAULT_PAIRS = {
    "SGD": (lambda: SGD(lr=0.1), lambda: keras.optimizers.SGD(learning_rate=0.1)),
    "Momentum": (lambda: Momentum(lr=0.1, momentum=0.9), lambda: keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)),
    "AdaGrad": (lambda: AdaGrad(lr=1.5, initial_accumulator=0.1), lambda: keras.optimizers.Adagrad(learning_rate=1.5)),
    "RMSProp": (lambda: RMSProp(lr=0.3), lambda: keras.optimizers.RMSprop(learning_rate=0.3)),
    "Adam": (lambda: Adam(lr=0.3), lambda: keras.optimizers.Adam(learning_rate=0.3)),
}


def path_error(path, keras_path):
    return float(np.max(np.abs(path - keras_path)) / np.max(np.abs(path)))


@pytest.mark.parametrize("name", list(EXACT_PAIRS))
def test_same_trajectory_as_keras(name):
    ours, theirs = EXACT_PAIRS[name]
    path, keras_path = run_ours(ours(), 30), run_keras(theirs(), 30)
    error = path_error(path, keras_path)
    assert error < EXACT_BOUND, f"{name}: trajectory differs from Keras by {error:.2e} (bound {EXACT_BOUND:.0e})"
    assert np.abs(path[-1]).sum() < 0.5 * np.abs(path[0]).sum(), f"{name} did not move towards the minimum"


@pytest.mark.parametrize("name", list(DEFAULT_PAIRS))
def test_same_trajectory_as_keras_with_usual_settings(name):
    ours, theirs = DEFAULT_PAIRS[name]
    error = path_error(run_ours(ours(), 30), run_keras(theirs(), 30))
    assert error < DEFAULTS_BOUND, f"{name}: trajectory differs from Keras by {error:.2e} (bound {DEFAULTS_BOUND:.0e})"


# Hand-computed first steps on f(w) = w^2 (gradient 2w) from w = 1.

def steps_on_square(optimizer, n):
    params = {"w": np.array([1.0])}
    values = []
    for _ in range(n):
        optimizer.update(params, {"w": 2.0 * params["w"]})
        values.append(float(params["w"][0]))
    return values


def test_sgd_by_hand():
    # w1 = 1 - 0.1*2 = 0.8; w2 = 0.8 - 0.1*1.6 = 0.64; w3 = 0.64 - 0.128 = 0.512
    assert steps_on_square(SGD(lr=0.1), 3) == pytest.approx([0.8, 0.64, 0.512], abs=1e-12)


def test_momentum_by_hand():
    # v1 = -0.1*2 = -0.2, w1 = 0.8; v2 = 0.9*(-0.2) - 0.1*1.6 = -0.34, w2 = 0.46;
    # v3 = 0.9*(-0.34) - 0.1*0.92 = -0.398, w3 = 0.062
    assert steps_on_square(Momentum(lr=0.1, momentum=0.9), 3) == pytest.approx([0.8, 0.46, 0.062], abs=1e-12)


def test_adagrad_by_hand():
    # h1 = 0 + 4 = 4, w1 = 1 - 0.5*2/2 = 0.5; h2 = 4 + 1 = 5, w2 = 0.5 - 0.5*1/sqrt(5) = 0.276393...
    # (eps = 1e-7 inside the square root shifts these by ~1e-8)
    assert steps_on_square(AdaGrad(lr=0.5), 2) == pytest.approx([0.5, 0.2763932023], abs=1e-7)


def test_adam_by_hand():
    # Step 1: m = 0.2, v = 0.004, bias-corrected m/sqrt(v) = 1, so w1 = 1 - lr = 0.9 (lr = 0.1).
    # Step 2: g = 1.8, m = 0.9*0.2 + 0.1*1.8 = 0.36, v = 0.999*0.004 + 0.001*3.24 = 0.007236,
    # alpha = 0.1*sqrt(1 - 0.999^2)/(1 - 0.9^2) = 0.1*0.0447102/0.19 = 0.0235317,
    # w2 = 0.9 - 0.0235317 * 0.36/sqrt(0.007236) = 0.9 - 0.0235317*4.23207 = 0.800412
    assert steps_on_square(Adam(lr=0.1), 2) == pytest.approx([0.9, 0.800412], abs=1e-6)


def test_update_is_in_place_and_checks_its_inputs():
    W = np.ones((2, 3))
    params = {"W": W}
    SGD(lr=0.5).update(params, {"W": np.ones((2, 3))})
    assert params["W"] is W and np.allclose(W, 0.5), "update must change the arrays of params in place"
    with pytest.raises(ValueError, match=r"grads\['W'\] must have the shape of params\['W'\] \(2, 3\)"):
        SGD().update(params, {"W": np.ones(3)})
    with pytest.raises(ValueError, match="no entry"):
        Adam().update(params, {})
    with pytest.raises(ValueError, match="lr must be a positive number"):
        Momentum(lr=-1)


def test_float32_params_stay_float32():
    for optimizer in (SGD(), Momentum(), AdaGrad(), Adam()):
        params = {"W": np.ones((2, 2), np.float32)}
        optimizer.update(params, {"W": np.full((2, 2), 0.5, np.float32)})
        assert params["W"].dtype == np.float32, type(optimizer).__name__
