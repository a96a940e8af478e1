"""Exercise self-checks: "correct" or a hint with the Korean term; strict mode raises; wrong
answers never pass (strings for numbers, bools for ints, truthy strings, functions that change
the test data, layers with a wrong backward pass)."""

import numpy as np
import pytest

from lessons_lib import checks

TERM = "bias (편향)"


@pytest.fixture(autouse=True)
def fresh_results(monkeypatch):
    monkeypatch.setattr(checks, "RESULTS", {})


@pytest.fixture
def lenient(monkeypatch):
    monkeypatch.setattr(checks, "STRICT", False)


@pytest.fixture
def strict(monkeypatch):
    monkeypatch.setattr(checks, "STRICT", True)


def passes(check, *args, **kwargs) -> bool:
    """Run a public check (which returns None) and read its outcome from RESULTS."""
    kwargs.setdefault("hint", "h")
    kwargs.setdefault("term", TERM)
    check(*args, **kwargs)
    return checks.RESULTS[args[0]]


def test_correct_answers_say_correct(lenient, capsys):
    assert passes(checks.check_value, "01.1", 0.5, expected=0.5)
    assert passes(
        checks.check_value, "01.2", np.array([1.0, 2.0]), expected=[1.0, 2.0 + 1e-9]
    )
    assert passes(checks.check_true, "01.3", 2 > 1)
    assert passes(
        checks.check_function, "01.4", lambda a, b: a + b, [((1, 2), 3), ((0, 0), 0)]
    )
    assert passes(
        checks.check_value, "01.5", " He ", expected="he"
    )  # words: case and spaces ignored
    out = capsys.readouterr().out
    assert out.count("correct (정답)") == 5 and TERM in out


@pytest.mark.parametrize(
    "answer", ["0.3", b"0.3", True, [0.3, 0.0], None, np.nan, {"a": 0.3}, [[0.3]]]
)
def test_only_the_number_itself_passes_a_numeric_check(lenient, answer):
    assert not passes(checks.check_value, "01.1", answer, expected=0.3)


def test_bools_are_not_ints_and_ints_are_not_bools(lenient):
    assert not passes(checks.check_value, "01.1", True, expected=1)
    assert not passes(checks.check_value, "01.2", 1, expected=True)
    assert passes(checks.check_value, "01.3", np.bool_(True), expected=True)


@pytest.mark.parametrize("condition", ["False", "yes", 1, [0], np.array([True])])
def test_check_true_wants_a_real_bool(lenient, condition):
    assert not passes(checks.check_true, "01.1", condition)


def test_wrong_answers_give_the_hint_and_term(lenient, capsys):
    assert not passes(
        checks.check_value, "01.1", 0.4, expected=0.5, hint="look at the bias"
    )
    assert not passes(checks.check_value, "01.1", [1.0], expected=[1.0, 2.0])
    assert not passes(checks.check_function, "01.4", lambda a: 1 / 0, [((1,), 1)])
    out = capsys.readouterr().out
    assert (
        "not yet" in out
        and "look at the bias" in out
        and "편향" in out
        and "ZeroDivisionError" in out
    )


def test_unanswered_is_not_an_error_for_students(lenient, capsys):
    assert not passes(checks.check_value, "01.1", None, expected=0.5)
    assert not passes(checks.check_function, "01.4", None, [((1,), 1)])
    assert not passes(checks.check_layer, "01.5", None, reference=np.tanh)
    assert capsys.readouterr().out.count("not answered yet") == 3


def test_strict_mode_raises_on_wrong_or_missing_answers(strict):
    with pytest.raises(AssertionError, match="not yet"):
        checks.check_value("01.1", 0.4, expected=0.5, hint="h", term=TERM)
    with pytest.raises(AssertionError, match="not answered"):
        checks.check_true("01.3", None, hint="h", term=TERM)
    checks.check_value("01.1", 0.5, expected=0.5, hint="h", term=TERM)


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
    assert [line.split(":")[1].strip().split(" (")[0] for line in lines] == [
        "correct",
        "not yet",
        "correct",
    ]


