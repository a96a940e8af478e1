"""lessons_lib.exercises and the code checks that use it: every reference rejects a bad
argument with a ValueError naming it, and every notebook's solution passes its check on
many seeds of fresh inputs (so a student's right answer never fails by chance) while the
wrong answers of tests/v2 fail on all of them."""

from __future__ import annotations

import contextlib
import functools
import inspect
import io

import numpy as np
import pytest
import test_v2_lessons as v2_lessons

from lessons_lib import checks, exercises

# --- the references' argument checks --------------------------------------------------
GENERATOR_OF = {
    "train_until_clean": exercises.separable_points,
    "logistic_gradients": exercises.logistic_data,
    "tanh_mlp_backward": exercises.tanh_network,
    "mlp_parameter_count": exercises.random_hidden_size,
    "penalized_gradient": exercises.penalized_batch,
    "scale_like_training": exercises.new_and_reference_rows,
    "threshold_for_recall": exercises.scored_tumours,
    "inverted_dropout": exercises.dropout_inputs,
    "sgd_step_with_decay": exercises.decay_step_inputs,
    "softmax_regression_gradients": exercises.softmax_regression_data,
    "conv_output_size": exercises.conv_size_case,
    "conv_forward": exercises.conv_case,
    "stable_softmax": exercises.extreme_scores,
    "receptive_field_of": exercises.random_stack,
    "residual_forward": exercises.residual_inputs,
    "glorot_uniform_limit": exercises.fan_sizes,
    "predicted_z2_std": exercises.positive_batch,
    "vgg_conv_parameters": exercises.random_blocks,
    "gradient_ratio": exercises.gradient_ratio_inputs,
}
# Exercise 08.3's reference and probe take a Keras tensor and a block-building function;
# the lesson's check and its wrong answers (tests/v2/lesson_08.py) exercise them.
KERAS_BUILDERS = {"bottleneck_block", "bottleneck_probe"}
HOSTILE = [None, "0.5", np.nan, np.inf, [[1.0, 2.0], [3.0]], object(), True]


def public_functions() -> list:
    return [
        (name, function)
        for name, function in vars(exercises).items()
        if not name.startswith("_")
        and inspect.isfunction(function)
        and function.__module__ == exercises.__name__
    ]


def good_arguments(name: str) -> dict:
    """Good values for every parameter of the public function ``name``."""
    parameters = list(inspect.signature(getattr(exercises, name)).parameters)
    if parameters == ["rng"]:
        return {"rng": np.random.default_rng(0)}
    if name == "separable":
        return {"table": exercises.all_truth_tables()[8][0]}
    values = dict(zip(parameters, GENERATOR_OF[name](np.random.default_rng(3))))
    if name == "train_until_clean":
        values["max_epochs"] = 1000
    return values


ARGUMENTS = [
    (name, parameter)
    for name, function in public_functions()
    if name not in KERAS_BUILDERS
    for parameter in inspect.signature(function).parameters
]


def test_every_public_function_with_arguments_is_covered():
    covered = set(GENERATOR_OF) | {"separable"} | KERAS_BUILDERS
    for name, function in public_functions():
        parameters = list(inspect.signature(function).parameters)
        assert parameters in ([], ["rng"]) or name in covered, f"{name}: add its inputs"


@pytest.mark.parametrize("name, parameter", ARGUMENTS)
def test_a_hostile_argument_raises_a_value_error_naming_it(name, parameter):
    function = getattr(exercises, name)
    function(**good_arguments(name))  # the good values work
    for hostile in HOSTILE:
        values = good_arguments(name)
        if isinstance(values[parameter], bool) and isinstance(hostile, bool):
            continue  # True is a good value of a flag
        values[parameter] = hostile
        with pytest.raises(ValueError, match=parameter):
            function(**values)


TANH_NET = exercises.tanh_network(np.random.default_rng(0))
PARAMS, X, T, H, Y = TANH_NET
P, M = [0.1, 0.2, 0.9], [1, 0, 1]  # scores and labels of three tumours
ONES = np.ones(2)
W_, B_, X_, LABELS = exercises.softmax_regression_data(np.random.default_rng(0))
BAD_LABELS = (W_, B_, X_, LABELS + W_.shape[1])  # a label past the last class
W_, B_, X_, TARGETS = exercises.logistic_data(np.random.default_rng(0))
BAD_TARGETS = (W_, B_, X_, TARGETS + 2)  # targets outside [0, 1]


