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


# --- lesson 04 --------------------------------------------------------------------------------
def fan_sizes(rng: np.random.Generator) -> tuple:
    """``(fan_in, fan_out)``: a random layer's inputs and outputs per unit, 1 to 2,000 each."""
    return int(rng.integers(1, 2001)), int(rng.integers(1, 2001))


def glorot_uniform_limit(fan_in, fan_out):
    """Exercise 04.1's reference: a with U(-a, a) of variance a^2 / 3 = 2 / (fan_in + fan_out)."""
    return float(np.sqrt(6.0 / (fan_in + fan_out)))


def positive_batch(rng: np.random.Generator) -> tuple:
    """``(x, sigma)``: a batch x (N, n) of non-negative inputs whose mean is not 0 (pixels, or
    the ReLU outputs of a layer below) and a weight std sigma."""
    n_examples, n_inputs = int(rng.integers(20, 200)), int(rng.integers(10, 400))
    x = rng.random((n_examples, n_inputs)) * rng.uniform(0.5, 3.0)
    return x, float(rng.uniform(0.01, 0.3))


def predicted_z2_std(x, sigma):
    """Exercise 04.2's reference: the std of z2 = ReLU(x W1) W2 predicted by the variance rule,
    W1, W2 (n, n) from N(0, sigma^2): Var(z1) = n sigma^2 E[x^2], E[a1^2] = Var(z1) / 2,
    Var(z2) = n sigma^2 E[a1^2]."""
    n = x.shape[1]
    var_z1 = n * sigma**2 * np.mean(x**2)
    return float(np.sqrt(n * sigma**2 * var_z1 / 2))
