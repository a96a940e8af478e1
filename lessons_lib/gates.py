"""Perceptrons as logic gates: lesson 01 (``01_perceptron_gates.ipynb``).

A **perceptron** takes a weighted sum of its inputs plus a bias and passes it through the
step function::

    y = step(w1 * x1 + w2 * x2 + b)      step(a) = 1 if a > 0 else 0

With hand-set weights one perceptron computes AND, OR or NAND. XOR needs two layers:
``XOR(x1, x2) = AND(NAND(x1, x2), OR(x1, x2))``. :func:`train_perceptron` is Rosenblatt's
learning rule, which finds weights for AND, OR and NAND from the four examples and never stops
making errors on XOR. Lesson 02 (``lessons_lib.xor``) replaces the step with a sigmoid so that
the two-layer network can be trained.

The definitions marked "shown in lesson 01" are written, identically, in the notebook's visible
cells (``#@save gates``; ``tools/save.py`` and tests/test_shown_code.py keep them the same). The
input checks live in small helpers (:func:`perceptron_inputs`, :func:`logic_inputs`,
:func:`training_inputs`), one line per function on the slide.
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



def _real_array(value, name: str, dtype=None) -> np.ndarray:
    """``value`` as a finite real array, or a ValueError that names the argument."""
    try:
        array = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers, got {value!r}") from None
    if array.dtype.kind not in "iuf" and not (array.dtype.kind == "b" and dtype is None):
        raise ValueError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinity")
    return array


def perceptron_inputs(x, weights, bias):
    """Check one perceptron's arguments; return ``(x, weights, bias)`` as arrays.

    x: (D,) or (N, D). weights: (D,). bias: one number. Bools count as 0/1.
    """
    weights = _real_array(weights, "weights", dtype=None).astype(float)
    if weights.ndim != 1:
        raise ValueError(f"weights must be 1-D (D,), got shape {weights.shape}")
    x = _real_array(x, "x")
    if x.ndim not in (1, 2) or x.shape[-1] != weights.shape[0]:
        raise ValueError(f"x must have shape ({weights.shape[0]},) or (N, {weights.shape[0]}) to match "
                         f"weights, got {x.shape}")
    bias = _real_array(bias, "bias").astype(float)
    if bias.ndim != 0:
        raise ValueError(f"bias must be a single number, got shape {bias.shape}")
    return x.astype(float), weights, float(bias)


def logic_inputs(x1, x2) -> np.ndarray:
    """``np.array([x1, x2])`` for one pair of logic values, ``(N, 2)`` for arrays of them; a
    ValueError unless every value is 0 or 1."""
    pair = []
    for label, value in (("x1", x1), ("x2", x2)):
        value = _real_array(value, label)
        if not np.isin(value, (0, 1)).all():
            raise ValueError(f"{label} must be 0 or 1 (a logic value), got {value.tolist()}")
        pair.append(value.astype(int))
    if pair[0].shape != pair[1].shape:
        raise ValueError(f"x1 and x2 must have the same shape, got {pair[0].shape} and {pair[1].shape}")
    return np.stack(pair, axis=-1)


def training_inputs(x, t, learning_rate, epochs):
    """Check the learning rule's arguments; return ``(x, t)``: x (N, D) floats, t (N,) 0/1 ints."""
    x = _real_array(x, "x")
    if x.ndim != 2 or len(x) == 0:
        raise ValueError(f"x must be a non-empty 2-D array (N, D) of inputs, got shape {x.shape}")
    t = _real_array(t, "t")
    if t.shape != (x.shape[0],):
        raise ValueError(f"t must have shape ({x.shape[0]},), one 0/1 label per input row, got {t.shape}")
    if not np.isin(t, (0, 1)).all():
        raise ValueError(f"t must contain only the labels 0 and 1, got {np.unique(t).tolist()}")
    if (isinstance(learning_rate, (bool, np.bool_)) or not isinstance(learning_rate, (int, float, np.number))
            or not np.isfinite(learning_rate) or learning_rate <= 0):
        raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
    if isinstance(epochs, (bool, np.bool_)) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    return x.astype(float), t.astype(int)


def layer_inputs(x, weights, bias):
    """Check a layer of perceptrons' arguments: x (N, D), weights (D, H), bias (H,)."""
    x = _real_array(x, "x").astype(float)
    weights = _real_array(weights, "weights").astype(float)
    bias = _real_array(bias, "bias").astype(float)
    if weights.ndim != 2 or x.ndim != 2 or x.shape[1] != weights.shape[0]:
        raise ValueError(f"x (N, D) and weights (D, H) must fit, got {x.shape} and {weights.shape}")
    if bias.shape != (weights.shape[1],):
        raise ValueError(f"bias must have shape ({weights.shape[1]},), one per perceptron, got {bias.shape}")
    return x, weights, bias


# --- shown in lesson 01, section 1 -----------------------------------------------------------
def perceptron(x, weights, bias):
    """step(x @ weights + bias): x (D,) -> 0 or 1; x (N, D) -> (N,) zeros and ones."""
    x, weights, bias = perceptron_inputs(x, weights, bias)  # ValueError names a bad argument
    return step(x @ weights + bias)


# --- shown in lesson 01, section 2 -----------------------------------------------------------
def AND(x1, x2):
    x = logic_inputs(x1, x2)  # np.array([x1, x2]); ValueError unless 0s and 1s
    weights, bias = np.array([0.5, 0.5]), -0.7
    return perceptron(x, weights, bias)


def OR(x1, x2):
    return perceptron(logic_inputs(x1, x2), np.array([0.5, 0.5]), -0.2)


def NAND(x1, x2):
    return perceptron(logic_inputs(x1, x2), np.array([-0.5, -0.5]), 0.7)


