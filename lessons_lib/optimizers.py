"""Gradient-descent optimizers with one interface: ``update(params, grads)``.

Lesson 03 (``03_derivatives_chain_rule.ipynb``, section 7) draws their paths on
f(x, y) = x^2/20 + y^2.

``params`` and ``grads`` are dicts with the same keys (``{"W1": array, ...}``); ``update`` changes
the arrays of ``params`` **in place** (so layers that share them see the new values) and keeps any
per-parameter state (velocity, accumulators) inside the optimizer, by key.
Besides the checks the lesson's lines call, every ``update`` checks its settings again
(they may be changed after ``__init__``), refuses a parameter whose shape changed since
the optimizer's last update, and refuses an update in which a number overflows to inf
(end of this module).

The formulas are those of Keras 3's optimizers of the same name, so with the same settings the
two follow the same trajectory (``tests/test_optimizers.py`` checks this):

- ``SGD``:      w <- w - lr * g
- ``Momentum``: v <- momentum * v - lr * g;  w <- w + v          (Keras ``SGD(momentum=...)``)
- ``AdaGrad``:  h <- h + g^2;  w <- w - lr * g / sqrt(h + eps)    (Keras ``Adagrad``; Keras starts
  h at ``initial_accumulator_value=0.1``, this class at 0.0 like the book, unless told otherwise;
  the book adds eps outside the square root, ``/ (sqrt(h) + 1e-7)``, which differs only when h ~ 0)
- ``RMSProp``:  v <- rho * v + (1 - rho) g^2;  w <- w - lr * g / sqrt(v + eps)   (Keras ``RMSprop``)
- ``Adam``:     m <- m + (1 - beta1) (g - m);  v <- v + (1 - beta2) (g^2 - v);
  w <- w - lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)   (Keras ``Adam``, the book's)
"""

from __future__ import annotations

import numpy as np

__all__ = ["SGD", "Momentum", "AdaGrad", "RMSProp", "Adam"]


def _check_positive(name: str, value) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, np.floating, np.integer))
        or not 0 < value < np.inf
    ):
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def _check_fraction(name: str, value) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, np.floating, np.integer))
        or not 0 <= value < 1
    ):
        raise ValueError(f"{name} must be a number in [0, 1), got {value!r}")
    return float(value)


def _checked_grads(params: dict, grads: dict) -> list:
    """``[(key, grad), ...]`` for every key of ``params``, each grad a finite array of its
    parameter's shape and dtype; ValueError naming the bad entry. Every entry is checked before
    an optimizer changes anything, so a bad one never leaves a half-done update."""
    if not isinstance(params, dict) or not isinstance(grads, dict):
        raise ValueError("params and grads must be dicts {name: array}")
    missing, extra = set(params) - set(grads), set(grads) - set(params)
    if missing:
        raise ValueError(f"grads has no entry for params {sorted(missing, key=str)}")
    if extra:  # a gradient for nothing: the wrong network's grads, or a misspelt name
        raise ValueError(
            f"grads has entries for no parameter: {sorted(extra, key=str)}"
        )
    return [
        (key, _checked_grad(key, param, grads[key])) for key, param in params.items()
    ]


def _checked_grad(key, param, grad) -> np.ndarray:
    if not isinstance(param, np.ndarray) or not np.issubdtype(param.dtype, np.floating):
        raise ValueError(
            f"params[{key!r}] must be a float numpy array (it is updated in place)"
        )
    if not np.isfinite(param).all():
        raise ValueError(
            f"params[{key!r}] contains NaN or inf: training diverged; lower the learning rate"
        )
    grad = np.asarray(grad)
    if grad.shape != param.shape:
        raise ValueError(
            f"grads[{key!r}] must have the shape of params[{key!r}] {param.shape}, "
            f"got {grad.shape}"
        )
    if (
        not np.issubdtype(grad.dtype, np.number)
        or np.iscomplexobj(grad)
        or not np.isfinite(grad).all()
    ):
        raise ValueError(
            f"grads[{key!r}] must hold finite numbers, got NaN, inf or dtype {grad.dtype}: "
            "if the loss diverged, lower the learning rate"
        )
    if grad.dtype == param.dtype:
        return grad
    with np.errstate(over="ignore"):
        grad = grad.astype(param.dtype)
    if not np.isfinite(grad).all():  # finite in float64, too large for float32 params
        raise ValueError(
            f"grads[{key!r}] holds values too large for params[{key!r}]'s "
            f"{param.dtype}: if the loss diverged, lower the learning rate"
        )
    return grad


def _check_settings(optimizer) -> None:
    """Check the settings an optimizer stored, by name, and store them as floats: ``lr`` and
    ``eps`` positive, ``momentum``, ``rho``, ``beta1`` and ``beta2`` in [0, 1),
    ``initial_accumulator`` >= 0; ValueError naming a bad one."""
    for name, value in vars(optimizer).items():
        if name in ("lr", "eps"):
            setattr(optimizer, name, _check_positive(name, value))
        elif name in ("momentum", "rho", "beta1", "beta2"):
            setattr(optimizer, name, _check_fraction(name, value))
        elif name == "initial_accumulator":
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float, np.number))
                or not 0 <= value < np.inf
            ):
                raise ValueError(f"initial_accumulator must be >= 0, got {value!r}")
            setattr(optimizer, name, float(value))


