"""Every public callable of lessons_lib against hostile input (issue 16): property-based.

The callables are listed by introspection (every public function, class and public method of
every lessons_lib module), so a new function is covered the day it is added. For each one,
hypothesis replaces ONE argument at a time with a hostile value (NaN, inf, empty, wrong shape,
wrong dtype, out of range, text, None) while the other arguments keep a good value, and accepts
only three outcomes:

1. a normal return; then, if every argument was finite, no NaN or inf in the result;
2. a ValueError or TypeError raised by lessons_lib's own code whose message names an argument
   (never numpy's, Python's or TensorFlow's internal message);
3. a documented exception (``DOCUMENTED``).

Good values come from ``GOOD`` (keyed by parameter name) and ``GOOD_FOR`` (keyed by
"callable.parameter" where one name means different shapes in different places). A new
callable whose required parameter has no good value fails with a message saying what to add
here. Methods run on an object built from good values; a method other than ``forward``/``fit``
first runs ``forward``/``fit`` on good values (backward needs a forward pass).

Not covered here, on purpose (``NOT_COVERED``): the modules issue 21 is rewriting (their checks
join this suite when it lands), and the two functions that train a full CNN for minutes on any
input they accept (their argument checks have their own tests).
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
import re
import traceback
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lessons_lib

LIB = str(Path(lessons_lib.__file__).resolve().parent)

NOT_COVERED = {
    "lessons_lib.gates": "lesson 01's shown code: its one-line argument helpers are tested in test_gates.py",
    "lessons_lib.xor": "lesson 02's shown code: its argument helpers are tested in test_xor.py",
    "lessons_lib.checks": "the exercise checks: tests/test_checks.py feeds them wrong answers of every kind",
    "lessons_lib.nets.Network": "an abstract base (no layers of its own): its methods run through TwoLayerNet",
    "lessons_lib.exercises": "reference answers and input generators, called only by the checks",
    "lessons_lib.progress.keras_callback": "takes a ProgressBoard; a wrong one fails in Keras's fit",
    "lessons_lib.keras_models.train_deeper_cnn": "trains a deeper CNN for 10 epochs on any accepted input",
    "lessons_lib.keras_models.load_or_train_deeper_cnn": "the same, behind a saved-weights lookup",
    "lessons_lib.neurons.fit_in_order": "lesson 07's shown loop, written as a method of self: it is "
                                        "Neuron.fit and LogisticNeuron.fit, which this suite covers",
    "lessons_lib.neurons.BatchNeuron": "lesson 07's shown batch step, a part of SingleLayer with no "
                                       "settings or loop of its own: SingleLayer covers it",
}

# Callables that still fail this suite, each with why it is not fixed yet. They run as strict
# xfails: when one starts passing, the suite fails until it is removed from this list. Issue 16
# asks for none; shrink this list, never grow it without a reason.
KNOWN_GAPS: dict[str, str] = {}

# Exceptions a docstring promises, as (type, words in the message).
DOCUMENTED = [
    (RuntimeError, "called before forward"),
    (FileNotFoundError, "MNIST file not found"),
]

# Messages that come from numpy, Python or TensorFlow internals, not from a lessons_lib check.
INTERNAL = re.compile(
    r"could not convert|could not broadcast|operands could not be broadcast|cannot reshape|out of bounds|"
    r"not supported between instances|unsupported operand|object is not (iterable|subscriptable|callable)|"
    r"has no attribute|NoneType|truth value of an|invalid literal|ufunc|takes \d+ positional|"
    r"Cannot convert|setting an array element|inhomogeneous|unhashable|must be real number, not|"
    r"object of type|argument must be|Exception encountered when calling|Graph execution error|"
    r"only integer scalar arrays|index \d+ is out of bounds|zero-size array|division by zero|"
    r"list index out of range|can't multiply|not enough values to unpack|too many values to unpack")

# ------------------------------------------------------------------------------------ good values


def _keras_model():
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6, 6, 1)), keras.layers.Conv2D(2, 3, name="conv"),
                              keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _keras_input(shape):
    def make():
        import keras

        return keras.Input(shape)
    return make


def _rows(n=4, d=3, seed=0):
    return lambda: np.random.default_rng(seed).standard_normal((n, d))


def _labels(n=4, classes=3):
    return lambda: np.arange(n) % classes


def _net():
    from lessons_lib.nets import TwoLayerNet

    return TwoLayerNet(3, 4, 3, dtype=np.float64)


GOOD = {
    # arrays of numbers: (N, D) = (4, 3), three classes
    "x": _rows(), "y": _rows(seed=1), "dout": _rows(seed=2), "W": _rows(3, 2), "b": lambda: np.zeros(2),
    "a": lambda: np.array([0.2, 0.9, 0.5, 0.1]), "t": _labels(), "labels": _labels(),
    "gamma": lambda: np.ones(3), "beta": lambda: np.zeros(3), "array": lambda: np.arange(6.0),
    "probabilities": lambda: np.full((4, 3), 1 / 3), "values": lambda: np.arange(30.0),
    "member_probabilities": lambda: [np.full((4, 3), 1 / 3), np.eye(3)[[0, 1, 2, 0]]],
    "images": lambda: np.zeros((2, 6, 6)), "col": lambda: np.zeros((4, 9)), "err": lambda: np.ones(4) * 0.1,
    "z": lambda: np.linspace(-3, 3, 4), "x_train": _rows(8), "t_train": _labels(8), "x_test": _rows(),
    "t_test": _labels(), "y_train": _labels(8), "y_test": _labels(),
    # sizes and settings
    "filter_h": lambda: 3, "filter_w": lambda: 3, "filter_size": lambda: 3, "size": lambda: 6,
    "kernel_size": lambda: 3, "in_channels": lambda: 2, "out_channels": lambda: 4, "filters": lambda: 4,
    "input_size": lambda: 3, "output_size": lambda: 3, "hidden_size": lambda: 4, "hidden_sizes": lambda: [4],
    "n_in": lambda: 100, "epochs": lambda: 2, "steps_per_epoch": lambda: 5, "learning_rate": lambda: 0.01,
    "iteration": lambda: 1, "loss": lambda: 0.5, "weight_init": lambda: "he", "kind": lambda: "conv",
    "stride": lambda: 1, "dy": lambda: 1, "dx": lambda: -1, "seed": lambda: 0, "batch": lambda: 0,
    "filters_1x1": lambda: 2, "reduce_3x3": lambda: 2, "filters_3x3": lambda: 2, "reduce_5x5": lambda: 2,
    "filters_5x5": lambda: 2, "pool_projection": lambda: 2,
    # config
    "name": lambda: "09.property.value", "value": lambda: 0.5, "lesson": lambda: "09", "full": lambda: 20,
    "quick": lambda: 2,
    # structures
    "stack": lambda: _stack(), "params": lambda: {"W": np.ones((2, 2))}, "grads": lambda: {"W": np.ones((2, 2))},
    "history": lambda: {"loss": [1.0, 0.5], "accuracy": [0.5, 0.7], "train_acc": [0.5, 0.9], "test_acc": [0.5, 0.8]},
    "curves": lambda: {"train": [1.0, 0.5], "test": [1.1, 0.7]},
    "nodes": lambda: {"x": (0, 0, "x"), "y": (1, 0, "y")}, "edges": lambda: [("x", "y", "1.0", "0.5")],
    "layers": lambda: [["x1", "x2"], ["y"]],
    "results": lambda: {"he": {"activations": [np.full((4, 3), 0.5)] * 2}},
    "f": lambda: (lambda *args: 1.0), "net": _net, "optimizer": lambda: _sgd(), "model": _keras_model,
    "models": lambda: [_keras_model()], "metrics": lambda: ("loss", "accuracy"),
}

GOOD_FOR = {
    "Conv2D.W": lambda: np.random.default_rng(0).standard_normal((2, 1, 3, 3)), "Conv2D.b": lambda: np.zeros(2),
    "Conv2D.forward.x": lambda: np.random.default_rng(0).standard_normal((2, 1, 5, 5)),
    "Conv2D.backward.dout": lambda: np.ones((2, 2, 3, 3)),
    "MaxPool2D.forward.x": lambda: np.random.default_rng(0).standard_normal((2, 1, 4, 4)),
    "MaxPool2D.backward.dout": lambda: np.ones((2, 1, 2, 2)),
    "im2col.x": lambda: np.zeros((2, 1, 5, 5)), "Conv2D.output_shape.input_shape": lambda: (2, 1, 5, 5),
    "MaxPool2D.output_shape.input_shape": lambda: (2, 1, 4, 4), "col2im.input_shape": lambda: (1, 1, 4, 4),
    "SoftmaxWithLoss.backward.dout": lambda: 1.0, "BatchNorm.backward.dout": _rows(seed=3),
    "Affine.backward.dout": _rows(4, 2), "Affine.forward.x": _rows(),
    "numerical_derivative.x": lambda: 1.0, "numerical_gradient.x": lambda: np.array([1.0, 2.0]),
    "numerical_gradient_of.x": lambda: np.array([1.0, 2.0]), "numerical_gradient_of.f": lambda: (lambda v: v * 2),
    "numerical_gradient_of.dout": lambda: np.ones(2),
    "rel_error.a": lambda: np.ones(3), "rel_error.b": lambda: np.ones(3) * 1.1,
    "relative_difference.a": lambda: np.ones(3), "relative_difference.b": lambda: np.ones(3) * 1.1,
    "logistic_loss.y": lambda: np.array([0.0, 1.0, 1.0, 0.0]),
    "cross_entropy_error.y": lambda: np.full((4, 3), 1 / 3),
    "Neuron.fit.x": lambda: np.linspace(0, 1, 6), "Neuron.fit.y": lambda: np.linspace(1, 3, 6),
    "Neuron.forpass.x": lambda: np.linspace(0, 1, 6), "Neuron.backprop.x": lambda: 0.5, "Neuron.backprop.err": lambda: 0.1,
    "LogisticNeuron.fit.y": lambda: np.array([0, 1, 1, 0]), "LogisticNeuron.forpass.x": _rows(),
    "SingleLayer.fit.y": lambda: np.array([0, 1, 1, 0]),
    "show_digits.images": lambda: np.zeros((2, 28, 28)), "plot_layer_graph.layer": lambda: "affine",
    "draw_receptive_fields.rows": lambda: [{"layer": "conv", "receptive_field": 3}],
    "draw_receptive_fields.image": lambda: np.zeros((6, 6)),
    "residual_block.x": _keras_input((6, 6, 4)), "inception_block.x": _keras_input((6, 6, 4)),
    "conv_bn.x": _keras_input((6, 6, 4)), "vgg_block.x": _keras_input((6, 6, 4)),
    "vgg_block.filters": lambda: (4, 4), "batch_norm_forward.gamma": lambda: np.ones(3),
    "batch_norm_forward.beta": lambda: np.zeros(3), "batch_norm_backward.dout": _rows(seed=3),
    "batch_norm_backward.cache": lambda: _batch_norm_cache(),
    "layer_gradient_norms.x": lambda: np.zeros((2, 6, 6, 1)), "layer_gradient_norms.y": lambda: np.array([0, 1]),
    "shifted_views_probabilities.x": lambda: np.zeros((2, 6, 6, 1)),
    "ensemble_probabilities.x": lambda: np.zeros((2, 6, 6, 1)),
    "train_and_evaluate.model": lambda: _keras_model(), "train_and_evaluate.x_train": lambda: np.zeros((4, 6, 6, 1)),
    "train_and_evaluate.x_test": lambda: np.zeros((2, 6, 6, 1)), "train_and_evaluate.y_train": _labels(4),
    "train_and_evaluate.y_test": _labels(2), "train_and_evaluate.epochs": lambda: 1,
    "train.net": _net, "train.epochs": lambda: 1,
    "StopOnNonFiniteLoss.on_train_batch_end.logs": lambda: {"loss": 0.5},
    "to_one_hot.labels": _labels(), "show_images.images": lambda: np.zeros((2, 6, 6)),
    # lesson 05
    "l2_penalty.weights": lambda: [np.ones((2, 2)), np.ones((3, 1))], "l2_penalty.weight_decay": lambda: 0.1,
    "l2_penalty_gradient.weight_decay": lambda: 0.1,
    "validation_sweep.setting": lambda: "weight_decay", "validation_sweep.values": lambda: [0.0, 0.1],
    "validation_sweep.train_data": lambda: (np.zeros((4, 784)), _labels()()),
    "validation_sweep.validation": lambda: (np.zeros((2, 784)), _labels(2)()),
    "validation_sweep.hidden": lambda: (4,), "validation_sweep.epochs": lambda: 1,
    "validation_sweep.lr": lambda: 0.01,
    "regularized_mlp.dropout_rate": lambda: 0.2, "regularized_mlp.l2": lambda: 0.001,
    "regularized_mlp.name": lambda: "regularized_mlp",
    # lesson 04
    "deep_activations.activation": lambda: "relu", "as_deep_inputs.activation": lambda: "relu",
    "as_deep_inputs.n_layers": lambda: 2, "as_tanh_dout.layer": lambda: _tanh_after_forward(),
    "lab10_mlp.kernel_initializer": lambda: "he_normal", "lab10_arguments.kernel_initializer": lambda: "he_normal",
    "lab10_arguments.hidden_units": lambda: 4,
}


def _batch_norm_cache():
    from lessons_lib.layers import batch_norm_forward

    return batch_norm_forward(_rows()(), np.ones(3), np.zeros(3))[1]


def _tanh_after_forward():
    from lessons_lib.initialization import Tanh

    layer = Tanh()
    layer.forward(np.random.default_rng(0).standard_normal((4, 3)))
    return layer


def _stack():
    from lessons_lib.architectures import conv_spec, pool_spec

    return [conv_spec(3, 4), pool_spec(2)]


def _sgd():
    from lessons_lib.optimizers import SGD

    return SGD(0.1)


# ---------------------------------------------------------------------------------- hostile values

_shapes = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4)
FINITE = st.one_of(
    hnp.arrays(np.float64, _shapes, elements=st.floats(-10, 10)),
    hnp.arrays(np.int64, _shapes, elements=st.integers(-3, 12)),
    st.lists(st.floats(-10, 10), max_size=4),
    st.sampled_from([0, 1, 2, -1, 3, 12, -12, 0.5, -0.5, 1.5, True, False]),  # no huge sizes: memory
)
NON_FINITE = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf, np.float32("nan")]),
    st.builds(lambda a, bad, where: _poke(a, bad, where),
              hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4),
                         elements=st.floats(-10, 10)),
              st.sampled_from([math.nan, math.inf, -math.inf]), st.integers(0, 255)),
)
ODD = st.one_of(
    st.sampled_from([None, "", "abc", "3", b"x", [], (), {}, [1, "a"], [[1, 2], [3]], {"a": 1}, 1 + 2j]),
    hnp.arrays(st.sampled_from([np.float16, np.complex128, np.bool_, np.uint8, "U3", object]),
               hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3)),
)
HOSTILE = st.one_of(FINITE, NON_FINITE, ODD)


def _poke(array, bad, where):
    array = array.copy()
    array.flat[where % array.size] = bad
    return array


def _non_finite(value) -> bool:
    """True if ``value`` holds a NaN or inf anywhere (numbers, arrays, lists, tuples, dicts)."""
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        return False
    if isinstance(value, (int, np.integer)):
        return False
    if isinstance(value, (float, np.floating, complex, np.complexfloating)):
        return not np.isfinite(value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "fc" and not np.isfinite(value).all()
    if isinstance(value, dict):
        return any(_non_finite(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_non_finite(v) for v in value)
    return False


# ------------------------------------------------------------------------------ public callables

def _modules():
    for info in pkgutil.iter_modules(lessons_lib.__path__):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"lessons_lib.{info.name}")


def public_callables():
    """[(qualified name, owner class or None, callable)] of every public function, class and
    public method defined in lessons_lib (re-exports are listed once, where they are defined)."""
    found = []
    for module in _modules():
        if module.__name__ in NOT_COVERED:
            continue
        for name, obj in sorted(vars(module).items()):
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__ or not callable(obj):
                continue
            qualified = f"{module.__name__}.{name}"
            if qualified in NOT_COVERED:
                continue
            found.append((qualified, None, obj))
            if inspect.isclass(obj):
                for method, function in sorted(vars(obj).items()):
                    if not method.startswith("_") and inspect.isfunction(function):
                        found.append((f"{qualified}.{method}", obj, function))
    return found


CALLABLES = public_callables()


def _good_value(qualified, parameter):
    short = qualified.split(".", 2)[-1]  # "Conv2D.forward" or "im2col"
    for key in (f"{short}.{parameter.name}", f"{short.split('.')[0]}.{parameter.name}"):
        if key in GOOD_FOR:
            return GOOD_FOR[key]()
    if parameter.name in GOOD:
        return GOOD[parameter.name]()
    if parameter.default is not inspect.Parameter.empty:
        return parameter.default
    raise LookupError(f"{qualified}: no good value for its parameter {parameter.name!r}. Add one to GOOD "
                      f"(by parameter name) or GOOD_FOR ('{short}.{parameter.name}') in {__file__}")


def _parameters(function):
    return [p for p in inspect.signature(function).parameters.values()
            if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _call(function, parameters, values):
    positional = [values[p.name] for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    keywords = {p.name: values[p.name] for p in parameters if p.kind == p.KEYWORD_ONLY}
    return function(*positional, **keywords)


def _instance(qualified, owner):
    """An object of ``owner`` built from good values, run through forward/fit if it has one."""
    class_name = qualified.rsplit(".", 1)[0]
    parameters = _parameters(owner.__init__) if owner.__init__ is not object.__init__ else []
    obj = _call(owner, parameters, {p.name: _good_value(class_name, p) for p in parameters})
    method = qualified.rsplit(".", 1)[1]
    for prepare in ("forward", "fit"):
        if hasattr(obj, prepare) and method != prepare:
            steps = _parameters(getattr(owner, prepare))
            _call(getattr(obj, prepare), steps, {p.name: _good_value(f"{class_name}.{prepare}", p) for p in steps})
    return obj


def _names_an_argument(message: str, names) -> bool:
    for name in names:
        pattern = rf"(?<![\w.]){re.escape(name)}(?![\w(])"
        if len(name) <= 2:  # "a", "t", "W": also an English word or a letter in a formula
            pattern += r"(?=\s*(must|contains|labels|rows|has|is|\[|\(|,|:|=|\)|$))"
        if re.search(pattern, message):
            return True
    return False


def _raised_by_lessons_lib(error) -> bool:
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and frames[-1].filename.startswith(LIB)


def _check_outcome(qualified, names, call, finite_input):
    try:
        result = call()
    except (ValueError, TypeError) as error:
        message = str(error)
        assert _raised_by_lessons_lib(error) and not INTERNAL.search(message), (
            f"{qualified}: an internal {type(error).__name__} instead of a check: {message!r}\n"
            + "".join(traceback.format_tb(error.__traceback__)[-2:]))
        assert _names_an_argument(message, names), (
            f"{qualified}: {type(error).__name__} does not name an argument ({names}): {message!r}")
        return
    except Exception as error:  # noqa: BLE001 - the point of the test
        if any(isinstance(error, kind) and words in str(error) for kind, words in DOCUMENTED):
            return
        raise AssertionError(f"{qualified}: undocumented {type(error).__name__}: {error}") from error
    finally:
        import matplotlib.pyplot as plt

        plt.close("all")
    if finite_input:
        assert not _non_finite(result), f"{qualified}: NaN or inf in the result of finite input: {result!r:.300}"


def _cases():
    cases = []
    for qualified, owner, function in CALLABLES:
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[qualified])] if qualified in KNOWN_GAPS else []
        cases.append(pytest.param(qualified, owner, function, id=qualified.replace("lessons_lib.", ""), marks=marks))
    return cases


@pytest.fixture(autouse=True)
def _quiet_build_dir(tmp_path, monkeypatch):
    import matplotlib

    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    with matplotlib.rc_context():  # plots.setup changes rcParams: keep them from later tests
        yield


def test_every_module_is_listed_and_the_exclusions_exist():
    modules = {module.__name__ for module in _modules()}
    listed = {qualified.rsplit(".", 1)[0] for qualified, owner, _ in CALLABLES if owner is None}
    assert modules - set(NOT_COVERED) <= listed, "a module has no public callable in the suite"
    for excluded in NOT_COVERED:
        parent, _, name = excluded.rpartition(".")
        assert excluded in modules or hasattr(importlib.import_module(parent), name), \
            f"NOT_COVERED names {excluded}, which no longer exists: remove it"
    assert len(CALLABLES) > 100
    assert set(KNOWN_GAPS) <= {qualified for qualified, _, _ in CALLABLES}, "KNOWN_GAPS names a callable that is gone"


@pytest.mark.parametrize("qualified, owner, function", _cases())
def test_hostile_input_gives_the_answer_or_a_clear_error(qualified, owner, function):
    parameters = _parameters(function)
    if not parameters:  # nothing to corrupt: it must simply work
        target = _instance(qualified, owner) if owner else None
        _check_outcome(qualified, [], lambda: function(target) if owner else function(), True)
        return
    good = {p.name: _good_value(qualified, p) for p in parameters}  # fails here if a value is missing
    slow = "keras" in qualified or "architectures" in qualified or "plots" in qualified

    @settings(max_examples=6 if slow else 15, deadline=None, derandomize=True, database=None, report_multiple_bugs=False,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.reuse, Phase.generate])
    @given(index=st.integers(0, len(parameters) - 1), hostile=HOSTILE)
    def check(index, hostile):
        values = {p.name: _good_value(qualified, p) for p in parameters}
        values[parameters[index].name] = hostile
        target = _instance(qualified, owner) if owner else None
        call = (lambda: _call(function.__get__(target), parameters, values)) if owner else \
            (lambda: _call(function, parameters, values))
        names = [p.name for p in parameters]
        if owner:
            names += [p.name for p in _parameters(owner.__init__)] if owner.__init__ is not object.__init__ else []
        _check_outcome(qualified, names, call, finite_input=not _non_finite(hostile))

    assert good is not None
    check()
