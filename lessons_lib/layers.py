"""Numpy layers with ``forward`` and ``backward``: the building blocks of backpropagation.

Lesson 03 (``03_derivatives_chain_rule.ipynb``) derives every backward pass here, section 4
(``Add``, ``Multiply``) and section 5 (``ReLU``, ``Sigmoid``, ``Affine``, ``SoftmaxWithLoss``).
Lesson 05 (regularization) explains ``Dropout``; lesson 08 shows ``batch_norm_forward``,
``batch_norm_backward`` and ``BatchNorm``.

Conventions (every layer):

- A single-input layer has ``forward(x, train=True)`` and ``backward(dout)``; layers that behave
  the same in training and inference ignore ``train``. ``backward`` returns ``dL/dx`` for the
  ``dout = dL/dout`` it is given.
- A layer keeps what ``backward`` needs from ``forward``; it never changes its input or ``dout``
  in place.
- A layer with parameters exposes ``params`` (name -> array) and ``grads`` (same names, filled by
  ``backward``). An optimizer updates the arrays of ``params`` in place, so a network may share them.
- Wrong shapes, NaN or inf raise ``ValueError`` naming the argument and the expected shape.
- Checks the slides leave out are added to the shown classes at the end of this module:
  ``forward(..., train=...)`` refuses a ``train`` that is not a bool, ``Add`` and ``Multiply``
  refuse finite inputs whose result overflows to inf, and an activation (or the loss layer)
  given inf says that the layer before it overflowed.
"""

from __future__ import annotations

import numpy as np

from lessons_lib.config import make_rng

from lessons_lib.functions import as_array
from lessons_lib.functions import sigmoid

__all__ = ["Add", "Multiply", "Affine", "ReLU", "Sigmoid", "SoftmaxWithLoss", "Dropout", "BatchNorm",
           "batch_norm_forward", "batch_norm_backward"]


# ----------------------------------------------------------------------------- input checks

def _as_array(value, name: str) -> np.ndarray:
    """value as a real numpy array (floats kept, ints turned into float64); ValueError on NaN or inf."""
    array = as_array(value, name)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number) \
            or np.issubdtype(array.dtype, np.complexfloating):
        raise ValueError(f"{name} must be an array of real numbers, got dtype {array.dtype}")
    if not np.issubdtype(array.dtype, np.floating):
        array = array.astype(np.float64)
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains {'NaN' if np.isnan(array).any() else 'inf'}")
    return array


