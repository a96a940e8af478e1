"""Exercise self-checks: "correct" or a hint with the Korean term; strict mode raises;
wrong answers never pass (strings for numbers, bools for ints, truthy strings, functions
that change the test data, layers with a wrong backward pass)."""

import re
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from lessons_lib import checks, exercises

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


# --- bools, Decimal and Fraction: the same rule at every depth ------------------------
NESTED = [
    ([True, 0, 0, 0], [1, 0, 0, 0]),
    ((np.True_, 0), (1, 0)),
    ([[True, 0], [0, 1]], [[1, 0], [0, 1]]),
    (np.array([True, False]), [1, 0]),
    ([np.array([1.0]), True], [np.array([1.0]), 1]),
    (
        {"best_rate": 0.2, "accuracies": [True, 0.5]},
        {"best_rate": 0.2, "accuracies": [1.0, 0.5]},
    ),
]


@pytest.mark.parametrize("answer, expected", NESTED)
def test_a_bool_never_passes_for_a_number_at_any_depth(lenient, answer, expected):
    assert not passes(checks.check_value, "01.1", answer, expected=expected)
    # the same answer written in numbers passes
    assert passes(checks.check_value, "01.2", expected, expected=expected)


def test_a_bool_never_passes_a_digest_of_numbers(lenient):
    right = checks.digest([1, 0])
    for wrong in ([True, 0], [np.True_, 0], (True, False), np.array([True, False])):
        assert not passes(checks.check_digest, "01.5", wrong, right)
    assert passes(checks.check_digest, "01.5", np.array([1, 0]), right)


def test_bools_still_pass_where_bools_are_expected(lenient):
    assert passes(checks.check_value, "01.1", [True, np.False_], expected=[True, False])
    assert passes(
        checks.check_value, "01.2", np.array([True]), expected=np.array([True])
    )
    assert passes(
        checks.check_value, "01.3", {"ok": True, "n": 2}, expected={"ok": True, "n": 2}
    )
    assert not passes(checks.check_value, "01.4", [1, 0], expected=[True, False])
    assert not passes(
        checks.check_value, "01.5", np.array([1]), expected=np.array([True])
    )
    right = checks.digest([True, False])
    assert passes(checks.check_digest, "01.6", [np.True_, False], right)
    assert passes(checks.check_digest, "01.6", np.array([True, False]), right)
    assert not passes(checks.check_digest, "01.6", [1, 0], right)


@pytest.mark.parametrize(
    "answer",
    [
        Decimal("0.5"),
        Fraction(1, 2),
        np.float32(0.5),
        [Decimal("0.5")],
        (Fraction(1, 2),),
    ],
)
def test_every_real_number_counts_in_both_checks(lenient, answer):
    expected = [0.5] if isinstance(answer, (list, tuple)) else 0.5
    assert passes(checks.check_value, "01.1", answer, expected=expected)
    assert passes(checks.check_digest, "01.2", answer, checks.digest(expected))


@pytest.mark.parametrize(
    "answer", [Decimal("NaN"), Decimal("Infinity"), Decimal("0.4"), 0.5 + 0j]
)
def test_a_decimal_is_still_compared_as_a_number(lenient, answer):
    assert not passes(checks.check_value, "01.1", answer, expected=0.5)
    assert not passes(checks.check_digest, "01.2", answer, checks.digest(0.5))


# --- fresh inputs for every code check ------------------------------------------------
def test_each_call_draws_new_inputs_and_a_failure_names_its_seed(lenient, capsys):
    seen = []

    def inputs(rng):
        seen.append(rng.standard_normal(3))
        return (seen[-1],)

    for _ in range(2):
        checks.check_function(
            "02.1", np.abs, reference=np.abs, inputs=inputs, hint="h", term=TERM
        )
    assert len(seen) == 40 and not np.array_equal(seen[0], seen[20])
    assert checks.RESULTS["02.1"]
    seen.clear()
    checks.check_function(
        "02.2", np.negative, reference=np.abs, inputs=inputs, hint="h", term=TERM
    )
    seed = int(re.search(r"seed=(\d+)", capsys.readouterr().out).group(1))
    first = seen[0]
    seen.clear()  # the printed seed draws the same inputs again
    checks.check_function(
        "02.2",
        np.negative,
        reference=np.abs,
        inputs=inputs,
        hint="h",
        term=TERM,
        seed=seed,
    )
    assert np.array_equal(seen[0], first)


def test_a_table_of_failure_messages_does_not_pass(lenient, capsys):
    """The hint prints the expected value of the failing input: a table of them, grown
    one failure at a time, must not pass (with the same inputs every time, 20 failures
    did)."""
    table = {}

    def from_table(hidden_size):
        return table.get(hidden_size, 0)

    for _ in range(30):
        checks.check_function(
            "02.3",
            from_table,
            reference=exercises.mlp_parameter_count,
            inputs=exercises.random_hidden_size,
            hint="h",
            term=TERM,
        )
        found = re.search(
            r"for input \((\d+),\) expected (\d+)", capsys.readouterr().out
        )
        if found is None:
            break
        table[int(found.group(1))] = int(found.group(2))
    assert not checks.RESULTS["02.3"]


# --- check_layer: a sound gradient check, and inputs left alone -----------------------
class TanhNoDout(Tanh):
    def backward(self, dout):
        return 1 - self.out**2


class TanhWrongSign(Tanh):
    def backward(self, dout):
        return -dout * (1 - self.out**2)


class TanhHalf(Tanh):
    def backward(self, dout):
        return 0.5 * dout * (1 - self.out**2)


