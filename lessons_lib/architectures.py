"""Deep CNN architectures: receptive fields, parameter counts, and the Keras builders of lesson 08.

Lesson 08 (``08_vgg_resnet.ipynb``) explains every function here:

- :func:`conv_spec`, :func:`pool_spec`, :func:`describe_stack`, :func:`receptive_field` and
  :func:`stack_parameter_count` do the arithmetic of a stack of convolution and pooling layers
  by hand (no Keras needed): how far one output pixel "sees" into the input and how many weights
  the stack has.
- :func:`vgg_block`, :func:`conv_bn` and :func:`residual_block` (shown in the lesson) build blocks;
  :func:`book_deep_cnn` (the deep CNN of 밑바닥부터 시작하는 딥러닝 chapter 8), :func:`mini_vgg`,
  :func:`plain_cnn` / :func:`residual_cnn` (same depth, with and without skip connections),
  :func:`mini_resnet` (residual blocks, batch normalization, global average pooling) and
  :func:`inception_block` build Keras 3 models.
- :func:`layer_gradient_norms` measures the gradient norm of every convolution kernel with
  ``tf.GradientTape``, to show vanishing gradients in a deep plain network.

This module imports Keras at the top; ``import lessons_lib`` does not import it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import keras
from keras import layers

from lessons_lib.keras_models import _check_initializer

# ---------------------------------------------------------------------------------------------
# Receptive field and parameter arithmetic (plain Python)
# ---------------------------------------------------------------------------------------------


def _positive_int(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def _check_bool(name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}")
    return bool(value)


@dataclass(frozen=True)
class LayerSpec:
    """One layer of a stack: ``kind`` is ``"conv"`` or ``"pool"``.

    kernel_size: side of the square window (3 for a 3x3 convolution); stride: its step;
    filters: output channels of a convolution (``None`` for pooling, which keeps the channels).
    """

    kind: str
    kernel_size: int
    stride: int
    filters: int | None = None
    bias: bool = True

    def __post_init__(self):
        if self.kind not in ("conv", "pool"):
            raise ValueError(f"kind must be 'conv' or 'pool', got {self.kind!r}")
        _positive_int("kernel_size", self.kernel_size)
        _positive_int("stride", self.stride)
        if self.kind == "conv":
            _positive_int("filters", self.filters)
        elif self.filters is not None:
            raise ValueError(f"a pooling layer has no filters, got filters={self.filters!r}")
        _check_bool("bias", self.bias)

    @property
    def name(self) -> str:
        if self.kind == "conv":
            stride = f"/{self.stride}" if self.stride != 1 else ""
            return f"conv{self.kernel_size}x{self.kernel_size}{stride}-{self.filters}"
        return f"pool{self.kernel_size}x{self.kernel_size}/{self.stride}"


def conv_spec(kernel_size: int, filters: int, stride: int = 1, bias: bool = True) -> LayerSpec:
    """A ``kernel_size`` x ``kernel_size`` convolution with ``filters`` output channels."""
    return LayerSpec("conv", kernel_size, stride, filters, bias)


def pool_spec(pool_size: int = 2, stride: int | None = None) -> LayerSpec:
    """A ``pool_size`` x ``pool_size`` max pooling; the stride defaults to the pool size."""
    pool_size = _positive_int("pool_size", pool_size)
    return LayerSpec("pool", pool_size, pool_size if stride is None else stride)


def _check_stack(stack) -> list[LayerSpec]:
    if isinstance(stack, LayerSpec):
        raise ValueError("stack must be a list of layers, e.g. [conv_spec(3, 16), pool_spec(2)], "
                         "not a single LayerSpec")
    try:
        stack = list(stack)
    except TypeError:
        raise ValueError(f"stack must be a list of LayerSpec, got {type(stack).__name__}") from None
    if not stack:
        raise ValueError("stack must contain at least one layer")
    for index, layer in enumerate(stack):
        if not isinstance(layer, LayerSpec):
            raise ValueError(f"stack[{index}] must be a LayerSpec made by conv_spec(...) or "
                             f"pool_spec(...), got {layer!r}")
    return stack


def conv_parameter_count(kernel_size: int, in_channels: int, out_channels: int, bias: bool = True) -> int:
    """Weights of one convolution: ``k * k * C_in * C_out`` (+ ``C_out`` biases)."""
    kernel_size = _positive_int("kernel_size", kernel_size)
    in_channels = _positive_int("in_channels", in_channels)
    out_channels = _positive_int("out_channels", out_channels)
    bias = _check_bool("bias", bias)
    return kernel_size * kernel_size * in_channels * out_channels + (out_channels if bias else 0)


def describe_stack(stack, in_channels: int = 1, input_size: int | None = None) -> list[dict]:
    """Walk a stack of layers and return one row per layer.

    Each row is ``{"layer", "receptive_field", "jump", "channels", "parameters", "size"}``:

    - receptive field ``r``: side of the input window one output pixel depends on,
      ``r_l = r_{l-1} + (k_l - 1) * j_{l-1}`` starting from ``r_0 = 1``;
    - jump ``j``: distance in input pixels between neighbouring outputs, ``j_l = j_{l-1} * s_l``;
    - parameters: weights plus biases of that layer (0 for pooling);
    - size: output side for an ``input_size`` x ``input_size`` input, as Keras computes it:
      convolutions use "same" padding (``ceil(size / stride)``), pooling uses none
      (``floor((size - k) / stride) + 1``, so 7 -> 3 under 2x2 pooling); ``None`` when
      ``input_size`` is not given.
    """
    stack = _check_stack(stack)
    channels = _positive_int("in_channels", in_channels)
    size = None if input_size is None else _positive_int("input_size", input_size)
    field, jump, rows = 1, 1, []
    for layer in stack:
        field += (layer.kernel_size - 1) * jump
        jump *= layer.stride
        parameters = 0
        if layer.kind == "conv":
            parameters = conv_parameter_count(layer.kernel_size, channels, layer.filters, layer.bias)
            channels = layer.filters
        if size is not None:
            if layer.kind == "conv":
                size = -(-size // layer.stride)
            else:
                if size < layer.kernel_size:
                    raise ValueError(f"input_size too small: {layer.name} gets a {size}x{size} input")
                size = (size - layer.kernel_size) // layer.stride + 1
        rows.append({"layer": layer.name, "receptive_field": field, "jump": jump,
                     "channels": channels, "parameters": parameters, "size": size})
    return rows


def receptive_field(stack) -> int:
    """Side of the input window that one output pixel of the stack sees (e.g. 5 for two 3x3 convs)."""
    return describe_stack(stack)[-1]["receptive_field"]


def stack_parameter_count(stack, in_channels: int = 1) -> int:
    """Total weights and biases of the convolutions in a stack (pooling has none)."""
    return sum(row["parameters"] for row in describe_stack(stack, in_channels))


# ---------------------------------------------------------------------------------------------
# Keras builders
# ---------------------------------------------------------------------------------------------


def _check_blocks(block_filters) -> list[tuple[int, ...]]:
    try:
        blocks = [tuple(block) for block in block_filters]
    except TypeError:
        raise ValueError(f"block_filters must be a list of tuples of ints, e.g. ((16, 16), (32, 32)), "
                         f"got {block_filters!r}") from None
    if not blocks or any(not block for block in blocks):
        raise ValueError(f"block_filters must hold at least one non-empty block, got {block_filters!r}")
    for block in blocks:
        for filters in block:
            _positive_int("filters in block_filters", filters)
    return blocks


def _check_rate(dropout_rate: float) -> float:
    if isinstance(dropout_rate, (bool, np.bool_)) or not isinstance(
            dropout_rate, (int, float, np.integer, np.floating)) or not 0.0 <= dropout_rate < 1.0:
        raise ValueError(f"dropout_rate must be a number in [0, 1), got {dropout_rate!r}")
    return float(dropout_rate)


def _check_input_shape(input_shape) -> tuple:
    """(height, width, channels) of positive ints, or a ValueError naming input_shape."""
    if not isinstance(input_shape, (tuple, list)) or len(input_shape) != 3 or any(
            isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1 for size in input_shape):
        raise ValueError(f"input_shape must be (height, width, channels) of positive ints, got {input_shape!r:.80}")
    return tuple(int(size) for size in input_shape)


def _check_name(name) -> str:
    if not isinstance(name, str) or not name or not name.replace("_", "").isalnum():
        raise ValueError(f"name must be a non-empty string of letters, digits and _, got {name!r:.80}")
    return name


def _check_augmentation(augmentation):
    if augmentation is not None and not isinstance(augmentation, keras.layers.Layer):
        raise ValueError(f"augmentation must be a Keras layer or None, got {type(augmentation).__name__}")
    return augmentation


def _check_tensor(x, name: str = "x"):
    """A 4-D Keras tensor (batch, height, width, channels), as a block's input must be."""
    if not keras.backend.is_keras_tensor(x) or len(x.shape) != 4:
        raise ValueError(f"{name} must be a 4-D Keras tensor (batch, height, width, channels), e.g. "
                         f"keras.Input((28, 28, 1)), got {type(x).__name__} {getattr(x, 'shape', '')}")
    return x


