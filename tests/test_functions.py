"""Activation functions and losses in lessons_lib.functions."""

import numpy as np
import pytest

from lessons_lib import functions as F


def test_step_sigmoid_relu_values():
    assert F.step(np.array([-1.0, 0.0, 2.0])).tolist() == [0, 0, 1]
    assert F.sigmoid(0.0) == 0.5
    assert np.allclose(F.sigmoid(np.array([-800.0, 800.0])), [0.0, 1.0])  # no overflow warning
    assert F.sigmoid(np.array([1, 2])).dtype == np.float64
    assert F.relu(np.array([-2.0, 3.0])).tolist() == [0.0, 3.0]


def test_softmax_rows_are_probabilities_even_for_large_scores():
    scores = np.array([[1000.0, 1001.0, 1002.0], [0.0, 0.0, 0.0]])
    probabilities = F.softmax(scores)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert np.allclose(probabilities[1], 1 / 3)
    assert np.allclose(probabilities[0], F.softmax(np.array([0.0, 1.0, 2.0])))


def test_cross_entropy_accepts_labels_or_one_hot():
    y = np.array([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1]])
    expected = -(np.log(0.7) + np.log(0.8)) / 2
    assert np.isclose(F.cross_entropy_error(y, np.array([1, 0])), expected)
    assert np.isclose(F.cross_entropy_error(y, np.eye(3)[[1, 0]]), expected)


@pytest.mark.parametrize("t, message", [(np.array([0, 3]), "0..2"), (np.array([0.0, 1.0]), "integers"),
                                        (np.array([0, 1, 2]), "labels")])
def test_cross_entropy_rejects_bad_labels(t, message):
    with pytest.raises(ValueError, match=message):
        F.cross_entropy_error(np.full((2, 3), 1 / 3), t)


@pytest.mark.parametrize("function", [F.step, F.sigmoid, F.relu, F.softmax])
def test_nan_and_text_inputs_raise(function):
    with pytest.raises(ValueError, match="NaN"):
        function(np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="real numbers"):
        function(np.array(["a"]))


@pytest.mark.parametrize("function", [F.step, F.sigmoid, F.relu, F.softmax])
def test_durations_and_dates_are_not_numbers(function):
    for value in (np.array([1], dtype="timedelta64[s]"), np.array(["2020-01-01"], dtype="datetime64[D]")):
        with pytest.raises(ValueError, match="x must hold numbers, got dates or durations"):
            function(value)
