"""Convolution and max pooling in numpy, vectorized with im2col.

Lesson 06 (``06_mnist_softmax_to_cnn.ipynb``, section "Convolution from scratch") explains
everything here and applies :class:`Conv2D` with hand-made filters (blur, edges) to a digit.

Images are channels-first, as in 밑바닥부터 시작하는 딥러닝 chapter 7: ``x`` has shape
``(N, C, H, W)`` (images, channels, height, width). For a filter of size ``FH x FW``, stride
``S`` and zero padding ``P`` the output is ``OH x OW`` with

    OH = (H + 2P - FH) // S + 1,    OW = (W + 2P - FW) // S + 1.

- :func:`im2col` unrolls every receptive field ("patch") of ``x`` into one row, so a convolution
  becomes one matrix product; :func:`col2im` is its adjoint (it adds each row back into its patch,
  summing where patches overlap), which is exactly what the backward pass needs.
- :class:`Conv2D` and :class:`MaxPool2D` follow the layer conventions of
  :mod:`lessons_lib.layers`: ``forward(x, train=True)`` and ``backward(dout)``, parameters in
  ``params`` and their gradients in ``grads``, inputs and ``dout`` never changed in place, and a
  ``ValueError`` naming the expected shape when a shape is wrong.

No Python loop runs over images: the only loops are over the ``FH x FW`` positions of a filter
in :func:`col2im` (9 iterations for a 3x3 filter).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from lessons_lib.layers import _as_array  # the same input check as every other layer

__all__ = ["output_size", "im2col", "col2im", "Conv2D", "MaxPool2D"]


# ----------------------------------------------------------------------------- input checks

def _non_negative_int(name: str, value, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")
    return int(value)


def _window(name_h, filter_h, name_w, filter_w, stride, pad) -> tuple:
    return (_non_negative_int(name_h, filter_h, 1), _non_negative_int(name_w, filter_w, 1),
            _non_negative_int("stride", stride, 1), _non_negative_int("pad", pad))


def _shape4(input_shape) -> tuple:
    """input_shape as four positive ints (N, C, H, W); ValueError naming it otherwise."""
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 4 or any(
            isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1 for v in input_shape):
        raise ValueError(f"input_shape must be four positive ints (N, C, H, W), got {input_shape!r}")
    return tuple(int(v) for v in input_shape)


def output_size(size: int, filter_size: int, stride: int = 1, pad: int = 0) -> int:
    """Output length of a convolution or pooling along one axis: (size + 2*pad - filter_size) // stride + 1.

    ``output_size(28, 3, 1, 1) == 28`` (a 3x3 SAME convolution), ``output_size(28, 2, 2) == 14``
    (2x2 pooling). Raises ValueError when the filter does not fit into the padded input.
    """
    size = _non_negative_int("size", size, 1)
    filter_size = _non_negative_int("filter_size", filter_size, 1)
    stride = _non_negative_int("stride", stride, 1)
    pad = _non_negative_int("pad", pad)
    if size + 2 * pad < filter_size:
        raise ValueError(f"filter of size {filter_size} does not fit into an input of size {size} "
                         f"with padding {pad}")
    return (size + 2 * pad - filter_size) // stride + 1


# ----------------------------------------------------------------------------- im2col / col2im

def _im2col_inputs(x, filter_h, filter_w, stride, pad, pad_value) -> tuple:
    """im2col's argument checks: ``(x as an array, OH, OW)``; ValueError naming a bad one."""
    x = _as_array(x, "x")
    filter_h, filter_w, stride, pad = _window("filter_h", filter_h, "filter_w", filter_w, stride, pad)
    if isinstance(pad_value, (bool, np.bool_)) or not isinstance(pad_value, (int, float, np.integer, np.floating)) \
            or np.isnan(pad_value) or pad_value == np.inf:
        raise ValueError(f"pad_value must be a finite number, or -inf (max pooling's padding), got {pad_value!r}")
    if x.ndim == 4 and x.shape[1] == 0:
        raise ValueError(f"x must have at least one channel, (N, C, H, W) with C >= 1, got {x.shape}")
    if x.ndim != 4 or x.shape[2] + 2 * pad < filter_h or x.shape[3] + 2 * pad < filter_w:
        raise ValueError(f"x must have shape (N, C, H, W) with H, W >= {filter_h - 2 * pad}, {filter_w - 2 * pad} "
                         f"for {filter_h}x{filter_w} filters and pad {pad}, got {x.shape}")
    return x, output_size(x.shape[2], filter_h, stride, pad), output_size(x.shape[3], filter_w, stride, pad)