def _check_model_head(input_shape, num_classes, name):
    """The arguments every builder takes: input shape, number of classes, model name."""
    return _check_input_shape(input_shape), _positive_int("num_classes", num_classes), _check_name(name)


def vgg_block(x, filters, name="block", batch_norm=False, initializer="he_normal"):
    """A VGG block: one 3x3 "same" convolution + ReLU per entry of ``filters``, then 2x2 max pooling.

    x: a Keras tensor (N, H, W, C) -> (N, H // 2, W // 2, filters[-1]). batch_norm: put a
    BatchNormalization between each convolution and its ReLU (the convolution then has no bias).
    """
    _check_layer(locals())  # every argument, by name
    filters = _check_filters(filters)
    options = dict(
        padding="same", use_bias=not batch_norm, kernel_initializer=initializer
    )
    for index, width in enumerate(filters, start=1):
        tag = f"{name}_conv{index}"
        x = layers.Conv2D(width, 3, name=tag, **options)(x)
        if batch_norm:
            x = layers.BatchNormalization(name=f"{tag}_bn")(x)
        x = layers.ReLU(name=f"{tag}_relu")(x)
    return layers.MaxPooling2D(2, name=f"{name}_pool")(x)


def _check_filters(filters) -> tuple[int, ...]:
    try:
        filters = tuple(filters)
    except TypeError:
        raise ValueError(f"filters must be a tuple of ints, e.g. (32, 32), got {filters!r}") from None
    if not filters:
        raise ValueError("filters must name at least one convolution")
    return tuple(_positive_int("filters", width) for width in filters)


