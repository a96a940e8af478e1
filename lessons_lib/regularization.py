"""Helpers for lesson 05 (``05_dropout_ensembles.ipynb``): overfitting gaps and ensembles.

- :func:`generalization_gap` reads the final train/test accuracies of a training history
  (``lessons_lib.training.train``) and their difference.
- :func:`ensemble_accuracy_curve` averages the softmax outputs of the first 1, 2, ..., K members of
  an ensemble and returns the test accuracy of each, for the "accuracy vs members" plot.

- :func:`validation_sweep` trains one small net per setting and returns its held-out accuracies;
  the lesson chooses lambda and the dropout rate with it.
- :func:`disagreement` says on which fraction of images the members of an ensemble do not all
  predict the same class: the only images where averaging can change an answer.

Dropout itself is ``lessons_lib.layers.Dropout``; weight decay is ``MultiLayerNet(weight_decay=...)``,
with the loss and gradient terms ``lessons_lib.nets.l2_penalty`` and ``l2_penalty_gradient``.
"""

from __future__ import annotations

import numpy as np

from lessons_lib.functions import _as_labels
from lessons_lib.layers import _as_array
from lessons_lib.nets import MultiLayerNet
from lessons_lib.optimizers import SGD
from lessons_lib.training import train


def generalization_gap(history: dict) -> dict:
    """``{"train": final train accuracy, "test": final test accuracy, "gap": train - test}``.

    history: the dict returned by ``lessons_lib.training.train`` with test data given.
    """
    if (
        not isinstance(history, dict)
        or not history.get("train_acc")
        or not history.get("test_acc")
    ):
        raise ValueError(
            "history must be a train(...) result with non-empty 'train_acc' and 'test_acc'"
        )
    for key in ("train_acc", "test_acc"):
        if not isinstance(history[key], (list, tuple, np.ndarray)):
            raise ValueError(
                f"history['{key}'] must be a list of accuracies (one per evaluation), "
                f"got {history[key]!r:.40}"
            )
    train, test = (
        _accuracy(history[key][-1], f"history['{key}'][-1]")
        for key in ("train_acc", "test_acc")
    )
    return {"train": train, "test": test, "gap": train - test}


