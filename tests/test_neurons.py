"""Tests for lessons_lib.neurons (lesson 07): gradients, agreement with scikit-learn, bad input."""

import numpy as np
import pytest

from lessons_lib.gradients import numerical_gradient, rel_error
from lessons_lib.neurons import (
    BatchNeuron,
    LogisticNeuron,
    Neuron,
    SingleLayer,
    fit_in_order,
    logistic_loss,
)


def _toy_blobs(n_per_class=40, seed=0):
    """Two well-separated 2-D blobs: a linearly separable toy set, labels 0/1."""
    rng = np.random.default_rng(seed)
    x0 = rng.normal(loc=(-2.0, -1.0), scale=0.6, size=(n_per_class, 2))
    x1 = rng.normal(loc=(2.0, 1.5), scale=0.6, size=(n_per_class, 2))
    x = np.vstack([x0, x1])
    y = np.r_[np.zeros(n_per_class), np.ones(n_per_class)].astype(int)
    order = rng.permutation(len(x))
    return x[order], y[order]


def _fitted_layer(x, y, **settings):
    """A SingleLayer with w, b set away from zero (no training needed for a gradient check)."""
    layer = SingleLayer(**settings)
    rng = np.random.default_rng(1)
    layer.w = rng.normal(size=x.shape[1])
    layer.b = 0.3
    return layer


# --- gradients ---------------------------------------------------------------------------
def test_logistic_loss_gradient_matches_numerical():
    """backprop(x, a - y) is the gradient of the mean logistic loss (rel_error < 1e-7, float64)."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(7, 4))
    y = rng.integers(0, 2, size=7).astype(float)
    layer = _fitted_layer(x, y)
    err = layer.activation(layer.forpass(x)) - y
    w_grad, b_grad = layer.backprop(x, err)
    loss = lambda: logistic_loss(y, layer.activation(layer.forpass(x)))
    w_num = numerical_gradient(loss, layer.w, h=1e-5)
    b_box = np.array([layer.b])

    def loss_of_b():
        layer.b = float(b_box[0])
        return loss()

    b_num = numerical_gradient(loss_of_b, b_box, h=1e-5)
    assert rel_error(w_grad, w_num) < 1e-7, f"w gradient rel_error {rel_error(w_grad, w_num):.2e} >= 1e-7"
    assert rel_error(b_grad, b_num[0]) < 1e-7, f"b gradient rel_error {rel_error(b_grad, b_num[0]):.2e} >= 1e-7"


def test_penalized_gradient_matches_numerical():
    """With L1 and L2 penalties the update direction is the gradient of the loss SingleLayer records."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(9, 3))
    y = rng.integers(0, 2, size=9).astype(float)
    layer = _fitted_layer(x, y, l1=0.05, l2=0.2)
    err = layer.activation(layer.forpass(x)) - y
    w_grad, _ = layer.backprop(x, err)
    w_grad = w_grad + layer.l1 * np.sign(layer.w) + layer.l2 * layer.w
    w_num = numerical_gradient(lambda: layer.loss(x, y), layer.w, h=1e-5)
    assert rel_error(w_grad, w_num) < 1e-7, f"penalized gradient rel_error {rel_error(w_grad, w_num):.2e} >= 1e-7"


def test_logistic_neuron_single_sample_gradient():
    """LogisticNeuron.backprop(x_i, a - y_i) is the gradient of one sample's logistic loss."""
    neuron = LogisticNeuron()
    neuron.w = np.array([0.4, -1.2, 0.7])
    neuron.b = -0.1
    x_i, y_i = np.array([1.5, 0.2, -0.8]), 1.0
    err = neuron.activation(neuron.forpass(x_i)) - y_i
    w_grad, _ = neuron.backprop(x_i, err)
    w_num = numerical_gradient(lambda: logistic_loss([y_i], [neuron.activation(neuron.forpass(x_i))]), neuron.w, h=1e-5)
    assert rel_error(w_grad, w_num) < 1e-7


