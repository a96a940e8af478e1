"""MultiLayerNet / TwoLayerNet: backprop gradients against numerical ones, and a training smoke test.

Bounds, float64, h = 1e-4: for every parameter ``relative_difference(backprop, numerical) < 1e-7``
(norm-based, lesson 03's table) and, on the small nets, also the elementwise
``rel_error < 1e-6``. Exception: the bias of an Affine followed by BatchNorm has a true gradient
of exactly 0 (BatchNorm subtracts the batch mean), so relative errors are meaningless there and
both gradients must instead be below 1e-10 in absolute value.
"""

import numpy as np
import pytest

from lessons_lib.gradients import rel_error, relative_difference
from lessons_lib.nets import MultiLayerNet, TwoLayerNet
from lessons_lib.optimizers import SGD, Adam
from lessons_lib.training import train

BOUND = 1e-6
NORM_BOUND = 1e-7


def small_batch(N=5, D=6, C=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((N, D)), rng.integers(0, C, size=N)


def assert_gradients_match(net, x, t, h=1e-4):
    backprop = net.gradient(x, t)
    numerical = net.numerical_gradient(x, t, h=h)
    assert set(backprop) == set(numerical) == set(net.params)
    for key in net.params:
        if key.startswith("b") and f"BatchNorm{key[1:]}" in net.layers:
            largest = max(np.abs(backprop[key]).max(), np.abs(numerical[key]).max())
            assert largest < 1e-10, f"{key} feeds BatchNorm, its gradient must be 0, got {largest:.1e}"
            continue
        error = rel_error(backprop[key], numerical[key])
        assert error < BOUND, f"{key}: rel_error {error:.2e} not < {BOUND:.0e}"
        difference = relative_difference(backprop[key], numerical[key])
        assert difference < NORM_BOUND, f"{key}: relative_difference {difference:.2e} not < {NORM_BOUND:.0e}"


@pytest.mark.parametrize("settings", [
    dict(activation="relu", weight_init="he"),
    dict(activation="sigmoid", weight_init="xavier"),
    dict(activation="relu", weight_init="he", weight_decay=0.1),
    dict(activation="relu", weight_init="he", use_batchnorm=True),
    dict(activation="sigmoid", weight_init=0.5, use_batchnorm=True, weight_decay=0.05),
], ids=["relu", "sigmoid", "weight_decay", "batchnorm", "sigmoid_bn_decay"])
def test_multilayer_gradient_check(settings):
    x, t = small_batch()
    net = MultiLayerNet(6, [5, 4], 3, seed=1, dtype=np.float64, **settings)
    assert_gradients_match(net, x, t)


def test_dropout_does_not_change_the_starting_weights():
    """Lesson 05's sweep compares dropout rates from one start: only the masks may differ."""
    plain = MultiLayerNet(12, [9, 8, 7], 4, seed=3)
    for rate in (0.1, 0.5):
        dropped = MultiLayerNet(12, [9, 8, 7], 4, dropout_rate=rate, seed=3)
        assert plain.params.keys() == dropped.params.keys()
        for name, value in plain.params.items():
            np.testing.assert_array_equal(value, dropped.params[name], err_msg=f"{name} at rate {rate}")
    masks = [MultiLayerNet(12, [9], 4, dropout_rate=0.5, seed=seed).layers["Dropout1"].rng.random() for seed in (0, 1)]
    assert masks[0] != masks[1], "another seed should draw other masks"


def test_multilayer_gradient_check_with_dropout_fixed_mask():
    x, t = small_batch(N=6)
    net = MultiLayerNet(6, [8, 7], 3, dropout_rate=0.3, use_batchnorm=True, seed=2, dtype=np.float64)
    net.loss(x, t, train=True)
    net.freeze_dropout()
    masks = [layer.fixed_mask.copy() for name, layer in net.layers.items() if name.startswith("Dropout")]
    assert len(masks) == 2 and not all(m.all() for m in masks), "dropout should drop some units"
    # BatchNorm over 6 samples, with units dropped, curves the loss sharply: at h = 1e-4 the
    # central difference's own error (O(h^2)) reaches 2e-6 on W1's smallest entries; at h = 1e-5
    # it is 2e-8. A wrong gradient would not shrink with h.
    assert_gradients_match(net, x, t, h=1e-5)
    net.freeze_dropout(False)
    assert all(layer.fixed_mask is None for name, layer in net.layers.items() if name.startswith("Dropout"))


def test_weight_decay_adds_half_lambda_sum_of_squares():
    x, t = small_batch()
    plain = MultiLayerNet(6, [5], 3, seed=3, dtype=np.float64)
    decayed = MultiLayerNet(6, [5], 3, seed=3, dtype=np.float64, weight_decay=0.2)
    squares = sum(np.sum(plain.params[k] ** 2) for k in ("W1", "W2"))
    assert decayed.loss(x, t) == pytest.approx(plain.loss(x, t) + 0.1 * squares)


def test_two_layer_net_784_50_10_gradient_check_on_three_images():
    """Lesson 03's check: the 784-50-10 net in float64 on 3 random 'images' (a few seconds)."""
    rng = np.random.default_rng(4)
    x, t = rng.random((3, 784)), rng.integers(0, 10, size=3)
    net = TwoLayerNet(784, 50, 10, weight_init_std=0.01, seed=0, dtype=np.float64)
    backprop = net.gradient(x, t)
    numerical = net.numerical_gradient(x, t, h=1e-4)
    for key in ("W1", "b1", "W2", "b2"):
        difference = relative_difference(backprop[key], numerical[key])
        assert difference < NORM_BOUND, f"{key}: relative_difference {difference:.2e} not < {NORM_BOUND:.0e}"


def test_a_wrong_backward_fails_the_check():
    """The check can fail: a ReLU backward that forgets its mask is caught."""
    x, t = small_batch()
    net = MultiLayerNet(6, [5], 3, seed=1, dtype=np.float64)
    net.layers["Activation1"].backward = lambda dout: dout  # the bug: pass everything through
    difference = relative_difference(net.gradient(x, t)["W1"], net.numerical_gradient(x, t, h=1e-4)["W1"])
    assert difference > 1e-3, f"a broken ReLU backward should be caught, relative_difference {difference:.1e}"


def test_params_are_shared_with_layers_and_shapes_are_checked():
    net = MultiLayerNet(784, [20, 10], 10, use_batchnorm=True, dropout_rate=0.2)
    assert net.params["W1"] is net.layers["Affine1"].params["W"]
    assert net.params["gamma2"] is net.layers["BatchNorm2"].params["gamma"]
    assert net.params["W1"].dtype == np.float32 and net.params["W1"].shape == (784, 20)
    assert net.predict(np.zeros((2, 28, 28), np.float32)).shape == (2, 10)
    with pytest.raises(ValueError, match=r"x must have shape \(N, 784\)"):
        net.predict(np.zeros((2, 783)))
    with pytest.raises(ValueError, match="weight_init"):
        MultiLayerNet(4, [3], 2, weight_init="glorot")
    acts = net.forward_activations(np.ones((4, 784), np.float32))
    assert [a.shape for a in acts] == [(4, 20), (4, 10)]
    norms = net.gradient_norms(np.ones((4, 784), np.float32), np.array([0, 1, 2, 3]))
    assert set(norms) == {"W1", "W2", "W3"} and all(v >= 0 for v in norms.values())


def test_batchnorm_net_inference_differs_from_train_and_uses_running_stats():
    x, t = small_batch(N=8)
    net = MultiLayerNet(6, [5], 3, use_batchnorm=True, seed=0, dtype=np.float64)
    before = net.predict(x, train=False)
    net.loss(x, t, train=True)
    after = net.predict(x, train=False)
    assert not np.allclose(before, after), "a training pass must move the running statistics"


def tiny_problem(n=600, seed=0):
    """Three Gaussian blobs in 10-D (the same centers for every seed): any working net separates them."""
    centers = 3 * np.random.default_rng(123).standard_normal((3, 10))
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 3, size=n)
    return (centers[labels] + rng.standard_normal((n, 10))).astype(np.float32), labels


