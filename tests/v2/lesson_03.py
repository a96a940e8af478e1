"""The v2 specification of lesson 03, read by tests/test_v2_lessons.py, test_shown_code.py
and test_slide_fit.py. A lesson is v2 when this file exists."""

# What the lesson must show in #@save cells, by lessons_lib module: its algorithm.
MUST_SHOW = {
    "gradients": {"numerical_gradient"},
    "layers": {"Add", "Multiply", "ReLU", "Sigmoid", "Affine", "SoftmaxWithLoss"},
    "optimizers": {"SGD", "Momentum", "AdaGrad", "RMSProp", "Adam"},
    "training": {"train_epoch"},
    "nets": {"Network", "TwoLayerNet"},
}

# For every exercise: answers that must FAIL (wrong, copied from the text, or of the wrong type).
WRONG_ANSWERS = {
    "03.1": [
        "Tanh = Sigmoid",  # the sigmoid's forward and backward
        "class Tanh:\n    def forward(self, x):\n        self.out = np.tanh(x)\n        return self.out\n"
        "    def backward(self, dout):\n        return dout * self.out * (1 - self.out)",  # sigmoid's slope
        "class Tanh:\n    def forward(self, x):\n        self.out = np.tanh(x)\n        return self.out\n"
        "    def backward(self, dout):\n        return dout * (1 - self.out)",
        "class Tanh:\n    def forward(self, x):\n        self.x = x\n        return np.tanh(x)\n"
        "    def backward(self, dout):\n        return dout * (1 - self.x**2)",  # uses x, not y
        "Tanh = 'np.tanh'",
    ],
    "03.2": [
        # no 1/N: the loss is the batch mean
        "def softmax_regression_gradients(W, b, x, t):\n    s = x @ W + b\n"
        "    y = np.exp(s - s.max(axis=1, keepdims=True))\n    y /= y.sum(axis=1, keepdims=True)\n"
        "    d = y - np.eye(W.shape[1])[t]\n    return x.T @ d, d.sum(axis=0)",
        # the labels subtracted as numbers, not one-hot rows
        "def softmax_regression_gradients(W, b, x, t):\n    s = x @ W + b\n"
        "    y = np.exp(s - s.max(axis=1, keepdims=True))\n    y /= y.sum(axis=1, keepdims=True)\n"
        "    d = (y - t[:, None]) / len(x)\n    return x.T @ d, d.sum(axis=0)",
        # the transposes the wrong way round
        "def softmax_regression_gradients(W, b, x, t):\n    s = x @ W + b\n"
        "    y = np.exp(s - s.max(axis=1, keepdims=True))\n    y /= y.sum(axis=1, keepdims=True)\n"
        "    d = (y - np.eye(W.shape[1])[t]) / len(x)\n    return (d.T @ x).T * 0 + d.T @ x @ W * 0 + W, d.mean(axis=0)",
    ],
    "03.3": [
        "answer = 0.8",  # one step
        "answer = 0.64",  # two steps of plain SGD
        "answer = 0.62",  # v2 from the old gradient 2
        "answer = '0.46'",  # text, not a number
    ],
    "03.4": [
        "max_learning_rate = 2.0",  # the w²/2 figure's limit
        "max_learning_rate = 20.0",  # the x direction's limit
        "max_learning_rate = 0.95",  # the rate section 7 draws
        "max_learning_rate = 0.5",  # the rate that lands in one step
        "max_learning_rate = 'one'",
    ],
}

# Answers that must not appear in the text above "## Check yourself".
NOT_PRINTED = [
    "0.46",
    "-0.34",
    "eta < 1",
    "η < 1",
    "1 - 2η",
    "1 - 2 eta",
    "(1 - 2\\eta)",
]