class TanhSlightlyOff(Tanh):
    def backward(self, dout):
        return (1 + 1e-4) * dout * (1 - self.out**2)


class TanhInPlace(Tanh):
    def forward(self, x):
        self.out = np.tanh(x, out=x)
        return self.out


class TanhChangesDout(Tanh):
    def backward(self, dout):
        dout *= 1 - self.out**2
        return dout


def test_a_right_layer_passes_on_every_seed(lenient):
    failed = [
        seed
        for seed in range(1000)
        if not passes(checks.check_layer, "03.1", Tanh, reference=np.tanh, seed=seed)
    ]
    assert not failed, f"a right Tanh fails on seeds {failed[:10]}"


@pytest.mark.parametrize(
    "layer", [TanhWrongBackward, TanhNoDout, TanhWrongSign, TanhHalf, TanhSlightlyOff]
)
def test_a_wrong_backward_fails_on_every_seed(lenient, layer):
    passed = [
        seed
        for seed in range(300)
        if passes(checks.check_layer, "03.1", layer, reference=np.tanh, seed=seed)
    ]
    assert not passed, f"{layer.__name__} passes on seeds {passed[:10]}"


def test_a_layer_that_changes_its_input_fails(lenient, capsys):
    assert not passes(checks.check_layer, "03.1", TanhInPlace, reference=np.tanh)
    assert "forward changed its input x in place" in capsys.readouterr().out
    assert not passes(checks.check_layer, "03.2", TanhChangesDout, reference=np.tanh)
    assert "in place" in capsys.readouterr().out


# --- score ----------------------------------------------------------------------------
def test_score_counts_only_exercises_one_to_n_of_the_lesson(lenient, capsys):
    for name in "01.1 01.2 01.3 01.4 01.5 01.6 01.99 01.x 02.1 1.1".split():
        checks.RESULTS[name] = True
    for count in (5, np.int64(5)):
        checks.score("01", count)
        assert capsys.readouterr().out.strip() == (
            "Lesson 01: 5 of 5 exercises correct (정답 5/5): 01.1, 01.2, 01.3, 01.4, 01.5"
        )
    checks.RESULTS.clear()
    checks.RESULTS.update({"01.10": True, "01.2": True, "01.3": False})
    checks.score("01", 10)
    assert (
        capsys.readouterr()
        .out.strip()
        .endswith("2 of 10 exercises correct (정답 2/10): 01.2, 01.10")
    )
    for bad in (True, np.True_, 0, -1, 5.0, "5", None):
        with pytest.raises(ValueError, match="exercises"):
            checks.score("01", bad)


# --- the checks' own settings: an instructor's mistake raises ValueError naming it ----
def value(**kwargs):
    return lambda: checks.check_value(
        "01.1", 0.5, **{"expected": 0.5, "hint": "h", "term": TERM, **kwargs}
    )


def function(**kwargs):
    settings = {"hint": "h", "term": TERM, "reference": abs, "inputs": lambda rng: (1,)}
    return lambda: checks.check_function("01.1", abs, **{**settings, **kwargs})


def layer(**kwargs):
    settings = {"hint": "h", "term": TERM, "reference": np.tanh}
    return lambda: checks.check_layer("01.1", Tanh, **{**settings, **kwargs})


@pytest.mark.parametrize(
    "call, name",
    [
        *[
            (value(rtol=bad), "rtol")
            for bad in ["a", 1e9, 1.0, -1, np.nan, np.inf, True, None]
        ],
        *[(value(atol=bad), "atol") for bad in ["a", 2.0, -1e-9, np.nan, True]],
        *[(value(hint=bad), "hint") for bad in [None, "", 3]],
        (value(term=None), "term"),
        *[
            (value(expected=bad), "expected")
            for bad in [
                None,
                ...,
                object(),
                [1, None],
                {"a": None},
                np.nan,
                [1, np.inf],
            ]
        ],
        (
            lambda: checks.check_value(
                "01.1", None, expected=None, hint="h", term=TERM
            ),
            "expected",
        ),
        (lambda: checks.check_true("01.1", True, hint=None, term=TERM), "hint"),
        (
            lambda: checks.check_digest("01.1", 1, "abc", hint="h", term=TERM),
            "expected_digest",
        ),
        (
            lambda: checks.check_digest("01.1", None, None, hint="h", term=TERM),
            "expected_digest",
        ),
        *[(function(trials=bad), "trials") for bad in [0, True, 2.5]],
        *[(function(seed=bad), "seed") for bad in [-1, True, "a", 1.5]],
        *[(function(rtol=bad), "rtol") for bad in ["a", 1e9]],
        (function(reference=3), "reference"),
        (function(reference=lambda x: None), "reference"),
        (function(inputs=5), "inputs"),
        (
            lambda: checks.check_function("01.1", abs, [(1, 1)], hint="h", term=TERM),
            "cases",
        ),
        (
            lambda: checks.check_function("01.1", abs, "ab", hint="h", term=TERM),
            "cases",
        ),
        (layer(reference=None), "reference"),
        (layer(reference=lambda x: "tanh"), "reference"),
        *[(layer(shape=bad), "shape") for bad in [(0, 3), "45", (2.5,), (), None]],
        *[(layer(trials=bad), "trials") for bad in [0, True]],
        *[(layer(bound=bad), "bound") for bad in [0, 1, np.nan, "a", True]],
        (layer(seed=-1), "seed"),
    ],
)
def test_a_wrong_setting_of_a_check_raises_naming_it(lenient, call, name):
    with pytest.raises(ValueError, match=name):
        call()