@pytest.mark.parametrize(
    "name, args, argument",
    [
        (
            "receptive_field_of",
            ([3, 3, 3], [1]),
            "strides",
        ),  # zip would drop two layers
        ("receptive_field_of", ([3, 0], [1, 1]), "kernel_sizes"),
        ("receptive_field_of", ([3, 3.5], [1, 1]), "kernel_sizes"),
        ("receptive_field_of", ([3, 3], [1, 0]), "strides"),
        ("mlp_parameter_count", (-3,), "hidden_size"),
        ("mlp_parameter_count", (0,), "hidden_size"),
        ("mlp_parameter_count", (2.5,), "hidden_size"),
        ("threshold_for_recall", (P, M, 1.5), "min_recall"),
        ("threshold_for_recall", (P, [0, 0, 0], 1), "is_malignant"),
        ("threshold_for_recall", (P, [2, 0, 1], 1), "is_malignant"),
        ("threshold_for_recall", (P[:2], M, 1), "is_malignant"),
        ("threshold_for_recall", ([0.1, np.nan, 0.9], M, 1), "p_malignant"),
        ("glorot_uniform_limit", (-1, -2), "fan_in"),
        ("glorot_uniform_limit", (0, 0), "fan_in"),
        ("glorot_uniform_limit", (3, 2.0), "fan_out"),
        ("predicted_z2_std", (np.ones(5), 0.1), "x"),
        ("predicted_z2_std", (np.ones((2, 5)), -0.1), "sigma"),
        ("tanh_mlp_backward", (PARAMS, X[:, 0], T, H, Y), "X"),
        ("tanh_mlp_backward", (PARAMS, X, T, H[:, :1], Y), "H"),
        ("tanh_mlp_backward", ({"W2": PARAMS["W2"]}, X, T, H, Y), "params"),
        ("tanh_mlp_backward", ([1, 2], X, T, H, Y), "params"),
        ("inverted_dropout", (np.ones(3), [1, 0], 0.5), "mask"),
        ("inverted_dropout", (ONES, [2, 0], 0.5), "mask"),
        ("inverted_dropout", (ONES, [1, 0], 1.0), "rate"),
        ("sgd_step_with_decay", (ONES, np.ones(3), 0.1, 0), "dW"),
        ("sgd_step_with_decay", (ONES, ONES, 0, 0), "lr"),
        ("sgd_step_with_decay", (ONES, ONES, 1, -1), "weight_decay"),
        ("scale_like_training", (np.ones((1, 2)), np.ones((3, 2))), "x_reference"),
        ("scale_like_training", (np.ones((1, 3)), np.eye(2)), "x_new"),
        ("stable_softmax", (np.ones((2, 2)),), "z"),
        ("stable_softmax", ([],), "z"),
        ("separable", ([1, 0, 1],), "table"),
        ("separable", ([1, 0, 1, 2],), "table"),
        ("train_until_clean", ([[0, 0], [1, 1]], [0, 1], 1, 0), "max_epochs"),
        ("separable_points", (0,), "rng"),
        ("softmax_regression_gradients", BAD_LABELS, "t"),
        ("logistic_gradients", BAD_TARGETS, "T"),
    ],
)
def test_the_findings_bad_arguments_are_named(name, args, argument):
    with pytest.raises(ValueError, match=argument):
        getattr(exercises, name)(*args)


