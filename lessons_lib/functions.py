"""Activation functions and losses as plain numpy functions (the layers in ``layers.py`` wrap them).

Lesson 01 uses :func:`step`, lesson 02 :func:`sigmoid`, lesson 03 derives the rest.
"""

from __future__ import annotations

import numpy as np


def as_array(value, name: str) -> np.ndarray:
    """``np.asarray(value)``, or a ValueError naming the argument when numpy cannot make an array
    of it (ragged rows such as ``[[1, 2], [3]]``) or makes one of dates or durations (numpy
    counts ``datetime.timedelta`` as an integer, so it would pass as a number)."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):
        raise ValueError(f"{name} must be an array of numbers with rows of equal length, "
                         f"got {str(value)[:80]}") from None
    if array.dtype.kind in "mM":
        raise ValueError(f"{name} must hold numbers, got dates or durations (dtype {array.dtype})")
    return array


def _as_float_array(x, name: str = "x") -> np.ndarray:
    x = as_array(x, name)
    if not np.issubdtype(x.dtype, np.number) or np.issubdtype(x.dtype, np.complexfloating):
        raise ValueError(f"{name} must be real numbers, got dtype {x.dtype}")
    if np.issubdtype(x.dtype, np.floating) and not np.isfinite(x).all():
        raise ValueError(f"{name} contains {'NaN' if np.isnan(x).any() else 'inf'}")
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
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError(f"x must have at least one class on its last axis (..., C), got shape {x.shape}")
    if x.dtype not in (np.float32, np.float64):  # integers would wrap around in x - max
        x = x.astype(np.float64)
    shifted = x - np.max(x, axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / np.sum(exp, axis=-1, keepdims=True)


def cross_entropy_error(y, t, eps: float = 1e-12) -> float:
    """Mean cross-entropy (교차 엔트로피 오차) of probabilities y (N, C) against targets t.

    y: probabilities, e.g. softmax output (values in [0, 1], each row summing to 1), not scores.
    t: integer labels (N,) in 0..C-1, or target rows (N, C) (one-hot, or soft labels summing to 1).
    One example may be given as y (C,) with t a label or a (C,) row.
    """
    y = _as_probabilities(y, "y")
    if isinstance(eps, bool) or not isinstance(eps, (int, float, np.floating)) or not 0 <= eps < 1e-3:
        raise ValueError(f"eps must be a small non-negative number (it keeps log away from 0), got {eps!r}")
    t = as_array(t, "t")
    if y.ndim == 1:  # one example
        y, t = y[np.newaxis], (t.reshape(1) if t.ndim == 0 else t[np.newaxis])
    if t.shape == y.shape:
        t = _as_probabilities(t, "t")
        return float(-np.sum(t * np.log(y + eps)) / len(y))
    if t.shape != (y.shape[0],):
        raise ValueError(f"t must be labels (N,) or rows (N, C) matching y {y.shape}, got {t.shape}")
    if not np.issubdtype(t.dtype, np.integer):
        raise ValueError(f"t labels must be integers, got dtype {t.dtype}")
    if t.size and (t.min() < 0 or t.max() >= y.shape[1]):
        raise ValueError(f"t labels must lie in 0..{y.shape[1] - 1}, got {t.min()}..{t.max()}")
    return float(-np.mean(np.log(y[np.arange(len(t)), t] + eps)))


def _as_probabilities(p, name: str) -> np.ndarray:
    """p as float rows (C,) or (N, C) of probabilities: in [0, 1], each summing to 1 (within 1e-3)."""
    p = _as_float_array(p, name).astype(np.float64)
    if p.ndim not in (1, 2) or p.size == 0:
        raise ValueError(f"{name} must be probabilities (C,) or (N, C) with N, C >= 1, got shape {p.shape}")
    if p.min() < 0 or p.max() > 1 or not np.allclose(p.sum(axis=-1), 1.0, atol=1e-3):
        raise ValueError(f"{name} must hold probabilities (values in [0, 1], each row summing to 1); "
                         f"got values in [{p.min():.3g}, {p.max():.3g}]: apply softmax to scores first")
    return p


def _as_labels(labels, n: int, classes: int, name: str = "labels") -> np.ndarray:
    """Integer labels (n,) in 0..classes-1, or one-hot rows (n, classes) turned into labels."""
    labels = as_array(labels, name)
    if labels.shape == (n, classes) and n:
        labels = _as_probabilities(labels, name).argmax(axis=1)
    if labels.shape != (n,):
        raise ValueError(f"{name} must be labels ({n},) or one-hot rows ({n}, {classes}), got shape {labels.shape}")
    if labels.dtype == bool or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"{name} must be integers, got dtype {labels.dtype}")
    if n and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(f"{name} must lie in 0..{classes - 1}, got {labels.min()}..{labels.max()}")
    return labels
