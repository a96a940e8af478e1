"""Every layer's backward against the numerical gradient and against tf.GradientTape (float64).

Bounds: ``rel_error < 1e-7`` against the central difference (h = 1e-4), and ``rel_error < 1e-10``
against TensorFlow (both are exact up to rounding). ``rel_error`` is the largest elementwise
relative error (lessons_lib.gradients.rel_error).
"""

import numpy as np
import pytest
import tensorflow as tf

from lessons_lib.gradients import numerical_gradient, numerical_gradient_of, rel_error
from lessons_lib.nets import _InputAffine
from lessons_lib.layers import Add, Affine, BatchNorm, Dropout, Multiply, ReLU, Sigmoid, SoftmaxWithLoss

NUMERIC_BOUND = 1e-7
TF_BOUND = 1e-10
H = 1e-4  # the central-difference step lesson 03 recommends for float64


def rng(seed=0):
    return np.random.default_rng(seed)


def tape_grads(fn, *arrays, dout):
    """Gradients of sum(fn(*tensors) * dout) w.r.t. each array, by tf.GradientTape (float64)."""
    tensors = [tf.Variable(a, dtype=tf.float64) for a in arrays]
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(fn(*tensors) * tf.constant(dout, dtype=tf.float64))
    return [g.numpy() for g in tape.gradient(loss, tensors)]


def assert_close(name, got, want, bound):
    error = rel_error(got, want)
    assert error < bound, f"{name}: rel_error {error:.2e} not < {bound:.0e}"


def unchanged(before, after, name):
    np.testing.assert_array_equal(before, after, err_msg=f"{name} was changed in place")


# --------------------------------------------------------------------------- graph nodes

@pytest.mark.parametrize("x_shape,y_shape", [((), ()), ((3,), (3,)), ((2, 3), (2, 3)), ((4, 3), (3,)), ((4, 1), (1, 5))])
@pytest.mark.parametrize("node_class,tf_fn", [(Add, tf.add), (Multiply, tf.multiply)])
def test_graph_nodes_against_numerical_and_tf(node_class, tf_fn, x_shape, y_shape):
    r = rng(1)
    x, y = r.standard_normal(x_shape), r.standard_normal(y_shape)
    node = node_class()
    out = node.forward(x, y)
    dout = r.standard_normal(np.shape(out))
    x0, y0, dout0 = np.copy(x), np.copy(y), np.copy(dout)
    dx, dy = node.backward(dout)
    unchanged(x0, x, "x"), unchanged(y0, y, "y"), unchanged(dout0, dout, "dout")
    assert np.shape(dx) == x_shape and np.shape(dy) == y_shape
    x_arr, y_arr = np.array(x, dtype=np.float64), np.array(y, dtype=np.float64)
    num_dx = numerical_gradient_of(lambda v: node_class().forward(v, y_arr), x_arr, dout, H)
    num_dy = numerical_gradient_of(lambda v: node_class().forward(x_arr, v), y_arr, dout, H)
    assert_close("dx vs numerical", dx, num_dx, NUMERIC_BOUND)
    assert_close("dy vs numerical", dy, num_dy, NUMERIC_BOUND)
    tf_dx, tf_dy = tape_grads(tf_fn, x, y, dout=dout)
    assert_close("dx vs tf", dx, tf_dx, TF_BOUND)
    assert_close("dy vs tf", dy, tf_dy, TF_BOUND)


def test_apple_example_numbers():
    """The book's apple example: 2 apples at 100 won, tax 1.1 -> 220; gradients 2.2, 110, 200."""
    apple_node, tax_node = Multiply(), Multiply()
    price = tax_node.forward(apple_node.forward(100, 2), 1.1)
    d_apple_price, d_tax = tax_node.backward(1.0)
    d_apple, d_count = apple_node.backward(d_apple_price)
    assert np.isclose(price, 220.0) and np.isclose(d_apple, 2.2) and np.isclose(d_count, 110.0)
    assert np.isclose(d_tax, 200.0)