def test_stochastic_training_equals_the_books_per_sample_loop():
    """batch_size=1 (vectorized code) makes exactly the book's per-sample updates, in the shuffled order."""
    x, y = _toy_blobs(10)
    layer = SingleLayer(learning_rate=0.1, l2=0.01, epochs=3, batch_size=1, seed=7).fit(x, y)
    rng = np.random.default_rng(7)
    w, b = np.ones(2), 0.0
    for _ in range(3):
        for i in rng.permutation(len(x)):
            a = 1 / (1 + np.exp(-(np.sum(x[i] * w) + b)))
            err = -(y[i] - a)
            w = w - 0.1 * (x[i] * err + 0.01 * w)
            b = b - 0.1 * err
    assert rel_error(layer.w, w) < 1e-12 and abs(layer.b - b) < 1e-12


# --- agreement with scikit-learn and the book --------------------------------------------
def test_single_layer_matches_sklearn_logistic_regression_on_toy_set():
    """Converged batch GD with l2 = 1 / (C N) finds scikit-learn's LogisticRegression(C) solution."""
    from sklearn.linear_model import LogisticRegression

    x, y = _toy_blobs()
    C = 1.0
    reference = LogisticRegression(C=C, tol=1e-10, max_iter=10_000).fit(x, y)
    layer = SingleLayer(learning_rate=1.0, l2=1.0 / (C * len(x)), epochs=5000, batch_size=None).fit(x, y)
    assert rel_error(layer.w, reference.coef_[0]) < 1e-4, f"w {layer.w} vs sklearn {reference.coef_[0]}"
    assert abs(layer.b - reference.intercept_[0]) < 1e-3, f"b {layer.b} vs sklearn {reference.intercept_[0]}"
    assert np.allclose(layer.probability(x), reference.predict_proba(x)[:, 1], atol=1e-4)
    assert layer.score(x, y) == reference.score(x, y) == 1.0


def test_single_layer_works_inside_a_sklearn_pipeline():
    """get_params/set_params (BaseEstimator) let cross_validate clone the layer for each fold."""
    from sklearn.base import clone
    from sklearn.model_selection import cross_validate
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    x, y = _toy_blobs()
    layer = SingleLayer(l2=0.01, epochs=20, batch_size=8)
    assert clone(layer).get_params() == layer.get_params()
    scores = cross_validate(make_pipeline(StandardScaler(), layer), x, y, cv=5)["test_score"]
    assert scores.shape == (5,) and scores.min() == 1.0


def test_logistic_neuron_reproduces_the_books_0_8246():
    """The book's LogisticNeuron (no shuffling, unscaled data) scores 0.8246 on its split."""
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    cancer = load_breast_cancer()
    x_train, x_test, y_train, y_test = train_test_split(cancer.data, cancer.target, stratify=cancer.target,
                                                        test_size=0.2, random_state=42)
    accuracy = np.mean(LogisticNeuron().fit(x_train, y_train).predict(x_test) == y_test)
    assert round(accuracy, 4) == 0.8246, f"got {accuracy:.4f}, the book reports 0.8246"


def test_neuron_fit_is_the_books_per_sample_loop():
    """Neuron.fit (fit_in_order) makes the book's ch. 3 updates, sample by sample in order."""
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, size=50)
    y = 3.0 * x - 2.0 + rng.normal(scale=0.1, size=50)
    neuron = Neuron(learning_rate=0.1).fit(x, y, epochs=20)
    w, b = 1.0, 1.0
    for _ in range(20):
        for x_i, y_i in zip(x, y):
            err = -(y_i - (x_i * w + b))
            w, b = w - 0.1 * x_i * err, b - 0.1 * err
    assert abs(neuron.w - w) < 1e-12 and abs(neuron.b - b) < 1e-12
    assert abs(neuron.w - 3.0) < 0.2 and abs(neuron.b + 2.0) < 0.2


def test_fit_in_order_rejects_what_is_not_a_neuron():
    with pytest.raises(ValueError, match="^self must be a neuron"):
        fit_in_order("neuron", np.ones(3), np.ones(3))


