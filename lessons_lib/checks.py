"""Self-checks for the "Check yourself" exercises at the end of every notebook.

Each check prints ``correct`` or a hint in English with the Korean term (and returns None, so
a check cell shows only that line). A student's notebook never stops on a wrong answer. When ``LESSONS_STRICT_CHECKS=1``
(``make test`` sets it, since CI runs the notebooks *with* their solution cells) a wrong or
missing answer raises ``AssertionError``, so every solution is tested by its own check.

Usage in a notebook::

    check_value("01.1", answer, expected=0, term="bias (편향)",
                hint="With x1 = x2 = 0 only the bias is left in the weighted sum.")
"""

from __future__ import annotations

import os

import numpy as np

STRICT = os.environ.get("LESSONS_STRICT_CHECKS", "0").strip().lower() in {"1", "true", "yes", "on"}


def _report(exercise: str, ok: bool, hint: str, term: str, answered: bool = True) -> bool:
    if not isinstance(exercise, str) or not exercise:
        raise ValueError(f"exercise must be a label such as '01.2', got {exercise!r}")
    if not term:
        raise ValueError("term must name the key term in English and Korean, e.g. 'bias (편향)'")
    if ok:
        print(f"Exercise {exercise}: correct (정답)! [{term}]")
        return True
    if not answered:
        message = f"Exercise {exercise}: not answered yet (아직 답이 없습니다). Hint: {hint} [{term}]"
    else:
        message = f"Exercise {exercise}: not yet (다시 해 보세요). Hint: {hint} [{term}]"
    if STRICT:
        raise AssertionError(message)
    print(message)
    return False


def _check_value(exercise: str, answer, expected, *, hint: str, term: str,
                rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Check a number or array against the expected one (to tolerance), or an exact str/bool/int."""
    if answer is None or answer is Ellipsis:
        return _report(exercise, False, hint, term, answered=False)
    if isinstance(expected, (str, bool)):
        return _report(exercise, answer == expected, hint, term)
    try:
        got = np.asarray(answer, dtype=np.float64)
        want = np.asarray(expected, dtype=np.float64)
        ok = got.shape == want.shape and bool(np.allclose(got, want, rtol=rtol, atol=atol))
    except (TypeError, ValueError):
        ok = False
    return _report(exercise, ok, hint, term)


def _check_true(exercise: str, condition, *, hint: str, term: str) -> bool:
    """Check a condition computed by the notebook (``None`` means "not answered yet")."""
    if condition is None or condition is Ellipsis:
        return _report(exercise, False, hint, term, answered=False)
    return _report(exercise, bool(condition), hint, term)


def _check_function(exercise: str, function, cases, *, hint: str, term: str,
                   rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Call ``function(*args)`` for each ``(args, expected)`` in ``cases`` and compare the results."""
    if function is None or not callable(function):
        return _report(exercise, False, hint, term, answered=False)
    for args, expected in cases:
        try:
            got = function(*args)
            if isinstance(expected, (str, bool)):
                ok = got == expected
            else:
                got_array = np.asarray(got, dtype=np.float64)
                want = np.asarray(expected, dtype=np.float64)
                ok = got_array.shape == want.shape and bool(np.allclose(got_array, want, rtol=rtol, atol=atol))
        except Exception as err:  # a student's function may raise anything: turn it into a hint
            return _report(exercise, False, f"{hint} (calling it with {args!r} raised {type(err).__name__}: {err})", term)
        if not ok:
            return _report(exercise, False, f"{hint} (for input {args!r} expected {expected!r}, got {got!r})", term)
    return _report(exercise, True, hint, term)


def check_value(exercise: str, answer, expected, *, hint: str, term: str,
                rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """Check a number or array against the expected one (to tolerance), or an exact str/bool/int."""
    _check_value(exercise, answer, expected, hint=hint, term=term, rtol=rtol, atol=atol)


def check_true(exercise: str, condition, *, hint: str, term: str) -> None:
    """Check a condition computed by the notebook (``None`` means "not answered yet")."""
    _check_true(exercise, condition, hint=hint, term=term)


def check_function(exercise: str, function, cases, *, hint: str, term: str,
                   rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """Call ``function(*args)`` for each ``(args, expected)`` in ``cases`` and compare the results."""
    _check_function(exercise, function, cases, hint=hint, term=term, rtol=rtol, atol=atol)
