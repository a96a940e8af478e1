"""Reference answers and fresh random inputs for the exercises' code checks.

A code exercise is checked by running the student's function and this module's reference
on inputs drawn fresh for every check (``lessons_lib.checks.check_function(...,
reference=..., inputs=...)``), so no printed number can pass it. The references are
written from the code each lesson shows; reading them here is possible, but solving the
exercise teaches more. Every public function checks its arguments: a wrong one raises
ValueError naming it (the results for good arguments are the lesson's formulas,
unchanged).
"""

from __future__ import annotations

import copy
import math
import numbers

import numpy as np

from lessons_lib.config import make_rng
from lessons_lib.gates import GATE_INPUTS, train_perceptron

_BOOLS = (bool, np.bool_)


# --- argument checks (one line per argument in the functions below) -------------------
def _generator(rng) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a numpy Generator (np.random.Generator), got {rng!r}"
        )
    return rng


def _count(value, name: str, low: int = 1) -> int:
    """An int >= low (a numpy int counts, a bool or a float such as 2.5 does not)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if (
        not isinstance(value, numbers.Integral)
        or isinstance(value, _BOOLS)
        or value < low
    ):
        raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    return int(value)


def _real(value, name: str, low=-math.inf, high=math.inf, *, open_low=False):
    """A finite real number with low <= value <= high (low < value with open_low), not a
    bool; returned unchanged."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    fine = (
        isinstance(value, numbers.Real)
        and not isinstance(value, _BOOLS)
        and math.isfinite(value)
        and (low < value if open_low else low <= value)
        and value <= high
    )
    if not fine:
        limits = [f"{'>' if open_low else '>='} {low:g}"] if math.isfinite(low) else []
        limits += [f"<= {high:g}"] if math.isfinite(high) else []
        where = " " + " and ".join(limits) if limits else ""
        raise ValueError(f"{name} must be a finite number{where}, got {value!r}")
    return value


def _array(value, name: str, shape=None, sizes=None, kinds: str = "iuf") -> np.ndarray:
    """``np.asarray(value)``: finite real numbers (numpy kinds ``kinds``; "b" admits
    bools) of ``shape``, or a ValueError naming the argument. shape: e.g. ("N", "D"): a
    letter is any size >= 1, the same in every array checked with the same ``sizes``
    dict; an int is that size; None: any shape."""
    try:
        array = np.asarray(value)
    except (ValueError, TypeError):
        array = np.asarray(None)
    if array.dtype.kind not in kinds:
        what = "integers" if "f" not in kinds else "real numbers"
        raise ValueError(f"{name} must be an array of {what}, got {str(value)[:60]}")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or inf")
    if shape is None:
        return array
    sizes = {} if sizes is None else sizes
    fits = array.ndim == len(shape)
    for dim, size in zip(shape, array.shape) if fits else ():
        want = dim if isinstance(dim, int) else sizes.setdefault(dim, size)
        fits = fits and size == want and size >= 1
    if not fits:
        text = ", ".join(f"{d}={sizes[d]}" if d in sizes else str(d) for d in shape)
        text += "," if len(shape) == 1 else ""
        raise ValueError(f"{name} must have shape ({text}), got {array.shape}")
    return array


def _zeros_and_ones(array: np.ndarray, name: str) -> np.ndarray:
    if not np.isin(array, (0, 1)).all():
        raise ValueError(f"{name} must hold only 0 and 1, got {np.unique(array)[:6]}")
    return array


def _within(array: np.ndarray, name: str, low: float, high: float) -> np.ndarray:
    if array.size and not (low <= array.min() and array.max() <= high):
        raise ValueError(f"{name} must lie in [{low:g}, {high:g}]")
    return array


def _counts(value, name: str) -> list:
    """A 1-D list (or array) of ints >= 1, such as kernel sizes or strides."""
    if isinstance(value, (list, tuple)) and not value:
        return []  # no layer
    array = _array(value, name, kinds="iu")
    if array.ndim != 1 or (array.size and array.min() < 1):
        raise ValueError(f"{name} must be a list of ints >= 1, got {str(value)[:60]}")
    return [int(v) for v in array]


