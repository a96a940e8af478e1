"""Weight initialization experiments: how the starting scale of W shapes activations and gradients.

Lesson 04 (``04_weight_initialization.ipynb``) shows and explains this code:

- :func:`init_std` turns a rule ("xavier", "he" or a fixed number) into the standard deviation of
  the Gaussian that fills a weight matrix with ``n_in`` inputs per unit:
  Xavier/Glorot ``sqrt(1 / n_in)``, He ``sqrt(2 / n_in)``.
- :class:`Tanh`, a layer beside lesson 03's ``Sigmoid`` and ``ReLU``.
- :func:`deep_activations` pushes input through a deep stack of ``Affine`` + activation
  layers (``lessons_lib.layers``), then sends a random gradient back down, and returns every
  layer's activations and the mean ``|dL/dW|`` of every layer: the data for the activation
  histograms and the vanishing-gradient plot (the book's section 6.2 experiment).
- :func:`plot_activation_histograms` draws one row of histograms per setting.
"""

from __future__ import annotations

import math

import numpy as np

from lessons_lib.config import make_rng
from lessons_lib.layers import Affine, ReLU, Sigmoid, _as_array, _overflow_hint

RULES = ("xavier", "glorot", "he")


def init_rule(weight_init, n_in) -> str:
    """``"xavier"``, ``"he"`` or ``"fixed"``; ValueError naming weight_init or n_in if bad."""
    if isinstance(n_in, bool) or not isinstance(n_in, (int, np.integer)) or n_in < 1:
        raise ValueError(f"n_in must be a positive int (inputs per unit), got {n_in!r}")
    wanted = f"weight_init must be 'xavier', 'glorot', 'he' or a positive number, got {weight_init!r}"
    if isinstance(weight_init, str):
        if weight_init.lower() not in RULES:
            raise ValueError(wanted)
        return "he" if weight_init.lower() == "he" else "xavier"
    if (
        isinstance(weight_init, (bool, np.bool_))
        or not isinstance(weight_init, (int, float, np.floating, np.integer))
        or not np.isfinite(weight_init)
        or weight_init <= 0
    ):
        raise ValueError(wanted)
    return "fixed"


def as_tanh_input(x) -> np.ndarray:
    """x as a real float array; ValueError naming x on NaN, inf, text or complex numbers
    (for inf: with the hint :func:`lessons_lib.layers._overflow_hint` gives, since an
    activation's input is the output of the layer before it)."""
    try:
        return _as_array(x, "x")
    except ValueError as error:
        raise ValueError(_overflow_hint("Tanh", str(error))) from None


def as_tanh_dout(layer, dout) -> np.ndarray:
    """dout as a float array shaped like the forward output; RuntimeError before forward."""
    if getattr(layer, "out", None) is None:
        raise RuntimeError("Tanh.backward called before forward")
    dout = _as_array(dout, "dout")
    if dout.shape != layer.out.shape:
        raise ValueError(
            f"Tanh.backward: dout must have the shape of forward's output "
            f"{layer.out.shape}, got {dout.shape}"
        )
    return dout


