"""lessons_lib.architectures: receptive fields and parameter counts worked by hand and by Keras,
the depth of the plain/residual builders, and the ValueErrors at the boundary."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from lessons_lib import architectures as arch  # noqa: E402
from lessons_lib.architectures import conv_spec, pool_spec  # noqa: E402


# --- receptive field, worked by hand -------------------------------------------------------------

@pytest.mark.parametrize("stack, expected", [
    ([conv_spec(3, 8)], 3),
    ([conv_spec(3, 8), conv_spec(3, 8)], 5),                       # two 3x3 see a 5x5
    ([conv_spec(3, 8)] * 3, 7),                                    # three 3x3 see a 7x7
    ([conv_spec(5, 8)], 5),
    ([conv_spec(3, 8), pool_spec(2)], 4),                          # 3 + (2-1)*1
    ([conv_spec(3, 8), pool_spec(2), conv_spec(3, 8)], 8),         # 4 + (3-1)*2
    # the book's deep CNN: 3,5 | 6 | 10,14 | 16 | 24,32 | 36
    ([conv_spec(3, 16), conv_spec(3, 16), pool_spec(2), conv_spec(3, 32), conv_spec(3, 32), pool_spec(2),
      conv_spec(3, 64), conv_spec(3, 64), pool_spec(2)], 36),
    ([conv_spec(7, 64, stride=2), pool_spec(3, 2), conv_spec(3, 64)], 19),  # ResNet stem: 7, 11, 19
])
def test_receptive_field_by_hand(stack, expected):
    assert arch.receptive_field(stack) == expected


def test_describe_stack_rows_for_book_cnn():
    stack = [conv_spec(3, 16), conv_spec(3, 16), pool_spec(2), conv_spec(3, 32), conv_spec(3, 32),
             pool_spec(2), conv_spec(3, 64), conv_spec(3, 64), pool_spec(2)]
    rows = arch.describe_stack(stack, in_channels=1, input_size=28)
    assert [r["receptive_field"] for r in rows] == [3, 5, 6, 10, 14, 16, 24, 32, 36]
    assert [r["jump"] for r in rows] == [1, 1, 2, 2, 2, 4, 4, 4, 8]
    assert [r["size"] for r in rows] == [28, 28, 14, 14, 14, 7, 7, 7, 3]
    # 3*3*1*16+16 = 160; 3*3*16*16+16 = 2320; 4640; 9248; 18496; 36928
    assert [r["parameters"] for r in rows] == [160, 2320, 0, 4640, 9248, 0, 18496, 36928, 0]


# --- parameter counts: by hand and against Keras ---------------------------------------------------

def test_two_3x3_versus_one_5x5_per_channel_pair():
    # per input/output channel pair and without biases: 2 * 9 = 18 versus 25 weights
    assert arch.stack_parameter_count([conv_spec(3, 1, bias=False)] * 2, in_channels=1) == 18
    assert arch.stack_parameter_count([conv_spec(5, 1, bias=False)], in_channels=1) == 25
    assert arch.stack_parameter_count([conv_spec(3, 1, bias=False)] * 3, in_channels=1) == 27
    assert arch.stack_parameter_count([conv_spec(7, 1, bias=False)], in_channels=1) == 49


def test_conv_parameter_count_by_hand():
    assert arch.conv_parameter_count(3, 64, 128) == 3 * 3 * 64 * 128 + 128 == 73856
    assert arch.conv_parameter_count(1, 256, 64, bias=False) == 16384


def test_vgg16_convolutions_known_count():
    # VGG-16's 13 convolutions hold 14,714,688 parameters (the whole net with its 3 Dense
    # layers, 138,357,544; the Dense part is 25088*4096+4096 + 4096*4096+4096 + 4096*1000+1000).
    blocks = ((64, 64), (128, 128), (256,) * 3, (512,) * 3, (512,) * 3)
    stack = []
    for block in blocks:
        stack += [conv_spec(3, f) for f in block] + [pool_spec(2)]
    convs = arch.stack_parameter_count(stack, in_channels=3)
    assert convs == 14_714_688
    dense = 25088 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 * 1000 + 1000
    assert convs + dense == 138_357_544
    assert arch.receptive_field(stack) == 212


def test_stack_count_matches_keras_count_params():
    stack = [conv_spec(3, 16), conv_spec(3, 16), pool_spec(2), conv_spec(3, 32), conv_spec(3, 32),
             pool_spec(2), conv_spec(3, 64), conv_spec(3, 64), pool_spec(2)]
    model = arch.book_deep_cnn()
    convs = sum(layer.count_params() for layer in model.layers if isinstance(layer, keras.layers.Conv2D))
    assert arch.stack_parameter_count(stack, in_channels=1) == convs == 71_792  # 160+2320+4640+9248+18496+36928
    # + Dense 4*4*64 -> 50 (conv4 pads by 2, as in DLFS) and 50 -> 10
    assert model.count_params() == 71_792 + (1024 * 50 + 50) + (50 * 10 + 10)


def test_inception_block_parameters_match_hand_count():
    # GoogLeNet's inception (3a): 192 channels in, 64 | 96->128 | 16->32 | pool->32, 256 out
    inputs = keras.Input((28, 28, 192))
    outputs = arch.inception_block(inputs, 64, 96, 128, 16, 32, 32)
    model = keras.Model(inputs, outputs)
    assert tuple(outputs.shape[1:]) == (28, 28, 256)
    by_hand = (arch.conv_parameter_count(1, 192, 64)
               + arch.conv_parameter_count(1, 192, 96) + arch.conv_parameter_count(3, 96, 128)
               + arch.conv_parameter_count(1, 192, 16) + arch.conv_parameter_count(5, 16, 32)
               + arch.conv_parameter_count(1, 192, 32))
    assert model.count_params() == by_hand == 163_696


# --- builders ------------------------------------------------------------------------------------

def test_book_deep_cnn_structure():
    model = arch.book_deep_cnn()
    assert arch.conv_depth(model) == 6
    assert model.output_shape == (None, 10)
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    assert [layer.units for layer in dense] == [50, 10]
    # DLFS DeepConvNet: conv4 pads by 2, so 4 * 4 * 64 = 1,024 features reach the Dense layer,
    # and dropout follows both Dense layers
    assert model.get_layer("flatten").output.shape[-1] == 1024
    assert sum(isinstance(layer, keras.layers.Dropout) for layer in model.layers) == 2
    assert [layer.name for layer in model.layers[-3:]] == ["scores", "dropout_2", "softmax"]


def test_vgg_block_and_residual_block_shapes():
    inputs = keras.Input((8, 8, 4))
    assert tuple(arch.vgg_block(inputs, (6, 6)).shape[1:]) == (4, 4, 6)
    same = keras.Model(inputs, arch.residual_block(inputs, 4, name="same"))
    assert not any("project" in layer.name for layer in same.layers)   # identity shortcut
    down = keras.Model(inputs, arch.residual_block(inputs, 8, stride=2, name="down"))
    assert down.output_shape == (None, 4, 4, 8)
    assert any(layer.name == "down_project" for layer in down.layers)  # projection shortcut


@pytest.mark.parametrize("depth", [21, 31])
def test_plain_and_residual_have_stated_depth_and_same_parameters(depth):
    plain = arch.plain_cnn(depth, 8)
    residual = arch.residual_cnn(depth, 8)
    assert arch.conv_depth(plain) == arch.conv_depth(residual) == depth
    assert plain.count_params() == residual.count_params()
    adds = [layer for layer in residual.layers if isinstance(layer, keras.layers.Add)]
    assert len(adds) == (depth - 1) // 2
    assert not any(isinstance(layer, keras.layers.Add) for layer in plain.layers)


def test_mini_resnet_structure_and_output():
    model = arch.mini_resnet((8, 16, 32), blocks_per_stage=2)
    # stem + 3 stages x 2 blocks x 2 convs + 2 projection shortcuts (stages 2 and 3)
    assert arch.conv_depth(model) == 1 + 12 + 2
    assert any(isinstance(layer, keras.layers.GlobalAveragePooling2D) for layer in model.layers)
    assert sum(isinstance(layer, keras.layers.BatchNormalization) for layer in model.layers) == 1 + 12 + 2
    assert all(layer.momentum == 0.9 for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization))
    probabilities = model.predict(np.zeros((2, 28, 28, 1), np.float32), verbose=0)
    assert probabilities.shape == (2, 10)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)
    assert not any(isinstance(layer, keras.layers.Dropout) for layer in model.layers)


def test_mini_resnet_dropout_sits_between_pooling_and_softmax_and_acts_only_in_training():
    model = arch.mini_resnet((8, 16), dropout_rate=0.5, bn_momentum=0.99)
    names = [layer.name for layer in model.layers]
    assert names[-3:] == ["global_pool", "dropout", "softmax"]
    assert model.get_layer("dropout").rate == 0.5
    assert all(layer.momentum == 0.99 for layer in model.layers if isinstance(layer, keras.layers.BatchNormalization))
    x = np.random.default_rng(0).normal(size=(4, 28, 28, 1)).astype(np.float32)
    np.testing.assert_allclose(model(x, training=False), model(x, training=False))
    assert not np.allclose(model(x, training=True), model(x, training=True))   # dropout is random in training
    pooled = np.asarray(keras.Model(model.input, model.get_layer("global_pool").output)(x, training=False))
    dropped = np.asarray(model.get_layer("dropout")(pooled, training=True))
    kept = dropped != 0
    np.testing.assert_allclose(dropped[kept], 2 * pooled[kept], rtol=1e-6)   # survivors scaled by 1 / (1 - 0.5)
    assert 0 < kept.sum() < np.count_nonzero(pooled)


def test_mini_vgg_blocks():
    model = arch.mini_vgg(((8, 8), (16, 16, 16)), dense_units=(32,))
    assert arch.conv_depth(model) == 5
    assert sum(isinstance(layer, keras.layers.MaxPooling2D) for layer in model.layers) == 2
    stack = [conv_spec(3, 8), conv_spec(3, 8), pool_spec(2)] + [conv_spec(3, 16)] * 3 + [pool_spec(2)]
    convs = sum(layer.count_params() for layer in model.layers if isinstance(layer, keras.layers.Conv2D))
    assert convs == arch.stack_parameter_count(stack)


def test_layer_gradient_norms_vanish_in_plain_not_residual():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.random((32, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, 32)
    plain = arch.layer_gradient_norms(arch.plain_cnn(21, 8), x, y)
    keras.utils.set_random_seed(0)
    residual = arch.layer_gradient_norms(arch.residual_cnn(21, 8), x, y)
    assert list(plain) == list(residual) and len(plain) == 22  # 21 convs + the softmax Dense
    assert all(value >= 0 and np.isfinite(value) for value in plain.values())
    # the first convolution's gradient is far smaller without the skip connections
    assert plain["stem_conv"] < 0.1 * residual["stem_conv"]


# --- ValueErrors at the boundary ---------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda: conv_spec(0, 8),
    lambda: conv_spec(3, 0),
    lambda: conv_spec(3, 8, stride=-1),
    lambda: conv_spec(2.5, 8),
    lambda: pool_spec(True),
    lambda: arch.LayerSpec("dense", 3, 1, 8),
    lambda: arch.LayerSpec("pool", 2, 2, 8),
    lambda: arch.receptive_field([]),
    lambda: arch.receptive_field(conv_spec(3, 8)),
    lambda: arch.receptive_field([("conv", 3, 1)]),
    lambda: arch.receptive_field(None),
    lambda: arch.stack_parameter_count([conv_spec(3, 8)], in_channels=0),
    lambda: arch.describe_stack([conv_spec(3, 8)], input_size=0),
    lambda: arch.conv_parameter_count(3, -1, 8),
    lambda: arch.plain_cnn(20),
    lambda: arch.residual_cnn(1),
    lambda: arch.mini_vgg(((8,), ())),
    lambda: arch.mini_vgg(((8,),), dropout_rate=1.0),
    lambda: arch.mini_resnet(()),
    lambda: arch.mini_resnet((8, 16), blocks_per_stage=0),
    lambda: arch.mini_resnet((8, 16), bn_momentum=1.0),
    lambda: arch.mini_resnet((8, 16), dropout_rate=1.0),
])
def test_invalid_inputs_raise_value_error(make):
    with pytest.raises(ValueError):
        make()


def test_gradient_norms_reject_bad_batches():
    model = arch.plain_cnn(3, 4)
    x = np.zeros((4, 28, 28, 1), np.float32)
    with pytest.raises(ValueError, match="x"):
        arch.layer_gradient_norms(model, x, np.zeros(3, int))
    with pytest.raises(ValueError, match="NaN"):
        arch.layer_gradient_norms(model, np.full_like(x, np.nan), np.zeros(4, int))
    with pytest.raises(ValueError, match="integer"):
        arch.layer_gradient_norms(model, x, np.zeros(4))