def im2col(x, filter_h, filter_w, stride=1, pad=0, pad_value=0.0):
    """Unroll every filter-sized patch of ``x`` into a row.

    x: (N, C, H, W) -> col: (N*OH*OW, C*filter_h*filter_w). Row ``(n*OH + i)*OW + j`` holds the
    patch whose top-left corner is at ``(i*stride - pad, j*stride - pad)`` of image ``n``, channel
    by channel (C, filter_h, filter_w order). Padding uses ``pad_value`` (0 for convolution,
    -inf for max pooling). The input is not changed (np.pad copies it).
    """
    x, out_h, out_w = _im2col_inputs(x, filter_h, filter_w, stride, pad, pad_value)
    N, C = x.shape[:2]
    border = ((0, 0), (0, 0), (pad, pad), (pad, pad))
    x = np.pad(x, border, constant_values=pad_value)  # a copy: x is never changed
    windows = sliding_window_view(x, (filter_h, filter_w), axis=(2, 3))  # every patch
    windows = windows[:, :, ::stride, ::stride][:, :, :out_h, :out_w]  # every stride-th
    rows = windows.transpose(0, 2, 3, 1, 4, 5)  # (N, OH, OW, C, FH, FW)
    return rows.reshape(N * out_h * out_w, C * filter_h * filter_w)


def col2im(col, input_shape, filter_h: int, filter_w: int, stride: int = 1, pad: int = 0):
    """The adjoint of :func:`im2col`: add every row back into its patch.

    col: (N*OH*OW, C*filter_h*filter_w), input_shape: (N, C, H, W) -> (N, C, H, W). Where
    patches overlap (stride < filter size) their values are summed, and the padding border is
    cut off, so ``col2im`` of a gradient with respect to ``col`` is the gradient with respect to x.
    """
    col = _as_array(col, "col")
    N, C, H, W = _shape4(input_shape)
    filter_h, filter_w, stride, pad = _window("filter_h", filter_h, "filter_w", filter_w, stride, pad)
    if H + 2 * pad < filter_h or W + 2 * pad < filter_w:
        raise ValueError(f"input_shape {input_shape} is smaller than the {filter_h}x{filter_w} filter with pad {pad}")
    out_h = output_size(H, filter_h, stride, pad)
    out_w = output_size(W, filter_w, stride, pad)
    expected = (N * out_h * out_w, C * filter_h * filter_w)
    if col.shape != expected:
        raise ValueError(f"col must have shape (N*OH*OW, C*FH*FW) = {expected} for input_shape "
                         f"{(N, C, H, W)}, got {col.shape}")
    patches = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    image = np.zeros((N, C, H + 2 * pad, W + 2 * pad), dtype=col.dtype)
    for y in range(filter_h):  # loops over filter positions only, never over images
        y_stop = y + stride * out_h
        for x in range(filter_w):
            x_stop = x + stride * out_w
            image[:, :, y:y_stop:stride, x:x_stop:stride] += patches[:, :, y, x, :, :]
    return image[:, :, pad:H + pad, pad:W + pad]


# ----------------------------------------------------------------------------- layers