def test_apple_orange_example_numbers():
    """Book: 2 apples at 100, 3 oranges at 150, tax 1.1 -> 715; gradients 110, 2.2, 3.3, 165, 650."""
    mul_apple, mul_orange, add, mul_tax = Multiply(), Multiply(), Add(), Multiply()
    total = mul_tax.forward(add.forward(mul_apple.forward(100, 2), mul_orange.forward(150, 3)), 1.1)
    d_all, d_tax = mul_tax.backward(1.0)
    d_apple_price, d_orange_price = add.backward(d_all)
    d_apple, d_apple_count = mul_apple.backward(d_apple_price)
    d_orange, d_orange_count = mul_orange.backward(d_orange_price)
    got = [total, d_apple_count, d_apple, d_orange, d_orange_count, d_tax]
    np.testing.assert_allclose(got, [715, 110, 2.2, 3.3, 165, 650])


# --------------------------------------------------------------------------- single-input layers

def check_layer(layer, x, tf_fn, param_names=(), train=True, name="layer"):
    """backward vs numerical gradient and vs tf, for x and each parameter."""
    x0 = x.copy()
    out = layer.forward(x, train=train)
    dout = rng(7).standard_normal(out.shape)
    dout0 = dout.copy()
    dx = layer.backward(dout)
    unchanged(x0, x, "x"), unchanged(dout0, dout, "dout")
    assert dx.shape == x.shape, f"{name}: dx shape {dx.shape} != x shape {x.shape}"
    x_num = x.copy()
    num_dx = numerical_gradient_of(lambda v: layer.forward(v, train=train), x_num, dout, H)
    assert_close(f"{name} dx vs numerical", dx, num_dx, NUMERIC_BOUND)
    grads = {key: layer.grads[key].copy() for key in param_names}
    for key in param_names:
        num = numerical_gradient(lambda: float(np.sum(layer.forward(x, train=train) * dout)),
                                 layer.params[key], H)
        assert_close(f"{name} d{key} vs numerical", grads[key], num, NUMERIC_BOUND)
    tf_grads = tape_grads(tf_fn, x, *[layer.params[k] for k in param_names], dout=dout)
    assert_close(f"{name} dx vs tf", dx, tf_grads[0], TF_BOUND)
    for key, tf_grad in zip(param_names, tf_grads[1:]):
        assert_close(f"{name} d{key} vs tf", grads[key], tf_grad, TF_BOUND)


def away_from_zero(x, margin=0.05):
    """Keep inputs off ReLU's kink, where the central difference would straddle it."""
    return np.where(np.abs(x) < margin, np.sign(x + 1e-12) * margin, x)


@pytest.mark.parametrize("shape", [(1, 4), (5, 3), (2, 3, 4, 5)])
def test_relu(shape):
    x = away_from_zero(rng(2).standard_normal(shape))
    check_layer(ReLU(), x, tf.nn.relu, name="ReLU")


@pytest.mark.parametrize("shape", [(1, 4), (5, 3), (2, 3, 4, 5)])
def test_sigmoid(shape):
    x = 2 * rng(3).standard_normal(shape)
    check_layer(Sigmoid(), x, tf.sigmoid, name="Sigmoid")


@pytest.mark.parametrize("x_shape,M", [((1, 3), 2), ((4, 6), 5), ((3, 2, 2, 3), 4)])
def test_affine(x_shape, M):
    r = rng(4)
    D = int(np.prod(x_shape[1:]))
    layer = Affine(r.standard_normal((D, M)), r.standard_normal(M))
    x = r.standard_normal(x_shape)

    def tf_affine(x, W, b):
        return tf.matmul(tf.reshape(x, (x_shape[0], D)), W) + b

    check_layer(layer, x, tf_affine, param_names=("W", "b"), name="Affine")


@pytest.mark.parametrize("N,C", [(1, 3), (4, 10), (7, 2)])
@pytest.mark.parametrize("one_hot", [False, True])
def test_softmax_with_loss(N, C, one_hot):
    r = rng(5)
    x = 2 * r.standard_normal((N, C))
    labels = r.integers(0, C, size=N)
    t = np.eye(C)[labels] if one_hot else labels
    layer = SoftmaxWithLoss()
    loss = layer.forward(x, t)
    dx = layer.backward()
    num = numerical_gradient(lambda: layer.forward(x, t), x, H)
    assert_close("SoftmaxWithLoss dx vs numerical", dx, num, NUMERIC_BOUND)
    x_var = tf.Variable(x)
    with tf.GradientTape() as tape:
        tf_loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels, x_var))
    assert abs(loss - float(tf_loss)) < 1e-12, f"loss {loss} != tf {float(tf_loss)}"
    assert_close("SoftmaxWithLoss dx vs tf", dx, tape.gradient(tf_loss, x_var).numpy(), TF_BOUND)
    layer.forward(x, t)  # the numerical gradient left the layer at a nudged x
    assert_close("backward(dout=2) is 2 * backward()", layer.backward(2.0), 2 * dx, 1e-15)


