"""One neuron, written from scratch: linear regression, logistic regression, a single layer.

Lesson 07 (``07_breast_cancer_logistic_neuron.ipynb``) builds these classes step by step,
following 정직하게 코딩하며 배우는 딥러닝 입문 (Do it! 딥러닝 입문), chapters 3-5:

- :class:`Neuron`: linear regression with one feature, ``y_hat = w * x + b`` (book ch. 3).
- :class:`LogisticNeuron`: logistic regression trained one sample at a time, in the order the
  samples come, with no shuffling (book ch. 4; 0.8246 test accuracy on the breast-cancer split).
- :class:`SingleLayer`: the same neuron grown up (book ch. 4-6): it shuffles every epoch, keeps
  the training and validation loss per epoch, adds L1/L2 penalties, and trains with batch,
  stochastic or mini-batch gradient descent through ``batch_size``, all with matrix products.
  It follows scikit-learn's estimator rules (``get_params``/``set_params``, ``fit`` returns
  ``self``), so it can sit inside a ``Pipeline`` and ``cross_validate``.

Shapes: ``x`` is ``(N, D)`` (N samples, D features), ``y`` is ``(N,)`` with labels 0 or 1,
``w`` is ``(D,)`` and ``b`` a float. Bad input raises ``ValueError`` naming the argument.
"""

from __future__ import annotations

import numpy as np

from lessons_lib.config import make_rng
from lessons_lib.functions import as_array
from sklearn.base import BaseEstimator, ClassifierMixin

from lessons_lib.training import check_loss

__all__ = ["Neuron", "LogisticNeuron", "SingleLayer", "logistic_loss"]

_CLIP = 1e-10  # probabilities are clipped to [1e-10, 1 - 1e-10] before the log, as in the book


def _sigmoid(z):
    """1 / (1 + exp(-z)) without overflow warnings for large |z| (same as functions.sigmoid)."""
    return np.exp(-np.logaddexp(0.0, -z))


def _check_x(x, name: str = "x", n_features: int | None = None) -> np.ndarray:
    """Return ``x`` as a float64 (N, D) array or raise ValueError naming ``name``."""
    array = as_array(x, name)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise ValueError(f"{name} must hold numbers, got dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.complexfloating):
        raise ValueError(f"{name} must hold real numbers, got dtype {array.dtype}")
    array = array.astype(np.float64)
    if array.ndim != 2:
        raise ValueError(f"{name} must be 2-D (N samples, D features), got shape {array.shape}")
    if array.shape[0] == 0:
        raise ValueError(f"{name} has no samples (shape {array.shape})")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN: fill or drop the missing values first")
    if np.isinf(array).any():
        raise ValueError(f"{name} contains infinite values")
    if n_features is not None and array.shape[1] != n_features:
        raise ValueError(f"{name} must have {n_features} features (columns) like the training data, "
                         f"got {array.shape[1]}")
    return array


def _check_y(y, n_samples: int, name: str = "y", x_name: str = "x", binary: bool = True) -> np.ndarray:
    """Return ``y`` as a float64 (N,) array of targets (0/1 when ``binary``) or raise ValueError."""
    array = as_array(y, name)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise ValueError(f"{name} must hold numbers, got dtype {array.dtype}")
    array = array.astype(np.float64)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D (N,), got shape {array.shape}")
    if len(array) != n_samples:
        raise ValueError(f"{name} has {len(array)} targets but {x_name} has {n_samples} samples: "
                         "they must have the same length")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    if binary:
        bad = np.unique(array[(array != 0) & (array != 1)])
        if bad.size:
            raise ValueError(f"{name} must contain only the labels 0 and 1, got {bad[:5].tolist()}")
    return array


def _check_epochs(epochs) -> int:
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise ValueError(f"epochs must be a positive int, got {epochs!r}")
    return int(epochs)


def logistic_loss(y, a) -> float:
    """Mean logistic loss (로지스틱 손실) -(y log a + (1 - y) log(1 - a)); y, a: (N,).

    y: targets in [0, 1] (labels 0/1); a: predicted probabilities in [0, 1], the same shape.
    ``a`` is clipped to [1e-10, 1 - 1e-10] so that log(0) never happens. Its derivative with
    respect to z (where a = sigmoid(z)) is a - y, the ``err`` of the classes below.
    """
    y, a = _check_fraction_array(y, "y"), _check_fraction_array(a, "a")
    if a.shape != y.shape:
        raise ValueError(f"a must have the shape of y {y.shape}, got {a.shape} (no broadcasting)")
    return _logistic_loss(y, a)


def _logistic_loss(y, a) -> float:
    a = np.clip(a, _CLIP, 1 - _CLIP)
    return float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))


