"""Lesson 06's Keras additions: CNN builders, cosine-decay optimizers, the saved deeper CNN."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from lessons_lib.keras_models import (cosine_adam, cosine_decay, deeper_cnn, deeper_cnn_weights_path,  # noqa: E402
                                      load_or_train_deeper_cnn, shift_augmentation, simple_cnn)


def test_simple_cnn_shapes_and_parameter_counts():
    """The shapes lesson 06 traces: 28x28x32 -> 14x14x32 -> 14x14x64 -> 7x7x64 -> 3136 -> 10."""
    model = simple_cnn()
    shapes = {layer.name: tuple(layer.output.shape[1:]) for layer in model.layers}
    assert shapes == {"conv_1": (28, 28, 32), "pool_1": (14, 14, 32), "conv_2": (14, 14, 64),
                      "pool_2": (7, 7, 64), "flatten": (3136,), "softmax": (10,)}
    assert model.get_layer("conv_2").count_params() == 3 * 3 * 32 * 64 + 64
    assert model.count_params() == 320 + 18_496 + 31_370


def test_deeper_cnn_shapes_and_parameter_counts():
    model = deeper_cnn()
    assert tuple(model.get_layer("pool_3").output.shape[1:]) == (4, 4, 128)   # SAME pooling rounds 7/2 up
    assert tuple(model.get_layer("flatten").output.shape[1:]) == (2048,)
    assert model.get_layer("dense").count_params() == 2048 * 625 + 625
    assert model.count_params() == 1_379_557
    assert [layer.rate for layer in model.layers if isinstance(layer, keras.layers.Dropout)] == [0.1, 0.1, 0.1, 0.5]
    with pytest.raises(ValueError, match="conv_dropout"):
        deeper_cnn(conv_dropout=1.0)


def test_shift_augmentation_only_in_training():
    layer = shift_augmentation(max_shift_pixels=2)
    images = np.random.default_rng(0).random((8, 28, 28, 1)).astype("float32")
    np.testing.assert_array_equal(np.asarray(layer(images, training=False)), images)
    assert not np.allclose(np.asarray(layer(images, training=True)), images)
    with pytest.raises(ValueError, match="max_shift_pixels"):
        shift_augmentation(max_shift_pixels=30)
    shifted_cnn = simple_cnn(augment=True, shift_pixels=1)
    assert shifted_cnn.layers[0].name == "random_shift" and shifted_cnn.layers[0].height_factor == pytest.approx(1 / 28)
    assert shifted_cnn.count_params() == simple_cnn().count_params()   # the shift layer has no weights


def test_cosine_decay_runs_from_start_to_final_fraction():
    schedule = cosine_decay(0.5, epochs=4, steps_per_epoch=10, final_fraction=0.01)
    assert float(schedule(0)) == pytest.approx(0.5)
    assert float(schedule(20)) == pytest.approx(0.5 * (0.01 + 0.99 * 0.5))   # half way: cos(pi/2) = 0
    assert float(schedule(40)) == pytest.approx(0.005)
    assert isinstance(cosine_adam(2, 5), keras.optimizers.Adam)
    with pytest.raises(ValueError, match="steps_per_epoch"):
        cosine_decay(0.1, epochs=3, steps_per_epoch=0)


def test_weights_path_keeps_quick_and_full_apart(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    assert deeper_cnn_weights_path(2, quick=False) == tmp_path / "models" / "06_deeper_cnn_full_2.weights.h5"
    assert deeper_cnn_weights_path(0, quick=True).name == "06_deeper_cnn_quick_0.weights.h5"
    with pytest.raises(ValueError, match="member"):
        deeper_cnn_weights_path(-1)


def test_load_or_train_loads_saved_weights_without_training(tmp_path, monkeypatch, capsys):
    """When lesson 06's weights file exists, lesson 08 gets exactly those weights back."""
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    keras.utils.set_random_seed(3)
    saved = deeper_cnn()
    path = deeper_cnn_weights_path(0)
    path.parent.mkdir(parents=True)
    saved.save_weights(path)
    images = np.random.default_rng(1).random((4, 28, 28, 1)).astype("float32")
    labels = np.zeros(4, dtype=int)
    loaded = load_or_train_deeper_cnn(images, labels, images, labels, member=0)
    assert "loaded lesson 06's weights" in capsys.readouterr().out
    np.testing.assert_allclose(loaded.predict(images, verbose=0), saved.predict(images, verbose=0), rtol=1e-6)
