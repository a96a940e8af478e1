"""The probe of issue 16, kept as tests: inf is refused where NaN is, a diverging run stops at its
first non-finite loss with one clear message, and the accuracy/loss helpers refuse impossible
input instead of returning a plausible number."""

import numpy as np
import pytest

from lessons_lib import functions as F
from lessons_lib.architectures import conv_parameter_count, conv_spec
from lessons_lib.conv import Conv2D
from lessons_lib.gradients import numerical_gradient, numerical_gradient_of
from lessons_lib.layers import Add, Affine, BatchNorm, Multiply, ReLU, SoftmaxWithLoss
from lessons_lib.nets import MultiLayerNet, TwoLayerNet
from lessons_lib.neurons import LogisticNeuron, Neuron, SingleLayer, logistic_loss
from lessons_lib.optimizers import SGD, AdaGrad, Adam, Momentum
from lessons_lib.regularization import ensemble_accuracy_curve
from lessons_lib.training import check_loss, train

INF = np.inf
DIVERGED = r"loss became (inf|nan|-inf) at iteration \d+: lower the learning rate"


# ------------------------------------------------------------------------ inf at the boundary

@pytest.mark.parametrize("make, name", [
    (lambda: Affine(np.ones((2, 2)), np.zeros(2)).forward(np.array([[1.0, INF]])), "x contains inf"),
    (lambda: Affine(np.array([[INF, 0.0], [0.0, 1.0]]), np.zeros(2)), "W contains inf"),
    (lambda: Conv2D(np.ones((1, 1, 2, 2)), np.zeros(1)).forward(np.full((1, 1, 3, 3), -INF)), "x contains inf"),
    (lambda: BatchNorm(np.ones(2), np.zeros(2)).forward(np.array([[1.0, 2.0], [INF, 0.0]])), "x contains inf"),
    (lambda: SoftmaxWithLoss().forward(np.array([[INF, 0.0]]), np.array([0])), "x contains inf"),
    (lambda: SGD(lr=INF), "lr must be a positive number"),
    (lambda: Adam(lr=INF), "lr must be a positive number"),
    (lambda: AdaGrad(initial_accumulator=INF), "initial_accumulator"),
    (lambda: F.softmax(np.array([INF, 0.0])), "x contains inf"),
    (lambda: Neuron(learning_rate=INF), "learning_rate"),
])
def test_inf_is_refused_where_nan_is(make, name):
    with pytest.raises(ValueError, match=name):
        make()


@pytest.mark.parametrize("optimizer", [SGD(), Momentum(), AdaGrad(), Adam()])
def test_an_inf_gradient_is_refused_and_nothing_is_half_updated(optimizer):
    params = {"W1": np.ones(2), "W2": np.ones(2)}
    with pytest.raises(ValueError, match=r"grads\['W2'\] must hold finite numbers.*lower the learning rate"):
        optimizer.update(params, {"W1": np.ones(2), "W2": np.array([1.0, INF])})
    assert np.array_equal(params["W1"], np.ones(2)), "W1 was updated before W2 was found bad"


def test_cosine_decay_refuses_an_infinite_learning_rate():
    keras_models = pytest.importorskip("lessons_lib.keras_models")
    with pytest.raises(ValueError, match="learning_rate"):
        keras_models.cosine_decay(INF, 2, 10)


# -------------------------------------------------------------- diverging runs stop at once

def _digits(n=200, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 20)).astype(np.float32), rng.integers(0, 3, n)


@pytest.mark.parametrize("optimizer", [SGD(lr=1e30), Momentum(lr=1e20), Adam(lr=1e30)])
def test_train_stops_at_the_first_non_finite_loss(optimizer):
    x, t = _digits()
    with pytest.raises(ValueError, match=DIVERGED):
        train(TwoLayerNet(20, 10, 3), optimizer, x, t, epochs=20, batch_size=50, progress=False)


def test_check_loss_names_the_iteration():
    assert check_loss(np.float32(0.5), 3) == 0.5
    with pytest.raises(ValueError, match="loss became inf at iteration 12: lower the learning rate"):
        check_loss(np.inf, 12)


