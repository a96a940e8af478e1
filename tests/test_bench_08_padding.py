"""tools/bench_08_padding.py compares like with like: with the lesson's weights, the
padding="same" build gives the book CNN's scores (Keras, a few seconds)."""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import bench_08_padding  # noqa: E402


def scores(model, images):
    """The scores before the softmax (dropout is off outside training)."""
    import keras

    return keras.Model(model.inputs, model.layers[-2].output).predict(images, verbose=0)


def test_same_padding_is_the_same_arithmetic_as_the_lessons_padding_layers():
    from lessons_lib.architectures import book_deep_cnn

    lesson, variant = book_deep_cnn(), bench_08_padding.same_padding_book_cnn()
    shapes = [w.shape for w in lesson.get_weights()]
    assert shapes == [w.shape for w in variant.get_weights()]
    rng = np.random.default_rng(0)
    weights = [rng.normal(0, 0.1, shape).astype("float32") for shape in shapes]
    lesson.set_weights(weights)
    variant.set_weights(weights)
    images = rng.random((4, 28, 28, 1), dtype=np.float32)
    expected = scores(lesson, images)
    assert np.ptp(expected, axis=0).max() > 1e-2, "the scores depend on the image"
    np.testing.assert_allclose(scores(variant, images), expected, rtol=1e-4, atol=1e-5)
    pads = [layer for layer in variant.layers if "zero_padding" in layer.name]
    assert len(pads) == 1, "conv4's pad of 2 keeps its own layer"
    lesson.set_weights([w * 1.01 for w in weights])  # other weights: the check can fail
    assert not np.allclose(scores(lesson, images), expected, rtol=1e-4, atol=1e-5)
