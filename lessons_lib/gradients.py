"""Numerical gradients and the relative error used to check every backward pass.

Lesson 03 (``03_derivatives_chain_rule.ipynb``) derives the central difference
``(f(x + h) - f(x - h)) / 2h`` and why ``h = 1e-4`` is a good default in float64.
"""

from __future__ import annotations

import inspect

import numpy as np

from lessons_lib.functions import as_array


def numerical_derivative(f, x: float, h: float = 1e-4) -> float:
    """Central difference of a scalar function of one scalar: (f(x+h) - f(x-h)) / 2h."""
    f, h = _check_function(f), _check_h(h)
    if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)) or not np.isfinite(x):
        raise ValueError(f"x must be a finite number, got {x!r}")
    x = float(x)
    if not np.isfinite(x + h) or not np.isfinite(x - h):
        raise ValueError(f"x + h overflows for x={x!r} and h={h!r}")
    if x + h == x or x - h == x:
        raise ValueError(f"h={h} is below the resolution of float64 at x={x!r}: x + h == x. Use a larger h")
    return (_one_number(f(x + h)) - _one_number(f(x - h))) / (2 * h)


def numerical_gradient(f, x, h=1e-4):
    """Central-difference gradient of a scalar function ``f`` at array ``x`` (any shape).

    The book's form: ``f(x)`` is called after each element of ``x`` is nudged in place, and ``x``
    is restored exactly afterwards. ``f`` may ignore its argument and read a network's parameter
    that *is* ``x`` (``lambda W: net.loss(x_batch, t_batch)``); a function of no arguments works
    too (lesson 02's closures). Returns a float64 array of ``x``'s shape. Use float64 ``x`` for
    checks tighter than 1e-4.
    """
    f, x, h = _gradient_inputs(f, x, h)  # ValueError names a bad f, x or h
    grad = np.zeros_like(x, dtype=np.float64)
    for index in np.ndindex(x.shape):  # every element, whatever the shape
        original = x[index]
        x[index] = original + h
        f_plus = f(x)
        x[index] = original - h
        f_minus = f(x)
        x[index] = original  # restore
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad


def _gradient_inputs(f, x, h):
    """(f as a function of x, x, h) after the checks of :func:`numerical_gradient`. A function
    of no arguments is wrapped so that it can be called as ``f(x)``."""
    f, (x, h) = _check_function(f), _check_nudge(x, h)
    takes_no_argument = _arguments_of(f) == 0
    checked = (lambda _: _one_number(f())) if takes_no_argument else (lambda value: _one_number(f(value)))
    _check_keeps_x(checked, x)
    return checked, x, h


def _arguments_of(f):
    """How many arguments ``f`` is called with: 0 (it takes no positional argument and reads
    what it needs itself) or 1 (x); ValueError when it needs more, or needs a keyword. None
    when Python cannot tell (builtins without a signature): they are called with x."""
    try:
        parameters = list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):
        return None
    required = [p for p in parameters if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    if len(required) > 1 or any(p.kind == p.KEYWORD_ONLY for p in required):
        names = ", ".join(p.name for p in required)
        raise ValueError(f"f must take one argument (x) or none, got a function that needs ({names})")
    takes_x = any(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL) for p in parameters)
    return 1 if takes_x else 0


def _check_keeps_x(f, x) -> None:
    """Call ``f(x)`` once before the nudging starts: ValueError if it changes x in place (the
    nudges would then measure something else, and x would come back changed)."""
    before = x.copy()
    try:
        f(x)
    finally:
        changed = not np.array_equal(x, before)
        x[...] = before
    if changed:
        raise ValueError("f changed x in place: f(x) must only read x (work on a copy, x.copy(), "
                         "inside f)")


def _one_number(value) -> float:
    """What f returned, as a float: ValueError unless it is one finite real number (a loss)."""
    if value is None or isinstance(value, (bool, np.bool_)):
        raise ValueError(f"f must return one number (a loss), got {value!r}")
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"f must return one number (a loss), got {value!r:.60}") from None
    if array.size != 1:
        raise ValueError(f"f must return one number (a loss), got an array of shape {array.shape}")
    number = float(array.reshape(()))
    if not np.isfinite(number):
        raise ValueError(f"f returned {number} at a nudged x: the loss must stay finite near x")
    return number


def _check_nudge(x, h):
    """x must be a float32/float64 numpy array without NaN/inf, h a positive number large enough
    to change every element of x (float16, or h below x's resolution, would give zeros)."""
    if not isinstance(x, np.ndarray) or x.dtype not in (np.float32, np.float64):
        kind = f"dtype {x.dtype}" if isinstance(x, np.ndarray) else type(x).__name__
        raise ValueError(f"x must be a float32 or float64 numpy array (it is nudged in place), got {kind}")
    if not np.isfinite(x).all():
        raise ValueError("x contains NaN or inf")
    if not x.flags.writeable:
        raise ValueError("x must be writeable: it is nudged in place (pass x.copy())")
    h = _check_h(h)
    if x.size and np.any(x + x.dtype.type(h) == x):
        raise ValueError(f"h={h} is below the resolution of {x.dtype} for the values of x "
                         f"(largest |x| {np.abs(x).max():.3g}): x + h == x. Use float64 x or a larger h")
    return x, float(h)