def test_good_arguments_give_the_lessons_formulas():
    assert exercises.receptive_field_of([3, 3, 2, 3], [1, 1, 2, 1]) == 10
    assert exercises.receptive_field_of([], []) == 1  # no layer: one pixel
    assert exercises.receptive_field_of(np.array([7, 3]), (2, 1)) == 11
    assert exercises.mlp_parameter_count(np.int64(2)) == 9
    assert exercises.glorot_uniform_limit(3, 3) == 1.0
    assert exercises.threshold_for_recall([0.1, 0.2, 0.9], [1, 0, 1], 0.5) == 0.9
    assert exercises.threshold_for_recall([0.1, 0.2, 0.9], [1, 0, 1], 1.0) == 0.1
    # n = 2, sigma = 0.5, E[x^2] = 1: Var(z1) = 0.5, E[a1^2] = 0.25, Var(z2) = 0.125
    assert exercises.predicted_z2_std(np.ones((3, 2)), 0.5) == pytest.approx(0.125**0.5)
    as_lists = {key: value.tolist() for key, value in PARAMS.items()}
    from_lists = exercises.tanh_mlp_backward(
        as_lists, X.tolist(), T.tolist(), H.tolist(), Y.tolist()
    )
    from_arrays = exercises.tanh_mlp_backward(PARAMS, X, T, H, Y)
    assert checks.same_value(from_lists, from_arrays, rtol=0, atol=0)


def test_every_softmax_draw_defeats_the_naive_shifts():
    """Each draw of 06.4's inputs overflows exp(z), exp(z - min z) and exp(z - mean z),
    and needs the normalization, so that one draw is enough to reject each wrong
    answer."""
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for seed in range(300):
            (z,) = exercises.extreme_scores(np.random.default_rng(seed))
            assert len(z) >= 4 and np.abs(z).max() <= 5000
            right = exercises.stable_softmax(z)
            for shift in (0, z.min(), z.mean()):
                naive = np.exp(z - shift) / np.exp(z - shift).sum()
                assert not checks.same_value(naive, right)
            assert not checks.same_value(np.exp(z - z.max()), right)


# --- the notebooks' solutions and wrong answers through their checks, on many seeds ---
SEEDS = 200
SLOW = {"01.3": (3, 2), "01.4": (1, 20), "04.2": (20, 20)}  # label: (seeds, trials)
CODE_CHECKS = ("check_function(", "check_layer(")


def code_exercises() -> list:
    found = []
    for lesson in v2_lessons.V2_LESSONS:
        for label, (_, check) in v2_lessons.exercises(
            v2_lessons.notebook(lesson)
        ).items():
            if any(name in check for name in CODE_CHECKS):
                found.append((lesson, label))
    return found


@functools.lru_cache(maxsize=None)
def lesson_namespace(lesson: str) -> dict:
    with contextlib.redirect_stdout(io.StringIO()):
        return v2_lessons.lesson_namespace(v2_lessons.notebook(lesson))


def failing_seeds(
    lesson: str, label: str, answer: str, seeds: int, trials: int
) -> list:
    """The seeds on which exercise ``label``'s check rejects ``answer``."""
    _, check = v2_lessons.exercises(v2_lessons.notebook(lesson))[label]
    namespace = dict(lesson_namespace(lesson))
    exec(answer, namespace)
    failed = []
    for seed in range(seeds):
        namespace["check_function"] = functools.partial(
            checks.check_function, seed=seed, trials=trials
        )
        namespace["check_layer"] = functools.partial(checks.check_layer, seed=seed)
        try:  # strict: a failed check raises, before the code after it in the cell
            with contextlib.redirect_stdout(io.StringIO()):
                exec(check, namespace)
        except AssertionError:
            failed.append(seed)
    return failed


@pytest.fixture
def strict(monkeypatch):
    monkeypatch.setattr(checks, "STRICT", True)
    monkeypatch.setattr(checks, "RESULTS", {})


@pytest.mark.parametrize("lesson, label", code_exercises())
def test_each_solution_passes_its_check_on_every_seed(strict, lesson, label):
    seeds, trials = SLOW.get(label, (SEEDS, 20))
    solution, _ = v2_lessons.exercises(v2_lessons.notebook(lesson))[label]
    failed = failing_seeds(lesson, label, solution, seeds, trials)
    assert not failed, f"exercise {label}: the solution fails on seeds {failed[:10]}"


@pytest.mark.parametrize("lesson, label", code_exercises())
def test_each_wrong_code_answer_fails_its_check_on_every_seed(strict, lesson, label):
    seeds, trials = SLOW.get(label, (50, 20))
    for wrong in v2_lessons.WRONG_ANSWERS[label]:
        failed = failing_seeds(lesson, label, wrong, min(seeds, 50), trials)
        assert len(failed) == min(seeds, 50), f"exercise {label} passed:\n{wrong}"
