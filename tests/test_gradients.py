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


# --- the third probe of issue 16: functions that cannot be differentiated as given ---

@pytest.mark.parametrize("f, message", [
    (lambda a, b: 1.0, r"f must take one argument \(x\) or none, got a function that needs \(a, b\)"),
    (lambda *, k: 1.0, r"f must take one argument \(x\) or none, got a function that needs \(k\)"),
    (lambda v: (v.__setitem__(0, 5.0), float(np.sum(v)))[1], "f changed x in place"),
])
def test_numerical_gradient_names_a_function_it_cannot_use(f, message):
    x = np.array([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=message):
        numerical_gradient(f, x)
    assert np.array_equal(x, [1.0, 2.0, 3.0]), "x must come back as it was"


def test_a_function_without_a_positional_argument_is_called_without_x():
    assert np.array_equal(numerical_gradient(lambda *, k=1: 1.0, np.ones(3)), np.zeros(3))


@pytest.mark.parametrize("f, dout, message", [
    (lambda v: "abc", np.ones(()), "f must return an array of real numbers"),
    (lambda v: v * np.nan, np.ones(3), "f returned NaN or inf at a nudged x"),
    (lambda v: v ** 2, np.array([True, False, True]), "dout must be an array of finite real numbers"),
])
def test_numerical_gradient_of_names_bad_outputs_and_bool_dout(f, dout, message):
    with pytest.raises(ValueError, match=message):
        numerical_gradient_of(f, np.array([1.0, 2.0, 3.0]), dout)


def test_derivative_of_none_and_rel_error_of_bools_are_refused():
    with pytest.raises(ValueError, match="f must return one number .*got None"):
        numerical_derivative(lambda v: None, 1.0)
    with pytest.raises(ValueError, match="a must be an array of finite real numbers"):
        rel_error(np.array([True]), np.array([False]))