def as_deep_inputs(x, activation, n_layers, seed):
    """(x as a float64 (N, D) array, make_rng(seed)); ValueError naming a bad argument."""
    x = _as_array(x, "x").astype(np.float64)
    if x.ndim != 2 or 0 in x.shape:
        raise ValueError(f"x must be a non-empty (N, D) array, got shape {x.shape}")
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        raise ValueError(
            f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}"
        )
    if (
        isinstance(n_layers, bool)
        or not isinstance(n_layers, (int, np.integer))
        or n_layers < 1
    ):
        raise ValueError(f"n_layers must be a positive int, got {n_layers!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    return x, make_rng(seed)


def init_std(weight_init, n_in):
    """Std of the N(0, std^2) starting weights of a layer with n_in inputs per unit."""
    rule = init_rule(weight_init, n_in)  # ValueError names a bad argument
    if rule == "xavier":  # also "glorot"
        return math.sqrt(1 / n_in)  # n_in sigma^2 = 1
    if rule == "he":
        return math.sqrt(2 / n_in)  # n_in sigma^2 = 2: ReLU halves the mean square
    return float(weight_init)  # a fixed std such as 0.01 or 1.0


class Tanh:
    """out = tanh(x), any shape; backward: dout * (1 - out^2), since tanh' = 1 - tanh^2.

    Lesson 04 adds it beside lesson 03's ``Sigmoid`` and ``ReLU`` for the tanh row.
    """

    def forward(self, x, train=True):
        self.out = np.tanh(as_tanh_input(x))  # ValueError on NaN or text
        return self.out

    def backward(self, dout):
        dout = as_tanh_dout(self, dout)  # ValueError if its shape is not out's
        return dout * (1.0 - self.out**2)


ACTIVATIONS = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": ReLU}


def deep_activations(x, activation, weight_init, n_layers=5, seed=0):
    """Forward ``x`` through ``n_layers`` of (Affine -> activation), then backward a random gradient.

    x: (N, D) input, e.g. ``rng.standard_normal((1000, 100))``; every layer has D units, zero
    biases and Gaussian weights with std :func:`init_std` ``(weight_init, D)``. activation: a key
    of :data:`ACTIVATIONS` ("sigmoid", "tanh", "relu"). The gradient sent back from the top is
    standard normal noise (N, D), standing in for "whatever the loss says"; what matters is how
    its size changes on the way down.

    Returns ``{"activations": [(N, D)] * n_layers, "weight_grad": [float] * n_layers}`` where
    ``weight_grad[i]`` is the mean ``|dL/dW|`` of layer i + 1 (first layer first).
    """
    x, rng = as_deep_inputs(x, activation, n_layers, seed)  # ValueError names a bad one
    stack, activations = [], []
    for _ in range(n_layers):
        n_in = x.shape[1]
        W = rng.standard_normal((n_in, n_in)) * init_std(weight_init, n_in)
        stack += [Affine(W, np.zeros(n_in)), ACTIVATIONS[activation]()]
        x = stack[-1].forward(stack[-2].forward(x))
        activations.append(x)
    dout = rng.standard_normal(x.shape)  # stands in for the gradient from a loss
    for layer in reversed(stack):
        dout = layer.backward(dout)
    weight_grad = [float(np.abs(affine.dW).mean()) for affine in stack[::2]]
    return {"activations": activations, "weight_grad": weight_grad}


def _check_histogram_arguments(results, bins, value_range, title, positive_only):
    """ValueError or TypeError naming the bad argument of plot_activation_histograms."""
    if not isinstance(results, dict) or not results:
        raise ValueError(
            "results must be a non-empty dict {label: deep_activations(...) result}"
        )
    counts = set()
    for label, result in results.items():
        layers = result.get("activations") if isinstance(result, dict) else None
        if not isinstance(layers, (list, tuple)) or not layers:
            raise ValueError(
                f"results[{label!r}] must be a deep_activations(...) result with a "
                "non-empty 'activations' list"
            )
        for index, values in enumerate(layers):
            name = f"results[{label!r}]['activations'][{index}]"
            if not isinstance(values, np.ndarray):
                raise ValueError(
                    f"{name} must be a numpy array (a layer's activations), "
                    f"got {type(values).__name__}"
                )
            if values.dtype.kind not in "iuf" or values.size == 0:
                raise ValueError(
                    f"{name} must hold real numbers, got dtype {values.dtype} "
                    f"and shape {values.shape}"
                )
            if not np.isfinite(values).all():
                raise ValueError(f"{name} holds NaN or inf activations")
        counts.add(len(layers))
    if len(counts) != 1:
        raise ValueError("results must all have the same number of layers")
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 1:
        raise ValueError(f"bins must be a positive int, got {bins!r}")
    if (
        not isinstance(value_range, (tuple, list))
        or len(value_range) != 2
        or not all(
            isinstance(v, (int, float, np.integer, np.floating))
            and not isinstance(v, bool)
            and np.isfinite(v)
            for v in value_range
        )
        or not value_range[0] < value_range[1]
    ):
        raise ValueError(
            f"value_range must be (low, high) with low < high, got {value_range!r}"
        )
    if not isinstance(title, str):
        raise TypeError(f"title must be a string, got {type(title).__name__}")
    if not isinstance(positive_only, (bool, np.bool_)):
        raise TypeError(f"positive_only must be True or False, got {positive_only!r}")


def plot_activation_histograms(
    results: dict,
    bins: int = 30,
    value_range=(0.0, 1.0),
    title: str = "",
    positive_only: bool = False,
):
    """One row per setting, one column per layer: histograms of the activations.

    results: ``{row label: deep_activations(...) result}``. Each panel shows its layer's
    activation standard deviation (of all values). positive_only: leave out the exact zeros (the
    inactive ReLU units, about half of them) so the shape of the rest is visible.
    Returns the figure.
    """
    import matplotlib.pyplot as plt

    _check_histogram_arguments(results, bins, value_range, title, positive_only)
    n_rows = len(results)
    n_cols = len(next(iter(results.values()))["activations"])
    fig, axes = plt.subplots(
        n_rows, n_cols, figsize=(2.1 * n_cols, 1.7 * n_rows), squeeze=False, sharex=True
    )
    for row, (label, result) in enumerate(results.items()):
        for col, values in enumerate(result["activations"]):
            ax = axes[row, col]
            shown = values[values > 0] if positive_only else values.ravel()
            ax.hist(shown, bins=bins, range=value_range, color=f"C{row}")
            ax.set_yticks([])
            ax.set_ylim(
                0, ax.get_ylim()[1] * 1.3
            )  # headroom above the bars for the label
            ax.text(
                0.5,
                0.95,
                f"std {values.std():.3f}",
                transform=ax.transAxes,
                ha="center",
                va="top",
                fontsize=8,
                bbox={
                    "facecolor": "white",
                    "alpha": 0.8,
                    "edgecolor": "none",
                    "pad": 1,
                },
            )
            if row == 0:
                ax.set_title(f"layer {col + 1}", fontsize=10)
            if col == 0:
                ax.set_ylabel(label, fontsize=9)
            if row == n_rows - 1:
                ax.set_xlabel("activation")
            ticks = np.linspace(value_range[0], value_range[1], 3)
            ax.set_xticks(
                ticks, [f"{tick:g}" for tick in ticks]
            )  # an ASCII minus: any font has it
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def moving_average(values, window: int = 20) -> np.ndarray:
    """Mean of each run of ``window`` consecutive values: (N,) -> (N - window + 1,).

    Minibatch losses are noisy; their moving average shows the trend (lesson 04's loss plot).
    """
    values = _as_array(values, "values").astype(np.float64)
    if values.ndim != 1:
        raise ValueError(f"values must be 1-D, got shape {values.shape}")
    if (
        isinstance(window, bool)
        or not isinstance(window, (int, np.integer))
        or not 1 <= window <= len(values)
    ):
        raise ValueError(
            f"window must be an int between 1 and len(values) = {len(values)}, got {window!r}"
        )
    # Scaled by a power of 2 (exact) so that the running sum cannot overflow.
    largest = float(np.abs(values).max())
    scale = math.ldexp(1.0, math.frexp(largest)[1] - 1) if largest > 0 else 1.0
    cumulative = np.cumsum(np.concatenate([[0.0], values / scale]))
    return (cumulative[window:] - cumulative[:-window]) / window * scale
