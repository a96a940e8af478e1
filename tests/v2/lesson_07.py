"""The v2 specification of lesson 07, read by tests/test_v2_lessons.py, test_shown_code.py
and test_slide_fit.py. A lesson is v2 when this file exists."""

# What the lesson must show in #@save cells, by lessons_lib module: its algorithm, the
# book's classes grown one step per slide.
MUST_SHOW = {
    "neurons": {
        "fit_in_order",
        "Neuron",
        "LogisticNeuron",
        "BatchNeuron",
        "SingleLayer",
    }
}

# For every exercise: answers that must FAIL (wrong, copied from the text, or of the wrong type).
WRONG_ANSWERS = {
    "07.1": [
        # no penalty
        "def penalized_gradient(x, y, w, b, l2):\n    err = sigmoid(x @ w + b) - y\n"
        "    return x.T @ err / len(x), np.mean(err)",
        # the sum, not the mean
        "def penalized_gradient(x, y, w, b, l2):\n    err = sigmoid(x @ w + b) - y\n"
        "    return x.T @ err + l2 * w, np.sum(err)",
        # the bias penalized too
        "def penalized_gradient(x, y, w, b, l2):\n    err = sigmoid(x @ w + b) - y\n"
        "    return x.T @ err / len(x) + l2 * w, np.mean(err) + l2 * b",
        # half the penalty's gradient
        "def penalized_gradient(x, y, w, b, l2):\n    err = sigmoid(x @ w + b) - y\n"
        "    return x.T @ err / len(x) + l2 / 2 * w, np.mean(err)",
        # the wrong sign of the error
        "def penalized_gradient(x, y, w, b, l2):\n    err = y - sigmoid(x @ w + b)\n"
        "    return x.T @ err / len(x) + l2 * w, np.mean(err)",
        "penalized_gradient = 0.8",
    ],
    "07.2": [
        # the new rows' own statistics
        "def scale_like_training(x_new, x_reference):\n"
        "    return (x_new - x_new.mean(axis=0)) / x_new.std(axis=0)",
        # ddof=1 (pandas' default)
        "def scale_like_training(x_new, x_reference):\n"
        "    return (x_new - x_reference.mean(axis=0)) / x_reference.std(axis=0, ddof=1)",
        # statistics of the whole array, not per column
        "def scale_like_training(x_new, x_reference):\n"
        "    return (x_new - x_reference.mean()) / x_reference.std()",
        # centred only
        "def scale_like_training(x_new, x_reference):\n"
        "    return x_new - x_reference.mean(axis=0)",
    ],
    "07.3": [
        # the smallest threshold: recall 1 always, but not the largest that reaches the target
        "def threshold_for_recall(p_malignant, is_malignant, min_recall):\n"
        "    return float(np.min(p_malignant))",
        # always 0.5
        "def threshold_for_recall(p_malignant, is_malignant, min_recall):\n    return 0.5",
        # > instead of >=: one step too low
        "def threshold_for_recall(p_malignant, is_malignant, min_recall):\n"
        "    for t in np.sort(np.unique(p_malignant))[::-1]:\n"
        "        caught = np.sum((p_malignant > t) & (is_malignant == 1))\n"
        "        if caught >= min_recall * np.sum(is_malignant == 1):\n"
        "            return float(t)\n"
        "    return float(np.min(p_malignant))",
        # recall over all tumours instead of the malignant ones
        "def threshold_for_recall(p_malignant, is_malignant, min_recall):\n"
        "    for t in np.sort(np.unique(p_malignant))[::-1]:\n"
        "        if np.mean(p_malignant >= t) >= min_recall:\n"
        "            return float(t)",
    ],
    "07.4": [
        "answer = 1 / 455",  # C = 1 on 455 tumours, copied from section 9
        "answer = 1 / (0.5 * 455)",  # the old exercise's numbers
        "answer = 1 / 364",  # C forgotten
        "answer = 2 / 364",  # C multiplied instead of divided
        "answer = 2 * 364",  # upside down
        "answer = 0.0014",  # rounded too far for a 6-decimal check
        "answer = '0.001374'",  # a string, not a number
    ],
}

# Answers that must not appear in the text above "## Check yourself".
NOT_PRINTED = ["0.00137", "0.001374", "0.0013736"]