def mini_vgg(block_filters=((32, 32), (64, 64), (128, 128)), dense_units=(256,), *,
             dropout_rate: float = 0.5, batch_norm: bool = False, input_shape=(28, 28, 1),
             num_classes: int = 10, kernel_initializer="he_normal", augmentation=None,
             name: str = "mini_vgg") -> keras.Model:
    """VGG-style CNN: one :func:`vgg_block` per entry of ``block_filters``, then Dense layers with
    dropout and a softmax. Input (N, 28, 28, 1) -> (N, num_classes).

    augmentation: an optional Keras layer (active in training only, e.g.
    ``lessons_lib.keras_models.shift_augmentation(1.0)``) put right after the input.
    block_filters: channels of each convolution, one tuple per block (VGG-16 is
    ``((64, 64), (128, 128), (256,) * 3, (512,) * 3, (512,) * 3)``).
    batch_norm: put a BatchNormalization between each convolution and its ReLU.
    """
    blocks = _check_blocks(block_filters)
    dropout_rate = _check_rate(dropout_rate)
    batch_norm = _check_bool("batch_norm", batch_norm)
    input_shape, num_classes, name = _check_model_head(input_shape, num_classes, name)
    _check_initializer(kernel_initializer), _check_augmentation(augmentation)
    if isinstance(dense_units, (str, bytes)) or not isinstance(dense_units, (tuple, list)):
        raise ValueError(f"dense_units must be a tuple of positive ints, got {dense_units!r:.80}")
    dense_units = [_positive_int("dense_units", units) for units in dense_units]
    inputs = keras.Input(shape=input_shape)
    x = augmentation(inputs) if augmentation is not None else inputs
    for index, block in enumerate(blocks, start=1):
        x = vgg_block(x, block, f"block{index}", batch_norm, kernel_initializer)
    x = layers.Flatten(name="flatten")(x)
    for index, units in enumerate(dense_units, start=1):
        x = layers.Dense(units, activation="relu",
                         kernel_initializer=kernel_initializer, name=f"dense_{index}")(x)
        if dropout_rate:
            x = layers.Dropout(dropout_rate, name=f"dropout_{index}")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="softmax")(x)
    return keras.Model(inputs, outputs, name=name)