# --- lesson 01 ------------------------------------------------------------------------
def separable_points(rng: np.random.Generator) -> tuple:
    """``(x, t, learning_rate)``: 6 to 12 distinct integer points in [-3, 3]^2 labelled
    by a random line, so that a perceptron can learn them (both labels present), and a
    learning rate of 0.5, 1 or 2."""
    rng = _generator(rng)
    while True:
        n = int(rng.integers(6, 13))
        grid = np.array([(a, b) for a in range(-3, 4) for b in range(-3, 4)])
        x = grid[rng.choice(len(grid), size=n, replace=False)]
        weights, bias = rng.integers(-3, 4, size=2), int(rng.integers(-3, 4))
        t = (x @ weights + bias > 0).astype(int)
        if 0 < t.sum() < n:
            return x, t, float(rng.choice([0.5, 1.0, 2.0]))


def train_until_clean(x, t, learning_rate=1.0, max_epochs=1000):
    """Exercise 01.3's reference: epochs of the rule until one makes no mistake; returns
    ``(weights, bias, epochs run)``. train_perceptron checks x, t and learning_rate."""
    max_epochs = _count(max_epochs, "max_epochs")
    _, _, mistakes = train_perceptron(x, t, learning_rate, max_epochs)
    if 0 not in mistakes:
        raise ValueError(
            f"no epoch without mistakes in {max_epochs} epochs: are the points "
            "separable?"
        )
    epochs = mistakes.index(0) + 1
    weights, bias, _ = train_perceptron(x, t, learning_rate, epochs)
    return weights, bias, epochs


def all_truth_tables() -> list:
    """``[(table,), ...]``: all 16 two-input logic functions, outputs (4,) in
    GATE_INPUTS order."""
    return [
        (np.array([(code >> bit) & 1 for bit in (3, 2, 1, 0)]),) for code in range(16)
    ]


def separable(table) -> bool:
    """Exercise 01.4's reference: can one perceptron compute this 4-row truth table (0s
    and 1s)? The rule finds a line within 20 epochs whenever one exists (every two-input
    case needs fewer)."""
    table = _zeros_and_ones(_array(table, "table", (4,), kinds="biuf"), "table")
    _, _, mistakes = train_perceptron(GATE_INPUTS, table, 1.0, 20)
    return mistakes[-1] == 0


# --- lesson 02 ------------------------------------------------------------------------
def logistic_data(rng: np.random.Generator) -> tuple:
    """``(W, b, X, T)``: a random sigmoid unit W (2, 1), b (1,) and a batch X (N, 2),
    T (N, 1)."""
    rng = _generator(rng)
    n = int(rng.integers(3, 9))
    return (
        rng.standard_normal((2, 1)),
        rng.standard_normal(1),
        rng.standard_normal((n, 2)),
        rng.integers(0, 2, size=(n, 1)).astype(float),
    )


def logistic_gradients(W, b, X, T):
    """Exercise 02.1's reference: (dW, db) of the mean binary cross-entropy of
    sigmoid(X W + b). W (D, K), b (K,), X (N, D), T (N, K) targets in [0, 1]."""
    from lessons_lib.functions import sigmoid

    sizes: dict = {}
    X = _array(X, "X", ("N", "D"), sizes)
    W, b = _array(W, "W", ("D", "K"), sizes), _array(b, "b", ("K",), sizes)
    T = _within(_array(T, "T", ("N", "K"), sizes, kinds="biuf"), "T", 0, 1)
    dZ = (sigmoid(X @ W + b) - T) / len(X)
    return X.T @ dZ, dZ.sum(axis=0)


def tanh_network(rng: np.random.Generator) -> tuple:
    """``(params, X, T, H, Y)`` of a random 2-H-1 network with a tanh hidden layer,
    after its forward pass."""
    from lessons_lib.functions import sigmoid

    rng = _generator(rng)
    hidden, n = int(rng.integers(2, 6)), int(rng.integers(3, 9))
    params = {
        "W1": rng.standard_normal((2, hidden)),
        "b1": rng.standard_normal(hidden),
        "W2": rng.standard_normal((hidden, 1)),
        "b2": rng.standard_normal(1),
    }
    X, T = rng.standard_normal((n, 2)), rng.integers(0, 2, size=(n, 1)).astype(float)
    H = np.tanh(X @ params["W1"] + params["b1"])
    return params, X, T, H, sigmoid(H @ params["W2"] + params["b2"])


