"""The numerical gradient and rel_error that every backward check relies on."""

import numpy as np
import pytest

from lessons_lib.gradients import numerical_derivative, numerical_gradient, numerical_gradient_of, rel_error


def test_numerical_derivative_of_known_functions():
    assert abs(numerical_derivative(lambda x: x ** 2, 3.0) - 6.0) < 1e-8
    assert abs(numerical_derivative(np.sin, 0.5) - np.cos(0.5)) < 1e-8


def test_numerical_gradient_matches_analytic_and_restores_x():
    x = np.array([[3.0, 4.0], [-1.0, 0.5]])
    original = x.copy()
    gradient = numerical_gradient(lambda: np.sum(x ** 2), x)
    assert rel_error(gradient, 2 * original) < 1e-9
    assert np.array_equal(x, original)


def test_numerical_gradient_of_weights_the_output_by_dout():
    x = np.array([1.0, -2.0, 3.0])
    dout = np.array([0.5, 1.0, -1.0])
    gradient = numerical_gradient_of(lambda v: v ** 3, x, dout)
    assert rel_error(gradient, 3 * x ** 2 * dout) < 1e-8


def test_numerical_gradient_rejects_non_float_arrays():
    with pytest.raises(ValueError, match="float"):
        numerical_gradient(lambda: 0.0, np.array([1, 2]))
    with pytest.raises(ValueError, match="numpy array"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])


def test_rel_error_values_and_shapes():
    assert rel_error(np.ones(3), np.ones(3)) == 0.0
    assert np.isclose(rel_error(np.array([1.0]), np.array([1.1])), 0.1 / 2.1)
    assert rel_error(np.zeros(2), np.zeros(2)) == 0.0
    with pytest.raises(ValueError, match="same shape"):
        rel_error(np.ones(2), np.ones(3))