def test_softmax_with_loss_is_stable_for_huge_scores():
    loss = SoftmaxWithLoss().forward(np.array([[1000.0, 0.0, -1000.0]]), np.array([0]))
    assert loss == pytest.approx(0.0, abs=1e-12)


# --------------------------------------------------------------------------- dropout

@pytest.mark.parametrize("shape", [(4, 5), (2, 3, 4, 4)])
def test_dropout_train_with_fixed_mask(shape):
    r = rng(6)
    rate = 0.3
    x = r.standard_normal(shape)
    mask = r.random(shape) >= rate
    layer = Dropout(rate)
    out = layer.forward(x, train=True, mask=mask)
    np.testing.assert_allclose(out, np.where(mask, x / (1 - rate), 0.0))
    layer.fixed_mask = mask   # the same mask in every forward, so the numerical gradient is defined
    check_layer(layer, x, lambda v: v * tf.constant(mask / (1 - rate)), name="Dropout")


def test_dropout_inference_is_identity_and_train_drops_about_rate():
    x = np.ones((200, 100))
    layer = Dropout(0.4, seed=0)
    np.testing.assert_array_equal(layer.forward(x, train=False), x)
    np.testing.assert_array_equal(layer.backward(np.full_like(x, 2.0)), np.full_like(x, 2.0))
    out = layer.forward(x, train=True)
    dropped = np.mean(out == 0)
    assert abs(dropped - 0.4) < 0.02, f"dropped fraction {dropped:.3f} not near rate 0.4"
    assert abs(out.mean() - 1.0) < 0.03, "inverted dropout must keep the mean (scale 1/(1-rate))"
    assert np.allclose(out[out != 0], 1 / 0.6)


def test_dropout_keeps_float32_and_rejects_bad_rate():
    x = np.ones((3, 4), dtype=np.float32)
    assert Dropout(0.5, seed=1).forward(x).dtype == np.float32
    for bad in (-0.1, 1.0, 1.5):
        with pytest.raises(ValueError, match="rate"):
            Dropout(bad)


# --------------------------------------------------------------------------- batch norm

def tf_batchnorm_train(axes):
    def fn(x, gamma, beta):
        shape = [1, -1] + [1] * (len(x.shape) - 2)
        mean, var = tf.nn.moments(x, axes=axes, keepdims=True)
        return tf.nn.batch_normalization(x, mean, var, tf.reshape(beta, shape), tf.reshape(gamma, shape), 1e-5)
    return fn


@pytest.mark.parametrize("shape", [(5, 3), (8, 4), (2, 3, 4, 5)])
def test_batchnorm_train(shape):
    r = rng(8)
    C = shape[1]
    layer = BatchNorm(1 + 0.5 * r.standard_normal(C), r.standard_normal(C))
    x = 2 + 3 * r.standard_normal(shape)
    axes = [0] if len(shape) == 2 else [0, 2, 3]
    check_layer(layer, x, tf_batchnorm_train(axes), param_names=("gamma", "beta"), name="BatchNorm train")
    out = layer.forward(x, train=True)
    rows = out.transpose(0, 2, 3, 1).reshape(-1, C) if out.ndim == 4 else out
    x_hat = (rows - layer.params["beta"]) / layer.params["gamma"]
    np.testing.assert_allclose(x_hat.mean(axis=0), 0, atol=1e-12, err_msg="normalized per feature/channel")
    np.testing.assert_allclose(x_hat.var(axis=0), 1, atol=1e-5, err_msg="normalized per feature/channel")