def _check_fraction_array(values, name: str) -> np.ndarray:
    """values as a non-empty float64 (N,) array in [0, 1]; ValueError naming ``name`` otherwise."""
    array = as_array(values, name)
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == bool) or np.iscomplexobj(array):
        raise ValueError(f"{name} must hold numbers, got dtype {array.dtype}")
    array = array.astype(np.float64)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array (N,), got shape {array.shape}")
    if not ((array >= 0) & (array <= 1)).all():
        raise ValueError(f"{name} must hold values in [0, 1] (no NaN), got {array[:5].tolist()}...")
    return array


def _check_learning_rate(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not 0 < value < np.inf:
        raise ValueError(f"learning_rate must be a positive number, got {value!r}")
    return float(value)


class Neuron:
    """Linear regression with one feature: y_hat = w * x + b (book ch. 3; lesson 07 section 1).

    Loss per sample: L = (y - y_hat)^2 / 2, so dL/dy_hat = err = -(y - y_hat),
    dL/dw = x * err and dL/db = err (that is :meth:`backprop`). Starts at w = b = 1.0.
    """

    def __init__(self, learning_rate: float = 1.0):
        self.learning_rate = _check_learning_rate(learning_rate)
        self.w = 1.0
        self.b = 1.0

    def forpass(self, x):
        """Forward pass: x (scalar or (N,)) -> y_hat of the same shape."""
        return x * self.w + self.b

    def backprop(self, x, err):
        """Backward pass: returns (dL/dw, dL/db) = (x * err, err) for one sample."""
        return x * err, 1 * err

    def fit(self, x, y, epochs: int = 100, batch: bool = False) -> "Neuron":
        """Fit to x (N,) and y (N,) with gradient descent; returns self.

        ``batch=False`` (the book): one update per sample, in order. ``batch=True``: one update
        per epoch with the gradient averaged over all samples (batch gradient descent).
        """
        x = _check_x(np.reshape(x, (-1, 1)) if np.ndim(x) == 1 else x, "x")
        if x.shape[1] != 1:
            raise ValueError(f"x must be one feature, shape (N,), got shape {np.shape(x)}")
        x = x[:, 0]
        y = _check_y(y, len(x), binary=False)
        epochs = _check_epochs(epochs)
        updates = 0
        for _ in range(epochs):
            if batch:
                err = -(y - self.forpass(x))
                updates += 1
                check_loss(np.mean(err * err) / 2, updates)
                w_grad, b_grad = self.backprop(x, err)
                self.w -= self.learning_rate * float(np.mean(w_grad))
                self.b -= self.learning_rate * float(np.mean(b_grad))
                continue
            for x_i, y_i in zip(x.tolist(), y.tolist()):
                err = -(y_i - self.forpass(x_i))
                updates += 1
                check_loss(err * err / 2, updates)
                w_grad, b_grad = self.backprop(x_i, err)
                self.w -= self.learning_rate * w_grad
                self.b -= self.learning_rate * b_grad
        return self


class LogisticNeuron:
    """Logistic regression, one sample at a time, no shuffling (book ch. 4; lesson 07 section 4).

    z = x . w + b, a = sigmoid(z); with the logistic loss, dL/dz = err = -(y - a), so
    dL/dw = x * err and dL/db = err. Starts at w = ones(D), b = 0, as in the book.
    """

    def __init__(self, learning_rate: float = 1.0):
        self.learning_rate = _check_learning_rate(learning_rate)
        self.w = None
        self.b = None

    def forpass(self, x):
        """z = x . w + b: x (D,) -> float, or x (N, D) -> (N,)."""
        return x @ self.w + self.b

    def backprop(self, x, err):
        """(dL/dw, dL/db) = (x * err, err) for one sample x (D,) and its err (float)."""
        return x * err, 1 * err

    def activation(self, z):
        """Sigmoid (시그모이드): z -> a in (0, 1), same shape."""
        return _sigmoid(z)

    def fit(self, x, y, epochs: int = 100) -> "LogisticNeuron":
        """Train on x (N, D) and y (N,) with labels 0/1, sample by sample in order; returns self."""
        x = _check_x(x, "x")
        y = _check_y(y, len(x))
        epochs = _check_epochs(epochs)
        self.w = np.ones(x.shape[1])
        self.b = 0.0
        for epoch in range(1, epochs + 1):
            for x_i, y_i in zip(x, y):
                a = self.activation(self.forpass(x_i))
                err = -(y_i - a)
                w_grad, b_grad = self.backprop(x_i, err)
                self.w -= self.learning_rate * w_grad
                self.b -= self.learning_rate * b_grad
            check_loss(_logistic_loss(y, self.activation(self.forpass(x))), epoch * len(x))
        return self

    def _check_fitted(self):
        if self.w is None:
            raise ValueError("this neuron is not trained yet: call fit(x, y) first")

    def predict(self, x) -> np.ndarray:
        """Predicted labels (N,) of 0/1 (1 where a > 0.5, that is z > 0) for x (N, D)."""
        self._check_fitted()
        x = _check_x(x, "x", n_features=len(self.w))
        return (self.forpass(x) > 0).astype(int)

    def score(self, x, y) -> float:
        """Accuracy (정확도): the fraction of samples in x (N, D) whose prediction equals y (N,)."""
        x = _check_x(x, "x")
        y = _check_y(y, len(x))
        return float(np.mean(self.predict(x) == y))


class SingleLayer(ClassifierMixin, BaseEstimator):
    """A single-layer neural network for two classes (book ch. 4-6; lesson 07 sections 5-10).

    Per update on a batch x_b (m, D), y_b (m,):
    a = sigmoid(x_b @ w + b), err = a - y_b (m,),
    w_grad = x_b.T @ err / m + l1 * sign(w) + l2 * w (D,), b_grad = mean(err),
    w -= learning_rate * w_grad, b -= learning_rate * b_grad.

    Parameters
    ----------
    learning_rate: step size of every update.
    l1, l2: strengths of the L1 penalty l1 * sum|w| and the L2 penalty l2 / 2 * sum w^2
        (the bias b is not penalized).
    epochs: passes over the training data (``fit(..., epochs=...)`` overrides it).
    batch_size: samples per update: 1 is stochastic gradient descent (the book's ch. 4-5 loop),
        ``None`` (or >= N) is batch gradient descent, anything between is mini-batch.
    seed: seeds the shuffling (a fresh generator per ``fit``, so refitting repeats the run).

    After ``fit``: ``w`` (D,), ``b`` (float), ``losses`` and ``val_losses`` (one loss per epoch,
    each computed on the whole set after the epoch, penalty included), ``w_history`` (the
    weights before training and after each epoch).
    """

    def __init__(self, learning_rate: float = 0.1, l1: float = 0.0, l2: float = 0.0, epochs: int = 100,
                 batch_size: int | None = 1, seed: int = 42):
        self.learning_rate = learning_rate
        self.l1 = l1
        self.l2 = l2
        self.epochs = epochs
        self.batch_size = batch_size
        self.seed = seed

    # --- the parts of one neuron -------------------------------------------------------
    def forpass(self, x):
        """z = x @ w + b: x (N, D) -> (N,)."""
        return x @ self.w + self.b

    def activation(self, z):
        """Sigmoid (시그모이드): z (N,) -> a (N,) in (0, 1)."""
        return _sigmoid(z)

    def backprop(self, x, err):
        """Mean gradient of the logistic loss over a batch: x (m, D), err (m,) -> (w_grad (D,), b_grad)."""
        m = len(x)
        return x.T @ err / m, float(np.sum(err)) / m

    def reg_loss(self) -> float:
        """Penalty added to the loss: l1 * sum|w| + l2 / 2 * sum w^2."""
        return float(self.l1 * np.sum(np.abs(self.w)) + self.l2 / 2 * np.sum(self.w ** 2))

    def _check_settings(self):
        for name in ("learning_rate", "l1", "l2"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not np.isfinite(value):
                raise ValueError(f"{name} must be a finite number, got {value!r}")
        if self.learning_rate <= 0:
            raise ValueError(f"learning_rate must be positive, got {self.learning_rate!r}")
        if self.l1 < 0 or self.l2 < 0:
            raise ValueError(f"l1 and l2 must be >= 0, got l1={self.l1!r}, l2={self.l2!r}")
        if self.batch_size is not None and (isinstance(self.batch_size, bool)
                                            or not isinstance(self.batch_size, (int, np.integer))
                                            or self.batch_size < 1):
            raise ValueError(f"batch_size must be a positive int or None (whole set), got {self.batch_size!r}")

    # --- training ----------------------------------------------------------------------
    def fit(self, x, y, epochs: int | None = None, x_val=None, y_val=None) -> "SingleLayer":
        """Train on x (N, D) and y (N,) with labels 0/1; returns self.

        ``x_val`` (M, D) and ``y_val`` (M,), if given, fill ``val_losses`` once per epoch.
        """
        self._check_settings()
        x = _check_x(x, "x")
        y = _check_y(y, len(x))
        epochs = _check_epochs(self.epochs if epochs is None else epochs)
        if (x_val is None) != (y_val is None):
            raise ValueError("x_val and y_val must be given together (or neither)")
        if x_val is not None:
            x_val = _check_x(x_val, "x_val", n_features=x.shape[1])
            y_val = _check_y(y_val, len(x_val), name="y_val", x_name="x_val")
        n = len(x)
        batch_size = n if self.batch_size is None else min(int(self.batch_size), n)
        rng = make_rng(self.seed)
        self.w = np.ones(x.shape[1])
        self.b = 0.0
        self.losses, self.val_losses, self.w_history = [], [], [self.w.copy()]
        self.classes_ = np.array([0, 1])
        for epoch in range(epochs):
            order = rng.permutation(n) if batch_size < n else np.arange(n)
            for start in range(0, n, batch_size):
                batch = order[start:start + batch_size]
                x_b, y_b = x[batch], y[batch]
                err = -(y_b - self.activation(self.forpass(x_b)))
                w_grad, b_grad = self.backprop(x_b, err)
                w_grad = w_grad + self.l1 * np.sign(self.w) + self.l2 * self.w
                self.w -= self.learning_rate * w_grad
                self.b -= self.learning_rate * b_grad
            self.w_history.append(self.w.copy())
            self.losses.append(check_loss(self._loss(x, y), (epoch + 1) * -(-n // batch_size)))
            if x_val is not None:
                self.val_losses.append(self._loss(x_val, y_val))
        return self

    def _loss(self, x, y) -> float:
        return _logistic_loss(y, self.activation(self.forpass(x))) + self.reg_loss()

    # --- using the trained layer -------------------------------------------------------
    def _check_fitted(self):
        if getattr(self, "w", None) is None:
            raise ValueError("this SingleLayer is not trained yet: call fit(x, y) first")

    def loss(self, x, y) -> float:
        """Mean logistic loss on x (N, D), y (N,), plus the penalty (what ``losses`` records)."""
        self._check_fitted()
        x = _check_x(x, "x", n_features=len(self.w))
        return self._loss(x, _check_y(y, len(x)))

    def probability(self, x) -> np.ndarray:
        """P(class 1 | x): x (N, D) -> (N,) in (0, 1)."""
        self._check_fitted()
        x = _check_x(x, "x", n_features=len(self.w))
        return self.activation(self.forpass(x))

    def predict(self, x) -> np.ndarray:
        """Predicted labels (N,) of 0/1: 1 where z >= 0 (a >= 0.5)."""
        self._check_fitted()
        x = _check_x(x, "x", n_features=len(self.w))
        return (self.forpass(x) >= 0).astype(int)

    def score(self, x, y, sample_weight=None) -> float:
        """Accuracy (정확도) on x (N, D), y (N,); ``sample_weight`` is not supported (must be None)."""
        if sample_weight is not None:
            raise ValueError("sample_weight is not supported by SingleLayer.score; leave it None")
        x = _check_x(x, "x")
        y = _check_y(y, len(x))
        return float(np.mean(self.predict(x) == y))
