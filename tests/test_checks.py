"""Exercise self-checks: "correct" or a hint with the Korean term; strict mode raises."""

import numpy as np
import pytest

from lessons_lib import checks
from lessons_lib.checks import _check_function, _check_true, _check_value

TERM = "bias (편향)"


@pytest.fixture
def lenient(monkeypatch):
    monkeypatch.setattr(checks, "STRICT", False)


@pytest.fixture
def strict(monkeypatch):
    monkeypatch.setattr(checks, "STRICT", True)


def test_correct_answers_say_correct(lenient, capsys):
    assert _check_value("01.1", 0.5, expected=0.5, hint="h", term=TERM)
    assert _check_value("01.2", np.array([1.0, 2.0]), expected=[1.0, 2.0 + 1e-9], hint="h", term=TERM)
    assert _check_true("01.3", 2 > 1, hint="h", term=TERM)
    assert _check_function("01.4", lambda a, b: a + b, [((1, 2), 3), ((0, 0), 0)], hint="h", term=TERM)
    out = capsys.readouterr().out
    assert out.count("correct (정답)") == 4 and TERM in out


def test_wrong_answers_give_the_hint_and_term(lenient, capsys):
    assert not _check_value("01.1", 0.4, expected=0.5, hint="look at the bias", term=TERM)
    assert not _check_value("01.1", [1.0], expected=[1.0, 2.0], hint="shape", term=TERM)
    assert not _check_value("01.1", "abc", expected=1.0, hint="a number", term=TERM)
    assert not _check_function("01.4", lambda a: 1 / 0, [((1,), 1)], hint="h", term=TERM)
    out = capsys.readouterr().out
    assert "not yet" in out and "look at the bias" in out and "편향" in out and "ZeroDivisionError" in out


def test_unanswered_is_not_an_error_for_students(lenient, capsys):
    assert not _check_value("01.1", None, expected=0.5, hint="h", term=TERM)
    assert not _check_function("01.4", None, [], hint="h", term=TERM)
    assert capsys.readouterr().out.count("not answered yet") == 2


def test_strict_mode_raises_on_wrong_or_missing_answers(strict):
    with pytest.raises(AssertionError, match="not yet"):
        checks.check_value("01.1", 0.4, expected=0.5, hint="h", term=TERM)
    with pytest.raises(AssertionError, match="not answered"):
        checks.check_true("01.3", None, hint="h", term=TERM)
    assert _check_value("01.1", 0.5, expected=0.5, hint="h", term=TERM)


def test_check_needs_a_label_and_a_term(lenient):
    with pytest.raises(ValueError, match="term"):
        checks.check_value("01.1", 1, expected=1, hint="h", term="")
    with pytest.raises(ValueError, match="exercise"):
        checks.check_value("", 1, expected=1, hint="h", term=TERM)


def test_public_checks_print_one_line_and_return_none(lenient, capsys):
    assert checks.check_value("01.1", 1.0, expected=1.0, hint="h", term=TERM) is None
    assert checks.check_true("01.2", False, hint="h", term=TERM) is None
    assert checks.check_function("01.3", abs, [((-2,), 2)], hint="h", term=TERM) is None
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[1].strip().split(" (")[0] for line in lines] == ["correct", "not yet", "correct"]