@pytest.mark.parametrize("shape", [(6, 3), (2, 3, 4, 4)])
def test_batchnorm_inference_uses_running_statistics(shape):
    r = rng(9)
    C = shape[1]
    layer = BatchNorm(np.full(C, 2.0), np.full(C, 0.5), momentum=0.9)
    batches = [5 + 2 * r.standard_normal(shape) for _ in range(3)]
    mean, var = np.zeros(C), np.ones(C)
    axes = 0 if len(shape) == 2 else (0, 2, 3)
    for batch in batches:
        layer.forward(batch, train=True)
        mean = 0.9 * mean + 0.1 * batch.mean(axis=axes)
        var = 0.9 * var + 0.1 * batch.var(axis=axes)
    np.testing.assert_allclose(layer.running_mean, mean)
    np.testing.assert_allclose(layer.running_var, var)
    x = r.standard_normal(shape)
    view = (1, C) if len(shape) == 2 else (1, C, 1, 1)
    expected = 2.0 * (x - mean.reshape(view)) / np.sqrt(var.reshape(view) + 1e-5) + 0.5
    np.testing.assert_allclose(layer.forward(x, train=False), expected)
    np.testing.assert_allclose(layer.running_mean, mean, err_msg="inference must not move running stats")

    def tf_inference(x, gamma, beta):
        return tf.nn.batch_normalization(x, mean.reshape(view), var.reshape(view), tf.reshape(beta, view),
                                         tf.reshape(gamma, view), 1e-5)

    check_layer(layer, x, tf_inference, param_names=("gamma", "beta"), train=False, name="BatchNorm inference")


# --------------------------------------------------------------------------- clear errors

def test_wrong_shapes_raise_value_error_naming_the_expected_shape():
    affine = Affine(np.zeros((4, 3)), np.zeros(3))
    with pytest.raises(ValueError, match=r"x must have shape \(N, 4\)"):
        affine.forward(np.zeros((2, 5)))
    affine.forward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"dout must have the shape .*\(2, 3\)"):
        affine.backward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"b must have shape \(M,\) = \(3,\)"):
        Affine(np.zeros((4, 3)), np.zeros(4))
    with pytest.raises(ValueError, match=r"x must have shape \(N, C\)"):
        SoftmaxWithLoss().forward(np.zeros(3), np.array([0]))
    with pytest.raises(ValueError, match=r"t must be labels of shape \(N,\) = \(2,\)"):
        SoftmaxWithLoss().forward(np.zeros((2, 3)), np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"labels must lie in 0..2"):
        SoftmaxWithLoss().forward(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(ValueError, match=r"x must have shape \(N, 3\) or \(N, 3, H, W\)"):
        BatchNorm(np.ones(3), np.zeros(3)).forward(np.zeros((4, 5)))
    relu = ReLU()
    relu.forward(np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"dout must have the shape .*\(2, 2\)"):
        relu.backward(np.ones((2, 3)))
    with pytest.raises(ValueError, match="x contains NaN"):
        Sigmoid().forward(np.array([[0.0, np.nan]]))
    with pytest.raises(RuntimeError, match="before forward"):
        ReLU().backward(np.ones(2))


def test_float32_stays_float32_through_a_layer_stack():
    r = rng(10)
    x = r.standard_normal((4, 6)).astype(np.float32)
    affine = Affine(r.standard_normal((6, 3)).astype(np.float32), np.zeros(3, np.float32))
    loss_layer = SoftmaxWithLoss()
    scores = affine.forward(ReLU().forward(x))
    loss_layer.forward(scores, np.array([0, 1, 2, 0]))
    dx = affine.backward(loss_layer.backward())
    assert scores.dtype == dx.dtype == affine.dW.dtype == np.float32


def test_affine_can_skip_the_input_gradient_and_keeps_parameter_gradients():
    rng = np.random.default_rng(3)
    W, b, x, dout = rng.standard_normal((4, 3)), rng.standard_normal(3), rng.standard_normal((5, 4)), rng.standard_normal((5, 3))
    full, first = Affine(W, b), _InputAffine(W, b)  # a network's first layer (nets.py)
    full.forward(x)
    first.forward(x)
    assert full.backward(dout).shape == x.shape
    assert first.backward(dout) is None
    assert np.array_equal(first.grads["W"], full.grads["W"]) and np.array_equal(first.grads["b"], full.grads["b"])
