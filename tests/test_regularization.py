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