def test_neurons_stop_instead_of_training_on_to_nan():
    x = np.linspace(0, 10, 50)
    with pytest.raises(ValueError, match=DIVERGED):
        Neuron(learning_rate=1.0).fit(x, 3 * x + 1)
    features, labels = np.c_[x, x] * 1e10, (x > 5).astype(int)
    with pytest.raises(ValueError, match=DIVERGED):
        LogisticNeuron(learning_rate=1e308).fit(features, labels)
    with pytest.raises(ValueError, match=DIVERGED):
        SingleLayer(learning_rate=1e300, l2=1.0).fit(np.c_[x, x], labels)


def test_keras_training_stops_at_the_first_non_finite_loss():
    keras = pytest.importorskip("keras")
    from lessons_lib.keras_models import mlp, train_and_evaluate

    x, t = _digits(64)
    keras.utils.set_random_seed(0)  # some random starts die at once (every ReLU off): finite loss
    with pytest.raises(ValueError, match=DIVERGED):
        train_and_evaluate(mlp((8,), input_shape=(20,), num_classes=3), x, t, x, t, epochs=3, batch_size=16,
                           optimizer=keras.optimizers.SGD(1e30), verbose=0)
    with pytest.raises(ValueError, match="epochs must be a positive int"):
        train_and_evaluate(mlp((8,), input_shape=(20,), num_classes=3), x, t, x, t, epochs=0)


# ------------------------------------------------------ impossible input, not a plausible number

def test_cross_entropy_refuses_logits_and_uses_soft_labels():
    with pytest.raises(ValueError, match="y must hold probabilities.*softmax"):
        F.cross_entropy_error(np.array([[2.0, 1.0, 0.1]]), np.array([0]))
    y, soft = np.array([[0.7, 0.2, 0.1]]), np.array([[0.5, 0.5, 0.0]])
    expected = -(0.5 * np.log(0.7) + 0.5 * np.log(0.2))
    assert F.cross_entropy_error(y, soft) == pytest.approx(expected, rel=1e-9)
    assert F.cross_entropy_error(y, soft) != pytest.approx(F.cross_entropy_error(y, np.array([0])))


def test_logistic_loss_does_not_broadcast():
    y = np.array([0.0, 1.0, 1.0, 0.0])
    a = np.array([0.1, 0.9, 0.8, 0.2])
    assert logistic_loss(y, a) == pytest.approx(-np.mean(np.log([0.9, 0.9, 0.8, 0.8])))
    with pytest.raises(ValueError, match="a must"):
        logistic_loss(y, a[:, np.newaxis])
    with pytest.raises(ValueError, match="a must"):
        logistic_loss(y, np.array([0.1, 0.9, np.nan, 0.2]))


@pytest.mark.parametrize("t, batch_size, x_rows, message", [
    (np.array([0, 1, 7, 2]), 1000, 4, "t must lie in 0..2"),
    (np.eye(4)[[0, 1, 2, 3]], 1000, 4, r"t must be labels \(4,\) or one-hot rows \(4, 3\)"),
    (np.array([0, 1, 2, 0]), -1, 4, "batch_size must be a positive int"),
    (np.zeros(0, dtype=int), 1000, 0, "x is empty"),
])
def test_net_accuracy_refuses_impossible_input(t, batch_size, x_rows, message):
    net = MultiLayerNet(3, [4], 3)
    with pytest.raises(ValueError, match=message):
        net.accuracy(np.ones((x_rows, 3)), t, batch_size=batch_size)


def test_keras_accuracy_refuses_nan_rows_and_labels_out_of_range():
    from lessons_lib.keras_models import accuracy

    probabilities = np.array([[np.nan, np.nan], [0.2, 0.8]])
    with pytest.raises(ValueError, match="probabilities contains NaN"):
        accuracy(probabilities, np.array([0, 1]))
    with pytest.raises(ValueError, match="labels must lie in 0..1"):
        accuracy(np.array([[0.8, 0.2], [0.2, 0.8]]), np.array([0, 5]))
    with pytest.raises(ValueError, match="probabilities must have shape"):
        accuracy(np.zeros((0, 2)), np.zeros(0, dtype=int))
    assert accuracy(np.array([[0.8, 0.2], [0.2, 0.8]]), np.array([0, 0])) == 0.5


def test_ensemble_curve_refuses_labels_out_of_range():
    with pytest.raises(ValueError, match="labels must lie in 0..2"):
        ensemble_accuracy_curve([np.full((2, 3), 1 / 3)], np.array([0, 3]))


