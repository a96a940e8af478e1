"""Numerical gradients and the relative error used to check every backward pass.

Lesson 03 (``03_derivatives_chain_rule.ipynb``) derives the central difference
``(f(x + h) - f(x - h)) / 2h`` and why ``h = 1e-4`` is a good default in float64.
"""

from __future__ import annotations

import numpy as np


def numerical_derivative(f, x: float, h: float = 1e-4) -> float:
    """Central difference of a scalar function of one scalar: (f(x+h) - f(x-h)) / 2h."""
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x: np.ndarray, h: float = 1e-4) -> np.ndarray:
    """Central-difference gradient of a scalar function ``f`` at array ``x`` (any shape).

    ``f`` is called with no arguments after each element of ``x`` is nudged in place, so it may
    read ``x`` (or a network's parameter that *is* ``x``); ``x`` is restored exactly afterwards.
    Returns an array of ``x``'s shape. Use float64 ``x`` for checks tighter than 1e-4.
    """
    if not isinstance(x, np.ndarray):
        raise ValueError(f"x must be a numpy array (it is nudged in place), got {type(x).__name__}")
    if not np.issubdtype(x.dtype, np.floating):
        raise ValueError(f"x must be a float array, got dtype {x.dtype}")
    grad = np.zeros_like(x, dtype=np.float64)
    iterator = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    while not iterator.finished:
        index = iterator.multi_index
        original = x[index].copy()
        x[index] = original + h
        f_plus = float(f())
        x[index] = original - h
        f_minus = float(f())
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * h)
        iterator.iternext()
    return grad


def numerical_gradient_of(f, x: np.ndarray, dout: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Numerical gradient of ``sum(f(x) * dout)`` with respect to ``x``: checks ``backward(dout)``."""
    dout = np.asarray(dout, dtype=np.float64)
    return numerical_gradient(lambda: float(np.sum(f(x) * dout)), x, h)


def rel_error(a, b, eps: float = 1e-12) -> float:
    """Largest elementwise relative error max(|a - b| / max(|a| + |b|, eps)); 0.0 for equal arrays."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), eps)))
