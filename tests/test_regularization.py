"""lessons_lib.regularization (lesson 05): generalization gap and the ensemble accuracy curve."""

import numpy as np
import pytest

from lessons_lib.regularization import ensemble_accuracy_curve, generalization_gap


def test_generalization_gap():
    gap = generalization_gap({"train_acc": [0.5, 1.0], "test_acc": [0.4, 0.75]})
    assert gap == {"train": 1.0, "test": 0.75, "gap": 0.25}
    with pytest.raises(ValueError, match="history"):
        generalization_gap({"train_acc": [1.0], "test_acc": []})


def test_ensemble_curve_averages_probabilities():
    labels = np.array([0, 1, 1])
    member_1 = np.array([[0.9, 0.1], [0.6, 0.4], [0.4, 0.6]])   # 2/3 right
    member_2 = np.array([[0.4, 0.6], [0.1, 0.9], [0.45, 0.55]])  # 2/3 right
    member_3 = np.array([[0.8, 0.2], [0.3, 0.7], [0.7, 0.3]])    # 2/3 right
    curve = ensemble_accuracy_curve([member_1, member_2, member_3], labels)
    # k=2: means [0.65,0.35] [0.35,0.65] [0.425,0.575] -> all right; k=3: [0.7,.3] [.333,.667] [.517,.483] -> 2/3
    np.testing.assert_allclose(curve, [2 / 3, 1.0, 2 / 3])


def test_ensemble_curve_rejects_bad_input():
    with pytest.raises(ValueError, match="at least one"):
        ensemble_accuracy_curve([], np.array([0]))
    with pytest.raises(ValueError, match="same shape"):
        ensemble_accuracy_curve([np.ones((2, 3)), np.ones((3, 3))], np.array([0, 1]))
    with pytest.raises(ValueError, match="labels"):
        ensemble_accuracy_curve([np.ones((2, 3))], np.array([0.0, 1.0]))


def test_disagreement_counts_examples_where_members_split():
    from lessons_lib.regularization import disagreement

    a = np.eye(3)[[0, 1, 2, 0]]
    b = np.eye(3)[[0, 1, 1, 0]]
    assert disagreement([a, a]) == 0.0
    assert disagreement([a, b, a]) == 0.25
    with pytest.raises(ValueError, match="member_probabilities"):
        disagreement([a])
    with pytest.raises(ValueError, match="member_probabilities"):
        disagreement([a, np.ones((3, 3))])


def test_validation_sweep_returns_one_accuracy_per_value_and_checks_its_arguments():
    from lessons_lib.regularization import validation_sweep

    rng = np.random.default_rng(0)
    data = (rng.random((20, 784)), np.arange(20) % 10)
    accuracies = validation_sweep("dropout_rate", [0.0, 0.5], data, data, hidden=(8,), epochs=2)
    assert len(accuracies) == 2 and all(0 <= a <= 1 for a in accuracies)
    for bad in (dict(setting="l1"), dict(values=[1.5]), dict(hidden=()), dict(epochs=0), dict(lr=-1)):
        arguments = dict(setting="dropout_rate", values=[0.1], train_data=data, validation=data) | bad
        with pytest.raises(ValueError, match=next(iter(bad))):
            validation_sweep(**arguments)


def test_l2_penalty_and_its_gradient():
    from lessons_lib.nets import MultiLayerNet, l2_penalty, l2_penalty_gradient

    W1, W2 = np.array([[1.0, -2.0]]), np.array([[3.0]])
    assert l2_penalty([W1, W2], 0.1) == pytest.approx(0.5 * 0.1 * 14)
    np.testing.assert_allclose(l2_penalty_gradient(W1, 0.1), 0.1 * W1)
    net = MultiLayerNet(4, [3], 2, weight_decay=0.2, seed=0, dtype=np.float64)
    assert net.weight_decay_loss() == pytest.approx(l2_penalty([net.params["W1"], net.params["W2"]], 0.2))
    with pytest.raises(ValueError, match="weight_decay"):
        l2_penalty([W1], -1)
    with pytest.raises(ValueError, match="weights"):
        l2_penalty(W1, 0.1)


def test_generalization_gap_names_a_history_that_holds_one_number_not_a_list():
    with pytest.raises(ValueError, match=r"history\['train_acc'\] must be a list of accuracies"):
        generalization_gap({"train_acc": 0.9, "test_acc": [0.8]})
    assert generalization_gap({"train_acc": [0.9], "test_acc": np.array([0.8])})["test"] == 0.8