BOOK_CONVOLUTIONS = ((16, 1), (16, 1), (32, 1), (32, 2), (64, 1), (64, 1))
"""(filters, zero padding) of the six 3x3 convolutions of DLFS ``DeepConvNet``: conv4 pads by 2."""


def book_deep_cnn(*, dropout_rate: float = 0.5, input_shape=(28, 28, 1), num_classes: int = 10,
                  augmentation=None, name: str = "book_deep_cnn") -> keras.Model:
    """The deep CNN of 밑바닥부터 시작하는 딥러닝 chapter 8 (``DeepConvNet``), layer for layer.

    Six 3x3 convolutions + ReLU (He initialization), 2x2 max pooling after every second one;
    conv4 pads by 2, so the sizes are 28 -> 14 -> 16 -> 8 -> 4 and 4 * 4 * 64 = 1,024 features
    reach Dense 50 + ReLU, dropout, Dense 10, dropout, softmax. Input (N, 28, 28, 1) -> (N, 10).
    The pad-1 convolutions use ``padding="same"``: the same arithmetic as a ``ZeroPadding2D``
    of 1 before each, and 0.87-0.88 of its epoch time in tools/bench_08_book.py (the lesson's
    full run of 2026-12-01 did not show that saving). conv4's pad of 2 is its own
    ``ZeroPadding2D`` layer, ``pad4``. Explained in 08_vgg_resnet.ipynb.
    """
    dropout_rate = _check_rate(dropout_rate)
    input_shape, num_classes, name = _check_model_head(input_shape, num_classes, name)
    _check_augmentation(augmentation)
    model = keras.Sequential([keras.Input(shape=input_shape)], name=name)
    if augmentation is not None:
        model.add(augmentation)
    for index, (filters, pad) in enumerate(BOOK_CONVOLUTIONS, start=1):
        if pad != 1:  # conv4: 2 pixels of zeros, then a valid 3x3 convolution
            model.add(layers.ZeroPadding2D(pad, name=f"pad{index}"))
        # padding="same" is a zero padding of 1 for a 3x3 kernel, without a layer of its own
        model.add(layers.Conv2D(filters, 3, padding="same" if pad == 1 else "valid",
                                activation="relu", kernel_initializer="he_normal",
                                name=f"conv{index}"))
        if index % 2 == 0:
            model.add(layers.MaxPooling2D(2, name=f"pool{index // 2}"))
    model.add(layers.Flatten(name="flatten"))
    model.add(layers.Dense(50, activation="relu", kernel_initializer="he_normal", name="dense"))
    model.add(layers.Dropout(dropout_rate, name="dropout_1"))
    model.add(layers.Dense(num_classes, kernel_initializer="he_normal", name="scores"))
    model.add(layers.Dropout(dropout_rate, name="dropout_2"))
    model.add(layers.Softmax(name="softmax"))
    return model


def _stem(inputs, width: int, kernel_initializer):
    """3x3 convolution 28x28 -> width channels, then 2x2 max pooling to 14x14."""
    x = layers.Conv2D(width, 3, padding="same", activation="relu", kernel_initializer=kernel_initializer,
                      name="stem_conv")(inputs)
    return layers.MaxPooling2D(2, name="stem_pool")(x)


