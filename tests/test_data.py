"""MNIST from data/mnist.npz: verified against data/README.md, never downloaded."""

import shutil

import numpy as np
import pytest

from lessons_lib import config, data

TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture
def full_mode(monkeypatch):
    monkeypatch.setattr(data, "QUICK", False)


def test_known_mnist_facts(full_mode):
    (x_train, y_train), (x_test, y_test) = data.load_mnist(normalize=False)
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert np.bincount(y_train).tolist() == TRAIN_COUNTS
    assert np.bincount(y_test).tolist() == TEST_COUNTS
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    pixels = x_train / 255.0
    assert round(pixels.mean(), 4) == 0.1307 and round(pixels.std(), 4) == 0.3081


def test_options_shape_and_scale(full_mode):
    (x_train, y_train), (x_test, y_test) = data.load_mnist(flatten=True, one_hot=True)
    assert x_train.shape == (60000, 784) and x_train.dtype == np.float32
    assert 0.0 <= x_train.min() and x_train.max() <= 1.0
    assert y_train.shape == (60000, 10) and np.all(y_train.sum(axis=1) == 1)
    (x_train, _), _ = data.load_mnist(channels_last=True, n_train=100, n_test=10)
    assert x_train.shape == (100, 28, 28, 1)


def test_loaded_arrays_are_copies_not_the_cache(full_mode):
    (x_train, y_train), _ = data.load_mnist(normalize=False)
    x_train[0, 0, 0] = 99
    y_train[0] = 9
    (x_again, y_again), _ = data.load_mnist(normalize=False)
    assert x_again[0, 0, 0] == 0 and y_again[0] == 5


def test_quick_mode_returns_a_seeded_subset_and_says_so(monkeypatch, capsys):
    monkeypatch.setattr(data, "QUICK", True)
    (x_train, y_train), (x_test, _) = data.load_mnist()
    assert len(x_train) == data.QUICK_TRAIN_SIZE and len(x_test) == data.QUICK_TEST_SIZE
    assert "quick mode" in capsys.readouterr().out
    (_, again), _ = data.load_mnist()
    assert np.array_equal(y_train, again)
    (full, _), _ = data.load_mnist(n_train=60000, n_test=10000)
    assert len(full) == 60000


@pytest.mark.parametrize("bad", [0, -5, 60001, 2.5, True])
def test_bad_subset_sizes_raise(bad):
    with pytest.raises(ValueError, match="n_train"):
        data.load_mnist(n_train=bad)


def test_missing_file_says_how_to_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="git checkout"):
        data.load_mnist(path=tmp_path / "mnist.npz")


def test_corrupt_arrays_fail_their_checksum(tmp_path):
    arrays = dict(np.load(data.MNIST_PATH))
    arrays["y_test"] = arrays["y_test"].copy()
    arrays["y_test"][0] = (arrays["y_test"][0] + 1) % 10
    np.savez(tmp_path / "mnist.npz", **arrays)
    with pytest.raises(ValueError, match="y_test.*SHA-256"):
        data.load_mnist(path=tmp_path / "mnist.npz")


def test_truncated_file_is_reported(tmp_path):
    broken = tmp_path / "mnist.npz"
    shutil.copy(data.MNIST_PATH, broken)
    broken.write_bytes(broken.read_bytes()[:1000])
    with pytest.raises(ValueError, match="not a readable"):
        data.load_mnist(path=broken)


def test_to_one_hot_validates_labels():
    assert data.to_one_hot(np.array([0, 2]), 3).tolist() == [[1, 0, 0], [0, 0, 1]]
    with pytest.raises(ValueError, match="labels must lie"):
        data.to_one_hot(np.array([0, 10]))
    with pytest.raises(ValueError, match="1-D"):
        data.to_one_hot(np.zeros((2, 2), dtype=int))
    with pytest.raises(ValueError, match="integers"):
        data.to_one_hot(np.array([0.5]))


def test_path_does_not_depend_on_working_directory(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert data.MNIST_PATH == config.REPO_ROOT / "data" / "mnist.npz"
    assert data.MNIST_PATH.is_file()


def test_shift_images_moves_pixels_and_fills_zeros():
    images = np.arange(9).reshape(1, 3, 3)
    np.testing.assert_array_equal(data.shift_images(images, 1, 0)[0], [[0, 0, 0], [0, 1, 2], [3, 4, 5]])
    np.testing.assert_array_equal(data.shift_images(images, 0, -1)[0], [[1, 2, 0], [4, 5, 0], [7, 8, 0]])
    np.testing.assert_array_equal(data.shift_images(images, -1, 1)[0], [[0, 3, 4], [0, 6, 7], [0, 0, 0]])
    np.testing.assert_array_equal(data.shift_images(images, 0, 0), images)
    with_channels = np.arange(18, dtype=np.float32).reshape(1, 3, 3, 2)
    shifted = data.shift_images(with_channels, 0, 1)
    assert shifted.shape == with_channels.shape and shifted.dtype == np.float32
    np.testing.assert_array_equal(shifted[0, :, 1:], with_channels[0, :, :-1])
    assert not shifted[0, :, 0].any()


@pytest.mark.parametrize("images, dy, dx", [(np.zeros((3, 3)), 0, 0), (np.zeros((1, 3, 3)), 3, 0),
                                            (np.zeros((1, 3, 3)), 0, -3), (np.zeros((1, 3, 3)), 0.5, 0),
                                            (np.zeros((1, 3, 3)), True, 0)])
def test_shift_images_rejects_bad_arguments(images, dy, dx):
    with pytest.raises(ValueError):
        data.shift_images(images, dy, dx)
