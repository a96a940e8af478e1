"""Self-checks for the "Check yourself" exercises at the end of every notebook.

Each check prints ``correct`` or a hint in English with the Korean term, and remembers
the result, so the notebook's last cell can report a score with :func:`score` ("3 of 5
exercises correct"). A student's notebook never stops on a wrong answer. When
``LESSONS_STRICT_CHECKS=1`` (``make test`` sets it, since CI runs the notebooks *with*
their solution cells) a wrong or missing answer raises ``AssertionError``, so every
solution is tested by its own check.

The checks are hard to fool:

- numbers are numbers: a string (``"0.3"``) or a bool (``True`` for 1) never passes a
  numeric check, at any depth (``[True, 0]`` is not ``[1, 0]``); every other real number
  counts (int, float, numpy's numbers, ``Fraction``, ``Decimal``);
- arrays are compared by shape and value;
- a code answer is run on random inputs drawn fresh for every check
  (:func:`check_function` with ``reference``: a new seed on every call, printed with a
  failure so that it can be repeated), and a layer gets a gradient check on fresh random
  inputs (:func:`check_layer`); every input is a copy, so a student's function cannot
  change the lesson's data, and a layer that changes its input in place fails;
- a derivation can be checked against a SHA-256 digest of the answer
  (:func:`check_digest`), so the expected value is written nowhere in the notebook.

A check's own settings are the instructor's: a wrong one (``rtol="a"``, ``hint=None``,
``expected=None``, ``reference=None``) raises ValueError naming it, in every mode.
Tolerances are finite with ``0 <= rtol < 1`` (from 1 up, 0 would pass for every expected
number) and ``0 <= atol < 1``; a layer's ``bound`` is in (0, 1).

Usage in a notebook::

    check_value("01.1", answer, expected=0, term="bias (편향)",
                hint="With x1 = x2 = 0 only the bias is left in the weighted sum.")
"""

from __future__ import annotations

import copy
import decimal
import functools
import hashlib
import math
import numbers
import os
import re
import secrets

import numpy as np

STRICT = os.environ.get("LESSONS_STRICT_CHECKS", "0").strip().lower() in {
    "1",
    "true",
    "yes",
    "on",
}

RESULTS: dict[str, bool] = {}
"""Every exercise checked in this session: ``{"01.2": True, ...}`` (the latest check
counts)."""

NOT_ANSWERED = (None, Ellipsis)

_BOOLS = (bool, np.bool_)
_DIGEST = re.compile(r"[0-9a-fA-F]{64}")
_EPS = float(np.finfo(np.float64).eps)


