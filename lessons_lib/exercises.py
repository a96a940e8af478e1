"""Reference answers and fresh random inputs for the exercises' code checks.

A code exercise is checked by running the student's function and this module's reference on
inputs drawn fresh for every check (``lessons_lib.checks.check_function(..., reference=...,
inputs=...)``), so no printed number can pass it. The references are written from the code each
lesson shows; reading them here is possible, but solving the exercise teaches more.
"""

from __future__ import annotations

import numpy as np

from lessons_lib.gates import GATE_INPUTS, train_perceptron


# --- lesson 01 --------------------------------------------------------------------------------
def separable_points(rng: np.random.Generator) -> tuple:
    """``(x, t, learning_rate)``: 6 to 12 distinct integer points in [-3, 3]^2 labelled by a
    random line, so that a perceptron can learn them (both labels present), and a learning rate
    of 0.5, 1 or 2."""
    while True:
        n = int(rng.integers(6, 13))
        grid = np.array([(a, b) for a in range(-3, 4) for b in range(-3, 4)])
        x = grid[rng.choice(len(grid), size=n, replace=False)]
        weights, bias = rng.integers(-3, 4, size=2), int(rng.integers(-3, 4))
        t = (x @ weights + bias > 0).astype(int)
        if 0 < t.sum() < n:
            return x, t, float(rng.choice([0.5, 1.0, 2.0]))


def train_until_clean(x, t, learning_rate=1.0, max_epochs=1000):
    """Exercise 01.3's reference: epochs of the rule until one makes no mistake; returns
    ``(weights, bias, epochs run)``."""
    _, _, mistakes = train_perceptron(x, t, learning_rate, max_epochs)
    if 0 not in mistakes:
        raise ValueError(
            f"no epoch without mistakes in {max_epochs} epochs: are the points separable?"
        )
    epochs = mistakes.index(0) + 1
    weights, bias, _ = train_perceptron(x, t, learning_rate, epochs)
    return weights, bias, epochs


def all_truth_tables() -> list:
    """``[(table,), ...]``: all 16 two-input logic functions, outputs (4,) in GATE_INPUTS order."""
    return [
        (np.array([(code >> bit) & 1 for bit in (3, 2, 1, 0)]),) for code in range(16)
    ]


def separable(table) -> bool:
    """Exercise 01.4's reference: can one perceptron compute this 4-row truth table? The rule
    finds a line within 20 epochs whenever one exists (every two-input case needs fewer)."""
    _, _, mistakes = train_perceptron(GATE_INPUTS, np.asarray(table), 1.0, 20)
    return mistakes[-1] == 0


# --- lesson 02 --------------------------------------------------------------------------------
def logistic_data(rng: np.random.Generator) -> tuple:
    """``(W, b, X, T)``: a random sigmoid unit W (2, 1), b (1,) and a batch X (N, 2), T (N, 1)."""
    n = int(rng.integers(3, 9))
    return (
        rng.standard_normal((2, 1)),
        rng.standard_normal(1),
        rng.standard_normal((n, 2)),
        rng.integers(0, 2, size=(n, 1)).astype(float),
    )


def logistic_gradients(W, b, X, T):
    """Exercise 02.1's reference: (dW, db) of the mean binary cross-entropy of sigmoid(X W + b)."""
    from lessons_lib.functions import sigmoid

    dZ = (sigmoid(X @ W + b) - T) / len(X)
    return X.T @ dZ, dZ.sum(axis=0)


def tanh_network(rng: np.random.Generator) -> tuple:
    """``(params, X, T, H, Y)`` of a random 2-H-1 network with a tanh hidden layer, after its
    forward pass."""
    from lessons_lib.functions import sigmoid

    hidden, n = int(rng.integers(2, 6)), int(rng.integers(3, 9))
    params = {
        "W1": rng.standard_normal((2, hidden)),
        "b1": rng.standard_normal(hidden),
        "W2": rng.standard_normal((hidden, 1)),
        "b2": rng.standard_normal(1),
    }
    X, T = rng.standard_normal((n, 2)), rng.integers(0, 2, size=(n, 1)).astype(float)
    H = np.tanh(X @ params["W1"] + params["b1"])
    return params, X, T, H, sigmoid(H @ params["W2"] + params["b2"])


