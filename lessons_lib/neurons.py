"""One neuron, written from scratch: linear regression, logistic regression, a single layer.

Lesson 07 (``07_breast_cancer_logistic_neuron.ipynb``) builds these classes step by step,
following 정직하게 코딩하며 배우는 딥러닝 입문 (Do it! 딥러닝 입문), chapters 3-5:

- :func:`fit_in_order`: the book's training loop, one update per sample in the order given.
- :class:`Neuron`: linear regression with one feature, ``y_hat = w * x + b`` (book ch. 3).
- :class:`LogisticNeuron` (a ``Neuron``): logistic regression trained one sample at a time, in
  the order the samples come, with no shuffling (book ch. 4; 0.8246 test accuracy on the
  breast-cancer split).
- :class:`BatchNeuron` (a ``LogisticNeuron``): one gradient-descent step on a batch, with L1/L2
  penalties, all with matrix products.
- :class:`SingleLayer` (a ``BatchNeuron``): the same neuron grown up (book ch. 4-6): it shuffles
  every epoch, keeps the training and validation loss per epoch, and trains with batch,
  stochastic or mini-batch gradient descent through ``batch_size``. It follows scikit-learn's
  estimator rules (``get_params``/``set_params``, ``fit`` returns ``self``), so it can sit
  inside a ``Pipeline`` and ``cross_validate``.

Each class adds one step to the one before, as the lesson shows them slide by slide; the shown
cells are this code (``tools/save.py``).

Shapes: ``x`` is ``(N, D)`` (N samples, D features), ``y`` is ``(N,)`` with labels 0 or 1,
``w`` is ``(D,)`` and ``b`` a float. Bad input raises ``ValueError`` naming the argument. The
per-sample methods (``forpass``, ``activation``, ``backprop``) are the book's one-line bodies, as
the slides show them; below the classes the library wraps them so that they check their
arguments too, and wraps each ``fit`` so that NaN or inf appearing inside its loop ends the run
with "loss became inf at iteration k: lower the learning rate" (or, when the starting weights
already overflow before any update, or the data hold values too large to train on, with
a message that names x or y and their size). :func:`fit_in_order` called directly
reports a diverging run the same way; ``update``, ``backprop`` and ``reg_loss`` of a
batch neuron check what they are given when called by hand.
"""

from __future__ import annotations

import functools
import inspect
import math

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from lessons_lib.config import make_rng
from lessons_lib.functions import as_array
from lessons_lib.training import check_loss

__all__ = [
    "fit_in_order",
    "Neuron",
    "LogisticNeuron",
    "BatchNeuron",
    "SingleLayer",
    "logistic_loss",
]

_CLIP = 1e-10  # probabilities are clipped to [1e-10, 1 - 1e-10] before the log, as in the book


def _sigmoid(z):
    """1 / (1 + exp(-z)) without overflow warnings for large |z| (same as functions.sigmoid)."""
    return np.exp(-np.logaddexp(0.0, -z))


def _check_x(x, name: str = "x", n_features: int | None = None) -> np.ndarray:
    """Return ``x`` as a float64 (N, D) array or raise ValueError naming ``name``."""
    array = as_array(x, name)
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == bool
    ):
        raise ValueError(f"{name} must hold numbers, got dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.complexfloating):
        raise ValueError(f"{name} must hold real numbers, got dtype {array.dtype}")
    array = array.astype(np.float64)
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D (N samples, D features), got shape {array.shape}"
        )
    if array.shape[0] == 0:
        raise ValueError(f"{name} has no samples (shape {array.shape})")
    if array.shape[1] == 0:
        raise ValueError(f"{name} has no features (shape {array.shape})")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN: fill or drop the missing values first")
    if np.isinf(array).any():
        raise ValueError(f"{name} contains infinite values")
    if n_features is not None and array.shape[1] != n_features:
        raise ValueError(
            f"{name} must have {n_features} features (columns) like the training data, "
            f"got {array.shape[1]}"
        )
    return array