class _ConvParams:
    """What Conv2D needs besides its forward and backward passes: checked parameters, the
    parameter and gradient dicts, the output shape, and the input/``dout`` shape checks."""

    def __init__(self, W, b, stride: int = 1, pad: int = 0):
        W, b = _as_array(W, "W"), _as_array(b, "b")
        if W.ndim != 4 or 0 in W.shape:
            raise ValueError(f"W must have shape (FN, C, FH, FW) with every size >= 1, got {W.shape}")
        if b.shape != (W.shape[0],):
            raise ValueError(f"b must have shape (FN,) = ({W.shape[0]},) to match W {W.shape}, got {b.shape}")
        self.stride = _non_negative_int("stride", stride, 1)
        self.pad = _non_negative_int("pad", pad)
        self.params = {"W": W, "b": b}
        self.grads = {"W": None, "b": None}
        self.x_shape = None
        self.col = None

    W = property(lambda self: self.params["W"], doc="filters (FN, C, FH, FW)")
    b = property(lambda self: self.params["b"], doc="biases (FN,)")
    dW = property(lambda self: self.grads["W"], doc="dL/dW (FN, C, FH, FW), after backward")
    db = property(lambda self: self.grads["b"], doc="dL/db (FN,), after backward")

    def output_shape(self, input_shape) -> tuple:
        """(N, C, H, W) -> (N, FN, OH, OW) for this layer's filters, stride and padding."""
        N, _, H, W = _shape4(input_shape)
        FN, _, FH, FW = self.params["W"].shape
        return (N, FN, output_size(H, FH, self.stride, self.pad), output_size(W, FW, self.stride, self.pad))

    def _check_x(self, x) -> tuple:
        """``(x as an array, output shape)``; remembers x's shape for backward."""
        x = _as_array(x, "x")
        FN, C, FH, FW = self.params["W"].shape
        if x.ndim != 4 or x.shape[1] != C:
            raise ValueError(f"Conv2D.forward: x must have shape (N, C={C}, H, W) for filters W of shape "
                             f"{self.params['W'].shape}, got {x.shape}")
        if x.shape[2] + 2 * self.pad < FH or x.shape[3] + 2 * self.pad < FW:
            raise ValueError(f"Conv2D.forward: x must be at least ({FH - 2 * self.pad}, {FW - 2 * self.pad}) "
                             f"in height and width for {FH}x{FW} filters with pad {self.pad}, got {x.shape}")
        self.x_shape = x.shape
        return x, self.output_shape(x.shape)

    def _check_dout(self, dout):
        if self.col is None:
            raise RuntimeError("Conv2D.backward called before forward")
        dout = _as_array(dout, "dout")
        expected = self.output_shape(self.x_shape)
        if dout.shape != expected:
            raise ValueError(f"Conv2D.backward: dout must have the shape of forward's output {expected}, "
                             f"got {dout.shape}")
        return dout


class Conv2D(_ConvParams):
    """Convolution layer (합성곱 계층): out[n, f] = sum over c of (x[n, c] * W[f, c]) + b[f].

    W: (FN, C, FH, FW) filters, b: (FN,) biases; ``stride`` and zero padding ``pad`` are ints.
    forward(x): x (N, C, H, W) -> (N, FN, OH, OW), computed as ``im2col(x) @ W.reshape(FN, -1).T + b``.
    backward(dout): dout (N, FN, OH, OW) -> dx (N, C, H, W); fills grads["W"] (FN, C, FH, FW)
    and grads["b"] (FN,). Like every deep-learning library, "convolution" here is
    cross-correlation: the filter is not flipped. Lesson 06 shows this class.
    """

    def forward(self, x, train=True):
        x, (N, FN, out_h, out_w) = self._check_x(x)
        self.col = im2col(x, *self.W.shape[2:], self.stride, self.pad)  # (N*OH*OW, C*FH*FW)
        out = self.col @ self.W.reshape(FN, -1).T + self.b  # (N*OH*OW, FN)
        return out.reshape(N, out_h, out_w, FN).transpose(0, 3, 1, 2)

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        dout = self._check_dout(dout).transpose(0, 2, 3, 1).reshape(-1, FN)
        self.grads["b"] = dout.sum(axis=0)  # (FN,)
        self.grads["W"] = (dout.T @ self.col).reshape(FN, C, FH, FW)
        dcol = dout @ self.W.reshape(FN, -1)  # (N*OH*OW, C*FH*FW)
        return col2im(dcol, self.x_shape, FH, FW, self.stride, self.pad)