def _network(params, X, T, H, Y) -> tuple:
    """tanh_mlp_backward's arguments, checked: params a dict of W1 (D, M), b1 (M,),
    W2 (M, K), b2 (K,); X (N, D); T, Y (N, K); H (N, M)."""
    if not isinstance(params, dict) or not {"W1", "b1", "W2", "b2"} <= set(params):
        found = sorted(params) if isinstance(params, dict) else type(params).__name__
        raise ValueError(f"params must be a dict of W1, b1, W2 and b2, got {found}")
    sizes: dict = {}
    X = _array(X, "X", ("N", "D"), sizes)
    for key, dims in (("W1", "DM"), ("b1", "M"), ("W2", "MK"), ("b2", "K")):
        _array(params[key], f"params['{key}']", tuple(dims), sizes)
    H = _array(H, "H", ("N", "M"), sizes)
    T = _within(_array(T, "T", ("N", "K"), sizes, kinds="biuf"), "T", 0, 1)
    return np.asarray(params["W2"]), X, T, H, _array(Y, "Y", ("N", "K"), sizes)


def tanh_mlp_backward(params, X, T, H, Y):
    """Exercise 02.2's reference: mlp_backward with tanh'(z) = 1 - tanh(z)^2 in the
    hidden layer."""
    W2, X, T, H, Y = _network(params, X, T, H, Y)
    dZ2 = (Y - T) / len(X)
    dZ1 = (dZ2 @ W2.T) * (1 - H**2)
    return {
        "W2": H.T @ dZ2,
        "b2": dZ2.sum(axis=0),
        "W1": X.T @ dZ1,
        "b1": dZ1.sum(axis=0),
    }


def random_hidden_size(rng: np.random.Generator) -> tuple:
    """``(hidden_size,)`` between 1 and 1000."""
    return (int(_generator(rng).integers(1, 1001)),)


def mlp_parameter_count(hidden_size):
    """Exercise 02.3's reference: weights and biases of a 2-hidden_size-1 network."""
    hidden_size = _count(hidden_size, "hidden_size")
    return 2 * hidden_size + hidden_size + hidden_size + 1


# --- lesson 07 ------------------------------------------------------------------------
def penalized_batch(rng: np.random.Generator) -> tuple:
    """``(x, y, w, b, l2)``: a batch x (m, D) of 2-9 rows and 2-5 features, labels y
    (m,) of 0/1, weights w (D,), a bias b and an L2 strength l2 in (0, 1)."""
    rng = _generator(rng)
    m, d = int(rng.integers(2, 10)), int(rng.integers(2, 6))
    return (
        rng.standard_normal((m, d)),
        rng.integers(0, 2, size=m).astype(float),
        rng.standard_normal(d),
        float(rng.standard_normal()),
        float(rng.uniform(0.01, 1.0)),
    )


def penalized_gradient(x, y, w, b, l2):
    """Exercise 07.1's reference: (w_grad (D,), b_grad) of the mean logistic loss of
    sigmoid(x @ w + b) plus l2 / 2 * sum(w^2), as BatchNeuron.update computes them.
    x (m, D), y (m,) in [0, 1], w (D,), b a number, l2 >= 0."""
    from lessons_lib.functions import sigmoid

    sizes: dict = {}
    x, w = _array(x, "x", ("m", "D"), sizes), _array(w, "w", ("D",), sizes)
    y = _within(_array(y, "y", ("m",), sizes, kinds="biuf"), "y", 0, 1)
    b, l2 = _real(b, "b"), _real(l2, "l2", 0)
    err = sigmoid(x @ w + b) - y
    return x.T @ err / len(x) + l2 * w, float(np.mean(err))


def new_and_reference_rows(rng: np.random.Generator) -> tuple:
    """``(x_new, x_reference)``: 1-5 new rows and 3-9 reference rows of 2-4 features, on
    scales and offsets that differ by feature (so that one column's statistics cannot
    stand in)."""
    rng = _generator(rng)
    d = int(rng.integers(2, 5))
    scale, offset = rng.uniform(0.5, 100.0, size=d), rng.uniform(-50.0, 50.0, size=d)
    reference = rng.standard_normal((int(rng.integers(3, 10)), d)) * scale + offset
    new = rng.standard_normal((int(rng.integers(1, 6)), d)) * scale + offset
    return new, reference