def test_fit_is_reproducible_and_records_histories():
    x, y = _toy_blobs()
    first = SingleLayer(epochs=5, batch_size=4).fit(x, y, x_val=x[:10], y_val=y[:10])
    second = SingleLayer(epochs=5, batch_size=4).fit(x, y, x_val=x[:10], y_val=y[:10])
    assert np.array_equal(first.w, second.w)
    assert len(first.losses) == len(first.val_losses) == 5 and len(first.w_history) == 6


# --- bad input -----------------------------------------------------------------------------
@pytest.mark.parametrize("model", [LogisticNeuron(), SingleLayer(epochs=1)])
def test_fit_rejects_bad_input_naming_the_argument(model):
    x, y = _toy_blobs(5)
    with pytest.raises(ValueError, match=r"^y has 9 targets but x has 10 samples"):
        model.fit(x, y[:9])
    x_nan = x.copy()
    x_nan[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"^x contains NaN"):
        model.fit(x_nan, y)
    with pytest.raises(ValueError, match=r"^y must contain only the labels 0 and 1, got \[2\.0\]"):
        model.fit(x, np.where(y == 1, 2, 0))
    with pytest.raises(ValueError, match=r"^y contains NaN"):
        model.fit(x, np.where(y == 1, np.nan, 0.0))
    with pytest.raises(ValueError, match=r"^x must be 2-D"):
        model.fit(x[:, 0], y)


def test_single_layer_rejects_bad_validation_data_and_settings():
    x, y = _toy_blobs(5)
    layer = SingleLayer(epochs=1)
    with pytest.raises(ValueError, match=r"^y_val has 3 targets but x_val has 4 samples"):
        layer.fit(x, y, x_val=x[:4], y_val=y[:3])
    with pytest.raises(ValueError, match=r"^x_val must have 2 features"):
        layer.fit(x, y, x_val=x[:4, :1], y_val=y[:4])
    with pytest.raises(ValueError, match="x_val and y_val must be given together"):
        layer.fit(x, y, x_val=x[:4])
    with pytest.raises(ValueError, match="^batch_size"):
        SingleLayer(batch_size=0).fit(x, y)
    with pytest.raises(ValueError, match="^l1 and l2"):
        SingleLayer(l2=-1.0).fit(x, y)


def test_predict_before_fit_and_wrong_width():
    x, y = _toy_blobs(5)
    with pytest.raises(ValueError, match="not trained yet"):
        SingleLayer().predict(x)
    with pytest.raises(ValueError, match="not trained yet"):
        LogisticNeuron().predict(x)
    layer = SingleLayer(epochs=1).fit(x, y)
    with pytest.raises(ValueError, match=r"^x must have 2 features"):
        layer.predict(np.hstack([x, x]))


def test_neuron_rejects_mismatched_lengths_and_nan():
    with pytest.raises(ValueError, match=r"^y has 2 targets but x has 3 samples"):
        Neuron().fit([0.1, 0.2, 0.3], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"^x contains NaN"):
        Neuron().fit([0.1, np.nan, 0.3], [1.0, 2.0, 3.0])


# --- the third probe of issue 16: what the per-sample loop and its parts are given by hand ---

_FOUR = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])