def test_numerical_gradient_refuses_float16_and_a_wrong_dout():
    with pytest.raises(ValueError, match="float32 or float64"):
        numerical_gradient(lambda: 1.0, np.array([1.0, 2.0], dtype=np.float16))
    x = np.array([1000.0, 2.0], dtype=np.float32)
    with pytest.raises(ValueError, match="below the resolution"):
        numerical_gradient(lambda: float(np.sum(x ** 2)), x, h=1e-5)
    with pytest.raises(ValueError, match=r"dout must have the shape of f\(x\) \(2,\)"):
        numerical_gradient_of(lambda v: v * 2, np.array([1.0, 2.0]), np.ones((3, 2)))


@pytest.mark.parametrize("bias", ["no", 0, None, "False"])
def test_conv_parameter_count_bias_must_be_a_bool(bias):
    with pytest.raises(ValueError, match="bias must be True or False"):
        conv_parameter_count(3, 1, 8, bias=bias)
    with pytest.raises(ValueError, match="bias must be True or False"):
        conv_spec(3, 8, bias=bias)
    assert conv_parameter_count(3, 1, 8, bias=False) == 72


# ------------------------------------------- the second probe (2026-11-30): what it still found

@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.uint16, np.int64])
def test_softmax_of_integers_does_not_wrap_around(dtype):
    info = np.iinfo(dtype)  # x - max(x) wraps around at the type's ends
    x = np.array([[info.min, info.max], [0, 3]], dtype=dtype)
    assert np.allclose(F.softmax(x), F.softmax(x.astype(np.float64)))


def test_training_data_with_nan_is_blamed_on_the_data_not_the_learning_rate():
    x = np.random.default_rng(0).standard_normal((40, 4))
    t = (x[:, 0] > 0).astype(int)
    x[3, 1] = np.nan
    with pytest.raises(ValueError, match="x_train contains NaN: fix the data"):
        train(MultiLayerNet(4, [5], 2), SGD(0.01), x, t, epochs=1, progress=False)


def test_train_names_a_class_given_for_an_optimizer_and_a_string_for_a_flag():
    x = np.random.default_rng(0).standard_normal((40, 4))
    t = (x[:, 0] > 0).astype(int)
    with pytest.raises(ValueError, match="optimizer must be an object, not the class SGD"):
        train(MultiLayerNet(4, [5], 2), SGD, x, t, epochs=1, progress=False)
    with pytest.raises(ValueError, match="progress must be True or False"):
        train(MultiLayerNet(4, [5], 2), SGD(0.01), x, t, epochs=1, progress="no")


def _first_inf_squared_loss(learning_rate, x, y):
    """The update at which the linear neuron's loss (y - y_hat)^2 / 2 first overflows,
    by the book's loop written out here independently."""
    w = b = 1.0
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, 10_000):
            x_i, y_i = x[(k - 1) % len(x)], y[(k - 1) % len(x)]
            err = -(y_i - (w * x_i + b))
            if not np.isfinite(err * err / 2):
                return k
            w, b = w - learning_rate * x_i * err, b - learning_rate * err
    raise AssertionError("did not diverge")