def _check_flag(name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _broadcast_shape(x: np.ndarray, y: np.ndarray) -> tuple:
    try:
        return np.broadcast_shapes(x.shape, y.shape)
    except ValueError:
        raise ValueError(f"x {x.shape} and y {y.shape} must have shapes that broadcast together") from None


def _check_dout(dout, shape: tuple, layer: str) -> np.ndarray:
    dout = _as_array(dout, "dout")
    if dout.shape != tuple(shape):
        raise ValueError(f"{layer}.backward: dout must have the shape of forward's output {tuple(shape)}, "
                         f"got {dout.shape}")
    return dout


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _need_forward(layer, attribute: str):
    if getattr(layer, attribute, None) is None:
        raise RuntimeError(f"{type(layer).__name__}.backward called before forward")


def _unbroadcast(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched, back to ``shape``."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def _checked_dout(layer, dout):
    """dout as an array of the shape of ``layer``'s last forward output (a float for
    SoftmaxWithLoss, whose output is the scalar loss); RuntimeError if forward has not run.
    Layers are told apart by name and attributes, so the notebook's copies of these classes
    (lesson 03 defines them on the page) are checked the same way."""
    name = type(layer).__name__
    if name == "SoftmaxWithLoss":
        _need_forward(layer, "y")
        dout = _as_array(dout, "dout")
        if dout.shape != ():
            raise ValueError(f"SoftmaxWithLoss.backward: dout must be a scalar (the loss is a scalar), "
                             f"got shape {dout.shape}")
        return float(dout)  # a Python float keeps float32 float32
    if name in ("Add", "Multiply"):
        _need_forward(layer, "x")
        shape = np.broadcast_shapes(np.shape(layer.x), np.shape(layer.y))
    elif hasattr(layer, "W"):  # Affine
        _need_forward(layer, "x")
        shape = (layer.x.shape[0], layer.W.shape[1])
    else:  # ReLU keeps its mask, Sigmoid its output: both of the output's shape
        attribute = "mask" if hasattr(layer, "mask") or name == "ReLU" else "out"
        _need_forward(layer, attribute)
        shape = getattr(layer, attribute).shape
    return _check_dout(dout, shape, name)


def _operands(x, y):
    """x and y as real arrays whose shapes broadcast together (ValueError naming them)."""
    x, y = _as_array(x, "x"), _as_array(y, "y")
    _broadcast_shape(x, y)
    return x, y


def _affine_params(W, b):
    """W (D, M) and b (M,) as real arrays; ValueError naming the bad one."""
    W, b = _as_array(W, "W"), _as_array(b, "b")
    if W.ndim != 2 or 0 in W.shape:
        raise ValueError(f"W must have shape (D, M) with D, M >= 1, got {W.shape}")
    if b.shape != (W.shape[1],):
        raise ValueError(f"b must have shape (M,) = ({W.shape[1]},) to match W {W.shape}, got {b.shape}")
    return W, b


def _as_rows(x, W):
    """x (N, D) or (N, d1, d2, ...) with d1*d2*... = D, as rows (N, D); ValueError naming x."""
    x = _as_array(x, "x")
    D = W.shape[0]
    if x.ndim < 2 or int(np.prod(x.shape[1:])) != D:
        raise ValueError(f"Affine.forward: x must have shape (N, {D}) (or (N, ...) with {D} features "
                         f"per example), got {x.shape}")
    return x.reshape(x.shape[0], D)


class _ParamsAndGrads:
    """``params`` and ``grads`` as dicts {"W": ..., "b": ...} of the very arrays ``W``, ``b``,
    ``dW``, ``db``: the interface optimizers, networks and tests use for every layer."""

    params = property(lambda self: {"W": self.W, "b": self.b})
    grads = property(lambda self: {"W": getattr(self, "dW", None), "b": getattr(self, "db", None)})


# ----------------------------------------------------------------------------- graph nodes

class Add:
    """Add node z = x + y (scalars or arrays; broadcasting allowed).

    backward(dout) -> (dout, dout): an add node passes the upstream gradient on unchanged
    (summed back to each input's shape if it was broadcast).
    """

    def forward(self, x, y):
        self.x, self.y = _operands(x, y)  # ValueError unless x and y broadcast together
        return self.x + self.y

    def backward(self, dout):
        dout = _checked_dout(self, dout)  # the shape of forward's output
        dx = _unbroadcast(dout * 1, self.x.shape)  # local derivative 1; summed back
        dy = _unbroadcast(dout * 1, self.y.shape)  # over axes that broadcasting added
        return dx, dy


class Multiply:
    """Multiply node z = x * y (scalars or arrays; broadcasting allowed).

    backward(dout) -> (dout * y, dout * x): each input gets the upstream gradient times the
    *other* input ("swap the inputs").
    """

    def forward(self, x, y):
        self.x, self.y = _operands(x, y)  # ValueError unless x and y broadcast together
        return self.x * self.y

    def backward(self, dout):
        dout = _checked_dout(self, dout)  # the shape of forward's output
        dx = _unbroadcast(dout * self.y, self.x.shape)  # swap the inputs
        dy = _unbroadcast(dout * self.x, self.y.shape)
        return dx, dy


# ----------------------------------------------------------------------------- layers

class ReLU:
    """ReLU out = max(0, x), any shape. backward: dout where x > 0, else 0."""

    def forward(self, x, train=True):
        x = _as_array(x, "x")  # ValueError on text, NaN or inf
        self.mask = x > 0
        return np.where(self.mask, x, 0)

    def backward(self, dout):
        dout = _checked_dout(self, dout)  # the shape of forward's output
        return np.where(self.mask, dout, 0)


class Sigmoid:
    """Sigmoid out = 1 / (1 + exp(-x)), any shape. backward: dout * out * (1 - out)."""

    def forward(self, x, train=True):
        self.out = sigmoid(_as_array(x, "x"))
        return self.out

    def backward(self, dout):
        dout = _checked_dout(self, dout)  # the shape of forward's output
        return dout * self.out * (1.0 - self.out)


class Affine(_ParamsAndGrads):
    """Fully connected layer out = x @ W + b.

    W: (D, M), b: (M,). forward(x): x (N, D) -> (N, M); x may also be (N, d1, d2, ...) with
    d1*d2*... = D (images), which is flattened and its shape remembered so that backward returns
    dx in the original shape. backward(dout): dout (N, M) -> dx; sets dW = x.T @ dout (D, M) and
    db = the sum of dout over the batch (M,). ``params`` and ``grads`` give the same arrays as
    dicts {"W": ..., "b": ...}.
    """

    def __init__(self, W, b):
        self.W, self.b = _affine_params(W, b)  # ValueError unless W (D, M), b (M,)

    def forward(self, x, train=True):
        self.x_shape = np.shape(x)
        self.x = _as_rows(x, self.W)  # (N, D): images are flattened
        return self.x @ self.W + self.b

    def backward(self, dout):
        dout = _checked_dout(self, dout)  # (N, M)
        self.dW = self.x.T @ dout  # (D, M)
        self.db = dout.sum(axis=0)  # (M,)
        return (dout @ self.W.T).reshape(self.x_shape)


class SoftmaxWithLoss:
    """Softmax followed by the mean cross-entropy loss, as one layer.

    forward(x, t): scores x (N, C) and targets t, either integer labels (N,) in 0..C-1 or
    one-hot (or any probability) rows (N, C) -> mean loss, a float. The loss is computed from the
    log-softmax, so it is exact (no ``+ 1e-7`` inside the log) and never overflows.
    backward(dout=1.0) -> dx = dout * (softmax(x) - t_one_hot) / N, shape (N, C).
    """

    def forward(self, x, t, train=True):
        x, self.t = _scores_and_targets(x, t)  # t as one-hot rows (N, C)
        shifted = x - x.max(axis=1, keepdims=True)  # the same softmax, no overflow
        log_y = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.y = np.exp(log_y)  # softmax probabilities (N, C)
        self.loss = float(-(self.t * log_y).sum() / len(x))
        return self.loss

    def backward(self, dout=1.0):
        dout = _checked_dout(self, dout)  # a number: the loss is a scalar
        return (self.y - self.t) * (dout / len(self.y))


def _scores_and_targets(x, t):
    """Scores x (N, C) and targets t (labels (N,) or rows (N, C)) -> (x, t as float rows (N, C))."""
    x = _as_array(x, "x")
    if x.ndim != 2:
        raise ValueError(f"SoftmaxWithLoss.forward: x must have shape (N, C), got {x.shape}")
    if x.shape[0] == 0:
        raise ValueError("SoftmaxWithLoss.forward: x is an empty batch (N = 0): the mean loss of "
                         "no examples is undefined")
    if x.shape[1] == 0:
        raise ValueError(f"SoftmaxWithLoss.forward: x must have at least one class (N, C) with "
                         f"C >= 1, got {x.shape}")
    return x, _targets_as_rows(t, x.shape[0], x.shape[1], x.dtype)


def _targets_as_rows(t, N: int, C: int, dtype) -> np.ndarray:
    """Labels (N,) or rows (N, C) -> float rows (N, C); ValueError naming the expected shapes."""
    t = as_array(t, "t")
    if t.shape == (N,):
        if not np.issubdtype(t.dtype, np.integer):
            raise ValueError(f"t labels (N,) must be integers, got dtype {t.dtype}")
        if N and (t.min() < 0 or t.max() >= C):
            raise ValueError(f"t labels must lie in 0..{C - 1}, got {t.min()}..{t.max()}")
        rows = np.zeros((N, C), dtype=dtype)
        rows[np.arange(N), t] = 1
        return rows
    if t.shape == (N, C):
        rows = _as_array(t, "t").astype(dtype, copy=False)
        if (rows < 0).any() or not np.allclose(rows.sum(axis=1), 1.0, atol=1e-3):
            raise ValueError("t rows (N, C) must be probabilities: one-hot or soft labels, each "
                             "row >= 0 and summing to 1")
        return rows
    raise ValueError(f"t must be labels of shape (N,) = ({N},) or one-hot rows of shape (N, C) = ({N}, {C}), "
                     f"got {t.shape}")


def _check_rate(rate) -> float:
    if isinstance(rate, bool) or not isinstance(rate, (int, float, np.integer, np.floating)) \
            or not 0 <= rate < 1:
        raise ValueError(f"rate must be a number in [0, 1), the fraction of units dropped; got {rate!r}")
    return float(rate)


def _dropout_rng(seed) -> np.random.Generator:
    """``make_rng(seed)`` for a Dropout layer: seed None (fresh randomness) or a non-negative int."""
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise ValueError(f"seed must be None or a non-negative int, got {seed!r}")
    return make_rng(seed)


def _given_mask(layer, x: np.ndarray, mask):
    """The mask a training forward must use instead of a fresh draw: ``mask`` if given, else the
    layer's ``fixed_mask``, checked (a bool array of x's shape); None when neither is set."""
    mask = getattr(layer, "fixed_mask", None) if mask is None else mask
    if mask is None:
        return None
    mask = np.asarray(mask)
    if mask.shape != x.shape or mask.dtype != bool:
        raise ValueError(f"Dropout.forward: mask must be a bool array of x's shape {x.shape}, "
                         f"got {mask.dtype} {mask.shape}")
    return mask


def _dropout_dout(layer, dout) -> np.ndarray:
    """dout checked: forward has run, and dout has the shape of forward's output."""
    _need_forward(layer, "train")
    return _check_dout(dout, layer.mask.shape, "Dropout") if layer.train else _as_array(dout, "dout")


class Dropout:
    """Inverted dropout: drops a fraction ``rate`` of units at training time.

    rate: the fraction of units set to 0 (the Keras meaning; the book's ``dropout_ratio``; the old
    TensorFlow 1 ``keep_prob`` is 1 - rate). Kept units are scaled by 1 / (1 - rate) during
    training, so inference is the identity and needs no rescaling. (The book's ``Dropout`` is not
    inverted: it keeps units unscaled in training and multiplies by 1 - rate at test time.)

    forward(x, train=True, mask=None): any shape -> same shape. In training a new random mask is
    drawn, unless ``mask`` (a bool array of x's shape, True = keep) is given or ``fixed_mask``
    is set: fixing the mask makes the layer deterministic, for gradient checks.
    backward(dout): dout * mask / (1 - rate) (after a training forward), or dout (after inference).
    Attributes: ``mask`` (the last training forward's, True = kept) and ``fixed_mask`` (set it to a
    bool array, or None, by hand or with ``MultiLayerNet.freeze_dropout``).
    """

    def __init__(self, rate=0.5, seed=None):  # rate: the fraction of units dropped
        self.rate, self.rng, self.mask = _check_rate(rate), _dropout_rng(seed), None

    def forward(self, x, train=True, mask=None):
        x, self.train = _as_array(x, "x"), _check_flag("train", train)
        if train:  # a mask passed in (or fixed_mask) is checked and used, else drawn
            mask = _given_mask(self, x, mask)
            self.mask = self.rng.random(x.shape) >= self.rate if mask is None else mask
        return x * self.mask / (1.0 - self.rate) if train else x  # inference: x

    def backward(self, dout):
        dout = _dropout_dout(self, dout)  # forward ran, and dout has its output's shape
        return dout * self.mask / (1.0 - self.rate) if self.train else dout


def _check_batch(x, gamma, beta, eps=1e-5):
    """x as rows (N, D) with N >= 2, gamma and beta as (D,) arrays, eps > 0; ValueError naming
    the argument."""
    if not _is_number(eps) or not 0 < eps < np.inf:
        raise ValueError(f"eps must be a positive number, got {eps!r:.60}")
    x, gamma, beta = _as_array(x, "x"), _as_array(gamma, "gamma"), _as_array(beta, "beta")
    if gamma.ndim != 1 or beta.shape != gamma.shape:
        raise ValueError(f"gamma and beta must have the same shape (D,), got {gamma.shape} and {beta.shape}")
    if x.ndim != 2 or x.shape[1] != gamma.shape[0] or x.shape[0] < 2:
        raise ValueError(f"x must have shape (N, {gamma.shape[0]}) with N >= 2, got {x.shape}")
    return x, gamma, beta


def _check_cache(dout, cache):
    """dout (N, D) matching the cache (x_hat (N, D), inv_std (D,), gamma (D,)) of
    batch_norm_forward; ValueError naming the bad part."""
    wanted = "cache must be the (x_hat, inv_std, gamma) tuple batch_norm_forward returned"
    if not isinstance(cache, tuple) or len(cache) != 3:
        raise ValueError(wanted)
    parts = []
    for name, part, ndim in zip(("x_hat", "inv_std", "gamma"), cache, (2, 1, 1)):
        try:
            part = _as_array(part, f"cache's {name}")
        except ValueError as error:
            raise ValueError(f"{wanted}: {error}") from None
        if part.ndim != ndim:
            raise ValueError(f"{wanted}: its {name} has shape {part.shape}, not {ndim}-D")
        parts.append(part)
    x_hat, inv_std, gamma = parts
    if x_hat.shape[0] < 2 or inv_std.shape != (x_hat.shape[1],) or gamma.shape != inv_std.shape:
        raise ValueError(f"{wanted}: x_hat (N, D) with N >= 2, inv_std (D,) and gamma (D,), got "
                         f"{x_hat.shape}, {inv_std.shape} and {gamma.shape}")
    dout = _as_array(dout, "dout")
    if dout.shape != x_hat.shape:
        raise ValueError(f"dout must have the shape of the forward output {x_hat.shape}, got {dout.shape}")
    return dout, (x_hat, inv_std, gamma)


def batch_norm_forward(x, gamma, beta, eps=1e-5):
    """Batch normalization in training: each column of x (N, D) to mean 0 and variance 1 over the
    batch, then scaled by gamma (D,) and shifted by beta (D,). Returns (out (N, D), cache)."""
    x, gamma, beta = _check_batch(x, gamma, beta, eps)
    mean, var = x.mean(axis=0), x.var(axis=0)  # per feature, over the N examples
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, inv_std, gamma)


def batch_norm_backward(dout, cache):
    """Gradients of batch_norm_forward: (dx (N, D), dgamma (D,), dbeta (D,)) for dout (N, D).

    mean and var depend on every x_i, so dx has two correction terms besides dx_hat / std."""
    dout, (x_hat, inv_std, gamma) = _check_cache(dout, cache)
    dbeta, dgamma = dout.sum(axis=0), (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    m = len(dout)
    dx = inv_std / m * (m * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    return dx, dgamma, dbeta


class BatchNorm:
    """Batch normalization: out = gamma * (x - mean) / sqrt(var + eps) + beta.

    gamma, beta: (D,) for x (N, D), or (C,) for images x (N, C, H, W) (statistics per channel,
    over N, H and W). In training (``train=True``) mean and var are the batch's (biased variance,
    as in Keras; :func:`batch_norm_forward`), and the running statistics (an exponential moving
    average, 지수 이동 평균) are updated
    ``running = momentum * running + (1 - momentum) * batch``; in inference the running
    statistics are used. backward(dout) -> dx of x's shape (:func:`batch_norm_backward`); fills
    grads["gamma"], grads["beta"].
    """

    def __init__(self, gamma, beta, momentum: float = 0.9, eps: float = 1e-5):
        gamma, beta = _as_array(gamma, "gamma"), _as_array(beta, "beta")
        if gamma.ndim != 1:
            raise ValueError(f"gamma must have shape (D,) or (C,), got {gamma.shape}")
        if beta.shape != gamma.shape:
            raise ValueError(f"beta must have gamma's shape {gamma.shape}, got {beta.shape}")
        if not _is_number(momentum) or not 0 <= momentum <= 1:
            raise ValueError(f"momentum must lie in [0, 1], got {momentum!r}")
        if not _is_number(eps) or not 0 < eps < np.inf:
            raise ValueError(f"eps must be a positive number, got {eps!r}")
        self.params = {"gamma": gamma, "beta": beta}
        self.grads = {"gamma": None, "beta": None}
        self.momentum, self.eps = float(momentum), float(eps)
        self.running_mean = np.zeros_like(gamma)
        self.running_var = np.ones_like(gamma)
        self.cache = None

    def _to_rows(self, x, name="x"):
        """(N, D) -> (N, D); (N, C, H, W) -> (N*H*W, C): a convolution's batch norm is the dense
        one applied to every pixel of every image, one feature per channel."""
        D = self.params["gamma"].shape[0]
        if x.ndim == 2 and x.shape[1] == D:
            return x
        if x.ndim == 4 and x.shape[1] == D:
            return x.transpose(0, 2, 3, 1).reshape(-1, D)
        raise ValueError(f"BatchNorm.forward: {name} must have shape (N, {D}) or (N, {D}, H, W), got {x.shape}")

    @staticmethod
    def _from_rows(rows, shape):
        if len(shape) == 2:
            return rows
        N, C, H, W = shape
        return rows.reshape(N, H, W, C).transpose(0, 3, 1, 2)

    def forward(self, x, train=True):
        x, train = _as_array(x, "x"), _check_flag("train", train)
        rows = self._to_rows(x)
        gamma, beta = self.params["gamma"], self.params["beta"]
        if train:
            if rows.shape[0] < 2:
                raise ValueError(f"BatchNorm.forward: training needs at least 2 values per feature, got x {x.shape}")
            out, cache = batch_norm_forward(rows, gamma, beta, self.eps)
            self.running_mean = self.momentum * self.running_mean + (1 - self.momentum) * rows.mean(axis=0)
            self.running_var = self.momentum * self.running_var + (1 - self.momentum) * rows.var(axis=0)
        else:
            inv_std = 1.0 / np.sqrt(self.running_var + self.eps)
            x_hat = (rows - self.running_mean) * inv_std
            out, cache = gamma * x_hat + beta, (x_hat, inv_std, gamma)
        self.cache = (bool(train), x.shape, cache)
        return self._from_rows(out, x.shape)

    def backward(self, dout):
        _need_forward(self, "cache")
        train, shape, cache = self.cache
        dout = _check_dout(dout, shape, "BatchNorm")
        rows = self._to_rows(dout, "dout")
        if train:  # mean and var depend on x too
            dx, self.grads["gamma"], self.grads["beta"] = batch_norm_backward(rows, cache)
        else:      # running statistics are constants
            x_hat, inv_std, gamma = cache
            self.grads["beta"], self.grads["gamma"] = rows.sum(axis=0), (rows * x_hat).sum(axis=0)
            dx = rows * gamma * inv_std
        return self._from_rows(dx, shape)


# ----------------------------------------------------------------------------- library checks

def _overflow_hint(layer: str, message: str) -> str:
    """An activation's (or the loss layer's) "x contains inf" with what it usually means: its x
    is the output of the layer before it, which overflowed (weights far too large)."""
    if not message.startswith("x contains inf"):
        return message
    return (f"{layer}.forward: {message}. Its x is the output of the layer before it: if the "
            "data are finite, that layer overflowed because its weights are far too large "
            "(check weight_init, or lower the learning rate)")


def _checks_forward(forward, overflow: str | None = None, activation: bool = False):
    """``forward`` as lesson 03 shows it, plus checks its slide leaves out: ``train``, when
    given, must be True or False (``train="no"`` would read as True); with ``overflow``
    (e.g. "x + y"), finite inputs whose result overflows to inf raise a ValueError instead of
    passing inf on; with ``activation``, "x contains inf" says what it usually means
    (:func:`_overflow_hint`)."""

    names = forward.__code__.co_varnames[1:forward.__code__.co_argcount]  # after self
    position = names.index("train") if "train" in names else None

    def checked(self, *args, **kwargs):
        if "train" in kwargs:
            _check_flag("train", kwargs["train"])
        elif position is not None and len(args) > position:  # train given by position
            _check_flag("train", args[position])
        if overflow is None and not activation:
            return forward(self, *args, **kwargs)
        if activation:
            try:
                return forward(self, *args, **kwargs)
            except ValueError as error:
                hinted = _overflow_hint(type(self).__name__, str(error))
                if hinted == str(error):
                    raise
                raise ValueError(hinted) from None
        with np.errstate(over="ignore"):
            out = forward(self, *args, **kwargs)
        if not np.isfinite(out).all():
            raise ValueError(f"{type(self).__name__}.forward: {overflow} overflowed to inf for finite "
                             f"x and y of dtype {np.result_type(self.x, self.y)}: scale the inputs "
                             "down (or use float64)")
        return out

    checked.__name__, checked.__qualname__ = forward.__name__, forward.__qualname__
    checked.__doc__, checked.__wrapped__ = forward.__doc__, forward
    return checked


Add.forward = _checks_forward(Add.forward, overflow="x + y")
Multiply.forward = _checks_forward(Multiply.forward, overflow="x * y")
ReLU.forward = _checks_forward(ReLU.forward, activation=True)
Sigmoid.forward = _checks_forward(Sigmoid.forward, activation=True)
Affine.forward = _checks_forward(Affine.forward)
SoftmaxWithLoss.forward = _checks_forward(SoftmaxWithLoss.forward, activation=True)
