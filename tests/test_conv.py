"""lessons_lib.conv: im2col/col2im, Conv2D and MaxPool2D against numerical gradients and TensorFlow.

Bounds (float64): ``rel_error < 1e-7`` against the central difference (h = 1e-4), and
``rel_error < 1e-10`` against ``tf.GradientTape`` (both are exact up to rounding). ``rel_error``
is the largest elementwise relative error (lessons_lib.gradients.rel_error).
"""

import numpy as np
import pytest
import tensorflow as tf

from lessons_lib.conv import Conv2D, MaxPool2D, col2im, im2col, output_size
from lessons_lib.gradients import numerical_gradient_of, rel_error

NUMERIC_BOUND = 1e-7
TF_BOUND = 1e-10
FORWARD_BOUND = 1e-12
H = 1e-4

# (N, C, H, W), (FN, FH, FW), stride, pad
CONV_CASES = [
    ((2, 3, 7, 7), (4, 3, 3), 1, 0),
    ((2, 3, 7, 7), (4, 3, 3), 1, 1),   # SAME: 7x7 stays 7x7
    ((2, 2, 8, 8), (3, 3, 3), 2, 1),   # stride 2 with padding
    ((1, 1, 9, 7), (2, 2, 4), 3, 0),   # rectangular filter and input, stride 3
    ((3, 2, 5, 6), (5, 1, 1), 1, 0),   # 1x1 convolution
]
# (N, C, H, W), pool_h, pool_w, stride, pad
POOL_CASES = [
    ((2, 3, 8, 8), 2, 2, 2, 0),
    ((2, 2, 7, 7), 2, 2, 2, 0),        # odd size: the last row and column are never pooled
    ((1, 3, 7, 7), 3, 3, 2, 1),        # overlapping windows with padding
    ((2, 1, 6, 9), 2, 3, 1, 0),        # rectangular, stride 1 (overlapping)
]


def rng(seed=0):
    return np.random.default_rng(seed)


def assert_close(name, got, want, bound):
    error = rel_error(got, want)
    assert error < bound, f"{name}: rel_error {error:.2e} not < {bound:.0e}"


def tape_grads(fn, *arrays, dout):
    """Gradients of sum(fn(*tensors) * dout) w.r.t. each array, by tf.GradientTape (float64)."""
    tensors = [tf.Variable(a, dtype=tf.float64) for a in arrays]
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(fn(*tensors) * tf.constant(dout, dtype=tf.float64))
    return [g.numpy() for g in tape.gradient(loss, tensors)]


def tf_conv(x, W, b, stride, pad):
    """TensorFlow's convolution in our layout: x (N, C, H, W), W (FN, C, FH, FW) -> (N, FN, OH, OW)."""
    x_nhwc = tf.transpose(x, (0, 2, 3, 1))
    kernel = tf.transpose(W, (2, 3, 1, 0))                      # (FH, FW, C, FN)
    out = tf.nn.conv2d(x_nhwc, kernel, strides=stride, padding=[[0, 0], [pad, pad], [pad, pad], [0, 0]])
    return tf.transpose(out + b, (0, 3, 1, 2))


def tf_max_pool(x, pool_h, pool_w, stride, pad):
    x_nhwc = tf.transpose(x, (0, 2, 3, 1))
    if pad:
        x_nhwc = tf.pad(x_nhwc, [[0, 0], [pad, pad], [pad, pad], [0, 0]], constant_values=-np.inf)
    out = tf.nn.max_pool2d(x_nhwc, (pool_h, pool_w), stride, "VALID")
    return tf.transpose(out, (0, 3, 1, 2))


# --------------------------------------------------------------------------- im2col / col2im

def test_output_size_formula():
    assert output_size(28, 3, 1, 1) == 28     # SAME 3x3
    assert output_size(28, 2, 2, 0) == 14     # 2x2 pooling
    assert output_size(28, 5, 1, 0) == 24
    assert output_size(7, 3, 2, 1) == 4
    with pytest.raises(ValueError, match="does not fit"):
        output_size(2, 5, 1, 1)
    with pytest.raises(ValueError, match="stride"):
        output_size(28, 3, 0, 0)


def test_im2col_rows_are_the_patches():
    x = np.arange(2 * 2 * 4 * 5, dtype=np.float64).reshape(2, 2, 4, 5)
    col = im2col(x, 3, 2, stride=1, pad=0)
    assert col.shape == (2 * 2 * 4, 2 * 3 * 2)
    # the row for image 1, output position (1, 2) is the patch x[1, :, 1:4, 2:4]
    np.testing.assert_array_equal(col[(1 * 2 + 1) * 4 + 2], x[1, :, 1:4, 2:4].reshape(-1))
    padded = im2col(x, 3, 3, stride=2, pad=1)
    np.testing.assert_array_equal(padded[0].reshape(2, 3, 3)[:, 0, :], 0.0)  # top border is padding