def test_training_smoke():
    x, t = tiny_problem()
    x_test, t_test = tiny_problem(200, seed=1)
    net = MultiLayerNet(10, [16], 3, seed=0)
    history = train(net, SGD(lr=0.1), x, t, x_test, t_test, epochs=5, batch_size=50, progress=False)
    assert history["iterations_per_epoch"] == 12
    assert len(history["loss"]) == 60 and len(history["train_acc"]) == len(history["test_acc"]) == 5
    assert history["eval_iterations"] == [12, 24, 36, 48, 60]
    assert np.mean(history["loss"][-12:]) < 0.5 * history["loss"][0], "loss did not fall"
    assert history["test_acc"][-1] > 0.9, f"test accuracy {history['test_acc'][-1]:.3f} on easy blobs"


def test_training_with_iterations_one_hot_and_each_example_once_per_epoch():
    x, t = tiny_problem(100)
    t_one_hot = np.eye(3, dtype=np.float32)[t]

    class CountingNet(MultiLayerNet):
        seen = []

        def gradient(self, x, t):
            CountingNet.seen.append(x.copy())
            return super().gradient(x, t)

    net = CountingNet(10, [8], 3, dropout_rate=0.2, use_batchnorm=True)
    history = train(net, Adam(lr=0.01), x, t_one_hot, iterations=13, batch_size=20, progress=False,
                    eval_every_epoch=False)
    assert len(history["loss"]) == 13 and history["eval_iterations"] == [13]
    first_epoch = np.concatenate(CountingNet.seen[:5])
    assert len(np.unique(first_epoch, axis=0)) == 100, "an epoch must visit every example exactly once"
    with pytest.raises(ValueError, match="exactly one of epochs or iterations"):
        train(net, SGD(), x, t, epochs=1, iterations=1, progress=False)