class SGD:
    """Stochastic gradient descent (확률적 경사 하강법): w <- w - lr * g."""

    def __init__(self, lr=0.01):
        self.lr = lr
        _check_settings(self)  # ValueError unless lr is a positive number

    def update(self, params, grads):
        for key, grad in _checked_grads(params, grads):  # ValueError names a bad entry
            params[key] -= self.lr * grad


class Momentum:
    """Momentum (모멘텀): v <- momentum * v - lr * g; w <- w + v (v starts at 0).

    Same as Keras ``SGD(learning_rate=lr, momentum=momentum)``.
    """

    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, {}  # a velocity per parameter
        _check_settings(self)  # ValueError names a bad lr or momentum

    def update(self, params, grads):
        for key, grad in _checked_grads(params, grads):  # ValueError names a bad entry
            self.v[key] = self.momentum * self.v.get(key, 0.0) - self.lr * grad
            params[key] += self.v[key]


class AdaGrad:
    """AdaGrad: h <- h + g^2; w <- w - lr * g / sqrt(h + eps) (h starts at initial_accumulator).

    Same as Keras ``Adagrad(learning_rate=lr, initial_accumulator_value=initial_accumulator,
    epsilon=eps)``; Keras's default initial_accumulator_value is 0.1, the book's (and ours) 0.
    """

    def __init__(self, lr=0.01, initial_accumulator=0.0, eps=1e-7):
        self.lr, self.initial_accumulator, self.eps = lr, initial_accumulator, eps
        self.h = {}  # the sum of squared gradients, per parameter
        _check_settings(self)  # ValueError names a bad setting

    def update(self, params, grads):
        for key, grad in _checked_grads(params, grads):  # ValueError names a bad entry
            self.h[key] = self.h.get(key, self.initial_accumulator) + grad * grad
            params[key] -= self.lr * grad / np.sqrt(self.h[key] + self.eps)


class RMSProp:
    """RMSProp: v <- rho * v + (1 - rho) g^2; w <- w - lr * g / sqrt(v + eps) (v starts at 0).

    AdaGrad with a running *average* of g^2 instead of a sum, so the steps do not shrink to zero:
    Adam's second moment without the bias correction. Same as Keras ``RMSprop(learning_rate=lr,
    rho=rho, epsilon=eps)``.
    """

    def __init__(self, lr=0.001, rho=0.9, eps=1e-7):
        self.lr, self.rho, self.eps = lr, rho, eps
        self.v = {}  # a running average of squared gradients, per parameter
        _check_settings(self)  # ValueError names a bad setting

    def update(self, params, grads):
        for key, grad in _checked_grads(params, grads):  # ValueError names a bad entry
            self.v[key] = self.rho * self.v.get(key, 0.0) + (1 - self.rho) * grad * grad
            params[key] -= self.lr * grad / np.sqrt(self.v[key] + self.eps)


class Adam:
    """Adam: momentum (m) plus RMSProp's scaling (v), both bias-corrected by step t.

    Same as Keras ``Adam(learning_rate=lr, beta_1=beta1, beta_2=beta2, epsilon=eps)``.
    """

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-7):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t, self.m, self.v = 0, {}, {}  # step count, averages of g and g²
        _check_settings(self)  # ValueError names a bad setting

    def update(self, params, grads):
        checked = _checked_grads(params, grads)  # ValueError names a bad entry
        self.t += 1
        lr_t = self.lr * np.sqrt(1 - self.beta2**self.t) / (1 - self.beta1**self.t)
        for key, grad in checked:
            self.m[key] = self.beta1 * self.m.get(key, 0.0) + (1 - self.beta1) * grad
            self.v[key] = self.beta2 * self.v.get(key, 0.0) + (1 - self.beta2) * grad**2
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + self.eps)


# The update methods above are lesson 03's lines. In the library each one also checks,
# before it changes anything, the settings (which may have been changed after __init__:
# ``opt.lr = "0.1"``) and that no parameter changed its shape since the optimizer last
# saw it (state such as Momentum's velocity belongs to one network), and while it runs,
# that no number overflows to inf (the update was too large: lower the learning rate).
_STATE = ("v", "h", "m")


def _checks_update(update):
    """``update`` with the library's checks around it (see above)."""

    def checked(self, params, grads):
        _check_settings(self)  # ValueError names a bad lr, momentum, ...
        for name in _STATE:
            state = getattr(self, name, None)
            for key, saved in state.items() if isinstance(state, dict) else ():
                param = params.get(key) if isinstance(params, dict) else None
                if np.shape(saved) != np.shape(param) and param is not None:
                    raise ValueError(
                        f"params[{key!r}] has shape {np.shape(param)}, but this "
                        f"{type(self).__name__} last updated a {key!r} of shape "
                        f"{np.shape(saved)}: an optimizer keeps state for one network; "
                        f"make a new {type(self).__name__}(...) for another"
                    )
        try:
            with np.errstate(over="raise"):  # costs nothing unless a number overflows
                update(self, params, grads)
        except FloatingPointError:
            raise ValueError(
                f"{type(self).__name__}.update overflowed to inf (a step, or a squared "
                "gradient, beyond the largest float): the step was too large; lower the "
                "learning rate. The parameters (and this optimizer's state) updated "
                "before the overflow keep their new values: start again from a new "
                "network and optimizer"
            ) from None

    checked.__name__, checked.__qualname__ = update.__name__, update.__qualname__
    checked.__doc__, checked.__wrapped__ = update.__doc__, update
    return checked


for _optimizer in (SGD, Momentum, AdaGrad, RMSProp, Adam):
    _optimizer.update = _checks_update(_optimizer.update)
del _optimizer
