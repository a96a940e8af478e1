"""Helpers for lesson 05 (``05_dropout_ensembles.ipynb``): overfitting gaps and ensembles.

- :func:`generalization_gap` reads the final train/test accuracies of a training history
  (``lessons_lib.training.train``) and their difference.
- :func:`ensemble_accuracy_curve` averages the softmax outputs of the first 1, 2, ..., K members of
  an ensemble and returns the test accuracy of each, for the "accuracy vs members" plot.

Dropout itself is ``lessons_lib.layers.Dropout``; weight decay is ``MultiLayerNet(weight_decay=...)``.
"""

from __future__ import annotations

import numpy as np

from lessons_lib.functions import _as_labels
from lessons_lib.layers import _as_array


def generalization_gap(history: dict) -> dict:
    """``{"train": final train accuracy, "test": final test accuracy, "gap": train - test}``.

    history: the dict returned by ``lessons_lib.training.train`` with test data given.
    """
    if not isinstance(history, dict) or not history.get("train_acc") or not history.get("test_acc"):
        raise ValueError("history must be a train(...) result with non-empty 'train_acc' and 'test_acc'")
    train, test = float(history["train_acc"][-1]), float(history["test_acc"][-1])
    return {"train": train, "test": test, "gap": train - test}


def ensemble_accuracy_curve(member_probabilities, labels) -> np.ndarray:
    """Accuracy of the average of the first k members' probabilities, for k = 1..K.

    member_probabilities: a sequence of K arrays (N, C) of softmax outputs, one per member, in the
    order they join the ensemble. labels: integer labels (N,). Returns (K,) accuracies; entry
    k - 1 is the accuracy of argmax of the mean of members 1..k.
    """
    if isinstance(member_probabilities, np.ndarray) and member_probabilities.ndim == 3:
        member_probabilities = list(member_probabilities)
    if not isinstance(member_probabilities, (list, tuple)):
        raise ValueError(f"member_probabilities must be a list of (N, C) arrays, got "
                         f"{type(member_probabilities).__name__}")
    members = [_as_array(p, f"member_probabilities[{k}]") for k, p in enumerate(member_probabilities)]
    if not members:
        raise ValueError("member_probabilities must hold at least one (N, C) array")
    shape = members[0].shape
    if len(shape) != 2 or 0 in shape or any(p.shape != shape for p in members):
        raise ValueError(f"every member's probabilities must have the same shape (N, C) with N, C >= 1, got "
                         f"{[p.shape for p in members]}")
    labels = _as_labels(labels, shape[0], shape[1])
    running = np.cumsum(np.stack(members), axis=0)  # (K, N, C): sums of the first k members
    return (running.argmax(axis=2) == labels).mean(axis=1)
