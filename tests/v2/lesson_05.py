"""The v2 specification of lesson 05, read by tests/test_v2_lessons.py, test_shown_code.py
and test_slide_fit.py. A lesson is v2 when this file exists."""

# What the lesson must show in #@save cells, by lessons_lib module: its algorithm.
MUST_SHOW = {
    "layers": {"Dropout"},
    "nets": {"l2_penalty", "l2_penalty_gradient"},
    "regularization": {"validation_sweep", "disagreement"},
    "keras_models": {"regularized_mlp"},
}

# For every exercise: answers that must FAIL (wrong, copied from the text, or of the wrong type).
WRONG_ANSWERS = {
    "05.1": [
        "def inverted_dropout(x, mask, rate):\n    return np.asarray(x) * np.asarray(mask)",  # unscaled
        "def inverted_dropout(x, mask, rate):\n    return np.asarray(x) * np.asarray(mask) * (1 - rate)",  # DLFS test
        "def inverted_dropout(x, mask, rate):\n    return np.asarray(x) * np.asarray(mask) / rate",
        "inverted_dropout = 0.3",
    ],
    "05.2": [
        "def sgd_step_with_decay(W, dW, lr, weight_decay):\n    return W - lr * dW",  # no decay
        "def sgd_step_with_decay(W, dW, lr, weight_decay):\n    return W - lr * (dW + 0.5 * weight_decay * W)",
        "def sgd_step_with_decay(W, dW, lr, weight_decay):\n    return W - lr * dW - weight_decay * W",
        "def sgd_step_with_decay(W, dW, lr, weight_decay):\n    return W - lr * (dW + weight_decay * W**2)",
    ],
    "05.3": [
        "steps_to_halve = 138",  # rounded down
        "steps_to_halve = 138.28",  # not a whole number of steps
        "steps_to_halve = 0.995",  # the factor, not the count
        "steps_to_halve = 14",  # ln 2 / (lr * lambda) with lambda / 2
        "steps_to_halve = '139 steps'",
    ],
    "05.4": [
        # the right rate, guessed (1 in 4), with a made-up sweep: the list must be the real one
        "sweep_answer = {'best_rate': 0.2, 'accuracies': [0.0, 1.0, 0.0, 0.0]}",
        "sweep_answer = {'best_rate': 0.2, 'accuracies': [0.84, 0.85, 0.84, 0.7]}",
        "sweep_answer = {'best_rate': 0.2}",  # the rate alone
        "sweep_answer = 0.2",  # the rate alone, not in the dict
        "sweep_answer = {'best_rate': 0.0, 'accuracies': [0.8, 0.8, 0.8, 0.8]}",  # section 3's
        "sweep_answer = {'best_rate': 0.3, 'accuracies': [0.8, 0.8, 0.8, 0.8]}",  # Sung Kim's
        "sweep_answer = {'best_rate': 'best', 'accuracies': [0.8, 0.8, 0.8, 0.8]}",
    ],
}

# Answers that must not appear in the text above "## Check yourself".
NOT_PRINTED = ["139", "(1 - lr * lambda)", "0.995"]