def scale_like_training(x_new, x_reference):
    """Exercise 07.2's reference: x_new (m, D) standardized with x_reference's (n, D)
    column mean and standard deviation (numpy's default, ddof=0, as SingleLayer's lesson
    and StandardScaler); every column of x_reference must vary."""
    sizes: dict = {}
    x_reference = _array(x_reference, "x_reference", ("n", "D"), sizes)
    x_new = _array(x_new, "x_new", ("m", "D"), sizes)
    if (x_reference.std(axis=0) == 0).any():
        raise ValueError("x_reference has a constant column: its std 0 cannot scale")
    return (x_new - x_reference.mean(axis=0)) / x_reference.std(axis=0)


def scored_tumours(rng: np.random.Generator) -> tuple:
    """``(p_malignant, is_malignant, min_recall)``: 8-30 distinct probabilities, labels
    0/1 with at least two malignant (1) and one benign (0), and a recall target in
    [0.5, 1]."""
    rng = _generator(rng)
    n = int(rng.integers(8, 31))
    while True:
        is_malignant = rng.integers(0, 2, size=n)
        if is_malignant.sum() >= 2 and (is_malignant == 0).any():
            break
    p = np.clip(0.35 * is_malignant + rng.uniform(0.0, 0.65, size=n), 0.0, 1.0)
    p = np.round(p, 3) + np.arange(n) * 1e-6  # distinct values
    return p, is_malignant, float(rng.choice([0.5, 0.75, 0.9, 0.95, 1.0]))


def threshold_for_recall(p_malignant, is_malignant, min_recall):
    """Exercise 07.3's reference: the largest threshold t such that flagging every
    tumour with p_malignant >= t catches at least min_recall of the malignant ones.
    p_malignant (n,) scores, is_malignant (n,) of 0/1 with a 1, min_recall in [0, 1]."""
    sizes: dict = {}
    p_malignant = _array(p_malignant, "p_malignant", ("n",), sizes)
    is_malignant = _array(is_malignant, "is_malignant", ("n",), sizes, kinds="biuf")
    if not _zeros_and_ones(is_malignant, "is_malignant").any():
        raise ValueError("is_malignant must have a malignant tumour (a 1) for recall")
    min_recall = _real(min_recall, "min_recall", 0, 1)
    for threshold in np.sort(np.unique(p_malignant))[::-1]:
        caught = np.sum((p_malignant >= threshold) & (is_malignant == 1))
        if caught >= min_recall * np.sum(is_malignant == 1) - 1e-12:
            return float(threshold)
    return float(np.min(p_malignant))


# --- lesson 05 ------------------------------------------------------------------------
def dropout_inputs(rng: np.random.Generator) -> tuple:
    """``(x, mask, rate)``: a random array (1 to 3 dimensions), a bool mask of its shape
    and a rate in [0, 0.9)."""
    rng = _generator(rng)
    shape = tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(1, 4))))
    rate = float(rng.choice([0.0, 0.1, 0.25, 0.5, 0.8]))
    return rng.standard_normal(shape), rng.random(shape) >= rate, rate


def inverted_dropout(x, mask, rate):
    """Exercise 05.1's reference: kept units scaled by 1 / (1 - rate), dropped ones 0.
    mask: x's shape, bools or 0/1 (1 keeps); rate in [0, 1)."""
    x = _array(x, "x")
    mask = _zeros_and_ones(_array(mask, "mask", kinds="biuf"), "mask")
    if mask.shape != x.shape:
        raise ValueError(f"mask must have x's shape {x.shape}, got {mask.shape}")
    rate = _real(rate, "rate", 0, 1)
    if rate == 1:
        raise ValueError("rate must be below 1 (1 drops every unit), got 1")
    return np.asarray(x, dtype=float) * np.asarray(mask) / (1 - rate)


def decay_step_inputs(rng: np.random.Generator) -> tuple:
    """``(W, dW, lr, weight_decay)``: random weights and gradient of one shape, lr and
    lambda."""
    rng = _generator(rng)
    shape = tuple(int(n) for n in rng.integers(1, 5, size=2))
    return (
        rng.standard_normal(shape),
        rng.standard_normal(shape),
        float(rng.choice([0.01, 0.1, 0.5])),
        float(rng.choice([0.0, 0.001, 0.03, 0.2])),
    )


