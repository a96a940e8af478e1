"""Keras 3 model builders and training helpers shared by lessons 04, 05, 06 and 08.

Importing this module imports Keras (and TensorFlow); ``import lessons_lib`` does not.
Lesson 06 (``06_mnist_softmax_to_cnn.ipynb``) climbs the ladder these builders serve.
"""

from __future__ import annotations

import time

import numpy as np

import keras
from keras import layers


def set_keras_seed(seed: int) -> None:
    """Seed Python, numpy and the Keras backend so the next model is reproducible."""
    keras.utils.set_random_seed(int(seed))


def mlp(hidden_sizes=(256, 256), *, input_shape=(784,), num_classes: int = 10,
        activation: str = "relu", kernel_initializer="glorot_uniform", dropout_rate: float = 0.0,
        name: str = "mlp") -> keras.Model:
    """A fully connected classifier: input (N, 784) -> hidden Dense layers -> softmax (N, 10).

    kernel_initializer: any Keras initializer (name or object), e.g.
    ``keras.initializers.RandomNormal(stddev=1.0)`` for the naive start of lesson 04.
    dropout_rate: the fraction of units dropped after each hidden layer (Keras ``rate``).
    """
    if not 0.0 <= dropout_rate < 1.0:
        raise ValueError(f"dropout_rate must be in [0, 1), got {dropout_rate}")
    model = keras.Sequential(name=name)
    model.add(keras.Input(shape=input_shape))
    if len(input_shape) > 1:
        model.add(layers.Flatten())
    for index, units in enumerate(hidden_sizes, start=1):
        model.add(layers.Dense(units, activation=activation, kernel_initializer=kernel_initializer,
                               name=f"dense_{index}"))
        if dropout_rate:
            model.add(layers.Dropout(dropout_rate, name=f"dropout_{index}"))
    model.add(layers.Dense(num_classes, activation="softmax", kernel_initializer=kernel_initializer,
                           name="softmax"))
    return model


def train_and_evaluate(model: keras.Model, x_train, y_train, x_test, y_test, *, epochs: int,
                       batch_size: int = 100, optimizer="adam", validation_split: float = 0.0,
                       validation_data=None, verbose: int = 2, label: str = "") -> dict:
    """Compile (sparse categorical cross-entropy), fit, evaluate on the test set.

    Returns ``{"test_accuracy", "test_loss", "history" (dict of lists), "seconds", "epochs",
    "batch_size"}`` and prints one summary line with epochs and batch size.
    """
    if len(x_train) != len(y_train):
        raise ValueError(f"x_train and y_train differ in length: {len(x_train)} vs {len(y_train)}")
    if len(x_test) != len(y_test):
        raise ValueError(f"x_test and y_test differ in length: {len(x_test)} vs {len(y_test)}")
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    history = model.fit(x_train, y_train, epochs=epochs, batch_size=batch_size, verbose=verbose,
                        validation_split=validation_split, validation_data=validation_data)
    seconds = time.perf_counter() - start
    test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
    name = label or model.name
    print(f"{name}: test accuracy {test_accuracy:.4f} (epochs {epochs}, batch size {batch_size}, {seconds:.0f} s)")
    return {"test_accuracy": float(test_accuracy), "test_loss": float(test_loss),
            "history": {k: [float(v) for v in vals] for k, vals in history.history.items()},
            "seconds": seconds, "epochs": epochs, "batch_size": batch_size}


def ensemble_probabilities(models, x, batch_size: int = 1000) -> np.ndarray:
    """Average of the members' softmax outputs: (N, C). Each member must output probabilities."""
    if not models:
        raise ValueError("models must be a non-empty list of Keras models")
    total = None
    for model in models:
        probabilities = np.asarray(model.predict(x, batch_size=batch_size, verbose=0), dtype=np.float64)
        total = probabilities if total is None else total + probabilities
    return total / len(models)


def accuracy(probabilities, labels) -> float:
    """Fraction of rows whose argmax equals the integer label. probabilities (N, C), labels (N,)."""
    probabilities = np.asarray(probabilities)
    labels = np.asarray(labels)
    if probabilities.ndim != 2 or labels.shape != (probabilities.shape[0],):
        raise ValueError(f"expected probabilities (N, C) and labels (N,), got {probabilities.shape} and {labels.shape}")
    return float(np.mean(probabilities.argmax(axis=1) == labels))