def test_train_epoch_walks_through_every_example_once_and_lowers_the_loss():
    """Lesson 03's shown loop: one epoch is len(x) // batch_size updates, and the loss falls."""
    from lessons_lib.config import make_rng
    from lessons_lib.training import train_epoch

    rng = np.random.default_rng(0)
    x = rng.standard_normal((200, 6)).astype(np.float32)
    t = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0).astype(int)
    net, optimizer, shuffle = TwoLayerNet(6, 8, 3, weight_init_std=0.1), SGD(lr=0.5), make_rng(0)
    first = train_epoch(net, optimizer, x, t, batch_size=30, rng=shuffle)
    for _ in range(20):
        last = train_epoch(net, optimizer, x, t, batch_size=30, rng=shuffle)
    assert len(first) == len(last) == 200 // 30
    assert np.mean(last) < 0.5 * np.mean(first), (np.mean(first), np.mean(last))
    with pytest.raises(ValueError, match="batch_size"):
        train_epoch(net, optimizer, x, t, batch_size=0)
    with pytest.raises(ValueError, match="rng"):
        train_epoch(net, optimizer, x, t, rng=0)


# --- the third probe of issue 16 ---------------------------------------------------------

def _small_data(seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((40, 4))
    return x, (x[:, 0] > 0).astype(int)


def test_impossible_settings_and_flags_are_named():
    x, t = _small_data()
    with pytest.raises(ValueError, match="output_size must be the number of classes, at least 2"):
        MultiLayerNet(4, [5], 1)
    with pytest.raises(ValueError, match="train must be True or False, got 'x'"):
        MultiLayerNet(4, [5], 2).forward_activations(x, train="x")
    with pytest.raises(ValueError, match="train must be True or False, got 'x'"):
        TwoLayerNet(4, 3, 2).predict(x, train="x")
    with pytest.raises(ValueError, match="desc must be a string"):
        train(MultiLayerNet(4, [5], 2), SGD(0.1), x, t, epochs=1, batch_size=10, desc=5, progress=False)


def test_train_epoch_names_the_iteration_where_the_loss_became_inf():
    from lessons_lib.training import train_epoch

    x, t = _small_data()
    with pytest.raises(ValueError, match=r"^loss became inf at iteration \d+: lower the learning rate"):
        train_epoch(MultiLayerNet(4, [5], 2), SGD(1e6), x * 100, t, 1)


def test_train_names_the_iteration_when_an_update_overflows_the_weights():
    x, t = _small_data()
    with pytest.raises(ValueError, match=r"^loss became inf at iteration 6: lower the learning rate"):
        train(TwoLayerNet(4, 5, 2), SGD(1e8), x * 100, t, epochs=20, batch_size=10, progress=False)


def test_data_beyond_float32_are_blamed_on_the_data_not_the_learning_rate():
    x, t = _small_data()
    x[0, 0] = 1e39  # finite in float64, inf in the net's float32
    with pytest.raises(ValueError, match=r"x holds values up to 1e\+39, beyond this net's float32"):
        train(MultiLayerNet(4, [5], 2), SGD(0.01), x, t, epochs=1, batch_size=40, progress=False)


def test_an_l2_penalty_that_overflows_is_refused_not_returned_as_inf():
    from lessons_lib.nets import l2_penalty

    with pytest.raises(ValueError, match="the L2 penalty overflows: weights hold values up to 1e"):
        l2_penalty([np.full(2, 1e200)], 0.1)
    assert l2_penalty([np.full(2, 1e100)], 0.1) == pytest.approx(1e199)