GATE_WEIGHTS = {
    "AND": (np.array([0.5, 0.5]), -0.7),
    "OR": (np.array([0.5, 0.5]), -0.2),
    "NAND": (np.array([-0.5, -0.5]), 0.7),
}
"""The ``(weights, bias)`` that :func:`AND`, :func:`OR` and :func:`NAND` use (Saito's values),
for the plots; tests/test_gates.py checks that they match the functions."""


# --- shown in lesson 01, section 3 -----------------------------------------------------------
def train_perceptron(x, t, learning_rate=1.0, epochs=10):
    """Rosenblatt's rule from zero weights. Returns weights, bias, mistakes per epoch."""
    x, t = training_inputs(x, t, learning_rate, epochs)  # ValueError names a bad argument
    weights, bias = np.zeros(x.shape[1]), 0.0
    mistakes = []
    for epoch in range(epochs):
        count = 0
        for example, target in zip(x, t):
            error = target - perceptron(example, weights, bias)  # 0, +1 or -1
            weights = weights + learning_rate * error * example
            bias = bias + learning_rate * error
            count += int(error != 0)
        mistakes.append(count)
    return weights, bias, mistakes


# --- shown in lesson 01, section 5 -----------------------------------------------------------
def XOR(x1, x2):
    s1 = NAND(x1, x2)
    s2 = OR(x1, x2)
    return AND(s1, s2)


def two_layer_perceptron(x, hidden_weights, hidden_bias, output_weights, output_bias):
    """x (N, D) -> hidden (N, H) = step(x @ W + b), one column per perceptron -> (N,)."""
    x, hidden_weights, hidden_bias = layer_inputs(x, hidden_weights, hidden_bias)
    hidden = step(x @ hidden_weights + hidden_bias)
    return perceptron(hidden, output_weights, output_bias)


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
    inputs = _real_array(inputs, "inputs")
    if inputs.ndim != 2 or inputs.shape[1] != 2 or not np.isin(inputs, (0, 1)).all():
        raise ValueError(f"inputs must be an (N, 2) array of 0/1 values, got shape {inputs.shape}")
    titles = [str(title) for title in gates]
    lines = ["x1 x2 | " + "  ".join(titles)]
    for x1, x2 in inputs.astype(int):
        outputs = [int(gate(x1, x2)) for gate in gates.values()]
        cells = [f"{value:>{len(title)}d}" for value, title in zip(outputs, titles)]
        lines.append(f"{x1:2d} {x2:2d} | " + "  ".join(cells))
    return "\n".join(lines)


def _labels01(t, n: int, name: str) -> np.ndarray:
    t = _real_array(t, name)
    if t.shape != (n,) or not np.isin(t, (0, 1)).all():
        raise ValueError(f"{name} must be ({n},) labels 0/1, got shape {t.shape}")
    return t.astype(int)


def plot_decision_line(weights, bias, targets, ax=None, title: str = "", inputs=GATE_INPUTS, *,
                       shade: bool = True, points: bool = True, color: str = "tab:blue",
                       line_label: str = "decision line"):
    """Draw the line ``w1*x1 + w2*x2 + b = 0`` over the points, shading the side where y = 1.

    weights: (2,), bias: a number. targets: (N,) labels 0/1 of ``inputs`` (N, 2) (filled
    markers for 1, open markers for 0). Call it twice on one axis with ``shade=False,
    points=False`` the second time to add another perceptron's line. Returns the axis.
    """
    import matplotlib.pyplot as plt

    inputs = _real_array(inputs, "inputs").astype(float)
    if inputs.ndim != 2 or inputs.shape[1] != 2:
        raise ValueError(f"inputs must be (N, 2) points, got shape {inputs.shape}")
    targets = _labels01(targets, inputs.shape[0], "targets")
    weights = _real_array(weights, "weights").astype(float)
    if weights.shape != (2,):
        raise ValueError(f"weights must have shape (2,), got {weights.shape}")
    bias = float(_real_array(bias, "bias"))
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


def plot_xor_layers(axes=None):
    """Lesson 01's two-panel figure: the NAND and OR lines on the inputs, with the strip where both
    fire shaded; then the four points as the first layer moves them, split by the AND line."""
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.9))
    ax_input, ax_layer = axes
    xor = TRUTH_TABLES["XOR"]
    plot_decision_line(*GATE_WEIGHTS["NAND"], xor, ax=ax_input, shade=False, color="tab:green",
                       line_label="NAND line")
    plot_decision_line(*GATE_WEIGHTS["OR"], xor, ax=ax_input, shade=False, points=False,
                       color="tab:purple", line_label="OR line")
    grid_1, grid_2 = np.meshgrid(np.linspace(-0.5, 1.5, 201), np.linspace(-0.5, 1.5, 201))
    grid = np.column_stack([grid_1.ravel(), grid_2.ravel()])
    both_fire = perceptron(grid, *GATE_WEIGHTS["NAND"]) * perceptron(grid, *GATE_WEIGHTS["OR"])
    ax_input.contourf(grid_1, grid_2, both_fire.reshape(grid_1.shape), levels=[0.5, 1.5], colors=["#cde4f7"])
    ax_input.set_title("inputs: NAND and OR both fire in the strip")
    first_layer = np.column_stack([NAND(GATE_INPUTS[:, 0], GATE_INPUTS[:, 1]),
                                   OR(GATE_INPUTS[:, 0], GATE_INPUTS[:, 1])])
    plot_decision_line(*GATE_WEIGHTS["AND"], xor, ax=ax_layer, inputs=first_layer, line_label="AND line")
    ax_layer.set(title="after the first layer: (s1, s2)", xlabel="$s_1$ = NAND($x_1, x_2$)",
                 ylabel="$s_2$ = OR($x_1, x_2$)")
    return axes