def tanh_mlp_backward(params, X, T, H, Y):
    """Exercise 02.2's reference: mlp_backward with tanh'(z) = 1 - tanh(z)^2 in the hidden layer."""
    dZ2 = (Y - T) / len(X)
    dZ1 = (dZ2 @ params["W2"].T) * (1 - H**2)
    return {
        "W2": H.T @ dZ2,
        "b2": dZ2.sum(axis=0),
        "W1": X.T @ dZ1,
        "b1": dZ1.sum(axis=0),
    }


def random_hidden_size(rng: np.random.Generator) -> tuple:
    """``(hidden_size,)`` between 1 and 1000."""
    return (int(rng.integers(1, 1001)),)


def mlp_parameter_count(hidden_size):
    """Exercise 02.3's reference: weights and biases of a 2-hidden_size-1 network."""
    return 2 * hidden_size + hidden_size + hidden_size + 1


# --- lesson 05 --------------------------------------------------------------------------------
def dropout_inputs(rng: np.random.Generator) -> tuple:
    """``(x, mask, rate)``: a random array (1 to 3 dimensions), a bool mask of its shape and a
    rate in [0, 0.9)."""
    shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 4))))
    rate = float(rng.choice([0.0, 0.1, 0.25, 0.5, 0.8]))
    return rng.standard_normal(shape), rng.random(shape) >= rate, rate


def inverted_dropout(x, mask, rate):
    """Exercise 05.1's reference: kept units scaled by 1 / (1 - rate), dropped ones 0."""
    return np.asarray(x, dtype=float) * np.asarray(mask) / (1 - rate)


def decay_step_inputs(rng: np.random.Generator) -> tuple:
    """``(W, dW, lr, weight_decay)``: random weights and gradient of one shape, lr and lambda."""
    shape = tuple(int(n) for n in rng.integers(1, 5, size=2))
    return (
        rng.standard_normal(shape),
        rng.standard_normal(shape),
        float(rng.choice([0.01, 0.1, 0.5])),
        float(rng.choice([0.0, 0.001, 0.03, 0.2])),
    )


def sgd_step_with_decay(W, dW, lr, weight_decay):
    """Exercise 05.2's reference: W - lr * (dW + weight_decay * W)."""
    return W - lr * (dW + weight_decay * W)


def dropout_sweep_data() -> tuple:
    """Exercise 05.4's data: ``((500 training images, labels), (2,000 validation images, labels))``,
    flattened MNIST: the training images come after the 5,000 validation ones, as in the lesson."""
    from lessons_lib.data import load_mnist, split_validation

    (images, labels), _ = load_mnist(flatten=True, n_train=60000, n_test=1)
    (train_images, train_labels), (validation_images, validation_labels) = (
        split_validation(images, labels)
    )
    return (train_images[:500], train_labels[:500]), (
        validation_images[:2000],
        validation_labels[:2000],
    )


_BEST_DROPOUT_RATE = {}


def best_dropout_rate() -> float:
    """Exercise 05.4's reference: the rate of [0, 0.2, 0.4, 0.6] with the best validation accuracy
    for a 100-100-100 net, 60 epochs at lr 0.1 on :func:`dropout_sweep_data` (computed once)."""
    from lessons_lib.config import study_seed
    from lessons_lib.regularization import validation_sweep

    key = study_seed(0)
    if key not in _BEST_DROPOUT_RATE:
        rates = [0.0, 0.2, 0.4, 0.6]
        accuracies = validation_sweep(
            "dropout_rate",
            rates,
            *dropout_sweep_data(),
            hidden=(100, 100, 100),
            epochs=60,
            lr=0.1,
        )
        _BEST_DROPOUT_RATE[key] = rates[int(np.argmax(accuracies))]
    return _BEST_DROPOUT_RATE[key]