def _deep_net(depth: int, width: int, residual: bool, kernel_initializer, input_shape, num_classes,
              name) -> keras.Model:
    depth = _positive_int("depth", depth)
    width = _positive_int("width", width)
    input_shape, num_classes, name = _check_model_head(input_shape, num_classes, name)
    _check_initializer(kernel_initializer)
    if depth < 3 or depth % 2 == 0:
        raise ValueError(f"depth must be an odd int >= 3 (one stem convolution + pairs of 3x3 "
                         f"convolutions), got {depth}")
    inputs = keras.Input(shape=input_shape)
    x = _stem(inputs, width, kernel_initializer)
    for block in range(1, (depth - 1) // 2 + 1):
        shortcut = x
        x = layers.Conv2D(width, 3, padding="same", activation="relu",
                          kernel_initializer=kernel_initializer, name=f"block{block}_conv1")(x)
        x = layers.Conv2D(width, 3, padding="same", kernel_initializer=kernel_initializer,
                          name=f"block{block}_conv2")(x)
        if residual:
            x = layers.Add(name=f"block{block}_add")([shortcut, x])
        x = layers.ReLU(name=f"block{block}_relu")(x)
    x = layers.GlobalAveragePooling2D(name="global_pool")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="softmax")(x)
    return keras.Model(inputs, outputs, name=name)


def plain_cnn(depth: int = 21, width: int = 16, *, kernel_initializer="glorot_uniform",
              input_shape=(28, 28, 1), num_classes: int = 10, name: str = "plain_cnn") -> keras.Model:
    """A plain deep CNN with ``depth`` 3x3 convolutions and no skip connections, no batch norm.

    One stem convolution + 2x2 pooling, then ``(depth - 1) / 2`` pairs of convolutions of
    ``width`` channels, global average pooling, softmax. Same layers as :func:`residual_cnn`
    with the same ``depth`` (the two have exactly the same parameters), only without the
    ``x + F(x)`` additions. Input (N, 28, 28, 1) -> (N, num_classes).
    """
    return _deep_net(depth, width, False, kernel_initializer, input_shape, num_classes, name)


def residual_cnn(depth: int = 21, width: int = 16, *, kernel_initializer="glorot_uniform",
                 input_shape=(28, 28, 1), num_classes: int = 10, name: str = "residual_cnn") -> keras.Model:
    """:func:`plain_cnn` plus a skip connection around every pair: ``relu(x + F(x))``."""
    return _deep_net(depth, width, True, kernel_initializer, input_shape, num_classes, name)


def conv_depth(model: keras.Model) -> int:
    """Number of Conv2D layers in a Keras model (its depth in convolutions)."""
    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a Keras model, got {type(model).__name__}")
    return sum(isinstance(layer, layers.Conv2D) for layer in model.layers)


def _check_momentum(bn_momentum: float) -> float:
    if isinstance(bn_momentum, (bool, np.bool_)) or not isinstance(
            bn_momentum, (int, float, np.integer, np.floating)) or not 0.0 <= bn_momentum < 1.0:
        raise ValueError(f"bn_momentum must be in [0, 1), got {bn_momentum!r}")
    return float(bn_momentum)


def conv_bn(x, filters, kernel_size=3, stride=1, name="conv", bn_momentum=0.9):
    """A convolution without bias (batch norm's beta replaces it), then batch normalization.

    x: a Keras tensor (N, H, W, C) -> (N, ceil(H / stride), ceil(W / stride), filters).
    """
    _check_layer(locals())  # every argument, by name
    x = layers.Conv2D(
        filters,
        kernel_size,
        strides=stride,
        padding="same",
        use_bias=False,
        kernel_initializer="he_normal",
        name=name,
    )(x)
    return layers.BatchNormalization(momentum=bn_momentum, name=f"{name}_bn")(x)