def sgd_step_with_decay(W, dW, lr, weight_decay):
    """Exercise 05.2's reference: W - lr * (dW + weight_decay * W). dW: W's shape;
    lr > 0; weight_decay >= 0."""
    W, dW = _array(W, "W"), _array(dW, "dW")
    if dW.shape != W.shape:
        raise ValueError(f"dW must have W's shape {W.shape}, got {dW.shape}")
    lr = _real(lr, "lr", 0, open_low=True)
    weight_decay = _real(weight_decay, "weight_decay", 0)
    return W - lr * (dW + weight_decay * W)


def dropout_sweep_data() -> tuple:
    """Exercise 05.4's data: ``((500 training images, labels), (2,000 validation images,
    labels))``, flattened MNIST: the training images come after the 5,000 validation
    ones, as in the lesson."""
    from lessons_lib.data import load_mnist, split_validation

    (images, labels), _ = load_mnist(flatten=True, n_train=60000, n_test=1)
    (train_images, train_labels), (validation_images, validation_labels) = (
        split_validation(images, labels)
    )
    return (train_images[:500], train_labels[:500]), (
        validation_images[:2000],
        validation_labels[:2000],
    )


_DROPOUT_SWEEP = {}
_DROPOUT_RATES = [0.0, 0.2, 0.4, 0.6]


def dropout_sweep_accuracies() -> list:
    """Exercise 05.4's reference sweep: the validation accuracy for each rate of
    [0, 0.2, 0.4, 0.6] for a 100-100-100 net, 60 epochs at lr 0.1 on
    :func:`dropout_sweep_data` (computed once)."""
    from lessons_lib.config import study_seed
    from lessons_lib.regularization import validation_sweep

    key = study_seed(0)
    if key not in _DROPOUT_SWEEP:
        _DROPOUT_SWEEP[key] = validation_sweep(
            "dropout_rate",
            _DROPOUT_RATES,
            *dropout_sweep_data(),
            hidden=(100, 100, 100),
            epochs=60,
            lr=0.1,
        )
    return list(_DROPOUT_SWEEP[key])


def best_dropout_rate() -> float:
    """Exercise 05.4's reference: the rate of [0, 0.2, 0.4, 0.6] with the best
    validation accuracy in :func:`dropout_sweep_accuracies`."""
    return _DROPOUT_RATES[int(np.argmax(dropout_sweep_accuracies()))]


def dropout_sweep_reference() -> dict:
    """What exercise 05.4's ``sweep_answer`` must equal: ``{"best_rate": the reference
    rate, "accuracies": its sweep}``, so a guessed rate alone (1 in 4) never passes."""
    return {"best_rate": best_dropout_rate(), "accuracies": dropout_sweep_accuracies()}


# --- lesson 03 ------------------------------------------------------------------------
def softmax_regression_data(rng: np.random.Generator) -> tuple:
    """``(W, b, x, t)``: a random one-layer classifier W (D, C), b (C,) and a batch x
    (N, D) with integer labels t (N,) in 0..C-1."""
    rng = _generator(rng)
    n, d, c = (int(v) for v in rng.integers(2, 7, size=3))
    return (
        rng.standard_normal((d, c)),
        rng.standard_normal(c),
        rng.standard_normal((n, d)),
        rng.integers(0, c, size=n),
    )


def softmax_regression_gradients(W, b, x, t):
    """Exercise 03.2's reference: (dW, db) of the mean cross-entropy of softmax(x W + b)
    against labels t, by lessons_lib.layers.Affine and SoftmaxWithLoss. W (D, C), b
    (C,), x (N, D), t (N,) ints in 0..C-1."""
    from lessons_lib.layers import Affine, SoftmaxWithLoss

    sizes: dict = {}
    x = _array(x, "x", ("N", "D"), sizes)
    W, b = _array(W, "W", ("D", "C"), sizes), _array(b, "b", ("C",), sizes)
    t = _array(t, "t", ("N",), sizes, kinds="iu")
    if t.min() < 0 or t.max() >= W.shape[1]:
        raise ValueError(f"t must hold labels 0..{W.shape[1] - 1}, got {np.unique(t)}")
    affine, loss = Affine(W, b), SoftmaxWithLoss()
    loss.forward(affine.forward(x), t)
    affine.backward(loss.backward(1.0))
    return affine.dW, affine.db


