"""The v2 specification of lesson 01, read by tests/test_v2_lessons.py, test_shown_code.py
and test_slide_fit.py. A lesson is v2 when this file exists."""

# What the lesson must show in #@save cells, by lessons_lib module: its algorithm.
MUST_SHOW = {
    "gates": {
        "perceptron",
        "AND",
        "OR",
        "NAND",
        "XOR",
        "train_perceptron",
        "two_layer_perceptron",
    }
}

# For every exercise: answers that must FAIL (wrong, copied from the text, or of the wrong type).
WRONG_ANSWERS = {
    "01.1": [
        "nor_weights, nor_bias = np.array([-0.5, -0.5]), 0.7",  # NAND's weights
        "nor_weights, nor_bias = np.array([0.5, 0.5]), -0.2",  # OR's weights
        "nor_weights, nor_bias = '-1, -1', '0.5'",
    ],
    "01.2": [
        "hidden_weights = np.array([[-0.5, 0.5], [-0.5, 0.5]])\nhidden_bias = np.array([0.7, -0.2])\n"
        "output_weights, output_bias = np.array([0.5, 0.5]), -0.7"
    ],  # the XOR network of the text
    "01.3": [
        "def train_until_clean(x, t, learning_rate=1.0, max_epochs=1000):\n"
        "    w, b, mistakes = train_perceptron(x, t, learning_rate, max_epochs)\n"
        "    return w, b, mistakes.index(0)",  # off by one
        "def train_until_clean(x, t, learning_rate=1.0, max_epochs=1000):\n"
        "    return train_perceptron(x, t, learning_rate, 10)",  # a fixed 10 epochs
        "def train_until_clean(x, t, learning_rate=1.0, max_epochs=1000):\n"
        "    _, _, mistakes = train_perceptron(x, t, 1.0, max_epochs)\n"
        "    epochs = mistakes.index(0) + 1\n"
        "    return (*train_perceptron(x, t, 1.0, epochs)[:2], epochs)",
    ],  # ignores the rate
    "01.4": [
        "def separable(table):\n    return list(table) != [0, 1, 1, 0]",  # only knows XOR
        "def separable(table):\n    return train_perceptron(GATE_INPUTS, table, epochs=1)[2][-1] == 0",
    ],
    "01.5": [
        "or_weights, or_bias = [1, 1], 0",  # after training, not epoch 1
        "or_weights, or_bias = [0, 1], 0",
        "or_weights, or_bias = '0, 1', '1'",
    ],
}

# Answers that must not appear in the text above "## Check yourself".
NOT_PRINTED = ["0.081"]
