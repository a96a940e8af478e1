"""tools/bench_08_book.py compares like with like: with the lesson's weights, the build
with a ZeroPadding2D before each convolution (DLFS's form) gives the book CNN's scores; the
conv4-pad-1 and v1 builds have v1's map sizes; unknown builds are named (Keras, a few
seconds)."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import bench_08_book  # noqa: E402


def scores(model, images):
    """The scores before the softmax (dropout is off outside training)."""
    import keras

    return keras.Model(model.inputs, model.layers[-2].output).predict(images, verbose=0)


def test_the_lessons_same_padding_is_the_arithmetic_of_dlfs_padding_layers():
    from lessons_lib.architectures import book_deep_cnn

    lesson, variant = book_deep_cnn(), bench_08_book.padding_layers_book_cnn()
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
    assert len(pads) == 6, "DLFS's form: a padding layer before every convolution"
    lesson_pads = [layer.name for layer in lesson.layers if "pad" in layer.name]
    assert lesson_pads == ["pad4"], "only conv4's pad of 2 keeps its own layer"
    lesson.set_weights([w * 1.01 for w in weights])  # other weights: the check can fail
    assert not np.allclose(scores(lesson, images), expected, rtol=1e-4, atol=1e-5)


def flatten_size(model):
    return int(model.get_layer(index=_index_of_flatten(model)).output.shape[-1])


def _index_of_flatten(model):
    names = [layer.name for layer in model.layers]
    return next(i for i, name in enumerate(names) if name.startswith("flatten"))


def dropouts(model):
    return sum(layer.name.startswith("dropout") for layer in model.layers)


def test_the_builds_differ_only_where_their_names_say():
    from lessons_lib.architectures import book_deep_cnn

    lesson = book_deep_cnn()
    pad1 = bench_08_book.conv4_pad_1_book_cnn()
    v1 = bench_08_book.v1_book_cnn()
    assert (flatten_size(lesson), dropouts(lesson)) == (1024, 2)  # 4 x 4 x 64
    assert (flatten_size(pad1), dropouts(pad1)) == (576, 2)  # 3 x 3 x 64, v1's maps
    assert (flatten_size(v1), dropouts(v1)) == (576, 1)
    conv = [w.shape for w in lesson.get_weights() if len(w.shape) == 4]
    for other in (pad1, v1):  # the same six 3x3 kernels
        assert [w.shape for w in other.get_weights() if len(w.shape) == 4] == conv


def test_unknown_builds_are_named():
    assert bench_08_book.chosen_builds("lesson, v1") == ["lesson", "v1"]
    with pytest.raises(ValueError, match="'v2'.*lesson, pad-layers, conv4-pad-1, v1"):
        bench_08_book.chosen_builds("lesson,v2")
    with pytest.raises(ValueError, match="unknown"):
        bench_08_book.chosen_builds(" , ")