# --- lesson 06 ------------------------------------------------------------------------
def conv_size_case(rng: np.random.Generator) -> tuple:
    """``(size, filter_size, stride, pad)``: a filter that fits into the padded
    input."""
    rng = _generator(rng)
    filter_size = int(rng.integers(1, 8))
    pad = int(rng.integers(0, 4))
    size = int(rng.integers(max(1, filter_size - 2 * pad), 65))
    return size, filter_size, int(rng.integers(1, 5)), pad


def conv_output_size(size, filter_size, stride, pad):
    """Exercise 06.1's reference: (size + 2 pad - filter_size) // stride + 1
    (lessons_lib.conv.output_size, which checks every argument)."""
    from lessons_lib.conv import output_size

    return output_size(size, filter_size, stride, pad)


def conv_case(rng: np.random.Generator) -> tuple:
    """``(x, W, b, stride, pad)``: a small batch (N, C, H, W), filters (FN, C, FH, FW)
    that are not symmetric (so a flipped filter gives another answer), biases (FN,)."""
    rng = _generator(rng)
    n, c, fn = (int(v) for v in rng.integers(1, 4, size=3))
    fh, fw = int(rng.integers(2, 4)), int(rng.integers(2, 4))
    pad, stride = int(rng.integers(0, 2)), int(rng.integers(1, 3))
    h, w = int(rng.integers(fh, 8)), int(rng.integers(fw, 8))
    return (
        rng.standard_normal((n, c, h, w)),
        rng.standard_normal((fn, c, fh, fw)),
        rng.standard_normal(fn),
        stride,
        pad,
    )


def conv_forward(x, W, b, stride, pad):
    """Exercise 06.3's reference: lesson 06's Conv2D forward pass (cross-correlation);
    Conv2D checks every argument."""
    from lessons_lib.conv import Conv2D

    return Conv2D(W, b, stride, pad).forward(x)


def extreme_scores(rng: np.random.Generator) -> tuple:
    """``(z,)``: 4 to 8 scores in [-5000, 5000], in random order: the largest at least
    1,000 away from 0, 1 to 3 more within 1 or 10 units of it (so the softmax shares its
    mass and must be normalized), and as many or more 1,500 to 2,000 units below it. So
    on every draw exp(z) overflows or vanishes, and exp(z - min z) and exp(z - mean z)
    overflow (the largest is more than 709.8 above the mean)."""
    rng = _generator(rng)
    top = float(rng.choice([rng.uniform(1000, 5000), rng.uniform(-3000, -1000)]))
    near = int(rng.integers(2, 5))
    far = int(rng.integers(near, 5))
    spread = float(rng.choice([1.0, 10.0]))
    below = np.concatenate(
        [spread * rng.random(near - 1), rng.uniform(1500, 2000, size=far)]
    )
    return (rng.permutation(np.append(top - below, top)),)


def stable_softmax(z):
    """Exercise 06.4's reference: softmax of a 1-D array of scores z (n,),
    exp(z - max z) / sum."""
    from lessons_lib.functions import softmax

    return softmax(np.asarray(_array(z, "z", ("n",)), dtype=float))


# --- lesson 08 ------------------------------------------------------------------------


def random_stack(rng: np.random.Generator) -> tuple:
    """``(kernel_sizes, strides)``: 1 to 8 layers, kernels from {1, 2, 3, 5, 7}, strides
    1 or 2."""
    rng = _generator(rng)
    n = int(rng.integers(1, 9))
    kernels = [int(k) for k in rng.choice([1, 2, 3, 5, 7], size=n)]
    strides = [int(s) for s in rng.choice([1, 2], size=n)]
    return kernels, strides


def receptive_field_of(kernel_sizes, strides):
    """Exercise 08.1's reference: r_l = r_{l-1} + (k_l - 1) j_{l-1}, j_l = j_{l-1} s_l,
    from r = j = 1. kernel_sizes and strides: one int >= 1 per layer."""
    kernels, steps = _counts(kernel_sizes, "kernel_sizes"), _counts(strides, "strides")
    if len(steps) != len(kernels):
        raise ValueError(
            f"strides must have one entry per layer, {len(kernels)} as kernel_sizes, "
            f"got {len(steps)}"
        )
    field, jump = 1, 1
    for kernel, stride in zip(kernels, steps):
        field += (kernel - 1) * jump
        jump *= stride
    return field


