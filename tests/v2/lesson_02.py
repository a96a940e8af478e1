"""The v2 specification of lesson 02, read by tests/test_v2_lessons.py, test_shown_code.py
and test_slide_fit.py. A lesson is v2 when this file exists."""

# What the lesson must show in #@save cells, by lessons_lib module: its algorithm.
MUST_SHOW = {
    "xor": {
        "mlp_forward",
        "mlp_backward",
        "init_params",
        "gradient_descent",
        "deep_forward",
        "deep_backward",
        "train_deep",
    }
}

# For every exercise: answers that must FAIL (wrong, copied from the text, or of the wrong type).
WRONG_ANSWERS = {
    "02.1": [
        "def logistic_gradients(W, b, X, T):\n    dZ = sigmoid(X @ W + b) - T\n    return X.T @ dZ, dZ.sum(axis=0)",
        "def logistic_gradients(W, b, X, T):\n    dZ = (sigmoid(X @ W + b) - T) / len(X)\n    return dZ.T @ X, dZ.sum()",
    ],
    "02.2": [
        "tanh_mlp_backward = mlp_backward",  # the sigmoid slope
        "def tanh_mlp_backward(params, X, T, H, Y):\n    dZ2 = (Y - T) / len(X)\n"
        "    dZ1 = (dZ2 @ params['W2'].T) * (1 - H)\n"
        "    return {'W2': H.T @ dZ2, 'b2': dZ2.sum(axis=0), 'W1': X.T @ dZ1, 'b1': dZ1.sum(axis=0)}",
    ],
    "02.3": [
        "def parameter_count(hidden_size):\n    return 17",  # right for 4 only
        "def parameter_count(hidden_size):\n    return 4 * hidden_size",
    ],
    "02.4": [
        "squared_error_dz = 0.9",
        "squared_error_dz = 0.09",
        "squared_error_dz = '0.081'",
        "squared_error_dz = np.log(2)",
    ],
}

# Answers that must not appear in the text above "## Check yourself".
NOT_PRINTED = ["0.081", "4 * hidden_size + 1", "4H + 1"]