def _set(neuron, **attributes):
    for name, value in attributes.items():
        setattr(neuron, name, value)
    return neuron


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: Neuron.forpass(None, 1.0), "must be called on a neuron"),
        (lambda: _set(Neuron(0.1), w=np.nan).forpass(1.0), "^w must be a finite number"),
        (lambda: _set(Neuron(0.1), w="a").forpass(1.0), "^w must be a finite number"),
        (lambda: _set(Neuron(0.1), w="a").fit([1.0, 2.0], [1.0, 2.0], 1), "^w must be"),
        (lambda: _set(Neuron(0.1), b="a").forpass(1.0), "^b must be a finite number"),
        (
            lambda: _set(Neuron(0.1), learning_rate="x").fit([1.0, 2.0], [1.0, 2.0], 1),
            "^learning_rate must be a positive number, got 'x'",
        ),
        (
            lambda: _set(Neuron(0.1), learning_rate=-1.0).fit([1.0, 2.0], [1.0, 2.0], 1),
            "^learning_rate must be a positive number, got -1.0",
        ),
        (
            lambda: _set(Neuron(0.1), learning_rate=np.nan).fit([1.0, 2.0], [1.0, 2.0]),
            "^learning_rate must be a positive number, got nan",
        ),
        (
            lambda: fit_in_order(LogisticNeuron(0.1), _FOUR, [0, 1, 1, 0], 2),
            "^x has 2 features but w is one number",
        ),
        (
            lambda: fit_in_order(
                _set(LogisticNeuron(0.1), w=np.ones(2), b=0.0), _FOUR, [0, 3, 5, -2], 2
            ),
            r"^y must contain only the labels 0 and 1, got \[-2.0, 3.0, 5.0\]",
        ),
        (
            lambda: fit_in_order(
                _set(LogisticNeuron(0.1), w=np.ones((2, 1)), b=0.0), _FOUR, [0, 1, 1, 0]
            ),
            r"^w must be .* got shape \(2, 1\)",
        ),
    ],
)
def test_the_per_sample_loop_names_what_was_set_wrong_by_hand(call, message):
    with pytest.raises(ValueError, match=message) as caught:
        call()
    assert type(caught.value) is ValueError  # not an internal subclass


def test_fit_in_order_called_directly_reports_divergence_as_fit_does():
    x, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 6.0])
    with pytest.raises(ValueError, match=r"^loss became inf at iteration (\d+): lower") as fit:
        Neuron(1e3).fit(x, y, 100)
    with pytest.raises(ValueError, match=r"^loss became inf at iteration (\d+): lower") as direct:
        fit_in_order(Neuron(1e3), x, y, 100)
    assert str(direct.value) == str(fit.value)
    neuron = fit_in_order(Neuron(0.01), x, y, 3)  # a run that ends well ends its bookkeeping
    with pytest.raises(ValueError, match="^x contains inf") as caught:
        neuron.forpass(np.inf)
    assert type(caught.value) is ValueError


def test_data_too_large_are_named_not_blamed_on_the_learning_rate():
    with pytest.raises(ValueError, match=r"before any update: .*y holds values up to 1e\+308"):
        Neuron(0.1).fit(np.array([1.0, 2.0]), [1e308, -1e308], 3)
    huge = np.array([[1e308, 1e308], [0.0, 0.0]])
    with pytest.raises(ValueError, match=r"x holds values up to 1e\+308, too large to train"):
        SingleLayer(learning_rate=1e-10, epochs=1).fit(huge, [1, 0])


def test_single_layer_parts_called_by_hand_name_their_arguments():
    x, y = _toy_blobs(5)
    layer = SingleLayer(epochs=2).fit(x, y)
    with pytest.raises(ValueError, match=r"^y must contain only the labels 0 and 1, got \[5.0\]"):
        layer.update(x, y * 5)
    with pytest.raises(ValueError, match=r"^err must hold one error per row of x, shape \(5,\)"):
        layer.backprop(x[:5], np.ones(4))
    with pytest.raises(ValueError, match="not trained yet"):
        SingleLayer().reg_loss()
    with pytest.raises(ValueError, match="has no l1 and l2"):
        _set(BatchNeuron(0.1), w=np.ones(2), b=0.0).update(x, y)
    with pytest.raises(ValueError, match="^learning_rate must be a finite real number"):
        SingleLayer(learning_rate=np.complex128(1), epochs=2).fit(x, y)


def test_a_zero_penalty_adds_nothing_even_for_huge_weights():
    x, y = _toy_blobs(5)
    layer = SingleLayer(learning_rate=1e160, epochs=50).fit(x, y)  # finite, clipped loss
    assert all(np.isfinite(layer.losses)) and layer.reg_loss() == 0.0