@pytest.mark.parametrize("learning_rate, x, y", [
    (1e3, [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]),
    (0.5, [3.0, -2.0, 5.0, 1.0], [1.0, 0.0, 2.0, 1.0]),
])
def test_a_diverging_neuron_names_the_update_where_its_loss_became_inf(learning_rate, x, y):
    k = _first_inf_squared_loss(learning_rate, np.array(x), np.array(y))
    with pytest.raises(ValueError, match=rf"loss became inf at iteration {k}: lower"):
        Neuron(learning_rate).fit(np.array(x), np.array(y), epochs=10_000 // len(x))


def test_a_diverging_single_layer_stops_at_the_first_update_with_an_infinite_penalty():
    x = np.random.default_rng(0).standard_normal((20, 3))
    with pytest.raises(ValueError, match=r"loss became inf at iteration 1: lower"):
        SingleLayer(learning_rate=1.0, l1=1e300, epochs=50).fit(x, (x[:, 0] > 0).astype(int))


@pytest.mark.parametrize("call, message", [
    (lambda n: Neuron().activation("a"), "z must hold real numbers"),
    (lambda n: n.forpass(1.0), r"x must be a sample \(2,\)"),
    (lambda n: n.backprop(np.array([1.0, 2.0, 3.0]), 0.5), r"x must be a sample \(2,\)"),
    (lambda n: n.backprop(np.ones((2, 2)), 0.5), "x must be one sample"),
    (lambda n: LogisticNeuron().fit(np.zeros((4, 0)), [0, 1, 1, 0], 2), "x has no features"),
    (lambda n: Neuron(np.complex128(1 + 1j)), "learning_rate must be a positive number"),
    (lambda n: Neuron(0.1).fit([[1.0], [2.0, 3.0]], [1.0, 2.0], 5), "x must be an array"),
])
def test_per_sample_methods_and_fit_name_bad_arguments(call, message):
    x = np.random.default_rng(0).standard_normal((40, 2))
    fitted = LogisticNeuron(0.1).fit(x, (x[:, 0] > 0).astype(int), epochs=2)
    with pytest.raises(ValueError, match=message):
        call(fitted)


@pytest.mark.parametrize("call, message", [
    (lambda: SoftmaxWithLoss().forward(np.zeros((0, 2)), np.zeros(0, dtype=int)), "empty batch"),
    (lambda: SoftmaxWithLoss().forward(np.ones((2, 2)), np.array([[2.0, -1.0], [0.0, 1.0]])),
     "t rows .* must be probabilities"),
    (lambda: MultiLayerNet(4, [5], 2).loss(np.zeros((0, 4)), np.zeros(0, dtype=int)), "empty batch"),
    (lambda: MultiLayerNet(4, [5], 2, use_batchnorm="no"), "use_batchnorm must be True or False"),
    (lambda: MultiLayerNet(4, [5], 2, weight_init=np.inf), "weight_init must be"),
    (lambda: MultiLayerNet(4, 5.0, 2), "hidden_sizes must be a list"),
    (lambda: MultiLayerNet(4, [5], 2, dtype="banana"), "dtype must be a float type"),
    (lambda: MultiLayerNet(4, [5], 2).predict(np.ones((2, 4)), train="yes"), "train must be True or False"),
    (lambda: numerical_gradient(lambda v: v**2, np.array([1.0, 2.0])), "f must return one number"),
    (lambda: numerical_gradient(lambda v: np.nan, np.array([1.0, 2.0])), "f returned nan"),
    (lambda: numerical_gradient(lambda v: v.sum(), np.frombuffer(np.ones(2).tobytes())), "x must be writeable"),
    (lambda: F.softmax([[1], [1, 2]]), "x must be an array"),
])
def test_impossible_input_found_by_the_second_probe_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_numpy_integer_settings_are_accepted_and_rel_error_does_not_overflow():
    from lessons_lib.gradients import rel_error
    from lessons_lib.layers import Dropout

    assert Dropout(np.int64(0)).rate == 0.0
    assert Momentum(momentum=np.int64(0)).momentum == 0.0
    assert MultiLayerNet(4, [5], 2, weight_init=np.int64(1)).params["W1"].std() > 0.1
    assert rel_error(1e308, -1e308) == 1.0
    with pytest.raises(ValueError, match="a must be an array"):
        rel_error([[1], [1, 2]], [1.0, 2.0])


def test_regularization_helpers_refuse_impossible_accuracies_and_probabilities():
    from lessons_lib.regularization import generalization_gap

    for bad in (np.nan, 90, "0.9", True):
        with pytest.raises(ValueError, match=r"history\['train_acc'\]\[-1\]"):
            generalization_gap({"train_acc": [bad], "test_acc": [0.8]})
    scores = [np.array([[2.0, -1.0]]), np.array([[0.5, 0.5]])]
    with pytest.raises(ValueError, match=r"member_probabilities\[0\] must hold probabilities"):
        ensemble_accuracy_curve(scores, np.array([0]))


def test_record_refuses_odd_names_values_and_goals(tmp_path, monkeypatch):
    from lessons_lib.config import record

    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    for name in ("02.x\n", "０２.x"):
        with pytest.raises(ValueError, match="name must look like"):
            record(name, 0.5)
    for value in ("0.5", np.complex128(1), 10**400):
        with pytest.raises(ValueError, match="value for '02.x'"):
            record("02.x", value)
    with pytest.raises(ValueError, match="goal must be a finite number"):
        record("02.x", 0.5, goal="high")
    assert record("02.x", np.float32(0.5)) == 0.5


@pytest.mark.parametrize("content, problem", [
    ('{"03.x": {"value": NaN}}', "has no finite value"),
    ('{"03.x": 5}', "has no finite value"),
    ('{"05.x": {"value": 1.0}}', "is not a name of lesson 03"),
    (None, "Is a directory"),
])
def test_load_results_names_a_damaged_file(tmp_path, monkeypatch, content, problem):
    from lessons_lib.config import load_results, results_path

    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    path = results_path("03")
    path.parent.mkdir(parents=True)
    if content is None:
        path.mkdir()
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"results file .*03.json is damaged .*{problem}"):
        load_results()