def _check_layer(arguments: dict) -> None:
    """Lesson 08's shown blocks (conv_bn, residual_block, vgg_block), called with their
    ``locals()``: a ValueError naming the first bad argument."""
    _check_tensor(arguments["x"])
    _check_name(arguments["name"])
    if isinstance(arguments["filters"], (int, np.integer, bool)):
        _positive_int("filters", arguments["filters"])
    else:
        _check_filters(arguments["filters"])
    for label in ("kernel_size", "stride"):
        if label in arguments:
            _positive_int(label, arguments[label])
    if "bn_momentum" in arguments:
        _check_momentum(arguments["bn_momentum"])
    if "batch_norm" in arguments:
        _check_bool("batch_norm", arguments["batch_norm"])
    if "initializer" in arguments:
        _check_initializer(arguments["initializer"], "initializer")


def residual_block(x, filters, stride=1, name="block", bn_momentum=0.9):
    """The ResNet basic block: ``relu(shortcut(x) + BN(conv(relu(BN(conv(x))))))``.

    The shortcut (숏컷 연결) is the identity, or a 1x1 convolution + BN when the stride or the
    number of channels changes (the "projection shortcut" of He et al. 2016). bn_momentum: weight
    of the old running mean/variance per step (Keras' default 0.99 needs ~500 steps before
    inference is reliable; 0.9, PyTorch's default, needs ~50).
    """
    _check_layer(locals())  # every argument, by name
    y = conv_bn(x, filters, 3, stride, f"{name}_conv1", bn_momentum)
    y = layers.ReLU(name=f"{name}_relu1")(y)
    y = conv_bn(y, filters, 3, 1, f"{name}_conv2", bn_momentum)  # F(x)
    shortcut = x  # the identity
    if stride != 1 or x.shape[-1] != filters:  # a projection when the shape changes
        shortcut = conv_bn(x, filters, 1, stride, f"{name}_project", bn_momentum)
    y = layers.Add(name=f"{name}_add")([shortcut, y])  # x + F(x)
    return layers.ReLU(name=f"{name}_out")(y)


def make_augmentation():
    """Random shifts (up to 2.8 pixels), rotations (up to 10 degrees); training only.

    Lesson 08 (notebooks/08_vgg_resnet.ipynb, section 6) shows this definition and feeds it to
    :func:`mini_resnet`; tools/sweep_08.py uses it to choose the recipe on validation data.
    """
    shift = layers.RandomTranslation(0.1, 0.1, fill_mode="constant")
    rotate = layers.RandomRotation(10 / 360, fill_mode="constant")
    return keras.Sequential([shift, rotate], name="augmentation")


def mini_resnet(stage_filters=(32, 64, 128), blocks_per_stage: int = 1, *, augmentation=None,
                bn_momentum: float = 0.9, dropout_rate: float = 0.0, input_shape=(28, 28, 1),
                num_classes: int = 10, name: str = "mini_resnet") -> keras.Model:
    """A small ResNet: stem (3x3 conv + BN + ReLU, 2x2 max pooling to 14x14), then one stage per
    entry of ``stage_filters`` (the first keeps the size, each later one halves it with stride 2),
    each of ``blocks_per_stage`` :func:`residual_block`, then global average pooling and softmax.

    augmentation: an optional Keras layer (e.g. a Sequential of RandomTranslation and
    RandomRotation) applied to the input; like Dropout it acts only in training.
    bn_momentum: see :func:`residual_block`. dropout_rate: dropout between the global average
    pooling and the softmax (0 = none). Input (N, 28, 28, 1) -> (N, num_classes).
    """
    input_shape, num_classes, name = _check_model_head(input_shape, num_classes, name)
    _check_augmentation(augmentation)
    if isinstance(stage_filters, (str, bytes)):
        raise ValueError(f"stage_filters must be a tuple of ints, got {stage_filters!r}")
    try:
        stages = [_positive_int("stage_filters", f) for f in stage_filters]
    except TypeError:
        raise ValueError(f"stage_filters must be a tuple of ints, got {stage_filters!r}") from None
    if not stages:
        raise ValueError("stage_filters must name at least one stage")
    blocks_per_stage = _positive_int("blocks_per_stage", blocks_per_stage)
    bn_momentum = _check_momentum(bn_momentum)
    dropout_rate = _check_rate(dropout_rate)
    inputs = keras.Input(shape=input_shape)
    x = augmentation(inputs) if augmentation is not None else inputs
    x = layers.Conv2D(stages[0], 3, padding="same", use_bias=False, kernel_initializer="he_normal",
                      name="stem_conv")(x)
    x = layers.BatchNormalization(momentum=bn_momentum, name="stem_bn")(x)
    x = layers.ReLU(name="stem_relu")(x)
    x = layers.MaxPooling2D(2, name="stem_pool")(x)
    for stage, filters in enumerate(stages, start=1):
        for block in range(1, blocks_per_stage + 1):
            stride = 2 if stage > 1 and block == 1 else 1
            x = residual_block(x, filters, stride, name=f"stage{stage}_block{block}", bn_momentum=bn_momentum)
    x = layers.GlobalAveragePooling2D(name="global_pool")(x)
    if dropout_rate:
        x = layers.Dropout(dropout_rate, name="dropout")(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="softmax")(x)
    return keras.Model(inputs, outputs, name=name)