def test_a_function_is_run_on_fresh_random_inputs_against_the_reference(lenient):
    def inputs(rng):
        return (rng.standard_normal(5),)

    assert passes(
        checks.check_function,
        "02.1",
        lambda x: np.maximum(x, 0),
        reference=lambda x: np.maximum(x, 0),
        inputs=inputs,
    )
    # right on the fixed case, wrong elsewhere: the random inputs catch it
    assert not passes(
        checks.check_function,
        "02.2",
        lambda x: np.abs(x),
        [((np.ones(5),), np.ones(5))],
        reference=lambda x: np.maximum(x, 0),
        inputs=inputs,
    )
    with pytest.raises(ValueError, match="reference and inputs"):
        checks.check_function(
            "02.3", abs, [((1,), 1)], reference=abs, hint="h", term=TERM
        )


def test_a_student_function_cannot_change_the_test_data(lenient):
    data = np.array([1.0, 2.0])
    expected = np.array([2.0, 4.0])

    def doubles_in_place(x):
        x *= 2
        return x

    assert passes(
        checks.check_function,
        "02.1",
        doubles_in_place,
        [((data,), expected), ((data,), expected)],
    )
    assert data.tolist() == [1.0, 2.0]


class Tanh:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1 - self.out**2)


class TanhWrongBackward(Tanh):
    def backward(self, dout):
        return dout * (1 - self.out)


class TanhWrongForward(Tanh):
    def forward(self, x):
        self.out = np.tanh(x) + 1e-3
        return self.out


def test_check_layer_runs_a_gradient_check(lenient, capsys):
    assert passes(checks.check_layer, "03.1", Tanh, reference=np.tanh)
    assert not passes(checks.check_layer, "03.2", TanhWrongBackward, reference=np.tanh)
    assert "gradient check" in capsys.readouterr().out
    assert not passes(checks.check_layer, "03.3", TanhWrongForward, reference=np.tanh)
    assert not passes(checks.check_layer, "03.4", 42, reference=np.tanh)


def test_gradient_check_of_a_right_layer_is_tiny():
    assert (
        checks.gradient_check(Tanh(), np.random.default_rng(0).standard_normal((3, 4)))
        < 1e-8
    )


def test_digest_hides_the_answer_and_accepts_only_it(lenient):
    right = checks.digest(([0.0, 1.0], 1.0))
    assert "1.0" not in right
    assert passes(
        checks.check_digest, "01.5", (np.array([0, 1]), 1), right
    )  # ints and floats agree
    assert passes(checks.check_digest, "01.5", ([0.0, 1.0000000001], 1.0), right)
    for wrong in [
        ([1.0, 0.0], 1.0),
        ([0.0, 1.0], 0.0),
        ("0, 1", 1.0),
        ([0.0, 1.0], True),
        [0.0, 1.0, 1.0],
    ]:
        assert not passes(checks.check_digest, "01.5", wrong, right)
    assert checks.digest("He") == checks.digest(" he")
    assert checks.digest(-0.0) == checks.digest(0.0)


def test_score_counts_the_lessons_correct_exercises(lenient, capsys):
    checks.check_value("01.1", 1, expected=1, hint="h", term=TERM)
    checks.check_value("01.2", 2, expected=1, hint="h", term=TERM)
    checks.check_value("02.1", 1, expected=1, hint="h", term=TERM)
    capsys.readouterr()
    checks.score("01", exercises=4)
    assert (
        capsys.readouterr().out.strip()
        == "Lesson 01: 1 of 4 exercises correct (정답 1/4): 01.1"
    )
    with pytest.raises(ValueError, match="lesson"):
        checks.score("1", exercises=4)
    with pytest.raises(ValueError, match="exercises"):
        checks.score("01", exercises=0)


def test_dicts_of_arrays_are_compared_key_by_key(lenient):
    want = {"W": np.ones((2, 1)), "b": np.zeros(1)}
    assert checks.same_value({"W": np.ones((2, 1)), "b": np.zeros(1)}, want)
    assert not checks.same_value({"W": np.ones((2, 1))}, want)
    assert not checks.same_value({"W": np.ones((1, 2)), "b": np.zeros(1)}, want)
    assert not checks.same_value([np.ones((2, 1)), np.zeros(1)], want)
