"""XOR with a multi-layer perceptron: lesson 02 (``02_xor_mlp.ipynb``).

A single sigmoid unit (logistic regression) cannot learn XOR; a network with one hidden layer
can. :class:`SigmoidMLP` is that network, 2 inputs -> H sigmoid units -> 1 sigmoid output,
trained by full-batch gradient descent on the binary cross-entropy.

Forward pass, for a batch ``X`` (N, 2) with labels ``T`` (N, 1)::

    Z1 = X @ W1 + b1        (N, H)     W1: (2, H), b1: (H,)
    H  = sigmoid(Z1)        (N, H)
    Z2 = H @ W2 + b2        (N, 1)     W2: (H, 1), b2: (1,)
    Y  = sigmoid(Z2)        (N, 1)
    L  = -mean(T * log(Y) + (1 - T) * log(1 - Y))

Backward pass (backpropagation; lesson 03 derives each line with the chain rule)::

    dZ2 = (Y - T) / N                 (N, 1)
    dW2 = H.T @ dZ2                   (H, 1)
    db2 = dZ2.sum(axis=0)             (1,)
    dH  = dZ2 @ W2.T                  (N, H)
    dZ1 = dH * H * (1 - H)            (N, H)    since sigmoid'(z) = sigmoid(z) (1 - sigmoid(z))
    dW1 = X.T @ dZ1                   (2, H)
    db1 = dZ1.sum(axis=0)             (H,)

Gradient descent then moves every parameter against its gradient: ``W1 -= learning_rate * dW1``.
:func:`reliability` trains from many seeds and reports how often the network reaches accuracy 1.0,
and :func:`keras_xor_model` builds the same network in Keras (Keras is imported only there).
"""

from __future__ import annotations

import numpy as np

from lessons_lib.config import make_rng
from lessons_lib.functions import sigmoid

XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
"""The four XOR inputs (x1, x2), (4, 2) float64, in truth-table order."""

XOR_TARGETS = np.array([[0.0], [1.0], [1.0], [0.0]])
"""The XOR labels of :data:`XOR_INPUTS`, (4, 1) float64."""


