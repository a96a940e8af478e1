"""Perceptrons as logic gates: lesson 01 (``01_perceptron_gates.ipynb``).

A **perceptron** takes a weighted sum of its inputs plus a bias and passes it through the
step function::

    y = step(w1 * x1 + w2 * x2 + b)      step(a) = 1 if a > 0 else 0

With hand-set weights one perceptron computes AND, OR or NAND. XOR needs two layers:
``XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2))``. :func:`train_perceptron` is Rosenblatt's
learning rule, which finds weights for AND, OR and NAND from the four examples and never stops
making errors on XOR. Lesson 02 (``lessons_lib.xor``) replaces the step with a sigmoid so that
the two-layer network can be trained.
"""

from __future__ import annotations

import numpy as np

from lessons_lib.functions import step

GATE_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
"""The four inputs (x1, x2) of a two-input gate, in truth-table order: (4, 2) ints."""

TRUTH_TABLES = {
    "AND": np.array([0, 0, 0, 1]),
    "OR": np.array([0, 1, 1, 1]),
    "NAND": np.array([1, 1, 1, 0]),
    "XOR": np.array([0, 1, 1, 0]),
}
"""The expected output of each gate for the rows of :data:`GATE_INPUTS`: (4,) ints."""

GATE_WEIGHTS = {
    "AND": (np.array([0.5, 0.5]), -0.7),
    "OR": (np.array([0.5, 0.5]), -0.2),
    "NAND": (np.array([-0.5, -0.5]), 0.7),
}
"""Hand-set ``(weights, bias)`` of each single-perceptron gate (the values of Saito's book)."""


def _check_finite(array: np.ndarray, name: str) -> np.ndarray:
    if not np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.complexfloating):
        raise ValueError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.floating) and not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinity")
    return array


def _check_labels(t, n: int, name: str = "t") -> np.ndarray:
    t = _check_finite(np.asarray(t), name)
    if t.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), one 0/1 label per input row, got {t.shape}")
    if not np.isin(t, (0, 1)).all():
        raise ValueError(f"{name} must contain only the labels 0 and 1, got {np.unique(t).tolist()}")
    return t.astype(int)


def perceptron(x, weights, bias):
    """Output of one perceptron: ``step(x @ weights + bias)``.

    x: one input (D,) -> an int 0 or 1, or a batch (N, D) -> (N,) ints.
    weights: (D,). bias: a number.
    """
    weights = _check_finite(np.asarray(weights), "weights")
    if weights.ndim != 1:
        raise ValueError(f"weights must be 1-D (D,), got shape {weights.shape}")
    x = _check_finite(np.asarray(x), "x")
    if x.ndim not in (1, 2) or x.shape[-1] != weights.shape[0]:
        raise ValueError(f"x must have shape ({weights.shape[0]},) or (N, {weights.shape[0]}) to match "
                         f"weights, got {x.shape}")
    bias = _check_finite(np.asarray(bias), "bias")
    if bias.ndim != 0:
        raise ValueError(f"bias must be a single number, got shape {bias.shape}")
    output = step(x @ weights + bias)
    return int(output) if x.ndim == 1 else output


def _gate(name: str, x1, x2):
    pair = []
    for label, value in (("x1", x1), ("x2", x2)):
        value = _check_finite(np.asarray(value), label)
        if not np.isin(value, (0, 1)).all():
            raise ValueError(f"{label} must be 0 or 1 (a logic value), got {value.tolist()}")
        pair.append(value)
    if pair[0].shape != pair[1].shape:
        raise ValueError(f"x1 and x2 must have the same shape, got {pair[0].shape} and {pair[1].shape}")
    weights, bias = GATE_WEIGHTS[name]
    return perceptron(np.stack(pair, axis=-1), weights, bias)


def AND(x1, x2):
    """AND gate: 1 only when both inputs are 1. x1, x2: 0/1 numbers or arrays of the same shape."""
    return _gate("AND", x1, x2)


def OR(x1, x2):
    """OR gate: 1 when at least one input is 1."""
    return _gate("OR", x1, x2)


def NAND(x1, x2):
    """NAND gate (NOT AND): 0 only when both inputs are 1."""
    return _gate("NAND", x1, x2)


def XOR(x1, x2):
    """XOR gate as two layers of perceptrons: ``AND(NAND(x1, x2), OR(x1, x2))``."""
    return AND(NAND(x1, x2), OR(x1, x2))


GATES = {"AND": AND, "OR": OR, "NAND": NAND, "XOR": XOR}
"""Each gate function by name."""


