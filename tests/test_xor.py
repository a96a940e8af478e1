"""Tests of lessons_lib.xor (lesson 02): backprop gradients, training on XOR, input checks, Keras model."""

import numpy as np
import pytest

from lessons_lib.gradients import numerical_gradient, rel_error
from lessons_lib.xor import (XOR_INPUTS, XOR_TARGETS, LogisticUnit, SigmoidMLP, binary_cross_entropy,
                             keras_xor_model, plot_hidden_view, reliability, train)


@pytest.mark.parametrize("hidden_size, seed", [(2, 0), (4, 1), (3, 7)])
def test_backprop_matches_numerical_gradient(hidden_size, seed):
    net = SigmoidMLP(hidden_size, seed=seed)
    _, grads = net.gradients(XOR_INPUTS, XOR_TARGETS)
    for name, param in net.params.items():
        numerical = numerical_gradient(lambda: net.loss(XOR_INPUTS, XOR_TARGETS), param, h=1e-5)
        error = rel_error(grads[name], numerical)
        assert error < 1e-7, f"{name}: relative error {error:.1e} not below 1e-7"


def test_logistic_unit_gradient_matches_numerical_gradient():
    unit = LogisticUnit(seed=3)
    _, grads = unit.gradients(XOR_INPUTS, XOR_TARGETS)
    for name, param in unit.params.items():
        numerical = numerical_gradient(lambda: binary_cross_entropy(unit.forward(XOR_INPUTS), XOR_TARGETS), param, h=1e-5)
        assert rel_error(grads[name], numerical) < 1e-7


def test_backprop_matches_tensorflow_gradient_tape():
    tf = pytest.importorskip("tensorflow")
    net = SigmoidMLP(2, seed=5)
    _, grads = net.gradients(XOR_INPUTS, XOR_TARGETS)
    variables = {name: tf.Variable(value) for name, value in net.params.items()}  # float64
    with tf.GradientTape() as tape:
        hidden = tf.sigmoid(XOR_INPUTS @ variables["W1"] + variables["b1"])
        output = tf.sigmoid(hidden @ variables["W2"] + variables["b2"])
        loss = -tf.reduce_mean(XOR_TARGETS * tf.math.log(output) + (1 - XOR_TARGETS) * tf.math.log(1 - output))
    tape_grads = tape.gradient(loss, variables)
    for name in net.params:
        error = rel_error(grads[name], tape_grads[name].numpy())
        assert error < 1e-7, f"{name}: relative error {error:.1e} against GradientTape"


def test_forward_shapes_and_hidden_view():
    net = SigmoidMLP(3, seed=0)
    assert net.forward(XOR_INPUTS).shape == (4, 1)
    assert net.hidden_activations(XOR_INPUTS).shape == (4, 3)
    assert net.predict(XOR_INPUTS).shape == (4, 1)


def test_logistic_unit_is_stuck_at_one_half():
    unit = LogisticUnit(seed=3)
    losses = train(unit, XOR_INPUTS, XOR_TARGETS, learning_rate=1.0, epochs=2000)
    assert np.allclose(unit.forward(XOR_INPUTS), 0.5, atol=1e-3)
    assert abs(losses[-1] - np.log(2)) < 1e-6
    assert unit.accuracy(XOR_INPUTS, XOR_TARGETS) == 0.5


def test_two_two_one_network_learns_xor():
    net = SigmoidMLP(2, seed=0)
    losses = train(net, XOR_INPUTS, XOR_TARGETS, learning_rate=1.0, epochs=2000)
    assert net.accuracy(XOR_INPUTS, XOR_TARGETS) == 1.0
    assert losses[-1] < 0.05 < losses[0]


def test_train_stops_early_below_stop_loss():
    net = SigmoidMLP(4, seed=0)
    losses = train(net, XOR_INPUTS, XOR_TARGETS, learning_rate=1.0, epochs=5000, stop_loss=0.05)
    assert len(losses) < 5000 and losses[-1] < 0.05 and min(losses[:-1]) >= 0.05


def test_reliability_of_wider_network_is_at_least_ninety_percent():
    fraction, accuracies = reliability(4, range(20), learning_rate=1.0, epochs=5000)
    assert accuracies.shape == (20,)
    assert fraction >= 0.9
    assert fraction == np.mean(accuracies == 1.0)


def test_binary_cross_entropy_of_guessing_is_ln2():
    assert abs(binary_cross_entropy(np.full((4, 1), 0.5), XOR_TARGETS) - np.log(2)) < 1e-9


@pytest.mark.parametrize("call, argument", [
    (lambda: SigmoidMLP(0), "hidden_size"),
    (lambda: SigmoidMLP(2, seed=-1), "seed"),
    (lambda: SigmoidMLP(2, weight_scale=np.nan), "weight_scale"),
    (lambda: SigmoidMLP(2).forward(np.zeros((4, 3))), "x"),
    (lambda: SigmoidMLP(2).forward(np.array([0.0, 1.0])), "x"),
    (lambda: SigmoidMLP(2).forward(np.array([[np.nan, 1.0]])), "x"),
    (lambda: SigmoidMLP(2).gradients(XOR_INPUTS, np.array([[0], [1], [2], [0]])), "t"),
    (lambda: SigmoidMLP(2).gradients(XOR_INPUTS, np.array([[0], [1], [1]])), "t"),
    (lambda: SigmoidMLP(2).gradients(XOR_INPUTS, np.array([[0], [1], [np.nan], [0]])), "t"),
    (lambda: train(SigmoidMLP(2), XOR_INPUTS, XOR_TARGETS, learning_rate=-1.0), "learning_rate"),
    (lambda: train(SigmoidMLP(2), XOR_INPUTS, XOR_TARGETS, epochs=0), "epochs"),
    (lambda: train(SigmoidMLP(2), XOR_INPUTS, XOR_TARGETS, stop_loss=np.nan), "stop_loss"),
    (lambda: train(LogisticUnit(), XOR_INPUTS[:, :1], XOR_TARGETS), "x"),
    (lambda: reliability(2, seeds=[]), "seeds"),
    (lambda: binary_cross_entropy(np.full((4, 1), 1.5), XOR_TARGETS), "y"),
    (lambda: plot_hidden_view(np.zeros((3, 2)), np.ones((2, 1)), np.zeros(1)), "hidden"),
    (lambda: keras_xor_model(optimizer="rmsprop"), "optimizer"),
    (lambda: keras_xor_model(hidden_sizes=(0,)), "hidden_sizes"),
])
def test_bad_input_raises_value_error_naming_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()


def test_keras_model_matches_numpy_forward_pass():
    pytest.importorskip("keras")
    net = SigmoidMLP(2, seed=0)
    model = keras_xor_model(hidden_sizes=(2,))
    model.set_weights([net.params[name] for name in ("W1", "b1", "W2", "b2")])
    assert [layer.units for layer in model.layers] == [2, 1]
    keras_outputs = np.asarray(model(XOR_INPUTS.astype("float32")))
    assert np.max(np.abs(keras_outputs - net.forward(XOR_INPUTS))) < 1e-6
    deep = keras_xor_model(hidden_sizes=(10, 10, 10, 10), optimizer="adam", learning_rate=0.01)
    assert [layer.units for layer in deep.layers] == [10, 10, 10, 10, 1]