# --- the checks' own arguments: the instructor's, so a mistake raises ValueError ------
def _check_text(name: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def _check_labels(exercise, hint, term) -> None:
    if not isinstance(exercise, str) or not exercise.strip():
        raise ValueError(f"exercise must be a label such as '01.2', got {exercise!r}")
    _check_text("hint", hint)
    if not isinstance(term, str) or not term.strip():
        raise ValueError(
            "term must name the key term in English and Korean, e.g. 'bias (편향)', "
            f"got {term!r}"
        )


def _is_real(value) -> bool:
    """A real number that is not a bool (int, float, numpy's numbers, Fraction)."""
    return isinstance(value, numbers.Real) and not isinstance(value, _BOOLS)


def _check_tolerance(name: str, value) -> float:
    """rtol or atol: a finite number in [0, 1)."""
    if not _is_real(value) or not math.isfinite(value) or not 0 <= value < 1:
        raise ValueError(
            f"{name} must be a finite number, 0 <= {name} < 1, got {value!r}"
        )
    return float(value)


def _check_bound(bound) -> float:
    if not _is_real(bound) or not math.isfinite(bound) or not 0 < bound < 1:
        raise ValueError(f"bound must be a finite number, 0 < bound < 1, got {bound!r}")
    return float(bound)


def _is_count(value) -> bool:
    """An int >= 1 (numpy's ints count, bools do not)."""
    return _is_real(value) and isinstance(value, numbers.Integral) and value >= 1


def _check_count(name: str, value) -> int:
    if not _is_count(value):
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def _check_seed(seed) -> int:
    """The seed of a check's random inputs: a fresh one for ``None`` (so every call
    draws new inputs), or the int >= 0 given (to repeat a failure's inputs)."""
    if seed is None:
        return secrets.randbits(64)
    if not isinstance(seed, numbers.Integral) or isinstance(seed, _BOOLS) or seed < 0:
        raise ValueError(
            f"seed must be None (fresh inputs) or an int >= 0, got {seed!r}"
        )
    return int(seed)


def _check_shape(shape) -> tuple:
    dims = tuple(shape) if isinstance(shape, (tuple, list)) else ()
    if not dims or not all(_is_count(d) for d in dims):
        raise ValueError(
            f"shape must be a tuple of positive ints such as (4, 5), got {shape!r}"
        )
    return tuple(int(d) for d in dims)


def _check_expected(value, name: str = "expected"):
    """What a check can compare: a finite real number or array of them, a bool or array
    of bools, a word, or a list, tuple or dict of these."""
    if not _comparable(value):
        raise ValueError(
            f"{name} must be a finite number or array of numbers, a bool, a word, or a "
            f"list, tuple or dict of them, got {_short(value)}"
        )
    return value


def _comparable(value) -> bool:
    if isinstance(value, (str, *_BOOLS)) or _bool_array(value) is not None:
        return True
    if isinstance(value, dict):
        return all(_comparable(item) for item in value.values())
    array = _real_array(value)
    if array is not None:
        return bool(np.isfinite(array).all())
    return isinstance(value, (list, tuple)) and all(_comparable(item) for item in value)


# --- what counts as a number ----------------------------------------------------------
def _real_array(value) -> np.ndarray | None:
    """``value`` as a float64 array when it is a real number, or an array, list or tuple
    of them nested to any depth; None for anything else: a string, a bool anywhere
    inside, a complex number, ragged rows, an object that is no number."""
    try:
        return _reals(value)
    except Exception:  # noqa: BLE001 - what cannot be read as real numbers is none
        return None


def _reals(value) -> np.ndarray:
    if isinstance(value, (str, bytes, *_BOOLS)):
        raise TypeError("not a number")
    if isinstance(value, (numbers.Real, decimal.Decimal)):
        return np.array(float(value))
    if isinstance(value, np.ndarray) and value.dtype != object:
        if value.dtype.kind not in "iuf":
            raise TypeError("not an array of real numbers")
        return value.astype(np.float64)
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return _reals(value.item())
    if isinstance(value, (list, tuple, np.ndarray)):
        if all(type(item) in (int, float) for item in value):  # fast: no bool, no array
            return np.array(value, dtype=np.float64)
        parts = [_reals(item) for item in value]
        if len({part.shape for part in parts}) > 1:
            raise ValueError("ragged")
        return np.stack(parts) if parts else np.empty(0)
    # something else that numpy reads as an array (a memoryview, a pandas Series)
    array = np.asarray(value)
    if array.dtype.kind not in "iuf":
        raise TypeError("not an array of real numbers")
    return array.astype(np.float64)


def _bool_array(value) -> np.ndarray | None:
    """``value`` as a bool array when it is an array, list or tuple of bools only."""
    if isinstance(value, np.ndarray):
        return value if value.dtype.kind == "b" else None
    if not isinstance(value, (list, tuple)):
        return None
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - ragged or odd: not an array of bools
        return None
    return array if array.dtype.kind == "b" else None


def same_value(got, want, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """True when ``got`` equals ``want``: strings case-insensitively (surrounding spaces
    ignored), bools and arrays of bools exactly (and only bools), numbers and arrays by
    shape and to tolerance (only real numbers, at every depth: ``"0.3"``, ``True`` and
    ``[True, 0]`` are not numbers). Dicts are compared key by key, tuples and lists item
    by item when ``want`` mixes types."""
    if isinstance(want, _BOOLS):
        return isinstance(got, _BOOLS) and bool(got) == bool(want)
    if _bool_array(want) is not None:
        want_bools, got_bools = _bool_array(want), _bool_array(got)
        return (
            got_bools is not None
            and got_bools.shape == want_bools.shape
            and bool((got_bools == want_bools).all())
        )
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
    want_array = _real_array(want)
    if want_array is None:
        return (
            isinstance(want, (tuple, list))
            and isinstance(got, (tuple, list))
            and len(got) == len(want)
            and all(same_value(g, w, rtol, atol) for g, w in zip(got, want))
        )
    got_array = _real_array(got)
    return (
        got_array is not None
        and got_array.shape == want_array.shape
        and bool(np.isfinite(got_array).all())
        and bool(np.allclose(got_array, want_array, rtol=rtol, atol=atol))
    )


# --- reporting ------------------------------------------------------------------------
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
    status = (
        "not yet (다시 해 보세요)"
        if answered
        else "not answered yet (아직 답이 없습니다)"
    )
    message = f"Exercise {exercise}: {status}. Hint: {hint} [{term}]"
    if STRICT:
        raise AssertionError(message)
    print(message)
    return False


def _quiet(check):
    """Return None from a check, so that a check cell shows only the printed line (no
    ``Out[]``); ``RESULTS`` holds the outcome."""

    @functools.wraps(check)
    def quiet(*args, **kwargs):
        check(*args, **kwargs)

    return quiet


# --- the checks -----------------------------------------------------------------------
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
    """Check a number or array (to tolerance), a bool, or a word (case-insensitive).

    expected: a finite number or array of numbers, a bool or array of bools, a word, or
    a list, tuple or dict of them (never None). rtol, atol: numpy's ``allclose``
    tolerances, finite, ``0 <= rtol < 1`` and ``0 <= atol < 1``."""
    _check_labels(exercise, hint, term)
    rtol, atol = _check_tolerance("rtol", rtol), _check_tolerance("atol", atol)
    _check_expected(expected)
    if answer is None or answer is Ellipsis:
        return _report(exercise, False, hint, term, answered=False)
    return _report(exercise, same_value(answer, expected, rtol, atol), hint, term)


@_quiet
def check_true(exercise: str, condition, *, hint: str, term: str) -> bool:
    """Check a condition computed by the notebook: it must be a real bool (``"False"``
    is not)."""
    _check_labels(exercise, hint, term)
    if condition is None or condition is Ellipsis:
        return _report(exercise, False, hint, term, answered=False)
    return _report(
        exercise, isinstance(condition, _BOOLS) and bool(condition), hint, term
    )


def digest(answer) -> str:
    """The SHA-256 digest :func:`check_digest` compares: numbers rounded to 6 decimals
    (so 0.3 and 0.30000000000000004 agree; any real number counts, never a bool), words
    case-folded, bools as bools, sequences item by item."""

    def canonical(value):
        if isinstance(value, str):
            return "s:" + value.strip().casefold()
        if isinstance(value, _BOOLS):
            return "b:" + str(bool(value))
        array = _real_array(value)
        if array is not None:
            array = np.round(array, 6) + 0.0  # + 0.0 turns -0.0 into 0.0
            return f"n{array.shape}:" + ",".join(f"{v:.6f}" for v in array.ravel())
        if isinstance(value, np.ndarray) and value.ndim > 0:
            value = value.tolist()  # bools or words: item by item, as a list of them
        if isinstance(value, (tuple, list)):
            return "[" + ",".join(canonical(v) for v in value) + "]"
        raise ValueError(
            "answer must be numbers, words or lists of them, "
            f"got {type(value).__name__}"
        )

    return hashlib.sha256(canonical(answer).encode("utf-8")).hexdigest()


@_quiet
def check_digest(
    exercise: str, answer, expected_digest: str, *, hint: str, term: str
) -> bool:
    """Check an answer against the SHA-256 :func:`digest` of the right one, so that the
    notebook never shows the expected value (for derivations and hand traces)."""
    _check_labels(exercise, hint, term)
    if not isinstance(expected_digest, str) or not _DIGEST.fullmatch(expected_digest):
        raise ValueError(
            "expected_digest must be the 64 hex digits that digest(answer) returns, "
            f"got {expected_digest!r}"
        )
    if answer is None or answer is Ellipsis:
        return _report(exercise, False, hint, term, answered=False)
    try:
        ok = digest(answer) == expected_digest.lower()
    except (ValueError, RecursionError):
        ok = False
    return _report(exercise, ok, hint, term)


def _not_code(exercise: str, answer, hint: str, term: str) -> bool:
    """A code exercise answered with something that cannot be called: "not answered yet"
    for the student copy's stub (None or ...), "not yet" for anything else."""
    return _report(
        exercise,
        False,
        hint,
        term,
        answered=answer is not None and answer is not Ellipsis,
    )


def _call(function, args):
    """``function(*copies of args)``: the student's code never sees (or changes) our
    objects."""
    return function(*copy.deepcopy(tuple(args)))


def _check_cases(cases) -> list:
    """``[(args tuple, expected), ...]`` from check_function's ``cases``."""
    found = list(cases) if isinstance(cases, (tuple, list)) else None
    if found is None or not all(
        isinstance(case, (tuple, list))
        and len(case) == 2
        and isinstance(case[0], (tuple, list))
        for case in found
    ):
        raise ValueError(
            f"cases must be a list of (args tuple, expected) pairs, got {_short(cases)}"
        )
    for _, expected in found:
        _check_expected(expected, "each expected value in cases")
    return [(tuple(args), expected) for args, expected in found]


def _check_inputs(inputs):
    """check_function's ``inputs``: a function of a Generator, or a list of argument
    tuples."""
    if callable(inputs):
        return inputs
    if not isinstance(inputs, (tuple, list)) or not all(
        isinstance(args, (tuple, list)) for args in inputs
    ):
        raise ValueError(
            "inputs must be a function inputs(rng) -> args tuple, or a list of args "
            f"tuples, got {_short(inputs)}"
        )
    return [tuple(args) for args in inputs]


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
    seed: int | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> bool:
    """Run the student's ``function`` and compare what it returns.

    cases: ``[(args, expected), ...]``, fixed inputs such as edge cases.
    reference, inputs: the right function and ``inputs(rng) -> args``, which draws
    random arguments (``trials`` draws), or a list of argument tuples; each result is
    compared with ``reference(*args)``. The student's function gets copies of every
    argument.
    seed: None (the default) draws new inputs on every call, from a fresh seed that a
    failure prints; an int >= 0 draws that seed's inputs again (to repeat a failure).
    rtol, atol: the tolerances of :func:`same_value` (see :func:`check_value`).
    """
    _check_labels(exercise, hint, term)
    rtol, atol = _check_tolerance("rtol", rtol), _check_tolerance("atol", atol)
    trials, seed = _check_count("trials", trials), _check_seed(seed)
    if (reference is None) != (inputs is None):
        raise ValueError("reference and inputs go together: give both or neither")
    if reference is not None and not callable(reference):
        raise ValueError(
            f"reference must be the right function, got {_short(reference)}"
        )
    trial_cases = [(args, expected, False) for args, expected in _check_cases(cases)]
    inputs = None if inputs is None else _check_inputs(inputs)
    if not trial_cases and reference is None:
        raise ValueError("check_function needs cases, or reference and inputs")
    if not callable(function):
        return _not_code(exercise, function, hint, term)
    if reference is not None:
        rng = np.random.default_rng(seed)
        drawn = callable(inputs)
        for args in [tuple(inputs(rng)) for _ in range(trials)] if drawn else inputs:
            expected = _check_expected(_call(reference, args), "reference's result")
            trial_cases.append((args, expected, drawn))
    for args, expected, drawn in trial_cases:
        seed_note = f"; random inputs of seed={seed}" if drawn else ""
        try:
            got = _call(function, args)
        except Exception as err:  # noqa: BLE001 - a student's code may raise anything
            return _report(
                exercise,
                False,
                f"{hint} (calling it with {_short(args)} raised "
                f"{type(err).__name__}: {err}{seed_note})",
                term,
            )
        if not same_value(got, expected, rtol, atol):
            return _report(
                exercise,
                False,
                f"{hint} (for input {_short(args)} expected "
                f"{_short(expected)}, got {_short(got)}{seed_note})",
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

    layer: an object with ``forward(x)`` and ``backward(dout) -> dx``. x: a float64
    array.
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


def _central_differences(layer, x, dout, h: float = 1e-5) -> tuple:
    """``(numeric, noise)``: the central differences of ``sum(forward(x) * dout)`` for
    every entry of x, and the most that float64 rounding can change one of them. Each
    sum of N products is off by at most a few (log2 N) units of rounding of the sum of
    their sizes S; the difference of two, over the step 2h, by about
    (4 + log2 N) eps S / h: the noise is 10 times that. (The step's own error,
    h^2 f''' / 6, is far smaller for a smooth layer.)"""
    numeric = np.zeros_like(x)
    size = 0.0
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += h
        minus[index] -= h
        terms = [np.asarray(layer.forward(v), np.float64) * dout for v in (plus, minus)]
        step = plus[index] - minus[index]  # exactly 2h, up to x's rounding
        numeric[index] = (np.sum(terms[0]) - np.sum(terms[1])) / step
        size = max(size, *(float(np.sum(np.abs(t))) for t in terms))
    noise = 10 * (4 + math.log2(max(2, dout.size))) * _EPS * size / h
    return numeric, noise


def _gradient_error(analytic, numeric, noise: float, bound: float) -> float:
    """max |a - n| / (|a| + |n|), with |a| + |n| counted as at least noise / bound: an
    entry passes when |a - n| < bound (|a| + |n|) or when rounding can explain
    |a - n|."""
    floor = max(noise / bound, np.finfo(np.float64).tiny)
    scale = np.maximum(np.abs(analytic) + np.abs(numeric), floor)
    return float(np.max(np.abs(analytic - numeric) / scale)) if scale.size else 0.0


def _layer_problem(make_layer, x, expected, dout, bound: float):
    """What is wrong with the student's layer on the input x (None when nothing is)."""
    try:
        layer = make_layer()
        given = x.copy()
        got = layer.forward(given)
        if not np.array_equal(given, x):
            return (
                "forward changed its input x in place: a layer must leave its input "
                "unchanged and return a new array"
            )
        if not same_value(got, expected, rtol=1e-7, atol=1e-10):
            return (
                f"forward: for x of shape {x.shape} expected {_short(expected)}, "
                f"got {_short(got)}"
            )
        given_dout = dout.copy()
        analytic = _real_array(layer.backward(given_dout))
        if not (np.array_equal(given_dout, dout) and np.array_equal(given, x)):
            return (
                "backward changed dout or forward's x in place: a layer must leave "
                "its inputs unchanged and return a new array"
            )
        if analytic is None or analytic.shape != x.shape:
            return f"backward must return dx, an array of x's shape {x.shape}"
        numeric, noise = _central_differences(layer, x, dout)
    except Exception as err:  # noqa: BLE001 - a student's layer may raise anything
        return f"{type(err).__name__}: {err}"
    error = _gradient_error(analytic, numeric, noise, bound)
    if not error < bound:
        return (
            f"backward: gradient check relative error {error:.1e}, "
            f"must stay below {bound:.0e}"
        )
    return None


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
    seed: int | None = None,
) -> bool:
    """Check a student's layer class (or factory) on ``trials`` random float64 inputs x
    of ``shape`` (new ones on every call unless ``seed`` is an int >= 0; a failure
    prints the seed):

    - ``forward(x)`` must equal ``reference(x)`` and leave x unchanged (the layer gets a
      copy, so the lesson's data is safe, but changing an input in place fails);
    - ``backward(dout)`` must leave dout unchanged and pass a gradient check against
      central differences (step 1e-5) of ``sum(forward(x) * dout)``: for every entry,
      ``|a - n| / (|a| + |n|) < bound``, where ``|a| + |n|`` counts as at least
      ``noise / bound``, with noise the most that float64 rounding can change n; so a
      tiny gradient is compared to within rounding, not relatively.
    """
    _check_labels(exercise, hint, term)
    if not callable(reference):
        raise ValueError(
            f"reference must be the right forward function (e.g. np.tanh), got "
            f"{_short(reference)}"
        )
    shape, trials = _check_shape(shape), _check_count("trials", trials)
    bound, seed = _check_bound(bound), _check_seed(seed)
    if not callable(make_layer):
        return _not_code(exercise, make_layer, hint, term)
    rng = np.random.default_rng(seed)
    for _ in range(trials):
        x = rng.standard_normal(shape) * 2
        expected = _real_array(reference(x.copy()))
        if expected is None or not np.isfinite(expected).all():
            raise ValueError("reference must return finite numbers for a float64 array")
        dout = rng.standard_normal(expected.shape)
        problem = _layer_problem(make_layer, x, expected, dout, bound)
        if problem:
            message = f"{hint} ({problem}; random inputs of seed={seed})"
            return _report(exercise, False, message, term)
    return _report(exercise, True, hint, term)


@_quiet
def score(lesson: str, exercises: int) -> str:
    """Print this session's score for one lesson, e.g. "Lesson 01: 3 of 5 exercises
    correct (01.1, 01.2, 01.4)", to paste into a learning-management system.

    exercises: how many exercises the lesson has, a positive int; only the exercises
    ``"<lesson>.1"`` to ``"<lesson>.<exercises>"`` count (one never checked counts as
    not correct).
    """
    if not isinstance(lesson, str) or not (len(lesson) == 2 and lesson.isdigit()):
        raise ValueError(
            f"lesson must be a two-digit string such as '01', got {lesson!r}"
        )
    if (
        not isinstance(exercises, numbers.Integral)
        or isinstance(exercises, _BOOLS)
        or exercises < 1
    ):
        raise ValueError(f"exercises must be a positive int, got {exercises!r}")
    count = int(exercises)
    correct: dict[int, str] = {}
    for name, ok in RESULTS.items():
        prefix, _, number = name.partition(".")
        if ok and prefix == lesson and number.isascii() and number.isdigit():
            if 1 <= int(number) <= count:
                correct.setdefault(int(number), name)
    names = [correct[number] for number in sorted(correct)]
    text = (
        f"Lesson {lesson}: {len(names)} of {count} exercises correct "
        f"(정답 {len(names)}/{count})" + (f": {', '.join(names)}" if names else "")
    )
    print(text)
    return text
