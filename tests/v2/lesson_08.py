"""The v2 specification of lesson 08, read by tests/test_v2_lessons.py, test_shown_code.py
and test_slide_fit.py. A lesson is v2 when this file exists."""

# What the lesson must show in #@save cells, by lessons_lib module: its algorithm.
MUST_SHOW = {
    "architectures": {"vgg_block", "conv_bn", "residual_block", "make_augmentation"},
    "layers": {"batch_norm_forward", "batch_norm_backward"},
}

# For every exercise: answers that must FAIL (wrong, copied from the text, or of the wrong type).
WRONG_ANSWERS = {
    "08.1": [
        "def receptive_field_of(kernel_sizes, strides):\n    return 1 + sum(k - 1 for k in kernel_sizes)",
        "def receptive_field_of(kernel_sizes, strides):\n    field, jump = 1, 1\n"
        "    for k, s in zip(kernel_sizes, strides):\n        jump *= s\n        field += (k - 1) * jump\n"
        "    return field",  # the jump multiplied too early
        "receptive_field_of = 18",
    ],
    "08.2": [
        "def vgg_conv_parameters(block_filters, in_channels):\n"
        "    return sum(9 * in_channels * w + w for b in block_filters for w in b)",  # no chaining
        "def vgg_conv_parameters(block_filters, in_channels):\n    total, c = 0, in_channels\n"
        "    for b in block_filters:\n        for w in b:\n            total += 9 * c * w\n"
        "            c = w\n    return total",  # no biases
        "def vgg_conv_parameters(block_filters, in_channels):\n    total, c = 0, in_channels\n"
        "    for b in block_filters:\n        for w in b:\n            total += 9 * c * w + c\n"
        "            c = w\n    return total",  # a bias per input channel
        "vgg_conv_parameters = 80",
    ],
    "08.3": [
        "def bottleneck_block(x, filters, reduced):\n"
        "    y = layers.ReLU()(conv_bn(x, reduced, 1, name='a'))\n"
        "    y = layers.ReLU()(conv_bn(y, reduced, 3, name='b'))\n"
        "    return layers.ReLU()(conv_bn(y, filters, 1, name='c'))",  # no shortcut
        "def bottleneck_block(x, filters, reduced):\n"
        "    y = layers.ReLU()(conv_bn(x, reduced, 3, name='a'))\n"
        "    y = layers.ReLU()(conv_bn(y, reduced, 3, name='b'))\n"
        "    y = conv_bn(y, filters, 3, name='c')\n"
        "    return layers.ReLU()(layers.Add()([x, y]))",  # 3x3 everywhere
        "def bottleneck_block(x, filters, reduced):\n"
        "    y = layers.ReLU()(conv_bn(x, reduced, 1, name='a'))\n"
        "    y = layers.ReLU()(conv_bn(y, reduced, 3, name='b'))\n"
        "    y = conv_bn(y, filters, 1, name='c')\n"
        "    return layers.Add()([x, y])",  # no ReLU after the addition
        "def bottleneck_block(x, filters, reduced):\n"
        "    y = layers.ReLU()(layers.Conv2D(reduced, 1)(x))\n"
        "    y = layers.ReLU()(layers.Conv2D(reduced, 3, padding='same')(y))\n"
        "    y = layers.Conv2D(filters, 1)(y)\n"
        "    return layers.ReLU()(layers.Add()([x, y]))",  # no batch norm
        "def bottleneck_block(x, filters, reduced):\n"
        "    y = conv_bn(x, reduced, 1, name='a')\n"
        "    y = conv_bn(y, reduced, 3, name='b')\n"
        "    y = conv_bn(y, filters, 1, name='c')\n"
        "    return layers.ReLU()(layers.Add()([x, y]))",  # no ReLU inside the branch
        "def bottleneck_block(x, filters, reduced):\n"
        "    y = layers.ReLU()(conv_bn(x, reduced, 1, name='a'))\n"
        "    y = conv_bn(y, reduced, 3, name='b')\n"
        "    y = conv_bn(y, filters, 1, name='c')\n"
        "    return layers.ReLU()(layers.Add()([x, y]))",  # the middle ReLU missing
        "def bottleneck_block(x, filters, reduced):\n"
        "    y = layers.Conv2D(reduced, 1, use_bias=False)(x)\n"
        "    y = layers.BatchNormalization()(layers.ReLU()(y))\n"
        "    y = layers.Conv2D(reduced, 3, padding='same', use_bias=False)(y)\n"
        "    y = layers.BatchNormalization()(layers.ReLU()(y))\n"
        "    y = conv_bn(y, filters, 1, name='c')\n"
        "    return layers.ReLU()(layers.Add()([x, y]))",  # ReLU before batch norm
        "bottleneck_block = 69632",
    ],
    "08.4": [
        "def gradient_ratio(a, blocks, residual):\n    return (1 + a) ** blocks",  # always residual
        "def gradient_ratio(a, blocks, residual):\n    return a ** blocks",  # always plain
        "def gradient_ratio(a, blocks, residual):\n"
        "    return 1 + a ** blocks if residual else a ** blocks",
        "def gradient_ratio(a, blocks, residual):\n"
        "    return 1 + blocks * a if residual else a ** blocks",
        "def gradient_ratio(a, blocks, residual):\n"
        "    return (1 + a) ** blocks if residual else 0.0",  # tiny is not zero
        "gradient_ratio = 0.0282",
    ],
    "08.5": [
        "def residual_forward(x, W1, W2):\n    return np.maximum(0, np.maximum(0, x @ W1) @ W2)",  # no skip
        "def residual_forward(x, W1, W2):\n    return x + np.maximum(0, x @ W1) @ W2",  # no final ReLU
        "def residual_forward(x, W1, W2):\n    return np.maximum(0, x + np.maximum(0, x @ W2) @ W1)",
        "residual_forward = 0.0",
    ],
}

# Answers that must not appear in the text above "## Check yourself".
NOT_PRINTED = ["73,856", "73856", "69,632", "69632", "0.0282", "0.7 ** 10", "0.7^{10}"]
