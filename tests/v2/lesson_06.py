"""The v2 specification of lesson 06, read by tests/test_v2_lessons.py, test_shown_code.py
and test_slide_fit.py. A lesson is v2 when this file exists."""

# What the lesson must show in #@save cells, by lessons_lib module: its algorithm.
MUST_SHOW = {
    "conv": {"im2col", "Conv2D", "MaxPool2D"},
    "keras_models": {"simple_cnn", "deeper_cnn"},
}

# For every exercise: answers that must FAIL (wrong, copied from the text, or of the wrong type).
WRONG_ANSWERS = {
    "06.1": [
        "def conv_output_size(size, filter_size, stride, pad):\n    return 14",
        "def conv_output_size(size, filter_size, stride, pad):\n"
        "    return (size + pad - filter_size) // stride + 1",  # padding on one side only
        "def conv_output_size(size, filter_size, stride, pad):\n"
        "    return (size + 2 * pad - filter_size) / stride + 1",  # not rounded down
        "conv_output_size = 14",
    ],
    "06.2": [
        "answer = 5 * 5 * 6 * 16",  # no biases
        "answer = 5 * 5 * 16 + 16",  # one input map only
        "answer = 3 * 3 * 32 * 64 + 64",  # conv_2 of the text
        "answer = '2416'",
    ],
    "06.3": [
        # a true convolution: the filter flipped
        "def conv_loops(x, W, b, stride, pad):\n"
        "    return exercises.conv_forward(x, W[:, :, ::-1, ::-1], b, stride, pad)",
        "def conv_loops(x, W, b, stride, pad):\n"
        "    return exercises.conv_forward(x, W, 0 * b, stride, pad)",  # no bias
        "def conv_loops(x, W, b, stride, pad):\n"
        "    return exercises.conv_forward(x, W, b, 1, pad)",  # stride ignored
    ],
    "06.4": [
        "def my_softmax(z):\n    return np.exp(z) / np.exp(z).sum()",
        "def my_softmax(z):\n    e = np.exp(z - np.min(z))\n    return e / e.sum()",
        "def my_softmax(z):\n    e = np.exp(z - np.mean(z))\n    return e / e.sum()",
        "def my_softmax(z):\n    return np.exp(z - np.max(z))",  # not normalized
        "my_softmax = 'exp(z - max(z)) / sum'",
    ],
    "06.5": [
        "answer = [True, True]",  # as if stride 2 kept equivariance
        "answer = [False, False]",
        "answer = [False, True]",
        "answer = ['True', 'False']",  # words, not booleans
        "answer = True",
    ],
}

# Answers that must not appear in the text above "## Check yourself".
NOT_PRINTED = ["2416", "2,416", "2400"]