@pytest.mark.parametrize("shape,fh,fw,stride,pad", [((2, 3, 6, 6), 3, 3, 1, 1), ((1, 2, 7, 5), 2, 3, 2, 0),
                                                    ((2, 1, 5, 5), 3, 3, 2, 1)])
def test_col2im_is_the_adjoint_of_im2col(shape, fh, fw, stride, pad):
    """<im2col(x), c> == <x, col2im(c)> for all x, c: what makes col2im the right backward."""
    r = rng(3)
    x = r.standard_normal(shape)
    c = r.standard_normal(im2col(x, fh, fw, stride, pad).shape)
    lhs = np.sum(im2col(x, fh, fw, stride, pad) * c)
    rhs = np.sum(x * col2im(c, shape, fh, fw, stride, pad))
    assert abs(lhs - rhs) < 1e-10 * max(1.0, abs(lhs))


def test_col2im_rejects_a_wrong_shape():
    with pytest.raises(ValueError, match=r"col must have shape .*\(18, 27\)"):
        col2im(np.zeros((18, 26)), (2, 3, 3, 3), 3, 3, 1, 1)


# --------------------------------------------------------------------------- Conv2D

@pytest.mark.parametrize("x_shape,w_shape,stride,pad", CONV_CASES)
def test_conv2d_forward_matches_tensorflow(x_shape, w_shape, stride, pad):
    r = rng(1)
    fn, fh, fw = w_shape
    x = r.standard_normal(x_shape)
    W, b = r.standard_normal((fn, x_shape[1], fh, fw)), r.standard_normal(fn)
    out = Conv2D(W, b, stride, pad).forward(x)
    want = tf_conv(tf.constant(x), tf.constant(W), tf.constant(b), stride, pad).numpy()
    assert out.shape == want.shape == (x_shape[0], fn, output_size(x_shape[2], fh, stride, pad),
                                       output_size(x_shape[3], fw, stride, pad))
    assert_close("forward vs tf", out, want, FORWARD_BOUND * 100)


@pytest.mark.parametrize("x_shape,w_shape,stride,pad", CONV_CASES)
def test_conv2d_backward_against_numerical_and_tf(x_shape, w_shape, stride, pad):
    r = rng(2)
    fn, fh, fw = w_shape
    x = r.standard_normal(x_shape)
    W, b = r.standard_normal((fn, x_shape[1], fh, fw)), r.standard_normal(fn)
    layer = Conv2D(W, b, stride, pad)
    out = layer.forward(x)
    dout = r.standard_normal(out.shape)
    x0, dout0 = x.copy(), dout.copy()
    dx = layer.backward(dout)
    np.testing.assert_array_equal(x, x0, err_msg="x was changed in place")
    np.testing.assert_array_equal(dout, dout0, err_msg="dout was changed in place")
    assert dx.shape == x.shape and layer.grads["W"].shape == W.shape and layer.grads["b"].shape == b.shape

    def forward_of(v):
        return Conv2D(layer.params["W"], layer.params["b"], stride, pad).forward(v)

    assert_close("dx vs numerical", dx, numerical_gradient_of(forward_of, x.copy(), dout, H), NUMERIC_BOUND)
    assert_close("dW vs numerical", layer.grads["W"],
                 numerical_gradient_of(lambda v: Conv2D(v, b, stride, pad).forward(x), W.copy(), dout, H),
                 NUMERIC_BOUND)
    assert_close("db vs numerical", layer.grads["b"],
                 numerical_gradient_of(lambda v: Conv2D(W, v, stride, pad).forward(x), b.copy(), dout, H),
                 NUMERIC_BOUND)
    tf_dx, tf_dW, tf_db = tape_grads(lambda a, w, c: tf_conv(a, w, c, stride, pad), x, W, b, dout=dout)
    assert_close("dx vs tf", dx, tf_dx, TF_BOUND)
    assert_close("dW vs tf", layer.grads["W"], tf_dW, TF_BOUND)
    assert_close("db vs tf", layer.grads["b"], tf_db, TF_BOUND)


def test_conv2d_hand_example():
    """A 3x3 vertical-edge filter on a 4x4 image with a dark-to-bright step: responses by hand."""
    image = np.array([[0, 0, 1, 1]] * 4, dtype=np.float64).reshape(1, 1, 4, 4)
    edge = np.array([[-1, 0, 1]] * 3, dtype=np.float64).reshape(1, 1, 3, 3)
    out = Conv2D(edge, np.zeros(1)).forward(image)
    np.testing.assert_array_equal(out, np.full((1, 1, 2, 2), 3.0))


def test_conv2d_does_not_copy_params():
    """An optimizer updates params in place; the layer must see it."""
    W, b = np.ones((1, 1, 2, 2)), np.zeros(1)
    layer = Conv2D(W, b)
    layer.params["W"] -= 0.5
    assert np.all(layer.forward(np.ones((1, 1, 2, 2))) == 2.0)