def random_blocks(rng: np.random.Generator) -> tuple:
    """``(block_filters, in_channels)``: 1 to 4 VGG blocks of 1 to 3 convolutions each,
    widths from {4, 8, 16, 32, 64, 128}; 1 or 3 input channels."""
    rng = _generator(rng)
    widths = [4, 8, 16, 32, 64, 128]
    blocks = tuple(
        tuple(int(w) for w in rng.choice(widths, size=int(rng.integers(1, 4))))
        for _ in range(int(rng.integers(1, 5)))
    )
    return blocks, int(rng.choice([1, 3]))


def vgg_conv_parameters(block_filters, in_channels):
    """Exercise 08.2's reference: the weights and biases of the 3x3 convolutions of VGG
    blocks given as ``mini_vgg``'s ``block_filters`` (one tuple of widths per block); the
    first convolution reads ``in_channels``, each later one the width before it. Pooling
    has no parameters."""
    if not isinstance(block_filters, (list, tuple)):
        raise ValueError(
            f"block_filters must be a tuple of tuples of widths, got {block_filters!r:.60}"
        )
    total, channels = 0, _count(in_channels, "in_channels")
    for block in block_filters:
        for width in _counts(list(block), "block_filters"):
            total += 3 * 3 * channels * width + width
            channels = width
    return total


def bottleneck_sizes(rng: np.random.Generator) -> tuple:
    """``(size, filters, reduced)``: a size x size map of ``filters`` channels and a
    smaller ``reduced`` width for the block's middle."""
    rng = _generator(rng)
    filters = int(rng.choice([8, 12, 16, 24]))
    reduced = int(rng.choice([w for w in (2, 3, 4, 6) if w < filters]))
    return int(rng.integers(3, 8)), filters, reduced


def bottleneck_block(x, filters, reduced):
    """Exercise 08.3's reference: ResNet-50's bottleneck block with ``conv_bn``: 1x1 to
    ``reduced`` channels, BN, ReLU; 3x3, BN, ReLU; 1x1 back to ``filters``, BN; add the
    input; ReLU."""
    from keras import layers

    from lessons_lib.architectures import conv_bn

    y = layers.ReLU()(conv_bn(x, reduced, 1, 1, "reduce"))
    y = layers.ReLU()(conv_bn(y, reduced, 3, 1, "middle"))
    y = conv_bn(y, filters, 1, 1, "expand")
    return layers.ReLU()(layers.Add()([x, y]))


def bottleneck_probe(block):
    """Exercise 08.3's check: ``block(x, filters, reduced)`` (the student's, or
    :func:`bottleneck_block`) as a function ``(size, filters, reduced) -> dict`` of what it
    builds on a size x size x filters input: the output shape, the parameter count, the
    convolution kernels' shapes in order, whether, with every kernel set to 0, the
    block returns ReLU(input) (the skip connection and the ReLU after the addition), and
    its output when every weight (kernels, batch norm's gamma, beta and running
    statistics) is drawn from a seeded generator, layer by layer in order: a block with
    the same shapes but a ReLU missing or moved gives another output.
    Anything not callable is returned as it is (an unanswered exercise)."""
    if not callable(block):
        return block

    def probe(size, filters, reduced):
        import keras

        key = (size, filters, reduced)
        if block is bottleneck_block and key in _REFERENCE_PROBES:
            return copy.deepcopy(_REFERENCE_PROBES[key])  # the reference never changes
        inputs = keras.Input((size, size, filters))
        model = keras.Model(inputs, block(inputs, filters, reduced))
        convs = [
            layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)
        ]
        kernels = [tuple(int(d) for d in layer.kernel.shape) for layer in convs]
        for layer in convs:
            for weight in layer.weights:
                weight.assign(np.zeros(weight.shape, dtype="float32"))
        x = make_rng(size).standard_normal((2, size, size, filters)).astype("float32")
        out = np.asarray(model(x, training=False))
        skip = out.shape == x.shape and np.allclose(out, np.maximum(x, 0), atol=1e-3)
        weights = make_rng(filters * 10 + reduced)
        for layer in model.layers:
            for weight in layer.weights:
                if weight.name in ("gamma", "moving_variance"):  # positive
                    value = weights.uniform(0.5, 1.5, weight.shape)
                else:
                    value = weights.normal(0.0, 0.5, weight.shape)
                weight.assign(value.astype("float32"))
        found = {
            "output shape": tuple(int(d) for d in model.output.shape[1:]),
            "parameters": int(model.count_params()),
            "kernels": kernels,
            "skip": bool(skip),
            "output, seeded weights": np.asarray(model(x, training=False), float),
        }
        if block is bottleneck_block:
            _REFERENCE_PROBES[key] = copy.deepcopy(found)
        return found

    return probe