class _PoolParams:
    """What MaxPool2D needs besides its forward and backward passes: checked window, the
    output shape, and the input/``dout`` shape checks."""

    def __init__(self, pool_h: int = 2, pool_w: int = 2, stride: int = 2, pad: int = 0):
        self.pool_h = _non_negative_int("pool_h", pool_h, 1)
        self.pool_w = _non_negative_int("pool_w", pool_w, 1)
        self.stride = _non_negative_int("stride", stride, 1)
        self.pad = _non_negative_int("pad", pad)
        if self.pad >= min(self.pool_h, self.pool_w):
            raise ValueError(f"pad must be smaller than the pool size {self.pool_h}x{self.pool_w}, got {pad}")
        self.params, self.grads = {}, {}
        self.x_shape = None
        self.argmax = None

    def output_shape(self, input_shape) -> tuple:
        """(N, C, H, W) -> (N, C, OH, OW)."""
        N, C, H, W = _shape4(input_shape)
        return (N, C, output_size(H, self.pool_h, self.stride, self.pad),
                output_size(W, self.pool_w, self.stride, self.pad))

    def _window(self) -> tuple:
        """(pool_h, pool_w, stride, pad): the arguments im2col and col2im take."""
        return self.pool_h, self.pool_w, self.stride, self.pad

    def _check_x(self, x) -> tuple:
        """``(x as an array, output shape)``; remembers x's shape for backward."""
        x = _as_array(x, "x")
        if x.ndim != 4:
            raise ValueError(f"MaxPool2D.forward: x must have shape (N, C, H, W), got {x.shape}")
        if x.shape[2] + 2 * self.pad < self.pool_h or x.shape[3] + 2 * self.pad < self.pool_w:
            raise ValueError(f"MaxPool2D.forward: x must be at least {self.pool_h}x{self.pool_w} "
                             f"(with pad {self.pad}) in height and width, got {x.shape}")
        self.x_shape = x.shape
        return x, self.output_shape(x.shape)

    def _check_dout(self, dout):
        if self.argmax is None:
            raise RuntimeError("MaxPool2D.backward called before forward")
        dout = _as_array(dout, "dout")
        expected = self.output_shape(self.x_shape)
        if dout.shape != expected:
            raise ValueError(f"MaxPool2D.backward: dout must have the shape of forward's output {expected}, "
                             f"got {dout.shape}")
        return dout


class MaxPool2D(_PoolParams):
    """Max pooling (최대 풀링): the largest value of each pool_h x pool_w window, channel by channel.

    forward(x): x (N, C, H, W) -> (N, C, OH, OW) with OH = (H + 2*pad - pool_h) // stride + 1.
    Padding (if any) is the same on all four sides and uses -inf, so a padded border is never
    the maximum. (Keras ``padding="same"`` pads only the bottom and right, so it differs.)
    backward(dout): dout (N, C, OH, OW) -> dx (N, C, H, W): each window's gradient goes to the
    position that held its maximum (the first one on a tie); all other positions get 0.
    No parameters (``params`` and ``grads`` are empty dicts). Lesson 06 shows this class.
    """

    def forward(self, x, train=True):
        x, (N, C, out_h, out_w) = self._check_x(x)
        col = im2col(x.reshape(N * C, 1, *x.shape[2:]), *self._window(), -np.inf)
        self.argmax = col.argmax(axis=1)  # where each window's maximum is
        return col.max(axis=1).reshape(N, C, out_h, out_w)

    def backward(self, dout):
        dout = self._check_dout(dout)
        dcol = np.zeros((dout.size, self.pool_h * self.pool_w), dtype=dout.dtype)
        dcol[np.arange(dout.size), self.argmax] = dout.reshape(-1)  # only the maximum
        N, C, H, W = self.x_shape
        dx = col2im(dcol, (N * C, 1, H, W), *self._window())  # channels as images again
        return dx.reshape(N, C, H, W)
