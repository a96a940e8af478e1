"""Activation functions and losses as plain numpy functions (the layers in ``layers.py`` wrap them).

Lesson 01 uses :func:`step`, lesson 02 :func:`sigmoid`, lesson 03 derives the rest.
"""

from __future__ import annotations

import numpy as np


def _as_float_array(x, name: str = "x") -> np.ndarray:
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.number) or np.issubdtype(x.dtype, np.complexfloating):
        raise ValueError(f"{name} must be real numbers, got dtype {x.dtype}")
    if np.issubdtype(x.dtype, np.floating) and np.isnan(x).any():
        raise ValueError(f"{name} contains NaN")
    return x


def step(x):
    """Step function (계단 함수): 1 where x > 0, else 0; an int for one number, else an int array."""
    out = (_as_float_array(x) > 0).astype(int)
    return int(out) if out.ndim == 0 else out


def sigmoid(x):
    """Sigmoid (시그모이드) 1 / (1 + exp(-x)), computed without overflow for large |x|."""
    x = _as_float_array(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    return np.exp(-np.logaddexp(0.0, -x))


def relu(x):
    """ReLU: max(0, x)."""
    return np.maximum(0, _as_float_array(x))


def softmax(x):
    """Softmax (소프트맥스) over the last axis: positive values that sum to 1. x: (..., C)."""
    x = _as_float_array(x)
    shifted = x - np.max(x, axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / np.sum(exp, axis=-1, keepdims=True)


def cross_entropy_error(y, t, eps: float = 1e-12) -> float:
    """Mean cross-entropy (교차 엔트로피 오차) of probabilities y (N, C) against labels t.

    t: integer labels (N,) or one-hot rows (N, C).
    """
    y = _as_float_array(y, "y")
    t = np.asarray(t)
    if y.ndim == 1:
        y = y[np.newaxis]
        t = t.reshape(1, -1) if t.ndim == 1 and t.size == y.shape[1] else t.reshape(1)
    if t.shape == y.shape:
        t = t.argmax(axis=1)
    if t.shape != (y.shape[0],):
        raise ValueError(f"t must be labels (N,) or one-hot (N, C) matching y {y.shape}, got {t.shape}")
    if not np.issubdtype(t.dtype, np.integer):
        raise ValueError(f"t labels must be integers, got dtype {t.dtype}")
    if t.size and (t.min() < 0 or t.max() >= y.shape[1]):
        raise ValueError(f"t labels must lie in 0..{y.shape[1] - 1}")
    return float(-np.mean(np.log(y[np.arange(len(t)), t] + eps)))