def _check_y(
    y, n_samples: int, name: str = "y", x_name: str = "x", binary: bool = True
) -> np.ndarray:
    """Return ``y`` as a float64 (N,) array of targets (0/1 when ``binary``) or raise ValueError."""
    array = as_array(y, name)
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == bool
    ):
        raise ValueError(f"{name} must hold numbers, got dtype {array.dtype}")
    if np.iscomplexobj(array):
        raise ValueError(f"{name} must hold real numbers, got dtype {array.dtype}")
    array = array.astype(np.float64)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D (N,), got shape {array.shape}")
    if len(array) != n_samples:
        raise ValueError(
            f"{name} has {len(array)} targets but {x_name} has {n_samples} samples: "
            "they must have the same length"
        )
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    if binary:
        bad = np.unique(array[(array != 0) & (array != 1)])
        if bad.size:
            raise ValueError(
                f"{name} must contain only the labels 0 and 1, got {bad[:5].tolist()}"
            )
    return array


def _check_epochs(epochs) -> int:
    if (
        isinstance(epochs, bool)
        or not isinstance(epochs, (int, np.integer))
        or epochs < 1
    ):
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
        raise ValueError(
            f"a must have the shape of y {y.shape}, got {a.shape} (no broadcasting)"
        )
    return _logistic_loss(y, a)


def _logistic_loss(y, a) -> float:
    a = np.clip(a, _CLIP, 1 - _CLIP)
    return float(-np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)))


def _check_fraction_array(values, name: str) -> np.ndarray:
    """values as a non-empty float64 (N,) array in [0, 1]; ValueError naming ``name`` otherwise."""
    array = as_array(values, name)
    if not (
        np.issubdtype(array.dtype, np.number) or array.dtype == bool
    ) or np.iscomplexobj(array):
        raise ValueError(f"{name} must hold numbers, got dtype {array.dtype}")
    array = array.astype(np.float64)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(
            f"{name} must be a non-empty 1-D array (N,), got shape {array.shape}"
        )
    if not ((array >= 0) & (array <= 1)).all():
        raise ValueError(
            f"{name} must hold values in [0, 1] (no NaN), got {array[:5].tolist()}..."
        )
    return array