def _accuracy(value, name: str) -> float:
    """An accuracy as a float in [0, 1]; ValueError naming it otherwise (a percentage such
    as 90, text, a bool, NaN)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise ValueError(
            f"{name} must be an accuracy, a number in [0, 1], got {value!r}"
        )
    if not 0.0 <= value <= 1.0:  # also False for NaN
        raise ValueError(f"{name} must be an accuracy in [0, 1], got {value!r}")
    return float(value)


def ensemble_accuracy_curve(member_probabilities, labels) -> np.ndarray:
    """Accuracy of the average of the first k members' probabilities, for k = 1..K.

    member_probabilities: a sequence of K arrays (N, C) of softmax outputs, one per member, in the
    order they join the ensemble. labels: integer labels (N,). Returns (K,) accuracies; entry
    k - 1 is the accuracy of argmax of the mean of members 1..k.
    """
    members = _member_arrays(member_probabilities)
    if not members:
        raise ValueError("member_probabilities must hold at least one (N, C) array")
    shape = members[0].shape
    if len(shape) != 2 or 0 in shape or any(p.shape != shape for p in members):
        raise ValueError(
            f"every member's probabilities must have the same shape (N, C) with N, C >= 1, got "
            f"{[p.shape for p in members]}"
        )
    labels = _as_labels(labels, shape[0], shape[1])
    running = np.cumsum(
        np.stack(members), axis=0
    )  # (K, N, C): sums of the first k members
    return (running.argmax(axis=2) == labels).mean(axis=1)


def _check_pair(name, pair):
    if not isinstance(pair, (list, tuple)) or len(pair) != 2:
        raise ValueError(
            f"{name} must be a pair (images, labels), got {type(pair).__name__}"
        )
    images = _as_array(pair[0], f"{name}[0]")
    if images.ndim != 2 or images.shape[1] != 784 or len(images) == 0:
        raise ValueError(
            f"{name}[0] must be flattened MNIST images (N, 784), got shape {images.shape}"
        )
    return images, _as_labels(pair[1], len(images), 10, f"{name}[1]")


def _check_sweep(setting, values, train_data, validation, hidden, epochs, lr):
    if not isinstance(setting, str) or setting not in ("weight_decay", "dropout_rate"):
        raise ValueError(
            f'setting must be "weight_decay" or "dropout_rate", got {setting!r}'
        )
    high = 1.0 if setting == "dropout_rate" else np.inf
    if (
        not isinstance(values, (list, tuple))
        or not values
        or not all(
            isinstance(v, (int, float, np.integer, np.floating))
            and not isinstance(v, bool)
            and 0 <= v < high
            for v in values
        )
    ):
        raise ValueError(
            f"values must be a non-empty list of {setting} values in [0, {high}), got {values!r}"
        )
    _check_pair("train_data", train_data), _check_pair("validation", validation)
    if (
        not isinstance(hidden, (list, tuple))
        or not hidden
        or not all(
            isinstance(h, (int, np.integer)) and not isinstance(h, bool) and h >= 1
            for h in hidden
        )
    ):
        raise ValueError(
            f"hidden must be a non-empty list of layer sizes (positive ints), got {hidden!r}"
        )
    if (
        isinstance(epochs, bool)
        or not isinstance(epochs, (int, np.integer))
        or not 1 <= epochs <= 10_000
    ):
        raise ValueError(f"epochs must be an int in 1..10,000, got {epochs!r}")
    if (
        isinstance(lr, bool)
        or not isinstance(lr, (int, float, np.integer, np.floating))
        or not 0 < lr < np.inf
    ):
        raise ValueError(f"lr must be a positive number, got {lr!r}")


def validation_sweep(
    setting, values, train_data, validation, hidden=(100,) * 6, epochs=200, lr=0.01
):
    """Validation accuracy (one float per value) of a net trained with ``setting=value``.

    setting: "weight_decay" or "dropout_rate" (a MultiLayerNet argument). train_data and
    validation: ``(images, labels)`` pairs. Every net starts from the same He weights (seed 0) and
    trains with SGD(lr), batch 100, for ``epochs`` epochs (lesson 05: 300 images, lr 0.01, 200 epochs).
    """
    _check_sweep(setting, values, train_data, validation, hidden, epochs, lr)
    accuracies = []
    for value in values:
        net = MultiLayerNet(784, list(hidden), 10, seed=0, **{setting: value})
        train(net, SGD(lr=lr), *train_data, epochs=epochs, progress=False)
        accuracies.append(net.accuracy(*validation))
    return accuracies


def _member_arrays(member_probabilities) -> list:
    """The members' (N, C) arrays from a list of them or one (K, N, C) array; ValueError naming
    member_probabilities otherwise."""
    if isinstance(member_probabilities, np.ndarray) and member_probabilities.ndim == 3:
        member_probabilities = list(member_probabilities)
    if not isinstance(member_probabilities, (list, tuple)):
        raise ValueError(
            f"member_probabilities must be a list of (N, C) arrays, got "
            f"{type(member_probabilities).__name__}"
        )
    members = [
        _as_array(p, f"member_probabilities[{k}]")
        for k, p in enumerate(member_probabilities)
    ]
    for k, p in enumerate(members):
        if (p < 0).any() or (p > 1).any():
            raise ValueError(
                f"member_probabilities[{k}] must hold probabilities in [0, 1] (softmax "
                "outputs), not scores"
            )
    return members


def _check_members(member_probabilities) -> list:
    members = _member_arrays(member_probabilities)
    if (
        len(members) < 2
        or len({p.shape for p in members}) != 1
        or members[0].ndim != 2
        or members[0].size == 0
    ):
        raise ValueError(
            f"member_probabilities must be at least two non-empty (N, C) arrays of one shape, "
            f"got {[p.shape for p in members]}"
        )
    return members


def disagreement(member_probabilities):
    """The fraction of examples on which the members' predicted classes are not all the same.

    member_probabilities: K arrays (N, C) of softmax outputs (K >= 2). Averaging can change the
    ensemble's answer only on these examples, so a small fraction explains a small gain.
    """
    members = _check_members(member_probabilities)  # K >= 2 arrays (N, C) of one shape
    predictions = np.stack([p.argmax(axis=1) for p in members])  # (K, N): classes
    return float(np.mean((predictions != predictions[0]).any(axis=0)))