def _check_inputs(x, input_size: int, name: str = "x") -> np.ndarray:
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.number) or np.issubdtype(x.dtype, np.complexfloating):
        raise ValueError(f"{name} must hold real numbers, got dtype {x.dtype}")
    x = x.astype(np.float64)
    if x.ndim != 2 or x.shape[1] != input_size:
        raise ValueError(f"{name} must have shape (N, {input_size}), got {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError(f"{name} contains NaN or infinity")
    return x


def _check_targets(t, n: int, name: str = "t") -> np.ndarray:
    t = np.asarray(t)
    if not np.issubdtype(t.dtype, np.number) and t.dtype != bool:
        raise ValueError(f"{name} must hold the labels 0 and 1, got dtype {t.dtype}")
    t = t.astype(np.float64)
    if t.shape == (n,):
        t = t.reshape(n, 1)
    if t.shape != (n, 1):
        raise ValueError(f"{name} must have shape ({n}, 1) or ({n},) to match x, got {t.shape}")
    if np.isnan(t).any():
        raise ValueError(f"{name} contains NaN")
    if not np.isin(t, (0.0, 1.0)).all():
        raise ValueError(f"{name} must contain only the labels 0 and 1, got {np.unique(t).tolist()}")
    return t


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    return int(seed)


def _check_positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def _check_positive_number(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def binary_cross_entropy(y, t, eps: float = 1e-12) -> float:
    """Mean binary cross-entropy (이진 교차 엔트로피) of probabilities y (N, 1) against labels t (N, 1)."""
    y = np.asarray(y, dtype=np.float64)
    if y.ndim != 2 or y.shape[1] != 1:
        raise ValueError(f"y must have shape (N, 1), got {y.shape}")
    if np.isnan(y).any() or (y < 0).any() or (y > 1).any():
        raise ValueError("y must be probabilities in [0, 1] without NaN")
    return _bce(y, _check_targets(t, y.shape[0]), eps)


def _bce(y: np.ndarray, t: np.ndarray, eps: float = 1e-12) -> float:
    return float(-np.mean(t * np.log(y + eps) + (1 - t) * np.log(1 - y + eps)))


def as_inputs(X) -> np.ndarray:
    """``X`` as an (N, 2) float64 array of finite numbers, or a ValueError naming X."""
    return _check_inputs(X, 2, "X")


def training_data(X, T, learning_rate, epochs):
    """Check the training loop's arguments; return ``(X, T)``: X (N, 2) and T (N, 1) floats."""
    X = as_inputs(X)
    _check_positive_number(learning_rate, "learning_rate")
    _check_positive_int(epochs, "epochs")
    return X, _check_targets(T, X.shape[0], "T")


def make_layers_rng(sizes, seed, init):
    """Check :func:`random_layers`' arguments; return ``make_rng(seed)``."""
    sizes = list(sizes)
    if len(sizes) < 2 or sizes[0] != 2:
        raise ValueError(f"sizes must start with the 2 inputs and name at least one layer, got {sizes}")
    for size in sizes:
        _check_positive_int(size, "sizes entries")
    if init not in ("normal", "glorot"):
        raise ValueError(f"init must be 'normal' or 'glorot', got {init!r}")
    return make_rng(_check_seed(seed))


# --- shown in lesson 02, section 3 ------------------------------------------------------------
def mlp_forward(params, X):
    """X (N, 2) -> hidden H (N, hidden) and output Y (N, 1), both through the sigmoid."""
    X = as_inputs(X)  # (N, 2) floats; ValueError names X otherwise
    H = sigmoid(X @ params["W1"] + params["b1"])
    Y = sigmoid(H @ params["W2"] + params["b2"])
    return H, Y


# --- shown in lesson 02, section 4 ------------------------------------------------------------
def mlp_backward(params, X, T, H, Y):
    """Gradients of the mean binary cross-entropy, one per parameter, shaped like it."""
    dZ2 = (Y - T) / len(X)  # (N, 1): dL/dZ2
    dH = dZ2 @ params["W2"].T  # (N, hidden): dL/dH
    dZ1 = dH * H * (1 - H)  # (N, hidden): the sigmoid's slope is H (1 - H)
    return {"W2": H.T @ dZ2, "b2": dZ2.sum(axis=0),
            "W1": X.T @ dZ1, "b1": dZ1.sum(axis=0)}


def init_params(hidden_size=2, seed=0, scale=1.0):
    """W1 (2, hidden) and W2 (hidden, 1) drawn from N(0, scale^2); zero biases."""
    rng = make_rng(seed)  # numpy's default_rng, moved by the seed study
    return {"W1": rng.normal(0.0, scale, (2, hidden_size)), "b1": np.zeros(hidden_size),
            "W2": rng.normal(0.0, scale, (hidden_size, 1)), "b2": np.zeros(1)}


def gradient_descent(params, X, T, learning_rate=1.0, epochs=5000):
    """Full-batch gradient descent on params; returns the loss before each step."""
    X, T = training_data(X, T, learning_rate, epochs)  # ValueError names a bad argument
    losses = []
    for epoch in range(epochs):
        H, Y = mlp_forward(params, X)
        losses.append(binary_cross_entropy(Y, T))
        grads = mlp_backward(params, X, T, H, Y)
        for name in params:
            params[name] -= learning_rate * grads[name]
    return losses


# --- shown in lesson 02, section 7 ------------------------------------------------------------
def random_layers(sizes, seed=0, init="normal"):
    """[(W, b), ...] for sizes like [2, 10, 10, 10, 10, 1]. "normal": W and b from
    N(0, 1), as Sung Kim's lab 9. "glorot": W uniform in +-sqrt(6 / (fan_in + fan_out)),
    b = 0, as Keras's Dense layers start."""
    rng = make_layers_rng(sizes, seed, init)  # make_rng(seed); ValueError if bad
    layers = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        if init == "normal":
            W, b = rng.normal(size=(fan_in, fan_out)), rng.normal(size=fan_out)
        else:
            limit = np.sqrt(6 / (fan_in + fan_out))
            W, b = rng.uniform(-limit, limit, (fan_in, fan_out)), np.zeros(fan_out)
        layers.append((W, b))
    return layers


def deep_forward(layers, X):
    """layers: [(W, b), ...]. Returns every layer's activations [X, A1, ..., Y]."""
    activations = [as_inputs(X)]  # ValueError names X unless (N, 2) numbers
    for W, b in layers:
        activations.append(sigmoid(activations[-1] @ W + b))
    return activations


def deep_backward(layers, activations, T):
    """Gradients [(dW, db), ...] of the mean binary cross-entropy, one pair per layer."""
    dZ = (activations[-1] - T) / len(T)
    grads = []
    for (W, b), A in zip(reversed(layers), reversed(activations[:-1])):
        grads.insert(0, (A.T @ dZ, dZ.sum(axis=0)))
        dZ = (dZ @ W.T) * A * (1 - A)  # back through the sigmoid of the layer below
    return grads


def train_deep(layers, X, T, learning_rate=0.1, epochs=10001):
    """Full-batch gradient descent on every (W, b); returns the loss before each step."""
    X, T = training_data(X, T, learning_rate, epochs)  # ValueError names a bad argument
    losses = []
    for epoch in range(epochs):
        activations = deep_forward(layers, X)
        losses.append(binary_cross_entropy(activations[-1], T))
        for (W, b), (dW, db) in zip(layers, deep_backward(layers, activations, T)):
            W -= learning_rate * dW
            b -= learning_rate * db
    return losses


class LogisticUnit:
    """One sigmoid unit (logistic regression): ``Y = sigmoid(X @ W + b)``, X (N, 2) -> Y (N, 1).

    The lesson-02 failure: on XOR its best weights are W = 0, b = 0, so every output is 0.5.
    Gradients: ``dZ = (Y - T) / N``, ``dW = X.T @ dZ`` (2, 1), ``db = dZ.sum(axis=0)`` (1,).
    """

    def __init__(self, input_size: int = 2, seed: int = 0, weight_scale: float = 1.0):
        self.input_size = _check_positive_int(input_size, "input_size")
        rng = make_rng(_check_seed(seed))
        self.params = {"W": rng.normal(0.0, _check_positive_number(weight_scale, "weight_scale"), (self.input_size, 1)),
                       "b": np.zeros(1)}

    def forward(self, x) -> np.ndarray:
        """x: (N, input_size) -> probabilities (N, 1)."""
        return self._forward(_check_inputs(x, self.input_size))

    def _forward(self, x: np.ndarray) -> np.ndarray:
        return sigmoid(x @ self.params["W"] + self.params["b"])

    def gradients(self, x, t):
        """Returns ``(loss, {"W": dW, "b": db})`` for inputs x (N, D) and labels t (N, 1)."""
        x = _check_inputs(x, self.input_size)
        return self._gradients(x, _check_targets(t, x.shape[0]))

    def _gradients(self, x: np.ndarray, t: np.ndarray):
        y = self._forward(x)
        d_z = (y - t) / x.shape[0]
        return _bce(y, t), {"W": x.T @ d_z, "b": d_z.sum(axis=0)}

    def predict(self, x) -> np.ndarray:
        """0/1 predictions (N, 1): 1 where the output is above 0.5."""
        return (self.forward(x) > 0.5).astype(int)

    def accuracy(self, x, t) -> float:
        """Fraction of rows predicted right."""
        x = _check_inputs(x, self.input_size)
        return float(np.mean(self.predict(x) == _check_targets(t, x.shape[0])))


class SigmoidMLP:
    """The 2-H-1 sigmoid network of lesson 02: X (N, 2) -> hidden (N, H) -> Y (N, 1).

    Parameters in ``self.params``: W1 (2, H), b1 (H,), W2 (H, 1), b2 (1,). Weights start as
    ``weight_scale * N(0, 1)`` from ``np.random.default_rng(seed)``; biases start at zero.
    The forward and backward formulas are in this module's docstring.
    """

    def __init__(self, hidden_size: int = 2, seed: int = 0, weight_scale: float = 1.0, input_size: int = 2):
        self.hidden_size = _check_positive_int(hidden_size, "hidden_size")
        self.input_size = _check_positive_int(input_size, "input_size")
        scale = _check_positive_number(weight_scale, "weight_scale")
        if self.input_size != 2:
            raise ValueError(f"input_size must be 2 (XOR's two inputs), got {input_size}")
        self.params = init_params(self.hidden_size, _check_seed(seed), scale)
        self.hidden = None

    def forward(self, x) -> np.ndarray:
        """x: (N, 2) -> output probabilities Y (N, 1); keeps the hidden activations in ``self.hidden``."""
        return self._forward(_check_inputs(x, self.input_size))

    def _forward(self, x: np.ndarray) -> np.ndarray:
        self.hidden, y = mlp_forward(self.params, x)
        return y

    def hidden_activations(self, x) -> np.ndarray:
        """What the hidden layer sees: H = sigmoid(X @ W1 + b1), (N, H)."""
        self.forward(x)
        return self.hidden

    def loss(self, x, t) -> float:
        """Binary cross-entropy of the network's outputs on x (N, 2) against labels t (N, 1)."""
        return binary_cross_entropy(self.forward(x), t)

    def gradients(self, x, t):
        """Backpropagation: returns ``(loss, grads)`` with grads shaped like ``self.params``."""
        x = _check_inputs(x, self.input_size)
        return self._gradients(x, _check_targets(t, x.shape[0]))

    def _gradients(self, x: np.ndarray, t: np.ndarray):
        y = self._forward(x)
        return _bce(y, t), mlp_backward(self.params, x, t, self.hidden, y)

    def predict(self, x) -> np.ndarray:
        """0/1 predictions (N, 1): 1 where the output is above 0.5."""
        return (self.forward(x) > 0.5).astype(int)

    def accuracy(self, x, t) -> float:
        """Fraction of rows predicted right."""
        x = _check_inputs(x, self.input_size)
        return float(np.mean(self.predict(x) == _check_targets(t, x.shape[0])))


def train(net, x, t, learning_rate: float = 1.0, epochs: int = 5000, stop_loss: float | None = None) -> list:
    """Full-batch gradient descent: ``param -= learning_rate * grad`` once per epoch.

    net: a :class:`SigmoidMLP` or :class:`LogisticUnit` (``params`` and ``gradients(x, t)``; the
    inputs are checked once here, then the unchecked ``_gradients`` runs every epoch).
    x: (N, D), t: (N, 1) labels 0/1.
    stop_loss: stop early once the loss falls below it (``None``: run every epoch). Any mean
    loss below ln(2)/N already means every example is on the right side of 0.5.
    Returns the list of losses, one per epoch (measured before that epoch's update).
    """
    x = _check_inputs(x, getattr(net, "input_size", 2))
    t = _check_targets(t, x.shape[0])
    learning_rate = _check_positive_number(learning_rate, "learning_rate")
    epochs = _check_positive_int(epochs, "epochs")
    if stop_loss is not None:
        stop_loss = _check_positive_number(stop_loss, "stop_loss")
    losses = []
    for _ in range(epochs):
        loss, grads = net._gradients(x, t)
        losses.append(loss)
        if stop_loss is not None and loss < stop_loss:
            break
        for key, grad in grads.items():
            net.params[key] -= learning_rate * grad
    return losses


def reliability(hidden_size: int, seeds=range(20), learning_rate: float = 1.0, epochs: int = 5000,
                stop_loss: float = 0.05, x=XOR_INPUTS, t=XOR_TARGETS):
    """Train a fresh 2-``hidden_size``-1 :class:`SigmoidMLP` from each seed; how often does it solve XOR?

    Each run stops early once its loss is below ``stop_loss`` (it has solved the table), so only
    the stuck runs use every epoch. Returns ``(fraction, accuracies)``: the fraction of seeds whose
    final accuracy is 1.0 and the final accuracy of each seed, an (S,) array.
    """
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    accuracies = []
    for seed in seeds:
        net = SigmoidMLP(hidden_size, seed=seed)
        train(net, x, t, learning_rate=learning_rate, epochs=epochs, stop_loss=stop_loss)
        accuracies.append(net.accuracy(x, t))
    accuracies = np.array(accuracies)
    return float(np.mean(accuracies == 1.0)), accuracies


def keras_xor_model(hidden_sizes=(2,), activation: str = "sigmoid", optimizer: str = "sgd",
                    learning_rate: float = 1.0, steps_per_execution: int = 1, name: str = "xor_mlp"):
    """The same network in Keras: Input(2) -> Dense(h, activation) for each h -> Dense(1, sigmoid).

    Compiled with binary cross-entropy, accuracy, and ``optimizer`` "sgd" (plain gradient descent,
    like :func:`train`) or "adam". ``steps_per_execution`` runs that many batches per call into
    TensorFlow, which makes thousands of tiny XOR steps fast. Keras is imported here only.
    """
    import keras

    hidden_sizes = tuple(hidden_sizes)
    for units in hidden_sizes:
        _check_positive_int(units, "hidden_sizes entries")
    learning_rate = _check_positive_number(learning_rate, "learning_rate")
    optimizers = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam}
    if optimizer not in optimizers:
        raise ValueError(f"optimizer must be 'sgd' or 'adam', got {optimizer!r}")
    model = keras.Sequential(name=name)
    model.add(keras.Input(shape=(2,)))
    for index, units in enumerate(hidden_sizes, start=1):
        model.add(keras.layers.Dense(units, activation=activation, name=f"hidden_{index}"))
    model.add(keras.layers.Dense(1, activation="sigmoid", name="output"))
    model.compile(optimizer=optimizers[optimizer](learning_rate=learning_rate), loss="binary_crossentropy",
                  metrics=["accuracy"], steps_per_execution=_check_positive_int(steps_per_execution, "steps_per_execution"))
    return model


def plot_decision_boundary(predict, ax=None, title: str = "", x=XOR_INPUTS, t=XOR_TARGETS):
    """Shade the network's output over the plane and draw its 0.5 contour over the four points.

    predict: a function (M, 2) -> probabilities (M, 1) or (M,), e.g. ``net.forward`` or
    ``lambda grid: model.predict(grid, verbose=0)``. Returns the matplotlib axis.
    """
    import matplotlib.pyplot as plt

    if not callable(predict):
        raise ValueError("predict must be a function from (M, 2) points to (M, 1) probabilities")
    x = _check_inputs(x, 2)
    t = _check_targets(t, x.shape[0]).ravel()
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 3.6))
    grid = np.linspace(-0.5, 1.5, 121)
    g1, g2 = np.meshgrid(grid, grid)
    output = np.asarray(predict(np.column_stack([g1.ravel(), g2.ravel()]))).reshape(g1.shape)
    image = ax.contourf(g1, g2, output, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.75)
    ax.contour(g1, g2, output, levels=[0.5], colors="black", linewidths=1.5)
    ax.figure.colorbar(image, ax=ax, label="network output y")
    ax.scatter(*x[t == 1].T, s=90, color="tab:orange", edgecolor="black", zorder=3, label="XOR = 1")
    ax.scatter(*x[t == 0].T, s=90, facecolor="white", edgecolor="black", zorder=3, label="XOR = 0")
    ax.plot([], [], color="black", label="y = 0.5")
    ax.set(xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), xlabel="$x_1$", ylabel="$x_2$", title=title, aspect="equal")
    ax.legend(loc="upper right", fontsize=7, framealpha=0.9)
    return ax