def _rate(value) -> float:
    """``learning_rate`` as a float, or ValueError unless it is a positive finite number."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, np.integer, np.floating))
        or not 0 < value < np.inf
    ):
        raise ValueError(f"learning_rate must be a positive number, got {value!r}")
    return float(value)


def _labels(y) -> np.ndarray:
    """``y`` as a float64 (N,) array of the labels 0 and 1, or ValueError naming y."""
    array = as_array(y, "y")
    return _check_y(array, len(array) if array.ndim == 1 else 0)


def _n_features(x) -> int:
    """D of a training set x (N, D), or ValueError naming x."""
    return _check_x(x, "x").shape[1]


def _features(x, model) -> np.ndarray:
    """x (N, D) with the D the model was trained on; ValueError if not, or if not trained yet."""
    if np.ndim(getattr(model, "w", None)) != 1:
        raise ValueError(
            f"this {type(model).__name__} is not trained yet: call fit(x, y) first"
        )
    return _check_x(x, "x", n_features=len(model.w))


def _in_order_data(neuron, x, y, epochs):
    """(x, y, epochs) checked for :func:`fit_in_order`: x (N,) for a one-feature Neuron (w a
    number), x (N, D) for a neuron whose w is a (D,) array; y (N,) numbers; epochs >= 1."""
    parts = ("forpass", "activation", "backprop", "learning_rate", "w", "b")
    if not all(hasattr(neuron, part) for part in parts):
        raise ValueError(
            f"self must be a neuron with {', '.join(parts)}, got {type(neuron).__name__}"
        )
    _rate(neuron.learning_rate)  # it may have been changed after __init__
    _weights(neuron)  # w a number or (D,), b a number, all finite
    if np.ndim(neuron.w) == 0:
        x = as_array(x, "x")  # ValueError for ragged rows
        x = _check_x(np.reshape(x, (-1, 1)) if x.ndim == 1 else x, "x")
        if x.shape[1] != 1:
            raise ValueError(
                f"x has {x.shape[1]} features but w is one number: pass one "
                f"feature, shape (N,), or set w to {x.shape[1]} weights first "
                "(LogisticNeuron.fit does: w = ones(D))"
            )
        x = x[:, 0].tolist()  # Python floats: the per-sample loop runs faster on them
    else:
        x = _check_x(x, "x", n_features=len(neuron.w))
    logistic = any(c.__name__ == "LogisticNeuron" for c in type(neuron).__mro__)
    y = _check_y(y, len(x), binary=logistic)  # a logistic neuron learns labels 0/1
    if np.isinf(y).any():
        raise ValueError("y contains infinite values")
    epochs = _check_epochs(epochs)
    # A run in progress, for the per-sample methods to report an overflow as divergence
    # (start, last update, largest |x|, largest |y|); _stop_if_diverged ends it.
    neuron._in_order = (
        getattr(neuron, "_steps", 0),
        epochs * len(x),
        _largest(x),
        _largest(y),
    )
    return x, y.tolist(), epochs


def _weights(neuron, in_loop: bool = False) -> None:
    """ValueError naming w or b unless w is a finite number (Neuron) or a (D,) array
    of finite numbers (LogisticNeuron after fit) and b a finite number. ``in_loop``:
    NaN or inf in numbers of the right shape means an update overflowed, and is raised
    as such (``_NonFinite``), so that fit reports the run as diverged."""
    w, b = getattr(neuron, "w", None), getattr(neuron, "b", None)
    if type(w) is float and type(b) is float and math.isfinite(w + b):
        return  # the per-sample loop's fast path
    for name, value, shapes in (("w", w, (0, 1)), ("b", b, (0,))):
        array = (
            np.asarray(value)
            if isinstance(value, (int, float, np.number, np.ndarray))
            and not isinstance(value, (bool, np.bool_))
            else None
        )
        numbers = (
            array is not None
            and array.dtype.kind in "iuf"
            and array.ndim in shapes
            and array.size > 0
        )
        if numbers and np.isfinite(array).all():
            continue
        wanted = (
            "a finite number or a (D,) array of them (set by fit)"
            if name == "w"
            else "a finite number"
        )
        got = (
            f"shape {array.shape}"
            if array is not None and array.ndim > 1
            else f"{value!r:.60}"
        )
        message = f"{name} must be {wanted}, got {got}"
        if numbers and in_loop:
            bad = float(array[~np.isfinite(array)].flat[0])
            raise _NonFinite(message, bad, before_update=False)
        raise ValueError(message)


def _stop_if_diverged(neuron, updates: int) -> None:
    """ValueError "loss became inf at iteration k: lower the learning rate" once w or b is not
    finite (the run diverged); ``updates`` counts the updates made so far."""
    size = float(np.sum(np.abs(neuron.w)) + abs(neuron.b))
    run = getattr(neuron, "_in_order", None)
    if run is not None and updates >= run[1]:  # the last epoch: the run is over
        neuron._in_order = None
    if not np.isfinite(size):
        neuron._in_order = None
        check_loss(size, updates)


# --- lesson 07, section 1: the book's loop and the linear-regression neuron (ch. 3) --------
def fit_in_order(self, x, y, epochs=100):
    """The book's fit (ch. 3-4): every epoch, one update per sample, in the order given.

    Written as a method of ``self`` so that every neuron class can use it as its ``fit``.
    self: a :class:`Neuron` (x (N,), targets y (N,)) or :class:`LogisticNeuron` (x (N, D),
    labels y (N,) of 0/1, w already set to (D,)). Works for both because the error
    err = dL/dz = -(y - a) has the same form for the squared loss with a = z and for the logistic
    loss with a = sigmoid(z). Returns the neuron; ValueError if the run diverges.
    """
    x, y, epochs = _in_order_data(self, x, y, epochs)  # ValueError names a bad one
    for epoch in range(epochs):
        for x_i, y_i in zip(x, y):  # no shuffling: the last samples always speak last
            a = self.activation(self.forpass(x_i))  # forward pass
            err = -(y_i - a)  # dL/dz: the same for both losses (section 3)
            w_grad, b_grad = self.backprop(x_i, err)  # backward pass
            self.w -= self.learning_rate * w_grad  # gradient descent
            self.b -= self.learning_rate * b_grad
        _stop_if_diverged(self, (epoch + 1) * len(x))  # ValueError if w or b blew up
    return self


class Neuron:
    """Linear regression with one feature: y_hat = w * x + b (book ch. 3; lesson 07 section 1).

    Loss per sample: L = (y - y_hat)^2 / 2, so dL/dy_hat = err = -(y - y_hat),
    dL/dw = x * err and dL/db = err (that is :meth:`backprop`). Starts at w = b = 1.0.
    ``fit(x (N,), y (N,), epochs=100)`` is :func:`fit_in_order`.
    """

    def __init__(self, learning_rate=1.0):  # the book starts from w = b = 1
        self.learning_rate, self.w, self.b = _rate(learning_rate), 1.0, 1.0

    def forpass(self, x):
        """Forward pass: z = w x + b, for a number or an array x."""
        return x * self.w + self.b  # z = w x + b

    def activation(self, z):
        """Linear regression has none: the output y_hat is z itself."""
        return z  # linear regression: the output y_hat is z itself

    def backprop(self, x, err):
        """Backward pass: (dL/dw, dL/db) = (x * err, err) for one sample."""
        return x * err, 1 * err  # dL/dw = x err, dL/db = err

    fit = fit_in_order  # the loop above is this class's fit


# --- lesson 07, section 4: logistic regression, one sample at a time (ch. 4) ---------------
class LogisticNeuron(Neuron):
    """Logistic regression, one sample at a time, no shuffling (book ch. 4; lesson 07 section 4).

    z = x . w + b, a = sigmoid(z); with the logistic loss, dL/dz = err = -(y - a), so
    dL/dw = x * err and dL/db = err: :meth:`Neuron.backprop` unchanged. ``fit`` starts at
    w = ones(D), b = 0, as in the book, and runs :func:`fit_in_order`.
    """

    def forpass(self, x):
        """z = x . w + b: x (D,) -> float, or x (N, D) -> (N,)."""
        return x @ self.w + self.b  # z = w . x + b for a sample (D,) or rows (N, D)

    def activation(self, z):
        """Sigmoid (시그모이드): z -> a in (0, 1), same shape."""
        return _sigmoid(z)  # a = 1 / (1 + exp(-z)), without overflow warnings

    def fit(self, x, y, epochs=100):
        """Train on x (N, D) and y (N,) with labels 0/1, sample by sample in order; returns self."""
        self.w, self.b = np.ones(_n_features(x)), 0.0  # the book: w = 1, b = 0
        return fit_in_order(self, x, _labels(y), epochs)  # the loop of section 1

    def predict(self, x):
        """Predicted labels (N,) of 0/1 for x (N, D): 1 where z > 0, that is a > 0.5."""
        z = self.forpass(_features(x, self))  # ValueError unless (N, D) like training
        return (z > 0).astype(int)  # class 1 where a = sigmoid(z) > 0.5


class _NonFinite(ValueError):
    """NaN or inf reached a per-sample method; ``value`` is the first bad number. A ``fit``
    turns it into check_loss's "loss became inf at iteration k" (the run diverged)."""

    def __init__(self, message: str, value: float, before_update: bool = True):
        super().__init__(message)
        self.value, self.before_update = value, before_update


