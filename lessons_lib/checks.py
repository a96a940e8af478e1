"""Self-checks for the "Check yourself" exercises at the end of every notebook.

Each check prints ``correct`` or a hint in English with the Korean term, and remembers the
result, so the notebook's last cell can report a score with :func:`score` ("3 of 5 exercises
correct"). A student's notebook never stops on a wrong answer. When ``LESSONS_STRICT_CHECKS=1``
(``make test`` sets it, since CI runs the notebooks *with* their solution cells) a wrong or
missing answer raises ``AssertionError``, so every solution is tested by its own check.

The checks are hard to fool:

- numbers are numbers: a string (``"0.3"``) or a bool (``True`` for 1) never passes a numeric check;
- arrays are compared by shape and value;
- a code answer is run on fresh random inputs (:func:`check_function` with ``reference``), and
  a layer gets a gradient check on fresh random inputs (:func:`check_layer`); every input is a
  copy, so a student's function cannot change the lesson's data;
- a derivation can be checked against a SHA-256 digest of the answer (:func:`check_digest`),
  so the expected value is written nowhere in the notebook.

Usage in a notebook::

    check_value("01.1", answer, expected=0, term="bias (편향)",
                hint="With x1 = x2 = 0 only the bias is left in the weighted sum.")
"""

from __future__ import annotations

import copy
import functools
import hashlib
import numbers
import os

import numpy as np

STRICT = os.environ.get("LESSONS_STRICT_CHECKS", "0").strip().lower() in {
    "1",
    "true",
    "yes",
    "on",
}

RESULTS: dict[str, bool] = {}
"""Every exercise checked in this session: ``{"01.2": True, ...}`` (the latest check counts)."""

NOT_ANSWERED = (None, Ellipsis)


def _report(
    exercise: str, ok: bool, hint: str, term: str, answered: bool = True
) -> bool:
    if not isinstance(exercise, str) or not exercise:
        raise ValueError(f"exercise must be a label such as '01.2', got {exercise!r}")
    if not term:
        raise ValueError(
            "term must name the key term in English and Korean, e.g. 'bias (편향)'"
        )
    RESULTS[exercise] = bool(ok)
    if ok:
        print(f"Exercise {exercise}: correct (정답)! [{term}]")
        return True
    if not answered:
        message = f"Exercise {exercise}: not answered yet (아직 답이 없습니다). Hint: {hint} [{term}]"
    else:
        message = (
            f"Exercise {exercise}: not yet (다시 해 보세요). Hint: {hint} [{term}]"
        )
    if STRICT:
        raise AssertionError(message)
    print(message)
    return False


def _quiet(check):
    """Return None from a check, so that a check cell shows only the printed line (no ``Out[]``);
    ``RESULTS`` holds the outcome."""

    @functools.wraps(check)
    def quiet(*args, **kwargs):
        check(*args, **kwargs)

    return quiet


def _is_number_like(value) -> bool:
    """A real number or an array of them; never a string, a bool or an object array."""
    if isinstance(value, (str, bytes, bool, np.bool_)):
        return False
    if isinstance(value, numbers.Real):
        return True
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - anything that is not array-like is not a number
        return False
    return array.dtype.kind in "iuf"


