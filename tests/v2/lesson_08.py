"""The v2 specification of lesson 08, read by tests/test_v2_lessons.py, test_shown_code.py
and test_slide_fit.py. A lesson is v2 when this file exists."""

# What the lesson must show in #@save cells, by lessons_lib module: its algorithm.
MUST_SHOW = {
    "architectures": {"vgg_block", "conv_bn", "residual_block"},
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
        "answer_parameters = 3 * 3 * 64 * 128",  # no biases
        "answer_parameters = 3 * 3 * 64 * 128 + 64",
        "answer_parameters = '73856'",
    ],
    "08.3": [
        "answer_bottleneck = 589_824",
        "answer_bottleneck = 1 * 1 * 256 * 64 + 3 * 3 * 64 * 64",
        "answer_bottleneck = '69632'",
    ],
    "08.4": [
        "answer_factor = (-0.3) ** 10",  # the plain network's factor
        "answer_factor = 0.3 ** 10",
        "answer_factor = 1 + 10 * (-0.3)",
        "answer_factor = 0.5 ** 20",  # the old exercise's number
        "answer_factor = '0.0282'",
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