def test_conv2d_wrong_shapes_raise_value_error():
    r = rng(0)
    layer = Conv2D(r.standard_normal((4, 3, 3, 3)), np.zeros(4), pad=1)
    with pytest.raises(ValueError, match=r"x must have shape \(N, C=3, H, W\)"):
        layer.forward(r.standard_normal((2, 1, 5, 5)))
    with pytest.raises(ValueError, match=r"x must have shape \(N, C=3, H, W\)"):
        layer.forward(r.standard_normal((3, 5, 5)))
    with pytest.raises(ValueError, match="at least"):
        Conv2D(r.standard_normal((1, 1, 5, 5)), np.zeros(1)).forward(np.zeros((1, 1, 3, 3)))
    layer.forward(r.standard_normal((2, 3, 5, 5)))
    with pytest.raises(ValueError, match=r"dout must have the shape of forward's output \(2, 4, 5, 5\)"):
        layer.backward(np.zeros((2, 4, 3, 3)))
    with pytest.raises(ValueError, match=r"b must have shape \(FN,\) = \(4,\)"):
        Conv2D(np.zeros((4, 3, 3, 3)), np.zeros(3))
    with pytest.raises(ValueError, match=r"W must have shape \(FN, C, FH, FW\)"):
        Conv2D(np.zeros((3, 3)), np.zeros(3))
    with pytest.raises(ValueError, match="NaN"):
        layer.forward(np.full((1, 3, 5, 5), np.nan))
    with pytest.raises(RuntimeError, match="before forward"):
        Conv2D(np.zeros((1, 1, 1, 1)), np.zeros(1)).backward(np.zeros((1, 1, 1, 1)))


# --------------------------------------------------------------------------- MaxPool2D

@pytest.mark.parametrize("x_shape,pool_h,pool_w,stride,pad", POOL_CASES)
def test_max_pool_forward_and_backward_against_numerical_and_tf(x_shape, pool_h, pool_w, stride, pad):
    r = rng(4)
    x = r.standard_normal(x_shape)  # continuous values: no ties, so the max is differentiable
    layer = MaxPool2D(pool_h, pool_w, stride, pad)
    out = layer.forward(x)
    want = tf_max_pool(tf.constant(x), pool_h, pool_w, stride, pad).numpy()
    assert out.shape == want.shape
    np.testing.assert_array_equal(out, want)
    dout = r.standard_normal(out.shape)
    x0, dout0 = x.copy(), dout.copy()
    dx = layer.backward(dout)
    np.testing.assert_array_equal(x, x0, err_msg="x was changed in place")
    np.testing.assert_array_equal(dout, dout0, err_msg="dout was changed in place")
    numeric = numerical_gradient_of(lambda v: MaxPool2D(pool_h, pool_w, stride, pad).forward(v), x.copy(), dout, H)
    assert_close("dx vs numerical", dx, numeric, NUMERIC_BOUND)
    (tf_dx,) = tape_grads(lambda a: tf_max_pool(a, pool_h, pool_w, stride, pad), x, dout=dout)
    assert_close("dx vs tf", dx, tf_dx, TF_BOUND)


def test_max_pool_hand_example():
    x = np.array([[1, 2, 0, 1], [3, 0, 4, 2], [1, 1, 0, 0], [0, 5, 2, 6]], dtype=np.float64).reshape(1, 1, 4, 4)
    layer = MaxPool2D(2, 2, 2)
    np.testing.assert_array_equal(layer.forward(x)[0, 0], [[3, 4], [5, 6]])
    dx = layer.backward(np.array([[10.0, 20.0], [30.0, 40.0]]).reshape(1, 1, 2, 2))
    want = np.zeros((4, 4))
    want[1, 0], want[1, 2], want[3, 1], want[3, 3] = 10, 20, 30, 40
    np.testing.assert_array_equal(dx[0, 0], want)


def test_max_pool_wrong_shapes_raise_value_error():
    layer = MaxPool2D(2, 2, 2)
    with pytest.raises(ValueError, match=r"x must have shape \(N, C, H, W\)"):
        layer.forward(np.zeros((4, 4)))
    with pytest.raises(ValueError, match="at least 2x2"):
        layer.forward(np.zeros((1, 1, 1, 4)))
    layer.forward(np.zeros((2, 3, 8, 8)))
    with pytest.raises(ValueError, match=r"dout must have the shape of forward's output \(2, 3, 4, 4\)"):
        layer.backward(np.zeros((2, 3, 8, 8)))
    with pytest.raises(ValueError, match="pad must be smaller"):
        MaxPool2D(2, 2, 2, pad=2)
    with pytest.raises(ValueError, match="stride"):
        MaxPool2D(2, 2, 0)
