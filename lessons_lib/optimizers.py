"""Gradient-descent optimizers with one interface: ``update(params, grads)``.

Lesson 03 (``03_derivatives_chain_rule.ipynb``, section 7) draws their paths on
f(x, y) = x^2/20 + y^2 and compares them on MNIST.

``params`` and ``grads`` are dicts with the same keys (``{"W1": array, ...}``); ``update`` changes
the arrays of ``params`` **in place** (so layers that share them see the new values) and keeps any
per-parameter state (velocity, accumulators) inside the optimizer, by key.

The formulas are those of Keras 3's optimizers of the same name, so with the same settings the
two follow the same trajectory (``tests/test_optimizers.py`` checks this):

- ``SGD``:      w <- w - lr * g
- ``Momentum``: v <- momentum * v - lr * g;  w <- w + v          (Keras ``SGD(momentum=...)``)
- ``AdaGrad``:  h <- h + g^2;  w <- w - lr * g / sqrt(h + eps)    (Keras ``Adagrad``; Keras starts
  h at ``initial_accumulator_value=0.1``, this class at 0.0 like the book, unless told otherwise;
  the book adds eps outside the square root, ``/ (sqrt(h) + 1e-7)``, which differs only when h ~ 0)
- ``Adam``:     m <- m + (1 - beta1) (g - m);  v <- v + (1 - beta2) (g^2 - v);
  w <- w - lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)   (Keras ``Adam``, the book's)
"""

from __future__ import annotations

import numpy as np

__all__ = ["SGD", "Momentum", "AdaGrad", "Adam"]


def _check_positive(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) \
            or not 0 < value < np.inf:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def _check_fraction(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not 0 <= value < 1:
        raise ValueError(f"{name} must be a number in [0, 1), got {value!r}")
    return float(value)


class Optimizer:
    """Base class: checks that ``params`` and ``grads`` match, then calls ``_update_one`` per key."""

    def update(self, params: dict, grads: dict) -> None:
        """Update every array in ``params`` in place using ``grads`` (same keys and shapes)."""
        if not isinstance(params, dict) or not isinstance(grads, dict):
            raise ValueError("params and grads must be dicts {name: array}")
        missing = set(params) - set(grads)
        if missing:
            raise ValueError(f"grads has no entry for params {sorted(missing)}")
        checked = [(key, param, self._checked_grad(key, param, grads[key])) for key, param in params.items()]
        self._begin_step()  # only once every array is known to be good: no half-done update
        for key, param, grad in checked:
            self._update_one(key, param, grad)

    @staticmethod
    def _checked_grad(key, param, grad) -> np.ndarray:
        if not isinstance(param, np.ndarray) or not np.issubdtype(param.dtype, np.floating):
            raise ValueError(f"params[{key!r}] must be a float numpy array (it is updated in place)")
        if not np.isfinite(param).all():
            raise ValueError(f"params[{key!r}] contains NaN or inf: training diverged; lower the learning rate")
        grad = np.asarray(grad)
        if grad.shape != param.shape:
            raise ValueError(f"grads[{key!r}] must have the shape of params[{key!r}] {param.shape}, "
                             f"got {grad.shape}")
        if not np.issubdtype(grad.dtype, np.number) or np.iscomplexobj(grad) or not np.isfinite(grad).all():
            raise ValueError(f"grads[{key!r}] must hold finite numbers, got NaN, inf or dtype {grad.dtype}: "
                             "if the loss diverged, lower the learning rate")
        return grad.astype(param.dtype, copy=False)

    def _begin_step(self):
        pass

    def _update_one(self, key, param, grad):  # pragma: no cover - abstract
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent (확률적 경사 하강법): w <- w - lr * g."""

    def __init__(self, lr: float = 0.01):
        self.lr = _check_positive("lr", lr)

    def _update_one(self, key, param, grad):
        param -= self.lr * grad


class Momentum(Optimizer):
    """Momentum (모멘텀): v <- momentum * v - lr * g; w <- w + v (v starts at 0).

    Same as Keras ``SGD(learning_rate=lr, momentum=momentum)``.
    """

    def __init__(self, lr: float = 0.01, momentum: float = 0.9):
        self.lr = _check_positive("lr", lr)
        self.momentum = _check_fraction("momentum", momentum)
        self.v = {}

    def _update_one(self, key, param, grad):
        if key not in self.v:
            self.v[key] = np.zeros_like(param)
        self.v[key] = self.momentum * self.v[key] - self.lr * grad
        param += self.v[key]


class AdaGrad(Optimizer):
    """AdaGrad: h <- h + g^2; w <- w - lr * g / sqrt(h + eps) (h starts at initial_accumulator).

    Same as Keras ``Adagrad(learning_rate=lr, initial_accumulator_value=initial_accumulator,
    epsilon=eps)``; Keras's default initial_accumulator_value is 0.1.
    """

    def __init__(self, lr: float = 0.01, initial_accumulator: float = 0.0, eps: float = 1e-7):
        self.lr = _check_positive("lr", lr)
        if isinstance(initial_accumulator, bool) or not isinstance(initial_accumulator, (int, float, np.number)) \
                or not 0 <= initial_accumulator < np.inf:
            raise ValueError(f"initial_accumulator must be >= 0, got {initial_accumulator!r}")
        self.initial_accumulator = float(initial_accumulator)
        self.eps = _check_positive("eps", eps)
        self.h = {}

    def _update_one(self, key, param, grad):
        if key not in self.h:
            self.h[key] = np.full_like(param, self.initial_accumulator)
        self.h[key] = self.h[key] + grad * grad
        param -= self.lr * grad / np.sqrt(self.h[key] + self.eps)


class Adam(Optimizer):
    """Adam: momentum (m) plus AdaGrad-like scaling (v), both bias-corrected by step t.

    Same as Keras ``Adam(learning_rate=lr, beta_1=beta1, beta_2=beta2, epsilon=eps)``.
    """

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-7):
        self.lr = _check_positive("lr", lr)
        self.beta1 = _check_fraction("beta1", beta1)
        self.beta2 = _check_fraction("beta2", beta2)
        self.eps = _check_positive("eps", eps)
        self.t = 0
        self.m, self.v = {}, {}

    def _begin_step(self):
        self.t += 1
        self._alpha = self.lr * np.sqrt(1.0 - self.beta2 ** self.t) / (1.0 - self.beta1 ** self.t)

    def _update_one(self, key, param, grad):
        if key not in self.m:
            self.m[key], self.v[key] = np.zeros_like(param), np.zeros_like(param)
        self.m[key] = self.m[key] + (1.0 - self.beta1) * (grad - self.m[key])
        self.v[key] = self.v[key] + (1.0 - self.beta2) * (grad * grad - self.v[key])
        param -= float(self._alpha) * self.m[key] / (np.sqrt(self.v[key]) + self.eps)
