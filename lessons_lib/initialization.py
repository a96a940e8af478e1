"""Weight initialization experiments: how the starting scale of W shapes activations and gradients.

Lesson 04 (``04_weight_initialization.ipynb``) uses these helpers:

- :func:`init_std` turns a rule ("xavier", "he" or a fixed number) into the standard deviation of
  the Gaussian that fills a weight matrix with ``n_in`` inputs per unit:
  Xavier/Glorot ``sqrt(1 / n_in)``, He ``sqrt(2 / n_in)``.
- :func:`deep_activations` pushes random input through a deep stack of ``Affine`` + activation
  layers (``lessons_lib.layers``), then sends a random gradient back down, and returns every
  layer's activations and the mean ``|dL/dW|`` of every layer: the data for the activation
  histograms and the vanishing-gradient plot.
- :func:`plot_activation_histograms` draws one row of histograms per setting.
"""

from __future__ import annotations

import numpy as np

from lessons_lib.config import make_rng
from lessons_lib.layers import Affine, ReLU, Sigmoid, _as_array

ACTIVATION_LAYERS = {"sigmoid": Sigmoid, "relu": ReLU}


def init_std(weight_init, n_in: int) -> float:
    """Standard deviation of the initial weights of a layer with ``n_in`` inputs per unit.

    weight_init: ``"xavier"`` (also ``"glorot"``) -> sqrt(1 / n_in); ``"he"`` -> sqrt(2 / n_in);
    a positive number -> that number (a fixed std such as 0.01 or 1.0).
    """
    if isinstance(n_in, bool) or not isinstance(n_in, (int, np.integer)) or n_in < 1:
        raise ValueError(f"n_in must be a positive int (inputs per unit), got {n_in!r}")
    if isinstance(weight_init, str):
        rule = weight_init.lower()
        if rule in ("xavier", "glorot"):
            return float(np.sqrt(1.0 / n_in))
        if rule == "he":
            return float(np.sqrt(2.0 / n_in))
        raise ValueError(f"weight_init must be 'xavier', 'glorot', 'he' or a positive number, got {weight_init!r}")
    if isinstance(weight_init, bool) or not isinstance(weight_init, (int, float, np.floating, np.integer)) \
            or not np.isfinite(weight_init) or weight_init <= 0:
        raise ValueError(f"weight_init must be 'xavier', 'glorot', 'he' or a positive number, got {weight_init!r}")
    return float(weight_init)


def deep_activations(x, activation: str = "sigmoid", weight_init="xavier", n_layers: int = 5,
                     n_units: int = 100, seed: int = 0) -> dict:
    """Forward ``x`` through ``n_layers`` of (Affine -> activation), then backward a random gradient.

    x: (N, D) input, e.g. ``rng.standard_normal((1000, 100))``. Every layer has ``n_units`` units,
    zero biases and Gaussian weights with std :func:`init_std` ``(weight_init, n_in)``.
    The gradient sent back from the top is standard normal noise (N, n_units), standing in for
    "whatever the loss says"; what matters is how its size changes on the way down.

    Returns ``{"activations": [(N, n_units)] * n_layers, "weight_grad": [float] * n_layers,
    "activation_std": [float] * n_layers}`` where ``weight_grad[i]`` is the mean ``|dL/dW|`` of
    layer i + 1 (first layer first).
    """
    x = _as_array(x, "x").astype(np.float64)
    if x.ndim != 2 or 0 in x.shape:
        raise ValueError(f"x must be a non-empty (N, D) array, got shape {x.shape}")
    if not isinstance(activation, str) or activation not in ACTIVATION_LAYERS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATION_LAYERS)}, got {activation!r}")
    if isinstance(n_layers, bool) or not isinstance(n_layers, (int, np.integer)) or n_layers < 1:
        raise ValueError(f"n_layers must be a positive int, got {n_layers!r}")
    if isinstance(n_units, bool) or not isinstance(n_units, (int, np.integer)) or n_units < 1:
        raise ValueError(f"n_units must be a positive int, got {n_units!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    rng = make_rng(seed)
    layers, activations = [], []
    out = x
    for _ in range(n_layers):
        n_in = out.shape[1]
        affine = Affine(rng.standard_normal((n_in, n_units)) * init_std(weight_init, n_in), np.zeros(n_units))
        act = ACTIVATION_LAYERS[activation]()
        out = act.forward(affine.forward(out))
        layers.append((affine, act))
        activations.append(out)
    dout = rng.standard_normal(out.shape)
    weight_grad = [0.0] * n_layers
    for index in reversed(range(n_layers)):
        affine, act = layers[index]
        dout = affine.backward(act.backward(dout))
        weight_grad[index] = float(np.abs(affine.dW).mean())
    return {"activations": activations, "weight_grad": weight_grad,
            "activation_std": [float(a.std()) for a in activations]}


def plot_activation_histograms(results: dict, bins: int = 30, value_range=(0.0, 1.0), title: str = "",
                               positive_only: bool = False):
    """One row per setting, one column per layer: histograms of the activations.

    results: ``{row label: deep_activations(...) result}``. Each panel shows its layer's
    activation standard deviation (of all values). positive_only: leave out the exact zeros (the
    inactive ReLU units, about half of them) so the shape of the rest is visible.
    Returns the figure.
    """
    import matplotlib.pyplot as plt

    if not isinstance(results, dict) or not results:
        raise ValueError("results must be a non-empty dict {label: deep_activations(...) result}")
    n_rows = len(results)
    n_cols = len(next(iter(results.values()))["activations"])
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(2.1 * n_cols, 1.7 * n_rows), squeeze=False,
                             sharex=True)
    for row, (label, result) in enumerate(results.items()):
        for col, values in enumerate(result["activations"]):
            ax = axes[row, col]
            shown = values[values > 0] if positive_only else values.ravel()
            ax.hist(shown, bins=bins, range=value_range, color=f"C{row}")
            ax.set_yticks([])
            ax.set_ylim(0, ax.get_ylim()[1] * 1.3)  # headroom above the bars for the label
            ax.text(0.5, 0.95, f"std {values.std():.3f}", transform=ax.transAxes, ha="center",
                    va="top", fontsize=8,
                    bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1})
            if row == 0:
                ax.set_title(f"layer {col + 1}", fontsize=10)
            if col == 0:
                ax.set_ylabel(label, fontsize=9)
            if row == n_rows - 1:
                ax.set_xlabel("activation")
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
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or not 1 <= window <= len(values):
        raise ValueError(f"window must be an int between 1 and len(values) = {len(values)}, got {window!r}")
    cumulative = np.cumsum(np.concatenate([[0.0], values]))
    return (cumulative[window:] - cumulative[:-window]) / window