def test_load_results_names_a_file_where_the_folder_should_be(tmp_path, monkeypatch):
    from lessons_lib.config import load_results, results_path

    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    folder = results_path("03").parent
    folder.parent.mkdir(parents=True)
    folder.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ValueError, match="is a file"):
        load_results()


def test_inputs_too_large_for_the_starting_weights_are_not_blamed_on_the_learning_rate():
    with pytest.raises(ValueError, match="iteration 1, before any update: the inputs are too large"):
        Neuron(0.1).fit(np.array([1e200, 2e200]), np.array([1.0, 2.0]), 3)
    with pytest.raises(ValueError, match="iteration 1, before any update: the inputs are too large"):
        LogisticNeuron(1e-10).fit(np.array([[1e308, 1e308], [0.0, 0.0]]), [1, 0], 1)
    x = np.random.default_rng(0).standard_normal((20, 3))
    with pytest.raises(ValueError, match=r"loss became inf at iteration 1: lower the learning rate"):
        SingleLayer(learning_rate=1.0, l1=1e300, epochs=50).fit(x, (x[:, 0] > 0).astype(int))


def test_derivative_helpers_refuse_a_step_below_resolution_and_do_not_overflow():
    from lessons_lib.gradients import numerical_derivative, relative_difference

    with pytest.raises(ValueError, match="below the resolution of float64"):
        numerical_derivative(lambda v: v**2, 3.0, 1e-300)
    with pytest.raises(ValueError, match="f must return one number"):
        numerical_derivative(lambda v: "a", 3.0)
    assert relative_difference(1e308, -1e308) == 1.0


def test_train_names_the_same_iteration_whether_or_not_it_evaluates_each_epoch():
    images = np.random.default_rng(0).random((20, 784)) * 1e3
    labels = np.arange(20) % 10
    for every_epoch in (True, False):
        net = MultiLayerNet(784, [3], 10, seed=0, weight_decay=0.1)
        with pytest.raises(ValueError, match="loss became inf at iteration 3: lower"):
            train(net, SGD(lr=1e10), images, labels, epochs=3, progress=False,
                  eval_every_epoch=every_epoch)


# ------------------------------------------------ the third probe: layers, optimizers, conv

