"""Numpy networks built from ``lessons_lib.layers``: a multi-layer net and the two-layer net.

Lesson 03 (``03_derivatives_chain_rule.ipynb``, section 6) builds :class:`Network` and
:class:`TwoLayerNet` and checks its backprop gradients against numerical ones; lessons 04, 05 and
08 use :class:`MultiLayerNet` for weight initialization, weight decay, dropout and batch
normalization.

Layout of a net with hidden sizes [h1, h2, ...]:
``Affine1 -> [BatchNorm1] -> Activation1 -> [Dropout1] -> Affine2 -> ... -> AffineL`` and a
``SoftmaxWithLoss`` on top. Parameters are named ``W1, b1, ..., WL, bL`` and ``gamma1, beta1, ...``
and live in ``net.params``; the layers hold the very same arrays, so an optimizer that updates
``net.params`` in place updates the layers.
"""

from __future__ import annotations

import numpy as np

from lessons_lib.config import make_rng
from lessons_lib.functions import _as_labels
from lessons_lib.gradients import numerical_gradient as _numerical_gradient
from lessons_lib.layers import Affine, BatchNorm, Dropout, ReLU, Sigmoid, SoftmaxWithLoss, _as_array, _checked_dout
from lessons_lib.training import check_loss, one_blas_thread

__all__ = ["MultiLayerNet", "Network", "TwoLayerNet", "l2_penalty", "l2_penalty_gradient"]

_ACTIVATIONS = {"relu": ReLU, "sigmoid": Sigmoid}