def _sample(name: str, value, n_features: int | None = None):
    """``value`` as a finite float or float64 array for the per-sample methods, or ValueError
    naming ``name``: text, None, complex numbers, NaN or inf; with ``n_features``, anything but
    a sample (D,) or rows (N, D) of that D. A float goes through untouched (the fast path of
    the per-sample loop)."""
    if n_features is None and isinstance(value, float) and math.isfinite(value):
        return value
    array = as_array(value, name)
    if array.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold real numbers, got dtype {array.dtype}")
    array = array.astype(np.float64)
    finite = np.isfinite(array)
    if not finite.all():
        bad = float(array[~finite].flat[0])
        where = " (z = x . w + b overflowed)" if name == "z" else ""
        raise _NonFinite(
            f"{name} contains {bad}{where}: every number must be finite", bad
        )
    if n_features is not None and (
        array.ndim not in (1, 2) or array.shape[-1] != n_features
    ):
        raise ValueError(
            f"{name} must be a sample ({n_features},) or rows (N, {n_features}), the length "
            f"of w, got shape {array.shape}"
        )
    return float(array) if array.ndim == 0 else array


def _checks_arguments(method):
    """``method`` with its arguments checked by :func:`_sample` first: x, z, and err (which
    must be one number, the error of one sample). Once ``w`` is an array (D,), x must match
    it. ``backprop`` also stops a run whose squared error err**2 overflowed (the linear
    neuron's loss is err**2 / 2), so fit names the update where the loss became inf."""
    signature = inspect.signature(method)
    names = [name for name in signature.parameters if name != "self"]

    @functools.wraps(method)
    def checked(self, *args, **kwargs):
        if not (hasattr(self, "w") and hasattr(self, "b")):
            raise ValueError(
                f"{method.__qualname__} must be called on a neuron, "
                f"{method.__qualname__.split('.')[0]}(...).{method.__name__}(...); "
                f"got self={self!r:.40}"
            )
        try:
            given = signature.bind(self, *args, **kwargs).arguments
        except TypeError as error:
            raise ValueError(
                f"{method.__qualname__}({', '.join(names)}): {error}"
            ) from None
        if method.__name__ == "forpass" and np.ndim(self.w) <= 1:
            _weights(self, in_loop=True)  # an overflowed update, or w = "a" by hand
        values = []
        for name in names:
            features = None
            if name == "x" and method.__qualname__ == "LogisticNeuron.forpass":
                if np.ndim(self.w) == 0:
                    raise ValueError(
                        "x cannot go through forpass before fit(x, y) sets w"
                    )
                if np.ndim(self.w) != 1:
                    raise ValueError(
                        "w must be a (D,) array of weights, got shape "
                        f"{np.shape(self.w)}"
                    )
            if name == "x" and np.ndim(getattr(self, "w", 0.0)) == 1:
                features = len(self.w)
            value = _sample(name, given[name], features)
            if name == "err" and np.ndim(value) != 0:
                raise ValueError(
                    f"err must be one number (the error of one sample), got shape "
                    f"{np.shape(value)}"
                )
            if name == "err" and not math.isfinite(value * value):
                raise _NonFinite(
                    "err**2 overflowed: every number must be finite", math.inf
                )
            if method.__name__ == "backprop" and name == "x" and np.ndim(value) > 1:
                raise ValueError(
                    f"x must be one sample, a number or ({len(self.w)},), got shape "
                    f"{np.shape(value)}"
                    if np.ndim(self.w) == 1
                    else f"x must be one sample, a number, got shape {np.shape(value)}"
                )
            values.append(value)
        result = method(self, *values)
        if method.__name__ == "backprop":  # one per-sample update: fit counts them
            self._steps = getattr(self, "_steps", 0) + 1
        return result

    return _plain_outside_fit(checked)


