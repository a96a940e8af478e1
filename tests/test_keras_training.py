"""Lesson 08's training and testing helpers: train_and_evaluate's label smoothing, test-time augmentation."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")
from keras import layers  # noqa: E402

from lessons_lib.keras_models import train_and_evaluate  # noqa: E402


def _tiny_data(seed=0, n=40):
    rng = np.random.default_rng(seed)
    return rng.random((n, 6)).astype("float32"), rng.integers(0, 3, n)


def _tiny_model():
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((6,)), layers.Dense(3, activation="softmax")])


@pytest.mark.parametrize("smoothing", [0.0, 0.2])
def test_train_and_evaluate_reports_the_smoothed_cross_entropy(smoothing):
    x, y = _tiny_data()
    model = _tiny_model()
    result = train_and_evaluate(model, x, y, x, y, epochs=1, batch_size=8, verbose=0, label_smoothing=smoothing)
    probabilities = np.asarray(model.predict(x, verbose=0), dtype=np.float64)
    targets = np.full((len(y), 3), smoothing / 3)
    targets[np.arange(len(y)), y] += 1 - smoothing
    expected = -np.mean(np.sum(targets * np.log(probabilities), axis=1))
    assert result["test_loss"] == pytest.approx(expected, rel=1e-4)
    assert result["test_accuracy"] == pytest.approx(np.mean(probabilities.argmax(axis=1) == y))


def test_label_smoothing_converts_validation_labels_and_rejects_bad_values():
    x, y = _tiny_data()
    result = train_and_evaluate(_tiny_model(), x, y, x, y, epochs=1, batch_size=8, verbose=0,
                                label_smoothing=0.1, validation_data=(x, y))
    assert len(result["history"]["val_accuracy"]) == 1
    for bad in (1.0, -0.1, True):
        with pytest.raises(ValueError, match="label_smoothing"):
            train_and_evaluate(_tiny_model(), x, y, x, y, epochs=1, verbose=0, label_smoothing=bad)


def test_shifted_views_probabilities_average_the_shifted_predictions():
    from lessons_lib.data import shift_images
    from lessons_lib.keras_models import ONE_PIXEL_SHIFTS, shifted_views_probabilities

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4, 4, 1)), layers.Flatten(), layers.Dense(3, activation="softmax")])
    x = np.random.default_rng(0).random((5, 4, 4, 1)).astype("float32")
    expected = np.mean([model.predict(shift_images(x, dy, dx), verbose=0) for dy, dx in ONE_PIXEL_SHIFTS], axis=0)
    averaged = shifted_views_probabilities(model, x)
    np.testing.assert_allclose(averaged, expected, rtol=1e-6)
    assert not np.allclose(averaged, model.predict(x, verbose=0))   # the shifts do change the answer
    np.testing.assert_allclose(shifted_views_probabilities(model, x, shifts=[(0, 0)]), model.predict(x, verbose=0),
                               rtol=1e-6)
    for bad in ([], [(1,)], [(0, 0, 0)]):
        with pytest.raises(ValueError):
            shifted_views_probabilities(model, x, shifts=bad)