_REFERENCE_PROBES: dict = {}  # (size, filters, reduced) -> what the reference builds


def gradient_ratio_inputs(rng: np.random.Generator) -> tuple:
    """``(a, blocks, residual)``: a block's own factor a in (-0.9, 0.9), 1 to 40 blocks,
    plain or residual."""
    rng = _generator(rng)
    a = float(np.round(rng.uniform(-0.9, 0.9), 2)) or 0.5
    return a, int(rng.integers(1, 41)), bool(rng.integers(0, 2))


def gradient_ratio(a, blocks, residual):
    """Exercise 08.4's reference: (dL/dx_0) / (dL/dx_blocks) in a chain of scalar blocks,
    x_{l+1} = a x_l (plain) or x_l + a x_l (residual): a**blocks or (1 + a)**blocks."""
    if isinstance(a, _BOOLS) or not isinstance(a, numbers.Real) or not np.isfinite(a):
        raise ValueError(f"a must be a real number, got {a!r}")
    blocks = _count(blocks, "blocks")
    if not isinstance(residual, _BOOLS):
        raise ValueError(f"residual must be True or False, got {residual!r}")
    return float((1 + a) ** blocks if residual else a**blocks)


def residual_inputs(rng: np.random.Generator) -> tuple:
    """``(x (N, D), W1 (D, D), W2 (D, D))`` for a dense residual block."""
    rng = _generator(rng)
    n, d = int(rng.integers(1, 7)), int(rng.integers(2, 7))
    return (
        rng.standard_normal((n, d)),
        rng.standard_normal((d, d)),
        rng.standard_normal((d, d)),
    )


def residual_forward(x, W1, W2):
    """Exercise 08.5's reference: relu(x + relu(x W1) W2), a dense residual block.
    x (N, D), W1 (D, M), W2 (M, D)."""
    sizes: dict = {}
    x, W1 = _array(x, "x", ("N", "D"), sizes), _array(W1, "W1", ("D", "M"), sizes)
    W2 = _array(W2, "W2", ("M", "D"), sizes)
    return np.maximum(0, x + np.maximum(0, x @ W1) @ W2)


# --- lesson 04 ------------------------------------------------------------------------
def fan_sizes(rng: np.random.Generator) -> tuple:
    """``(fan_in, fan_out)``: a random layer's inputs and outputs per unit, 1 to 2,000
    each."""
    rng = _generator(rng)
    return int(rng.integers(1, 2001)), int(rng.integers(1, 2001))


def glorot_uniform_limit(fan_in, fan_out):
    """Exercise 04.1's reference: a with U(-a, a) of variance a^2 / 3 = 2 / (fan_in +
    fan_out); both are ints >= 1."""
    fan_in, fan_out = _count(fan_in, "fan_in"), _count(fan_out, "fan_out")
    return float(np.sqrt(6.0 / (fan_in + fan_out)))


def positive_batch(rng: np.random.Generator) -> tuple:
    """``(x, sigma)``: a batch x (N, n) of non-negative inputs whose mean is not 0
    (pixels, or the ReLU outputs of a layer below) and a weight std sigma."""
    rng = _generator(rng)
    n_examples, n_inputs = int(rng.integers(20, 200)), int(rng.integers(10, 400))
    x = rng.random((n_examples, n_inputs)) * rng.uniform(0.5, 3.0)
    return x, float(rng.uniform(0.01, 0.3))


def predicted_z2_std(x, sigma):
    """Exercise 04.2's reference: the std of z2 = ReLU(x W1) W2 predicted by the
    variance rule, W1, W2 (n, n) from N(0, sigma^2): Var(z1) = n sigma^2 E[x^2],
    E[a1^2] = Var(z1) / 2, Var(z2) = n sigma^2 E[a1^2]. x (N, n), sigma >= 0."""
    x, sigma = _array(x, "x", ("N", "n")), _real(sigma, "sigma", 0)
    n = x.shape[1]
    var_z1 = n * sigma**2 * np.mean(x**2)
    return float(np.sqrt(n * sigma**2 * var_z1 / 2))