@pytest.mark.parametrize("call, message", [
    (lambda: Multiply().forward(np.array([300.0], np.float16), np.array([300.0], np.float16)),
     r"Multiply.forward: x \* y overflowed to inf .* float16"),
    (lambda: Add().forward(np.float32(3e38), np.float32(3e38)), r"Add.forward: x \+ y overflowed .* float32"),
    (lambda: Add().forward(1e308, 1e308), r"Add.forward: x \+ y overflowed .* float64"),
    (lambda: ReLU().forward(np.ones(2), train="no"), "train must be True or False, got 'no'"),
    (lambda: Affine(np.ones((2, 2)), np.zeros(2)).forward(np.ones((1, 2)), "no"), "train must be True or False"),
    (lambda: Affine(np.zeros((0, 2)), np.zeros(2)), r"W must have shape \(D, M\) with D, M >= 1, got \(0, 2\)"),
    (lambda: Affine(np.zeros((3, 0)), np.zeros(0)), r"W must have shape \(D, M\) with D, M >= 1, got \(3, 0\)"),
    (lambda: SoftmaxWithLoss().forward(np.zeros((2, 0)), np.zeros(2, dtype=int)), r"at least one class .*\(2, 0\)"),
    (lambda: Conv2D(np.ones((3, 1, 0, 2)), np.zeros(3)), r"W must have shape \(FN, C, FH, FW\) with every size >= 1"),
])
def test_layers_refuse_what_the_third_probe_found_them_accepting(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_batch_norm_backward_names_a_cache_it_was_not_given():
    from lessons_lib.layers import batch_norm_backward, batch_norm_forward

    _, cache = batch_norm_forward(np.random.default_rng(0).standard_normal((2, 2)), np.ones(2), np.zeros(2))
    wanted = r"cache must be the \(x_hat, inv_std, gamma\) tuple batch_norm_forward returned: "
    for bad, detail in (
        (("a", "b", "c"), "cache's x_hat must be an array of real numbers"),
        ((cache[0], "b", cache[2]), "cache's inv_std must be an array of real numbers"),
        ((cache[0], cache[1], np.ones(5)), r"x_hat \(N, D\) .* gamma \(D,\), got \(2, 2\), \(2,\) and \(5,\)"),
    ):
        with pytest.raises(ValueError, match=wanted + detail):
            batch_norm_backward(np.ones((2, 2)), bad)
    assert batch_norm_backward(np.ones((2, 2)), cache)[0].shape == (2, 2)


@pytest.mark.parametrize("pad_value", [True, np.inf])
def test_im2col_refuses_a_bool_or_plus_inf_padding_and_images_without_channels(pad_value):
    from lessons_lib.conv import im2col

    x = np.arange(4.0).reshape(1, 1, 2, 2)
    with pytest.raises(ValueError, match=r"pad_value must be a finite number, or -inf"):
        im2col(x, 2, 2, 1, 1, pad_value)
    assert im2col(x, 2, 2, 1, 1, -np.inf)[0].tolist() == [-np.inf, -np.inf, -np.inf, 0.0]
    with pytest.raises(ValueError, match=r"x must have at least one channel"):
        im2col(np.zeros((1, 0, 4, 4)), 2, 2)


def test_an_optimizer_checks_settings_changed_later_and_state_of_another_shape():
    for bad in ("x", -1.0):
        optimizer = SGD(0.1)
        optimizer.lr = bad
        with pytest.raises(ValueError, match=f"lr must be a positive number, got {bad!r}"):
            optimizer.update({"W": np.ones(2)}, {"W": np.ones(2)})
    for optimizer in (Adam(), Momentum(), AdaGrad()):
        optimizer.update({"W": np.ones(2)}, {"W": np.ones(2)})
        with pytest.raises(ValueError, match=r"params\['W'\] has shape \(3,\), but this .* shape \(2,\)"):
            optimizer.update({"W": np.ones(3)}, {"W": np.ones(3)})


def test_an_update_that_overflows_a_parameter_is_refused():
    params = {"W": np.ones(2)}
    with pytest.raises(ValueError, match=r"SGD.update overflowed to inf .*lower the learning rate"):
        SGD(1e308).update(params, {"W": np.array([1e308, 1.0])})
    assert params["W"].tolist() == [1.0, 1.0], "nothing was updated"
    two = {"W1": np.ones(2), "W2": np.ones(2)}  # W1 is stepped before W2 overflows: said
    with pytest.raises(ValueError, match=r"updated before the overflow keep their new values"):
        SGD(1e300).update(two, {"W1": np.full(2, 1e-300), "W2": np.array([1e300, 1.0])})
    assert two["W1"].tolist() == [0.0, 0.0] and two["W2"].tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match=r"AdaGrad.update overflowed to inf \(a step, or a squared gradient"):
        AdaGrad().update({"W": np.ones(2)}, {"W": np.array([1e200, 1.0])})
    float32 = {"W": np.ones(2, np.float32)}
    with pytest.raises(ValueError, match=r"grads\['W'\] holds values too large for params\['W'\]'s float32"):
        SGD(0.1).update(float32, {"W": np.array([1e300, 1.0])})
    assert float32["W"].tolist() == [1.0, 1.0], "nothing was updated"


def test_an_exercise_reference_says_integers_when_it_wants_integers():
    from lessons_lib import exercises

    with pytest.raises(ValueError, match="t must be an array of integers"):
        exercises.softmax_regression_gradients(np.ones((2, 2)), np.ones(2), np.ones((3, 2)), np.array([0.0, 1.0, 1.0]))