def truth_table(gates, inputs=GATE_INPUTS) -> str:
    """A truth table as text: one row per input, one column per gate.

    gates: a gate function ``f(x1, x2) -> 0/1`` (its ``__name__`` heads the column) or a dict
    ``{column title: gate function}``. inputs: (N, 2) array of 0/1 (default the four rows).

    >>> print(truth_table(AND))
    x1 x2 | AND
     0  0 |   0
    ...
    """
    if callable(gates):
        gates = {gates.__name__: gates}
    if not isinstance(gates, dict) or not gates or not all(callable(g) for g in gates.values()):
        raise ValueError("gates must be a gate function or a non-empty dict {title: gate function}")
    inputs = _check_finite(np.asarray(inputs), "inputs")
    if inputs.ndim != 2 or inputs.shape[1] != 2 or not np.isin(inputs, (0, 1)).all():
        raise ValueError(f"inputs must be an (N, 2) array of 0/1 values, got shape {inputs.shape}")
    titles = [str(title) for title in gates]
    lines = ["x1 x2 | " + "  ".join(titles)]
    for x1, x2 in inputs.astype(int):
        outputs = [int(gate(x1, x2)) for gate in gates.values()]
        cells = [f"{value:>{len(title)}d}" for value, title in zip(outputs, titles)]
        lines.append(f"{x1:2d} {x2:2d} | " + "  ".join(cells))
    return "\n".join(lines)


def train_perceptron(x, t, learning_rate: float = 0.1, epochs: int = 10, weights=None, bias: float = 0.0):
    """Rosenblatt's perceptron learning rule, one example at a time.

    For each example: ``y = step(x @ w + b)``, then ``w += learning_rate * (t - y) * x`` and
    ``b += learning_rate * (t - y)``. Nothing changes when the example is already right.

    x: (N, D) inputs. t: (N,) labels 0/1. weights: (D,) start (default zeros). bias: start.
    Returns ``(weights, bias, errors)``: the final weights (D,), the final bias (float) and a
    list with the number of misclassified examples in each epoch (pass over the data).
    """
    x = _check_finite(np.asarray(x), "x")
    if x.ndim != 2:
        raise ValueError(f"x must be a 2-D array (N, D) of inputs, got shape {x.shape}")
    t = _check_labels(t, x.shape[0])
    if isinstance(learning_rate, bool) or not np.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    w = np.zeros(x.shape[1]) if weights is None else _check_finite(np.asarray(weights, dtype=float), "weights").copy()
    if w.shape != (x.shape[1],):
        raise ValueError(f"weights must have shape ({x.shape[1]},) to match x, got {w.shape}")
    b = float(_check_finite(np.asarray(bias, dtype=float), "bias"))
    errors = []
    for _ in range(epochs):
        mistakes = 0
        for example, target in zip(x, t):
            y = perceptron(example, w, b)
            if y != target:
                w = w + learning_rate * (target - y) * example
                b = b + learning_rate * (target - y)
                mistakes += 1
        errors.append(mistakes)
    return w, b, errors


def plot_decision_line(weights, bias, targets, ax=None, title: str = "", inputs=GATE_INPUTS, *,
                       shade: bool = True, points: bool = True, color: str = "tab:blue",
                       line_label: str = "decision line"):
    """Draw the line ``w1*x1 + w2*x2 + b = 0`` over the points, shading the side where y = 1.

    weights: (2,), bias: a number. targets: (N,) labels 0/1 of ``inputs`` (N, 2) (filled
    markers for 1, open markers for 0). Call it twice on one axis with ``shade=False,
    points=False`` the second time to add another perceptron's line. Returns the axis.
    """
    import matplotlib.pyplot as plt

    inputs = _check_finite(np.asarray(inputs, dtype=float), "inputs")
    if inputs.ndim != 2 or inputs.shape[1] != 2:
        raise ValueError(f"inputs must be (N, 2) points, got shape {inputs.shape}")
    targets = _check_labels(targets, inputs.shape[0], "targets")
    weights = _check_finite(np.asarray(weights, dtype=float), "weights")
    if weights.shape != (2,):
        raise ValueError(f"weights must have shape (2,), got {weights.shape}")
    bias = float(_check_finite(np.asarray(bias, dtype=float), "bias"))
    if ax is None:
        _, ax = plt.subplots(figsize=(3.6, 3.6))
    grid = np.linspace(-0.5, 1.5, 201)
    g1, g2 = np.meshgrid(grid, grid)
    weighted_sum = weights[0] * g1 + weights[1] * g2 + bias
    if shade:
        ax.contourf(g1, g2, (weighted_sum > 0).astype(float), levels=[-0.5, 0.5, 1.5], colors=["white", "#cde4f7"])
    if np.any(weights != 0):
        ax.contour(g1, g2, weighted_sum, levels=[0], colors=color, linewidths=2)
        ax.plot([], [], color=color, linewidth=2, label=line_label)
    if points:
        ones, zeros = inputs[targets == 1], inputs[targets == 0]
        ax.scatter(ones[:, 0], ones[:, 1], s=90, color="tab:orange", edgecolor="black", zorder=3, label="target 1")
        ax.scatter(zeros[:, 0], zeros[:, 1], s=90, facecolor="white", edgecolor="black", zorder=3, label="target 0")
    ax.set(xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), xlabel="$x_1$", ylabel="$x_2$", title=title, aspect="equal")
    ax.legend(loc="upper right", fontsize=7, framealpha=0.9)
    return ax