def _check_size(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _init_std(weight_init, fan_in: int) -> float:
    """"he": sqrt(2 / fan_in) (for ReLU); "xavier": sqrt(1 / fan_in) (for sigmoid); a float: itself."""
    if isinstance(weight_init, str):
        if weight_init.lower() == "he":
            return float(np.sqrt(2.0 / fan_in))
        if weight_init.lower() == "xavier":
            return float(np.sqrt(1.0 / fan_in))
    elif isinstance(weight_init, (int, float, np.integer, np.floating)) \
            and not isinstance(weight_init, bool) and 0 < weight_init < np.inf:
        return float(weight_init)
    raise ValueError(f'weight_init must be "he", "xavier" or a positive std, got {weight_init!r}')


def _check_decay(weight_decay) -> float:
    if not _is_number(weight_decay) or not 0 <= weight_decay < np.inf:
        raise ValueError(f"weight_decay must be a number >= 0, got {weight_decay!r}")
    return float(weight_decay)


def _check_l2(weights, weight_decay):
    """(weights as real arrays, weight_decay as a float); ValueError naming a bad one, or when
    the penalty of such large weights would overflow to inf (a diverged run)."""
    if not isinstance(weights, (list, tuple)):
        raise ValueError(f"weights must be a list of weight matrices, got {type(weights).__name__}")
    weights = [_as_array(W, f"weights[{k}]") for k, W in enumerate(weights)]
    weight_decay = _check_decay(weight_decay)
    largest = max((float(np.abs(W).max()) for W in weights if W.size), default=0.0)
    if largest > 1e100:  # rare: only then compute the penalty without overflow to check it
        scaled = sum(float(np.sum(np.square(W / largest))) for W in weights)
        if not np.isfinite(0.5 * weight_decay * scaled * largest * largest):
            raise ValueError(f"the L2 penalty overflows: weights hold values up to {largest:.3g} "
                             "(did training diverge? lower the learning rate)")
    return weights, weight_decay


def l2_penalty(weights, weight_decay):
    """Weight decay's (L2) term of the loss: 0.5 * weight_decay * the sum of W**2 over every
    matrix in ``weights`` (lesson 05, section 2)."""
    weights, weight_decay = _check_l2(weights, weight_decay)
    return 0.5 * weight_decay * sum(float(np.sum(W**2)) for W in weights)


def l2_penalty_gradient(W, weight_decay):
    """Weight decay's term of dLoss/dW: weight_decay * W (lesson 05, section 2)."""
    W, weight_decay = _as_array(W, "W"), _check_decay(weight_decay)
    return weight_decay * W


class MultiLayerNet:
    """Fully connected network: input_size -> hidden_sizes... -> output_size, softmax loss.

    activation: "relu" or "sigmoid". weight_init: "he" (std sqrt(2/n_in)), "xavier"
    (std sqrt(1/n_in)) or a float std; biases start at 0, gamma at 1, beta at 0.
    weight_decay: the L2 lambda; the loss adds 0.5 * lambda * sum(W**2) over every W, and the
    gradient lambda * W. dropout_rate: the fraction of hidden units dropped in training (0 = none).
    use_batchnorm: a BatchNorm after each hidden Affine. dtype: float32 for training, float64
    for gradient checks.

    x: (N, input_size) or (N, ...) images that flatten to input_size. t: labels (N,) or one-hot
    (N, output_size).
    """

    def __init__(self, input_size, hidden_sizes, output_size, activation="relu", weight_init="he",
                 weight_decay=0.0, dropout_rate=0.0, use_batchnorm=False, seed=0, dtype=np.float32):
        self.input_size = _check_size("input_size", input_size)
        self.output_size = _check_size("output_size", output_size)
        if self.output_size < 2:  # softmax over one class is 1 whatever the input: nothing to learn
            raise ValueError(f"output_size must be the number of classes, at least 2, got {output_size!r}")
        if isinstance(hidden_sizes, (int, np.integer)):
            hidden_sizes = [hidden_sizes]
        if not isinstance(hidden_sizes, (list, tuple)):
            raise ValueError(f"hidden_sizes must be a list of layer sizes such as [100, 100], "
                             f"got {hidden_sizes!r}")
        self.hidden_sizes = [_check_size("hidden_sizes[]", h) for h in hidden_sizes]
        if not isinstance(activation, str) or activation not in _ACTIVATIONS:
            raise ValueError(f'activation must be "relu" or "sigmoid", got {activation!r}')
        if not _is_number(weight_decay) or not 0 <= weight_decay < np.inf:
            raise ValueError(f"weight_decay must be >= 0, got {weight_decay!r}")
        if not _is_number(dropout_rate) or not 0 <= dropout_rate < 1:
            raise ValueError(f"dropout_rate must lie in [0, 1), the fraction dropped; got {dropout_rate!r}")
        try:
            self.dtype = np.dtype(dtype)
        except TypeError:
            raise ValueError(f"dtype must be a float type (np.float32 or np.float64), got {dtype!r}") from None
        if not np.issubdtype(self.dtype, np.floating):
            raise ValueError(f"dtype must be a float type (np.float32 or np.float64), got {dtype!r}")
        self.activation, self.weight_init = activation, weight_init
        self.weight_decay, self.dropout_rate = float(weight_decay), float(dropout_rate)
        if not isinstance(use_batchnorm, (bool, np.bool_)):  # "no" would switch it on
            raise ValueError(f"use_batchnorm must be True or False, got {use_batchnorm!r}")
        self.use_batchnorm = bool(use_batchnorm)

        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueError(f"seed must be a non-negative int, got {seed!r}")
        # Weights and dropout masks draw from separate streams, so a net with dropout starts from
        # exactly the weights of the same net without it (lesson 05 compares the two).
        rng, mask_rng = make_rng(seed), make_rng(seed).spawn(1)[0]
        sizes = [self.input_size, *self.hidden_sizes, self.output_size]
        self.params, self.layers = {}, {}
        for i in range(1, len(sizes)):
            fan_in, fan_out = sizes[i - 1], sizes[i]
            W = (_init_std(weight_init, fan_in) * rng.standard_normal((fan_in, fan_out))).astype(self.dtype)
            b = np.zeros(fan_out, dtype=self.dtype)
            self.params[f"W{i}"], self.params[f"b{i}"] = W, b
            # the first layer's input is the data: its gradient is never needed
            self.layers[f"Affine{i}"] = (Affine if i > 1 else _InputAffine)(W, b)
            if i == len(sizes) - 1:
                break
            if self.use_batchnorm:
                gamma, beta = np.ones(fan_out, dtype=self.dtype), np.zeros(fan_out, dtype=self.dtype)
                self.params[f"gamma{i}"], self.params[f"beta{i}"] = gamma, beta
                self.layers[f"BatchNorm{i}"] = BatchNorm(gamma, beta)
            self.layers[f"Activation{i}"] = _ACTIVATIONS[activation]()
            if self.dropout_rate > 0:
                self.layers[f"Dropout{i}"] = Dropout(self.dropout_rate, seed=mask_rng.integers(2**31))
        self.last_layer = SoftmaxWithLoss()
        self.n_affine = len(sizes) - 1

    def __repr__(self):
        return f"{type(self).__name__}({' -> '.join(self.layers)} -> SoftmaxWithLoss)"

    # ------------------------------------------------------------------ forward
    def _input(self, x):
        x = _as_array(x, "x")
        if x.ndim < 2 or int(np.prod(x.shape[1:])) != self.input_size:
            raise ValueError(f"x must have shape (N, {self.input_size}) (or (N, ...) with {self.input_size} "
                             f"values per example), got {x.shape}")
        x = x.reshape(len(x), self.input_size)
        if x.dtype == self.dtype:
            return x
        with np.errstate(over="ignore"):
            cast = x.astype(self.dtype)
        if not np.isfinite(cast).all():  # finite in float64, beyond float32's range
            raise ValueError(f"x holds values up to {float(np.abs(x).max()):.3g}, beyond this net's "
                             f"{self.dtype} (largest {float(np.finfo(self.dtype).max):.3g}): scale x "
                             "down (it is not the learning rate)")
        return cast

    def predict(self, x, train=False):
        """Scores (logits) (N, output_size) for x; train=True uses dropout and batch statistics."""
        scores = self._scores(x, train)
        if scores is None:
            raise ValueError("the scores overflowed to inf or NaN: the weights are too large "
                             "(did training diverge? lower the learning rate)")
        return scores

    def _scores(self, x, train):
        """Scores for x, or None when a layer's output overflows (the weights have diverged)."""
        if not isinstance(train, (bool, np.bool_)):  # "no" would switch dropout on
            raise ValueError(f"train must be True or False, got {train!r}")
        x = self._input(x)
        for layer in self.layers.values():
            x = layer.forward(x, train=train)
            if not np.isfinite(x).all():
                return None
        return x

    def forward_activations(self, x, train=False):
        """The output of every hidden activation layer for x: a list of (N, h_i) arrays (lesson 04)."""
        if not isinstance(train, (bool, np.bool_)):  # "x" would switch dropout on
            raise ValueError(f"train must be True or False, got {train!r}")
        x = self._input(x)
        activations = []
        for name, layer in self.layers.items():
            x = layer.forward(x, train=train)
            if name.startswith("Activation"):
                activations.append(x)
        return activations

    def weight_decay_loss(self) -> float:
        """0.5 * lambda * sum of W**2 over every weight matrix (0 when weight_decay is 0)."""
        if self.weight_decay == 0:
            return 0.0
        return l2_penalty([self.params[f"W{i}"] for i in range(1, self.n_affine + 1)], self.weight_decay)

    def loss(self, x, t, train=True) -> float:
        """Mean cross-entropy of the softmax of predict(x, train) against t, plus weight decay
        (inf when the scores overflow)."""
        scores = self._scores(x, train)
        if scores is None:
            return float("inf")
        return self.last_layer.forward(scores, t) + self.weight_decay_loss()

    def accuracy(self, x, t, batch_size=1000) -> float:
        """Fraction of x classified as t (inference mode), computed batch_size examples at a time."""
        x = self._input(x)
        t = _as_labels(t, len(x), self.output_size, "t")
        batch_size = _check_size("batch_size", batch_size)
        if len(x) == 0:
            raise ValueError("x is empty: accuracy needs at least one example")
        correct = 0
        for start in range(0, len(x), batch_size):
            scores = self.predict(x[start:start + batch_size], train=False)
            correct += int(np.sum(scores.argmax(axis=1) == t[start:start + batch_size]))
        return correct / len(x)

    # ------------------------------------------------------------------ gradients
    def gradient(self, x, t) -> dict:
        """Gradients of loss(x, t, train=True) by backpropagation: {name: array} like params.

        The loss of this forward pass is kept in ``self.last_loss``. Every call counts in
        ``self.gradient_steps``, and a loss that is not finite stops with that count as its
        iteration: the net's N-th gradient, whoever asked for it (a gradient check counts
        too; ``lessons_lib.training.train`` names its own iteration instead).
        """
        self.last_loss = self.loss(x, t, train=True)
        self.gradient_steps = getattr(self, "gradient_steps", 0) + 1  # this net's iterations so far
        check_loss(self.last_loss, self.gradient_steps)  # ValueError naming the step if not finite
        dout = self.last_layer.backward(1.0)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        grads = {}
        for i in range(1, self.n_affine + 1):
            affine = self.layers[f"Affine{i}"]
            grads[f"W{i}"] = affine.grads["W"] + l2_penalty_gradient(affine.params["W"], self.weight_decay)
            grads[f"b{i}"] = affine.grads["b"]
            if f"BatchNorm{i}" in self.layers:
                grads[f"gamma{i}"] = self.layers[f"BatchNorm{i}"].grads["gamma"]
                grads[f"beta{i}"] = self.layers[f"BatchNorm{i}"].grads["beta"]
        return grads

    def numerical_gradient(self, x, t, h=1e-5) -> dict:
        """Central-difference gradients of loss(x, t, train=True): slow, for checks on float64 nets.

        With dropout, call :meth:`freeze_dropout` first so every evaluation uses the same masks.
        Batch-norm running statistics are restored afterwards.
        """
        saved = {name: (layer.running_mean.copy(), layer.running_var.copy())
                 for name, layer in self.layers.items() if isinstance(layer, BatchNorm)}
        with one_blas_thread():
            grads = {key: _numerical_gradient(lambda: self.loss(x, t, train=True), param, h)
                     for key, param in self.params.items()}
        for name, (mean, var) in saved.items():
            self.layers[name].running_mean, self.layers[name].running_var = mean, var
        return grads

    def freeze_dropout(self, freeze=True) -> None:
        """freeze=True: every Dropout reuses the mask of its last training forward (for gradient
        checks; run ``loss(x, t)`` first). freeze=False: draw new masks again."""
        for layer in self.layers.values():
            if isinstance(layer, Dropout):
                if freeze and layer.mask is None:
                    raise RuntimeError("freeze_dropout: run a training forward (net.loss(x, t)) first")
                layer.fixed_mask = layer.mask if freeze else None

    def gradient_norms(self, x, t) -> dict:
        """L2 norm of the backprop gradient of every weight matrix: {"W1": float, ...} (lesson 04)."""
        grads = self.gradient(x, t)
        return {f"W{i}": float(np.linalg.norm(grads[f"W{i}"])) for i in range(1, self.n_affine + 1)}


class _InputAffine(Affine):
    """An Affine layer that feeds on the data: backward computes dW and db but not dx, whose
    value nobody uses (dx = dout @ W.T is a fifth of a training step's work); returns None."""

    def backward(self, dout):
        dout = _checked_dout(self, dout)
        self.dW, self.db = self.x.T @ dout, dout.sum(axis=0)


class _Evaluation:
    """What a network needs besides its forward and backward pass: accuracy, computed a batch at
    a time, and the slow numerical gradient that checks backprop."""

    def accuracy(self, x, t, batch_size=1000) -> float:
        """Fraction of x (N, ...) classified as t (labels (N,) or one-hot rows), in inference mode."""
        batch_size = _check_size("batch_size", batch_size)
        x = _as_array(x, "x")
        if x.ndim < 2 or len(x) == 0:
            raise ValueError(f"x must have shape (N, ...) with N >= 1, got {x.shape}")
        t = _as_labels(t, len(x), self.predict(x[:1], train=False).shape[1], "t")
        correct = 0
        for start in range(0, len(x), batch_size):
            scores = self.predict(x[start:start + batch_size], train=False)
            correct += int(np.sum(scores.argmax(axis=1) == t[start:start + batch_size]))
        return correct / len(x)

    def numerical_gradient(self, x, t, h=1e-5) -> dict:
        """Central-difference gradients of loss(x, t) for every parameter: slow, for checks on
        float64 nets (the book's ``loss_W = lambda W: self.loss(x, t)``)."""
        with one_blas_thread():
            return {key: _numerical_gradient(lambda W: self.loss(x, t), param, h)
                    for key, param in self.params.items()}


class Network(_Evaluation):
    """A network as a dict of layers with a SoftmaxWithLoss on top (lesson 03, section 6):
    ``predict`` runs the layers forward, ``backprop`` the loss and then every layer backward,
    leaving the gradients in the layers. Subclasses build ``params``, ``layers`` and
    ``last_layer`` and collect the gradients (:class:`TwoLayerNet`)."""

    def predict(self, x, train=False):
        for layer in self.layers.values():
            x = layer.forward(x, train=train)
        return x

    def loss(self, x, t, train=True):
        return self.last_layer.forward(self.predict(x, train), t)

    def backprop(self, x, t):
        self.last_loss = self.loss(x, t)  # forward, keeping what backward needs
        dout = self.last_layer.backward(1.0)
        for layer in reversed(self.layers.values()):
            dout = layer.backward(dout)


class TwoLayerNet(Network):
    """The book's two-layer net: input_size -> hidden_size (ReLU) -> output_size, softmax loss.

    Weights start as weight_init_std * N(0, 1), biases at 0 (lesson 03, section 6); dtype
    float32 for training, float64 for gradient checks. x: (N, input_size) or images that flatten
    to it; t: labels (N,) or one-hot (N, output_size). ``gradient(x, t)`` returns
    {"W1": ..., "b1": ..., "W2": ..., "b2": ...} like ``params`` and keeps the loss in
    ``last_loss``.
    """
    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01,
                 seed=0, dtype=np.float32):  # fmt: skip
        normal = _weight_draws(seed, weight_init_std, dtype)  # ValueError if bad
        W1, W2 = normal(input_size, hidden_size), normal(hidden_size, output_size)
        b1, b2 = np.zeros(hidden_size, dtype), np.zeros(output_size, dtype)
        self.params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
        self.layers = dict(Affine1=Affine(W1, b1), ReLU1=ReLU(), Affine2=Affine(W2, b2))
        self.last_layer = SoftmaxWithLoss()

    def gradient(self, x, t):
        self.backprop(x, t)
        affine1, affine2 = self.layers["Affine1"], self.layers["Affine2"]
        return {"W1": affine1.dW, "b1": affine1.db, "W2": affine2.dW, "b2": affine2.db}


def _weight_draws(seed, std, dtype):
    """``normal(rows, columns)``: a (rows, columns) array of std * N(0, 1) draws of ``dtype``
    from ``make_rng(seed)``; ValueError naming a bad seed, std, dtype or size."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    if not _is_number(std) or not 0 < std < np.inf:
        raise ValueError(f"weight_init_std must be a positive number, got {std!r}")
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        dtype = None
    if dtype is None or not np.issubdtype(dtype, np.floating):
        raise ValueError(f"dtype must be a float type (np.float32 or np.float64), got {dtype!r}")
    rng = make_rng(seed)

    def normal(rows, columns):
        for size in (rows, columns):
            if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
                raise ValueError(f"input_size, hidden_size and output_size must be positive ints, got {size!r}")
        return (std * rng.standard_normal((rows, columns))).astype(dtype)

    return normal
