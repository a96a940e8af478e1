"""Tests of lessons_lib.gates (lesson 01): the hand-set gates, the learning rule, input checks."""

import numpy as np
import pytest

from lessons_lib.gates import (AND, GATE_INPUTS, GATE_WEIGHTS, GATES, NAND, OR, TRUTH_TABLES, XOR,
                               perceptron, plot_decision_line, train_perceptron, truth_table,
                               two_layer_perceptron)


@pytest.mark.parametrize("name", ["AND", "OR", "NAND", "XOR"])
def test_each_gate_matches_its_truth_table(name):
    gate = GATES[name]
    outputs = [gate(x1, x2) for x1, x2 in GATE_INPUTS]
    assert outputs == TRUTH_TABLES[name].tolist()
    # the gates also work on whole columns at once
    assert gate(GATE_INPUTS[:, 0], GATE_INPUTS[:, 1]).tolist() == TRUTH_TABLES[name].tolist()


def test_xor_is_and_of_nand_and_or():
    for x1, x2 in GATE_INPUTS:
        assert XOR(x1, x2) == AND(NAND(x1, x2), OR(x1, x2))


def test_perceptron_is_step_of_weighted_sum():
    assert perceptron(np.array([1, 1]), np.array([0.5, 0.5]), -0.7) == 1   # 0.3 > 0
    assert perceptron(np.array([1, 0]), np.array([0.5, 0.5]), -0.7) == 0   # -0.2
    assert perceptron(np.array([0, 0]), np.array([0.5, 0.5]), 0.0) == 0    # step(0) = 0
    batch = perceptron(GATE_INPUTS, *GATE_WEIGHTS["OR"])
    assert batch.shape == (4,) and batch.tolist() == [0, 1, 1, 1]


def test_truth_table_text():
    expected = "x1 x2 | AND\n 0  0 |   0\n 0  1 |   0\n 1  0 |   0\n 1  1 |   1"
    assert truth_table(AND) == expected
    two_columns = truth_table({"s1": NAND, "y": XOR}).splitlines()
    assert two_columns[0] == "x1 x2 | s1  y"
    assert two_columns[4] == " 1  1 |  0  0"


@pytest.mark.parametrize("name", ["AND", "OR", "NAND"])
def test_learning_rule_learns_separable_gates(name):
    weights, bias, errors = train_perceptron(GATE_INPUTS, TRUTH_TABLES[name], learning_rate=0.1, epochs=20)
    assert errors[-1] == 0 and len(errors) == 20
    assert perceptron(GATE_INPUTS, weights, bias).tolist() == TRUTH_TABLES[name].tolist()


def test_learning_rule_never_solves_xor():
    weights, bias, errors = train_perceptron(GATE_INPUTS, TRUTH_TABLES["XOR"], learning_rate=0.1, epochs=200)
    assert min(errors) > 0
    assert perceptron(GATE_INPUTS, weights, bias).tolist() != TRUTH_TABLES["XOR"].tolist()


def test_learning_rule_update_by_hand():
    # one example (1, 1) with target 1 from zero weights: y = 0, so w += 0.5 * (1, 1), b += 0.5
    weights, bias, errors = train_perceptron(np.array([[1, 1]]), np.array([1]), learning_rate=0.5, epochs=2)
    assert weights.tolist() == [0.5, 0.5] and bias == 0.5 and errors == [1, 0]


def test_learning_rule_does_not_change_its_inputs():
    x, t = GATE_INPUTS.copy(), TRUTH_TABLES["AND"].copy()
    train_perceptron(x, t, epochs=5)
    assert x.tolist() == GATE_INPUTS.tolist() and t.tolist() == TRUTH_TABLES["AND"].tolist()


def test_from_zero_weights_the_learning_rate_only_rescales():
    # lesson 01's claim, in exact arithmetic: eta = 2 gives twice the eta = 1 weights
    for name in ["AND", "OR", "NAND"]:
        w1, b1, m1 = train_perceptron(GATE_INPUTS, TRUTH_TABLES[name], learning_rate=1.0)
        w2, b2, m2 = train_perceptron(GATE_INPUTS, TRUTH_TABLES[name], learning_rate=2.0)
        assert (w2 == 2 * w1).all() and b2 == 2 * b1 and m1 == m2


def test_gate_weights_are_the_ones_the_gates_use():
    for name, (weights, bias) in GATE_WEIGHTS.items():
        assert perceptron(GATE_INPUTS, weights, bias).tolist() == TRUTH_TABLES[name].tolist()
        assert GATES[name](GATE_INPUTS[:, 0], GATE_INPUTS[:, 1]).tolist() == TRUTH_TABLES[name].tolist()


def test_two_layer_perceptron_computes_xor_with_the_lessons_matrix():
    W, b = np.array([[-0.5, 0.5], [-0.5, 0.5]]), np.array([0.7, -0.2])
    assert two_layer_perceptron(GATE_INPUTS, W, b, np.array([0.5, 0.5]), -0.7).tolist() == [0, 1, 1, 0]
    with pytest.raises(ValueError, match="bias"):
        two_layer_perceptron(GATE_INPUTS, W, np.zeros(3), np.array([0.5, 0.5]), -0.7)
    with pytest.raises(ValueError, match="weights"):
        two_layer_perceptron(GATE_INPUTS, np.zeros((3, 2)), b, np.array([0.5, 0.5]), -0.7)


@pytest.mark.parametrize("call, argument", [
    (lambda: perceptron(np.array([1, 1, 1]), np.array([0.5, 0.5]), 0.0), "x"),
    (lambda: perceptron(np.array([1, 1]), np.array([[0.5, 0.5]]), 0.0), "weights"),
    (lambda: perceptron(np.array([np.nan, 1]), np.array([0.5, 0.5]), 0.0), "x"),
    (lambda: perceptron(np.array([1, 1]), np.array([0.5, 0.5]), np.nan), "bias"),
    (lambda: AND(2, 1), "x1"),
    (lambda: OR(0, np.nan), "x2"),
    (lambda: NAND(np.array([0, 1]), np.array([1])), "x1 and x2"),
    (lambda: train_perceptron(GATE_INPUTS, np.array([0, 1, 2, 0])), "t"),
    (lambda: train_perceptron(GATE_INPUTS, np.array([0, 1, 1])), "t"),
    (lambda: train_perceptron(GATE_INPUTS, np.array([0.0, 1.0, np.nan, 0.0])), "t"),
    (lambda: train_perceptron(np.array([0, 1, 1, 0]), TRUTH_TABLES["XOR"]), "x"),
    (lambda: train_perceptron(GATE_INPUTS, TRUTH_TABLES["AND"], learning_rate=0), "learning_rate"),
    (lambda: train_perceptron(GATE_INPUTS, TRUTH_TABLES["AND"], epochs=0), "epochs"),
    (lambda: train_perceptron(GATE_INPUTS, TRUTH_TABLES["AND"], learning_rate="1"), "learning_rate"),
    (lambda: perceptron(np.array([1, 1]), "0.5, 0.5", 0.0), "weights"),
    (lambda: perceptron(np.array([1, 1]), np.array([0.5, 0.5]), np.inf), "bias"),
    (lambda: truth_table(AND, inputs=np.array([[0, 2]])), "inputs"),
    (lambda: truth_table("AND"), "gates"),
    (lambda: plot_decision_line(np.array([1.0, 1.0]), 0.0, np.array([0, 1, 1])), "targets"),
])
def test_bad_input_raises_value_error_naming_the_argument(call, argument):
    with pytest.raises(ValueError, match=argument):
        call()