def _plain_outside_fit(method):
    """``method`` raising a plain ValueError where it would raise ``_NonFinite``
    outside a wrapped ``fit``: "loss became inf at iteration k" while
    :func:`fit_in_order`, called directly, is running (``_in_order``, set by its first
    line), else the same message."""

    @functools.wraps(method)
    def plain(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _NonFinite as error:
            if getattr(self, "_fitting", 0):
                raise
            run = getattr(self, "_in_order", None)
            if run is None:
                raise ValueError(str(error)) from None
            self._in_order = None  # fit_in_order called directly: it diverged
            start, _, largest_x, largest_y = run
            iteration = getattr(self, "_steps", 0) - start + 1
            raise _diverged(error, iteration, largest_x, largest_y) from None

    return plain


def _batch_labels(x, y) -> None:
    """ValueError unless y is labels 0/1, one per row of x (a cheap test first: update
    runs once per batch)."""
    if not (
        isinstance(y, np.ndarray)
        and y.ndim == 1
        and np.ndim(x) == 2
        and len(y) == len(x)
        and ((y == 0) | (y == 1)).all()
    ):
        y = as_array(y, "y")
        _check_y(y, len(y) if y.ndim == 1 else -1)
        if np.ndim(x) == 2 and len(x) != len(y):
            raise ValueError(f"y has {len(y)} labels but x has {len(x)} rows")


def _counts_steps(update):
    """``BatchNeuron.update`` counting its calls in ``self._steps``, as backprop does, and
    stopping (as NaN or inf) once w, b or the penalty is no longer finite."""

    @functools.wraps(update)
    def counted(self, x, y):
        _penalties(self)  # ValueError unless l1 and l2 are set
        _batch_labels(x, y)  # x itself is checked by forpass
        result = update(self, x, y)
        penalty = self.reg_loss() if self.l1 or self.l2 else 0.0  # 0 * inf would be NaN
        size = float(np.sum(np.abs(self.w)) + abs(self.b) + penalty)
        if not math.isfinite(size):
            raise _NonFinite(
                "w, b or the penalty overflowed", math.inf, before_update=False
            )
        self._steps = getattr(self, "_steps", 0) + 1
        return result

    return _plain_outside_fit(counted)


_HUGE = 1e150  # data beyond this overflow float64 once squared or multiplied by a step


def _largest(values) -> float:
    """The largest |value| of numeric data (0.0 if it cannot be read as numbers)."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        return 0.0
    finite = array[np.isfinite(array)]
    return float(np.abs(finite).max()) if finite.size else 0.0


def _diverged(error, iteration: int, largest_x: float, largest_y: float) -> ValueError:
    """The ValueError a fit raises when ``error`` (a ``_NonFinite``) ended its loop at
    update ``iteration``: the data are too large, or the run diverged ("lower the
    learning rate")."""
    loss = abs(error.value)  # +inf and -inf are both an overflow: "inf"
    too_large = " and ".join(
        f"{name} holds values up to {value:.3g}"
        for name, value in (("x", largest_x), ("y", largest_y))
        if value > _HUGE
    )
    if iteration == 1 and error.before_update:  # the starting weights overflowed
        return ValueError(
            f"loss became {loss} at iteration 1, before any update: the inputs are "
            f"too large for the starting weights ({too_large or 'scale x'}; lesson 07, "
            "section 6), not the learning rate"
        )
    if too_large:  # values this large overflow within a few steps
        return ValueError(
            f"loss became {loss} at iteration {iteration}: {too_large}, too large to "
            "train on; scale the data first (lesson 07, section 6), not only the "
            "learning rate"
        )
    try:
        check_loss(loss, iteration)
    except ValueError as message:
        return message
    return ValueError(str(error))  # not reached: check_loss raises for NaN or inf


def _reports_divergence(fit):
    """``fit`` that turns NaN or inf inside the loop (the inputs were checked before it) into
    "loss became inf at iteration k: lower the learning rate"."""

    @functools.wraps(fit)
    def checked_fit(self, *args, **kwargs):
        start = getattr(self, "_steps", 0)
        try:  # per-sample methods may raise _NonFinite now, for this wrapper to report
            self._fitting = getattr(self, "_fitting", 0) + 1
        except AttributeError:  # not a neuron (object()): fit's own check names it
            return fit(self, *args, **kwargs)
        try:
            return fit(self, *args, **kwargs)
        except _NonFinite as error:
            iteration = getattr(self, "_steps", 0) - start + 1
            x, y = (
                kwargs.get(name, args[k] if len(args) > k else None)
                for k, name in enumerate(("x", "y"))
            )
            raise _diverged(error, iteration, _largest(x), _largest(y)) from None
        finally:
            self._fitting -= 1
            self._in_order = None

    return checked_fit


# The per-sample methods above are the book's lines, as lesson 07's slides show them. In the
# library each one checks its arguments first (ValueError naming x, z or err), so a wrong
# call fails where it is made; the slides leave the wrapper out, and fit and predict check
# whole arrays before the loop anyway. A NaN or inf that appears inside fit means the run
# diverged: fit reports it as such.
Neuron.forpass = _checks_arguments(Neuron.forpass)
Neuron.activation = _checks_arguments(Neuron.activation)
Neuron.backprop = _checks_arguments(Neuron.backprop)
LogisticNeuron.forpass = _checks_arguments(LogisticNeuron.forpass)
LogisticNeuron.activation = _checks_arguments(LogisticNeuron.activation)
Neuron.fit = _reports_divergence(Neuron.fit)
LogisticNeuron.fit = _reports_divergence(LogisticNeuron.fit)


# --- lesson 07, section 5: a batch at a time, shuffled, with penalties (ch. 4-6) -----------
class BatchNeuron(LogisticNeuron):
    """One gradient-descent step on a batch x_b (m, D), y_b (m,), with L1/L2 penalties
    (book ch. 4-6; lesson 07 section 5). A part: :class:`SingleLayer` adds the settings and the
    shuffled loop (the ``fit`` it inherits from LogisticNeuron does not apply to batches).

    update: a = sigmoid(x_b @ w + b), err = a - y_b (m,),
    w_grad = x_b.T @ err / m + l1 * sign(w) + l2 * w (D,), b_grad = mean(err).
    """

    def backprop(self, x, err):
        """Mean gradient of the logistic loss over a batch: x (m, D), err (m,) -> (w_grad (D,), b_grad)."""
        return x.T @ err / len(x), np.mean(err)

    def reg_loss(self):
        """Penalty added to the loss: l1 * sum|w| + l2 / 2 * sum w^2 (the bias is not penalized)."""
        return self.l1 * np.sum(np.abs(self.w)) + self.l2 / 2 * np.sum(self.w**2)

    def update(self, x, y):
        """One gradient-descent step on a batch x (m, D), y (m,) of labels 0/1."""
        err = -(y - self.activation(self.forpass(x)))  # forward pass: dL/dz
        w_grad, b_grad = self.backprop(x, err)  # backward pass
        w_grad = w_grad + self.l1 * np.sign(self.w) + self.l2 * self.w  # section 7
        self.w -= self.learning_rate * w_grad
        self.b -= self.learning_rate * b_grad


class _LayerSettings:
    """SingleLayer's settings (scikit-learn's rule: ``__init__`` only stores them) and the checked
    ways to use a trained layer: ``loss``, ``probability``, ``score``. Input checks, not the
    algorithm, which is on lesson 07's slides (:class:`BatchNeuron`, :meth:`SingleLayer.fit`)."""

    def __init__(
        self,
        learning_rate: float = 0.1,
        l1: float = 0.0,
        l2: float = 0.0,
        epochs: int = 100,
        batch_size: int | None = 1,
        seed: int = 42,
    ):
        self.learning_rate = learning_rate
        self.l1 = l1
        self.l2 = l2
        self.epochs = epochs
        self.batch_size = batch_size
        self.seed = seed

    def _check_settings(self):
        for name in ("learning_rate", "l1", "l2"):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float, np.integer, np.floating))
                or not np.isfinite(value)
            ):
                raise ValueError(f"{name} must be a finite real number, got {value!r}")
        if self.learning_rate <= 0:
            raise ValueError(
                f"learning_rate must be positive, got {self.learning_rate!r}"
            )
        if self.l1 < 0 or self.l2 < 0:
            raise ValueError(
                f"l1 and l2 must be >= 0, got l1={self.l1!r}, l2={self.l2!r}"
            )
        if self.batch_size is not None and (
            isinstance(self.batch_size, bool)
            or not isinstance(self.batch_size, (int, np.integer))
            or self.batch_size < 1
        ):
            raise ValueError(
                f"batch_size must be a positive int or None (whole set), got {self.batch_size!r}"
            )

    def _fit_data(self, x, y, epochs, x_val, y_val):
        """(x, y, batch size, epochs) checked for fit; ValueError names a bad argument."""
        self._check_settings()
        x = _check_x(x, "x")
        y = _check_y(y, len(x))
        epochs = _check_epochs(self.epochs if epochs is None else epochs)
        if (x_val is None) != (y_val is None):
            raise ValueError("x_val and y_val must be given together (or neither)")
        if x_val is not None:
            x_val = _check_x(x_val, "x_val", n_features=x.shape[1])
            _check_y(y_val, len(x_val), name="y_val", x_name="x_val")
        size = len(x) if self.batch_size is None else min(int(self.batch_size), len(x))
        self.classes_ = np.array([0, 1])
        self._updates_per_epoch = -(-len(x) // size)
        return x, y, size, epochs

    def loss(self, x, y) -> float:
        """Mean logistic loss on x (N, D), y (N,), plus the penalty (what ``losses`` records).
        ValueError "loss became ... lower the learning rate" if it is not finite (a diverged run)."""
        x = _features(x, self)
        y = _check_y(y, len(x))
        value = _logistic_loss(y, self.activation(self.forpass(x))) + self.reg_loss()
        updates = (len(getattr(self, "losses", [])) + 1) * getattr(
            self, "_updates_per_epoch", 1
        )
        return check_loss(value, updates)

    def probability(self, x) -> np.ndarray:
        """P(class 1 | x): x (N, D) -> (N,) in (0, 1)."""
        return self.activation(self.forpass(_features(x, self)))

    def predict_proba(self, x) -> np.ndarray:
        """scikit-learn's form of :meth:`probability`: (N, 2) columns P(class 0), P(class 1)."""
        p = self.probability(x)
        return np.column_stack([1 - p, p])

    def score(self, x, y, sample_weight=None) -> float:
        """Accuracy (정확도) on x (N, D), y (N,); ``sample_weight`` is not supported (must be None)."""
        if sample_weight is not None:
            raise ValueError(
                "sample_weight is not supported by SingleLayer.score; leave it None"
            )
        x = _features(x, self)
        y = _check_y(y, len(x))
        return float(np.mean(self.predict(x) == y))


class SingleLayer(_LayerSettings, BatchNeuron, ClassifierMixin, BaseEstimator):
    """A single-layer neural network for two classes (book ch. 4-6; lesson 07 sections 5-9).

    Parameters
    ----------
    learning_rate: step size of every update.
    l1, l2: strengths of the L1 penalty l1 * sum|w| and the L2 penalty l2 / 2 * sum w^2
        (the bias b is not penalized).
    epochs: passes over the training data (``fit(..., epochs=...)`` overrides it).
    batch_size: samples per update: 1 is stochastic gradient descent (the book's ch. 4-5 loop),
        ``None`` (or >= N) is batch gradient descent, anything between is mini-batch.
    seed: seeds the shuffling (a fresh generator per ``fit``, so refitting repeats the run).

    After ``fit``: ``w`` (D,), ``b`` (float), ``losses`` (one per epoch, on the whole training
    set after the epoch, penalty included: what training lowers), ``val_losses`` (one per epoch,
    the mean logistic loss on the validation set, penalty left out: what early stopping and the
    choice of l1/l2 compare), ``w_history`` (the weights before training and after each epoch). It follows scikit-learn's estimator rules
    (``get_params``/``set_params``, ``fit`` returns ``self``), so it can sit in a ``Pipeline``.
    """

    def fit(self, x, y, epochs=None, x_val=None, y_val=None):
        """Train on x (N, D) and y (N,) with labels 0/1; returns self. ``x_val`` (M, D) and
        ``y_val`` (M,), if given, fill ``val_losses`` once per epoch."""
        x, y, size, epochs = self._fit_data(x, y, epochs, x_val, y_val)  # ValueError
        rng, self.w, self.b = make_rng(self.seed), np.ones(x.shape[1]), 0.0
        self.losses, self.val_losses, self.w_history = [], [], [self.w.copy()]
        for epoch in range(epochs):
            order = rng.permutation(len(x))  # a new random order every epoch
            for batch in np.split(order, range(size, len(x), size)):  # size rows each
                self.update(x[batch], y[batch])
            self.w_history.append(self.w.copy())
            self.losses.append(self.loss(x, y))
            if x_val is not None:  # section 6: data loss on samples it never trains on
                self.val_losses.append(self.loss(x_val, y_val) - self.reg_loss())
        return self


def _penalties(neuron) -> None:
    """ValueError unless the neuron has l1 and l2 (BatchNeuron is a part of
    SingleLayer, whose settings set them)."""
    if not (hasattr(neuron, "l1") and hasattr(neuron, "l2")):
        raise ValueError(
            f"this {type(neuron).__name__} has no l1 and l2 (the penalty strengths): "
            "use SingleLayer(l1=..., l2=...), or set them first"
        )


def _checks_batch(backprop):
    """``BatchNeuron.backprop`` with its arguments checked: x (m, D) rows like w,
    err (m,) finite numbers, one per row."""

    @functools.wraps(backprop)
    def checked(self, x, err):
        fast = (  # update's own call: float rows like w, one finite error per row
            isinstance(x, np.ndarray)
            and x.dtype == np.float64
            and x.ndim == 2
            and np.ndim(self.w) == 1
            and x.shape[1] == len(self.w)
            and isinstance(err, np.ndarray)
            and err.shape == (len(x),)
            and np.isfinite(err).all()
        )
        if fast:
            return backprop(self, x, err)
        x = _features(x, self)  # (m, D) with the D of w; ValueError before fit
        err = np.asarray(_sample("err", err))
        if err.shape != (len(x),):
            raise ValueError(
                f"err must hold one error per row of x, shape ({len(x)},), got "
                f"{err.shape}"
            )
        return backprop(self, x, err)

    return checked


def _checks_penalty(reg_loss):
    """``BatchNeuron.reg_loss`` that needs w and l1, l2 set, and leaves out a penalty
    whose strength is 0 (0 * inf would be NaN for weights whose squares overflow)."""

    @functools.wraps(reg_loss)
    def checked(self):
        if np.ndim(getattr(self, "w", None)) != 1:
            raise ValueError(
                f"this {type(self).__name__} is not trained yet: call fit(x, y) first"
            )
        _penalties(self)
        with np.errstate(over="ignore", invalid="ignore"):
            value = reg_loss(self)
            if np.isnan(value):  # 0 * inf: a penalty of strength 0 adds nothing
                value = 0.0 + sum(
                    strength * term
                    for strength, term in (
                        (self.l1, np.sum(np.abs(self.w))),
                        (self.l2 / 2, np.sum(self.w**2)),
                    )
                    if strength
                )
        return value

    return checked


# As for the per-sample neurons above: SingleLayer's fit reports NaN or inf in its loop
# as a diverged run, at the update where it appeared; update, backprop and reg_loss
# check what they are given when called by hand.
BatchNeuron.update = _counts_steps(BatchNeuron.update)
BatchNeuron.backprop = _checks_batch(BatchNeuron.backprop)
BatchNeuron.reg_loss = _checks_penalty(BatchNeuron.reg_loss)
SingleLayer.fit = _reports_divergence(SingleLayer.fit)