def same_value(got, want, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """True when ``got`` equals ``want``: strings case-insensitively (surrounding spaces
    ignored), bools exactly (and only bools), numbers and arrays by shape and to tolerance
    (and only real numbers: ``"0.3"`` and ``True`` are not numbers). Dicts are compared key by
    key, tuples and lists item by item when ``want`` mixes types."""
    if isinstance(want, (bool, np.bool_)):
        return isinstance(got, (bool, np.bool_)) and bool(got) == bool(want)
    if isinstance(want, str):
        return (
            isinstance(got, str) and got.strip().casefold() == want.strip().casefold()
        )
    if isinstance(want, dict):
        return (
            isinstance(got, dict)
            and set(got) == set(want)
            and all(same_value(got[key], want[key], rtol, atol) for key in want)
        )
    if isinstance(want, (tuple, list)) and not _is_number_like(want):
        return (
            isinstance(got, (tuple, list))
            and len(got) == len(want)
            and all(same_value(g, w, rtol, atol) for g, w in zip(got, want))
        )
    if not _is_number_like(got):
        return False
    got_array = np.asarray(got, dtype=np.float64)
    want_array = np.asarray(want, dtype=np.float64)
    return (
        got_array.shape == want_array.shape
        and bool(np.isfinite(got_array).all())
        and bool(np.allclose(got_array, want_array, rtol=rtol, atol=atol))
    )


@_quiet
def check_value(
    exercise: str,
    answer,
    expected,
    *,
    hint: str,
    term: str,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> bool:
    """Check a number or array (to tolerance), a bool, or a word (case-insensitive)."""
    if answer is None or answer is Ellipsis:
        return _report(exercise, False, hint, term, answered=False)
    return _report(exercise, same_value(answer, expected, rtol, atol), hint, term)


@_quiet
def check_true(exercise: str, condition, *, hint: str, term: str) -> bool:
    """Check a condition computed by the notebook: it must be a real bool (``"False"`` is not)."""
    if condition is None or condition is Ellipsis:
        return _report(exercise, False, hint, term, answered=False)
    return _report(
        exercise,
        isinstance(condition, (bool, np.bool_)) and bool(condition),
        hint,
        term,
    )


def digest(answer) -> str:
    """The SHA-256 digest :func:`check_digest` compares: numbers rounded to 6 decimals (so 0.3 and
    0.30000000000000004 agree), words case-folded, sequences item by item."""

    def canonical(value):
        if isinstance(value, str):
            return "s:" + value.strip().casefold()
        if isinstance(value, (bool, np.bool_)):
            return "b:" + str(bool(value))
        if isinstance(value, (tuple, list)) and not _is_number_like(value):
            return "[" + ",".join(canonical(v) for v in value) + "]"
        if not _is_number_like(value):
            raise ValueError(
                f"answer must be numbers, words or lists of them, got {type(value).__name__}"
            )
        array = (
            np.round(np.asarray(value, dtype=np.float64), 6) + 0.0
        )  # + 0.0 turns -0.0 into 0.0
        return f"n{array.shape}:" + ",".join(f"{v:.6f}" for v in array.ravel())

    return hashlib.sha256(canonical(answer).encode("utf-8")).hexdigest()


@_quiet
def check_digest(
    exercise: str, answer, expected_digest: str, *, hint: str, term: str
) -> bool:
    """Check an answer against the SHA-256 :func:`digest` of the right one, so that the notebook
    never shows the expected value (for derivations and hand traces)."""
    if answer is None or answer is Ellipsis:
        return _report(exercise, False, hint, term, answered=False)
    try:
        ok = digest(answer) == expected_digest
    except ValueError:
        ok = False
    return _report(exercise, ok, hint, term)


def _not_code(exercise: str, answer, hint: str, term: str) -> bool:
    """A code exercise answered with something that cannot be called: "not answered yet" for
    the student copy's stub (None or ...), "not yet" for anything else."""
    return _report(
        exercise,
        False,
        hint,
        term,
        answered=answer is not None and answer is not Ellipsis,
    )


def _call(function, args):
    """``function(*copies of args)``: the student's code never sees (or changes) our objects."""
    return function(*copy.deepcopy(tuple(args)))


@_quiet
def check_function(
    exercise: str,
    function,
    cases=(),
    *,
    hint: str,
    term: str,
    reference=None,
    inputs=None,
    trials: int = 20,
    seed: int = 0,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> bool:
    """Run the student's ``function`` and compare what it returns.

    cases: ``[(args, expected), ...]``, fixed inputs such as edge cases.
    reference, inputs: the right function and ``inputs(rng) -> args``, which draws fresh random
    arguments (``trials`` draws), or a list of argument tuples; each result is compared with
    ``reference(*args)``. The student's function gets copies of every argument.
    """
    if not callable(function):
        return _not_code(exercise, function, hint, term)
    if (reference is None) != (inputs is None):
        raise ValueError("reference and inputs go together: give both or neither")
    rng = np.random.default_rng(seed)
    trial_cases = list(cases)
    if reference is not None:
        drawn = (
            [tuple(inputs(rng)) for _ in range(trials)]
            if callable(inputs)
            else [tuple(a) for a in inputs]
        )
        trial_cases += [(args, _call(reference, args)) for args in drawn]
    if not trial_cases:
        raise ValueError("check_function needs cases, or reference and inputs")
    for args, expected in trial_cases:
        try:
            got = _call(function, args)
        except Exception as err:  # noqa: BLE001 - a student's function may raise anything
            return _report(
                exercise,
                False,
                f"{hint} (calling it with {_short(args)} raised "
                f"{type(err).__name__}: {err})",
                term,
            )
        if not same_value(got, expected, rtol, atol):
            return _report(
                exercise,
                False,
                f"{hint} (for input {_short(args)} expected "
                f"{_short(expected)}, got {_short(got)})",
                term,
            )
    return _report(exercise, True, hint, term)


def _short(value, limit: int = 160) -> str:
    text = (
        np.array2string(value, precision=4, threshold=8)
        if isinstance(value, np.ndarray)
        else repr(value)
    )
    return text if len(text) <= limit else text[:limit] + "..."


def gradient_check(layer, x, h: float = 1e-5, seed: int = 0) -> float:
    """Relative error between ``layer.backward(dout)`` and central differences of
    ``sum(layer.forward(x) * dout)`` with respect to x, for a random ``dout``.

    layer: an object with ``forward(x)`` and ``backward(dout) -> dx``. x: a float64 array.
    """
    x = np.array(x, dtype=np.float64)
    dout = np.random.default_rng(seed).standard_normal(
        np.shape(layer.forward(x.copy()))
    )
    layer.forward(x.copy())
    analytic = np.asarray(layer.backward(dout.copy()), dtype=np.float64)
    numeric = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += h
        minus[index] -= h
        numeric[index] = (
            np.sum(layer.forward(plus) * dout) - np.sum(layer.forward(minus) * dout)
        ) / (2 * h)
    if analytic.shape != numeric.shape:
        return float("inf")
    scale = np.maximum(1e-8, np.abs(analytic) + np.abs(numeric))
    return float(np.max(np.abs(analytic - numeric) / scale))


@_quiet
def check_layer(
    exercise: str,
    make_layer,
    *,
    reference,
    shape=(4, 5),
    trials: int = 3,
    bound: float = 1e-6,
    hint: str,
    term: str,
    seed: int = 0,
) -> bool:
    """Check a student's layer class (or factory): its forward pass against ``reference(x)`` and
    its backward pass by a gradient check, on ``trials`` fresh random float64 inputs of ``shape``
    (relative error below ``bound``)."""
    if not callable(make_layer):
        return _not_code(exercise, make_layer, hint, term)
    rng = np.random.default_rng(seed)
    for _ in range(trials):
        x = rng.standard_normal(shape) * 2
        try:
            layer = make_layer()
            got = layer.forward(x.copy())
            if not same_value(got, reference(x.copy()), rtol=1e-7, atol=1e-10):
                return _report(
                    exercise,
                    False,
                    f"{hint} (forward: for x of shape {shape} expected "
                    f"{_short(reference(x.copy()))}, got {_short(got)})",
                    term,
                )
            error = gradient_check(layer, x, seed=int(rng.integers(2**31)))
        except Exception as err:  # noqa: BLE001 - a student's layer may raise anything
            return _report(
                exercise, False, f"{hint} ({type(err).__name__}: {err})", term
            )
        if not error < bound:
            return _report(
                exercise,
                False,
                f"{hint} (backward: gradient check relative error "
                f"{error:.1e}, must stay below {bound:.0e})",
                term,
            )
    return _report(exercise, True, hint, term)


@_quiet
def score(lesson: str, exercises: int) -> str:
    """Print and return this session's score for one lesson, e.g. "Lesson 01: 3 of 5 exercises
    correct (01.1, 01.2, 01.4)", to paste into a learning-management system.

    exercises: how many exercises the lesson has (an exercise never checked counts as not correct).
    """
    if not isinstance(lesson, str) or not (len(lesson) == 2 and lesson.isdigit()):
        raise ValueError(
            f"lesson must be a two-digit string such as '01', got {lesson!r}"
        )
    if isinstance(exercises, bool) or not isinstance(exercises, int) or exercises < 1:
        raise ValueError(f"exercises must be a positive int, got {exercises!r}")
    correct = sorted(
        name for name, ok in RESULTS.items() if ok and name.startswith(lesson + ".")
    )
    text = (
        f"Lesson {lesson}: {len(correct)} of {exercises} exercises correct (정답 {len(correct)}/{exercises})"
        + (f": {', '.join(correct)}" if correct else "")
    )
    print(text)
    return text