def inception_block(x, filters_1x1: int, reduce_3x3: int, filters_3x3: int, reduce_5x5: int,
                    filters_5x5: int, pool_projection: int, name: str = "inception"):
    """GoogLeNet's inception module (Szegedy et al. 2015): four branches side by side,
    concatenated along the channels.

    1x1 conv | 1x1 reduce -> 3x3 conv | 1x1 reduce -> 5x5 conv | 3x3 max pool -> 1x1 projection.
    The output has ``filters_1x1 + filters_3x3 + filters_5x5 + pool_projection`` channels and the
    input's height and width.
    """
    sizes = {"filters_1x1": filters_1x1, "reduce_3x3": reduce_3x3, "filters_3x3": filters_3x3,
             "reduce_5x5": reduce_5x5, "filters_5x5": filters_5x5, "pool_projection": pool_projection}
    for key, value in sizes.items():
        _positive_int(key, value)
    _check_tensor(x), _check_name(name)

    def conv(tensor, filters, size, tag):
        return layers.Conv2D(filters, size, padding="same", activation="relu", name=f"{name}_{tag}")(tensor)

    branch1 = conv(x, filters_1x1, 1, "1x1")
    branch2 = conv(conv(x, reduce_3x3, 1, "3x3_reduce"), filters_3x3, 3, "3x3")
    branch3 = conv(conv(x, reduce_5x5, 1, "5x5_reduce"), filters_5x5, 5, "5x5")
    pooled = layers.MaxPooling2D(3, strides=1, padding="same", name=f"{name}_pool")(x)
    branch4 = conv(pooled, pool_projection, 1, "pool_proj")
    return layers.Concatenate(name=f"{name}_concat")([branch1, branch2, branch3, branch4])


# ---------------------------------------------------------------------------------------------
# Gradients per layer
# ---------------------------------------------------------------------------------------------


def layer_gradient_norms(model: keras.Model, x, y) -> dict:
    """L2 norm of the loss gradient with respect to each Conv2D/Dense kernel, input to output.

    x: (N, 28, 28, 1) images, y: (N,) integer labels; the loss is the mean sparse categorical
    cross-entropy of ``model(x, training=True)``. Returns ``{layer name: norm}`` in layer order.
    Small norms in the first layers mean the gradient vanished on its way back.
    """
    import tensorflow as tf

    if not isinstance(model, keras.Model):
        raise ValueError(f"model must be a Keras model, got {type(model).__name__}")
    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y)
    if x.ndim != len(model.input_shape) or len(x) != len(y) or len(x) == 0:
        raise ValueError(f"x must be a non-empty batch shaped like {model.input_shape} and y its "
                         f"labels (N,), got x {x.shape} and y {y.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("x contains NaN or infinity")
    if not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be integer labels, got dtype {y.dtype}")
    kernels = [(layer.name, layer.kernel) for layer in model.layers
               if isinstance(layer, (layers.Conv2D, layers.Dense))]
    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, [kernel for _, kernel in kernels])
    return {name: float(tf.norm(grad).numpy()) for (name, _), grad in zip(kernels, grads)}