def plot_hidden_view(hidden, W2, b2, ax=None, title: str = "", x=XOR_INPUTS, t=XOR_TARGETS):
    """The four points as the hidden layer sees them, (h1, h2), with the output unit's line.

    hidden: (N, 2) hidden activations of ``x``; W2: (2, 1), b2: (1,) of the output unit, whose
    line ``h @ W2 + b2 = 0`` (output 0.5) is drawn. Returns the matplotlib axis.
    """
    import matplotlib.pyplot as plt

    x = _check_inputs(x, 2)
    t = _check_targets(t, x.shape[0]).ravel()
    hidden = _check_inputs(hidden, 2, "hidden")
    if hidden.shape[0] != x.shape[0]:
        raise ValueError(f"hidden must have one row per point of x ({x.shape[0]}), got {hidden.shape[0]}")
    W2 = np.asarray(W2, dtype=np.float64).reshape(-1)
    b2 = float(np.asarray(b2, dtype=np.float64).reshape(-1)[0])
    if W2.shape != (2,) or not np.isfinite(W2).all() or not np.isfinite(b2):
        raise ValueError(f"W2 must be (2, 1) and b2 (1,), finite, got {np.shape(W2)} and {np.shape(b2)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(3.6, 3.6))
    grid = np.linspace(-0.1, 1.1, 121)
    g1, g2 = np.meshgrid(grid, grid)
    side = W2[0] * g1 + W2[1] * g2 + b2
    ax.contourf(g1, g2, (side > 0).astype(float), levels=[-0.5, 0.5, 1.5], colors=["white", "#f7dccd"])
    ax.contour(g1, g2, side, levels=[0], colors="black", linewidths=1.5)
    ax.plot([], [], color="black", label="output line y = 0.5 (shaded: y > 0.5)")
    ax.scatter(*hidden[t == 1].T, s=90, color="tab:orange", edgecolor="black", zorder=3, label="XOR = 1")
    ax.scatter(*hidden[t == 0].T, s=90, facecolor="white", edgecolor="black", zorder=3, label="XOR = 0")
    labels = {}  # points that land (almost) on the same spot share one label
    for point, (x1, x2) in zip(hidden, x):
        spot = next((key for key in labels if np.abs(np.array(key) - point).max() < 0.05), tuple(point))
        labels.setdefault(spot, []).append(f"({x1:.0f},{x2:.0f})")
    for spot, names in labels.items():
        ax.annotate(" ".join(names), spot, textcoords="offset points", xytext=(6, -13), fontsize=8,
                    ha="right" if spot[0] > 0.7 else "left")
    ax.set(xlim=(-0.1, 1.1), ylim=(-0.1, 1.1), xlabel="hidden unit $h_1$", ylabel="hidden unit $h_2$",
           title=title, aspect="equal")
    ax.legend(loc="best", fontsize=7, framealpha=0.9)
    return ax