def _check_function(f):
    if not callable(f):
        raise ValueError(f"f must be a function, got {type(f).__name__}")
    return f


def _check_h(h, name: str = "h") -> float:
    if isinstance(h, bool) or not isinstance(h, (int, float, np.integer, np.floating)) or not 0 < h < np.inf:
        raise ValueError(f"{name} must be a positive number, got {h!r}")
    return float(h)


def _as_finite(values, name: str) -> np.ndarray:
    array = as_array(values, name)  # ValueError naming it for ragged rows
    if not np.issubdtype(array.dtype, np.number) \
            or np.issubdtype(array.dtype, np.complexfloating) or not np.isfinite(array).all():
        raise ValueError(f"{name} must be an array of finite real numbers, got {array.dtype} {array!r:.60}")
    return array.astype(np.float64)


def _central_differences(x: np.ndarray, h: float, evaluate, combine) -> np.ndarray:
    """For each element of ``x``: nudge it by +h and -h in place, ``evaluate()`` each time, store
    ``combine(value_plus, value_minus)``, and restore the element exactly."""
    grad = np.zeros_like(x, dtype=np.float64)
    if x.size == 0:
        return grad
    iterator = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    while not iterator.finished:
        index = iterator.multi_index
        original = x[index].copy()
        x[index] = original + h
        value_plus = evaluate()
        x[index] = original - h
        value_minus = evaluate()
        x[index] = original
        grad[index] = combine(value_plus, value_minus)
        iterator.iternext()
    return grad


def numerical_gradient_of(f, x: np.ndarray, dout: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Numerical gradient of ``sum(f(x) * dout)`` with respect to ``x``: checks ``backward(dout)``.

    ``f`` takes the array and returns an array of ``dout``'s shape. The two nudged outputs are
    subtracted *before* the sum with ``dout``, so outputs that do not depend on the nudged element
    cancel exactly instead of adding rounding error.
    """
    f, (x, h) = _check_function(f), _check_nudge(x, h)
    dout = _as_finite(dout, "dout")
    output_shape = _output_of(f, x).shape
    if dout.shape != output_shape:
        raise ValueError(f"dout must have the shape of f(x) {output_shape}, got {dout.shape}")
    return _central_differences(x, h, evaluate=lambda: _output_of(f, x),
                                combine=lambda f_plus, f_minus: np.sum((f_plus - f_minus) * dout) / (2 * h))


def _output_of(f, x) -> np.ndarray:
    """f(x) as a float64 array; ValueError unless it is finite real numbers (a layer's output)."""
    value = f(x)
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        array = np.asarray(None)
    if array.dtype.kind not in "iuf":
        raise ValueError(f"f must return an array of real numbers (a layer's output), got {value!r:.60}")
    array = array.astype(np.float64)
    if not np.isfinite(array).all():
        raise ValueError("f returned NaN or inf at a nudged x: its output must stay finite near x")
    return array


def rel_error(a, b, eps: float = 1e-12) -> float:
    """Largest elementwise relative error max(|a - b| / max(|a| + |b|, eps)); 0.0 for equal arrays."""
    a, b, eps = _as_finite(a, "a"), _as_finite(b, "b"), _check_h(eps, "eps")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    a, b = a / 2, b / 2  # halved, so a - b cannot overflow (the ratio is the same)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), eps / 2)))


def relative_difference(a, b, eps: float = 1e-12) -> float:
    """One number for a whole gradient: ||a - b|| / (||a|| + ||b||) (Frobenius norms).

    The gradient-check measure of lesson 03's table (Andrew Ng's "gradient checking"): in float64 a
    correct backward pass gives < 1e-7. Unlike :func:`rel_error` it is not dominated by entries
    that are nearly zero, whose numerical estimate is mostly rounding noise. 0.0 for equal arrays.
    """
    a, b, eps = _as_finite(a, "a"), _as_finite(b, "b"), _check_h(eps, "eps")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = max(float(np.abs(a).max(initial=0.0)), float(np.abs(b).max(initial=0.0)))
    if scale == 0.0:
        return 0.0
    a, b = a / scale, b / scale  # the same ratio, and the norms cannot overflow
    difference = float(np.linalg.norm(a - b))
    return 0.0 if difference == 0 else difference / max(float(np.linalg.norm(a) + np.linalg.norm(b)), eps / scale)
