"""The v2 specification of lesson 04, read by tests/test_v2_lessons.py, test_shown_code.py
and test_slide_fit.py. A lesson is v2 when this file exists."""

# What the lesson must show in #@save cells, by lessons_lib module: its algorithm.
MUST_SHOW = {
    "initialization": {"init_std", "Tanh", "ACTIVATIONS", "deep_activations"},
    "keras_models": {"lab10_mlp"},
}

# For every exercise: answers that must FAIL (wrong, copied from the text, or of the wrong type).
WRONG_ANSWERS = {
    "04.1": [
        "def glorot_limit(fan_in, fan_out):\n    return math.sqrt(2 / (fan_in + fan_out))",  # the std
        "def glorot_limit(fan_in, fan_out):\n    return math.sqrt(6 / fan_in)",
        "def glorot_limit(fan_in, fan_out):\n    return math.sqrt(3 * 2 / fan_in)",
        "def glorot_limit(fan_in, fan_out):\n    return str(math.sqrt(6 / (fan_in + fan_out)))",
        "glorot_limit = 0.05",
    ],
    "04.2": [
        # Var(x) in place of E[x^2]: wrong for inputs whose mean is not 0
        "def predicted_std(x, sigma):\n    n = x.shape[1]\n"
        "    return math.sqrt(n * sigma**2 * n * sigma**2 * np.var(x) / 2)",
        # the ReLU factor forgotten
        "def predicted_std(x, sigma):\n    n = x.shape[1]\n"
        "    return math.sqrt(n * sigma**2 * n * sigma**2 * np.mean(x**2))",
        # the ReLU factor taken as the variance's 0.34
        "def predicted_std(x, sigma):\n    n = x.shape[1]\n"
        "    return math.sqrt(n * sigma**2 * n * sigma**2 * np.mean(x**2) * 0.34)",
        # one layer only
        "def predicted_std(x, sigma):\n    n = x.shape[1]\n"
        "    return math.sqrt(n * sigma**2 * np.mean(x**2) / 2)",
        "predicted_std = 0.408",
    ],
    "04.3": [
        "answer = math.sqrt(2 / 200)",  # plain He: the leak ignored
        "answer = math.sqrt(1 / 200)",
        "answer = math.sqrt(2 / ((1 + 0.1) * 200))",  # the slope, not its square
        "answer = math.sqrt(2 / (0.1 * 200))",
        "answer = '0.0995'",
        "answer = 0.1",
    ],
    "04.4": [
        "answer = 0.25",  # one layer
        "answer = 4 ** 5",  # the inverse
        "answer = 0.5 ** 5",  # sigma(0), not its slope
        "answer = 0.25 * 5",
        "answer = '0.25 ** 5'",
    ],
}

# Answers that must not appear in the text above "## Check yourself".
NOT_PRINTED = [
    "0.0009765625",
    "0.000977",
    "1/1024",
    "1024",
    "0.0995",
    "sqrt(6",
    "6 /",
    "6/(",
]
