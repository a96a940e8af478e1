"""MNIST from the repository's own ``data/mnist.npz``: verified, never downloaded.

The file and its provenance are described in ``data/README.md``. Every load checks the
SHA-256 of each array against the values published there, so a truncated or altered file
is caught before a lesson trains on it.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
import zlib
from pathlib import Path

import numpy as np

from lessons_lib.config import QUICK, REPO_ROOT, make_rng
from lessons_lib.functions import as_array

MNIST_PATH = REPO_ROOT / "data" / "mnist.npz"

MNIST_SHA256 = {
    "x_train": "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    "y_train": "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    "x_test": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    "y_test": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
}
MNIST_SHAPES = {"x_train": (60000, 28, 28), "y_train": (60000,), "x_test": (10000, 28, 28), "y_test": (10000,)}

QUICK_TRAIN_SIZE = 10_000
QUICK_TEST_SIZE = 2_000

_FIX = ("Restore it with `git checkout -- data/mnist.npz` (it is committed to the repository; "
        "see data/README.md). The course never downloads data.")

_verified: dict[Path, dict[str, np.ndarray]] = {}


def array_sha256(array: np.ndarray) -> str:
    """SHA-256 of an array's raw bytes in C order (independent of how the .npz was zipped)."""
    return hashlib.sha256(np.ascontiguousarray(as_array(array, "array")).tobytes()).hexdigest()


def _check_file_kind(path: Path) -> None:
    """ValueError saying what ``path`` is when it is not a zip archive (an .npz is one)."""
    with open(path, "rb") as file:
        start = file.read(512)
    if start.startswith(b"PK\x03\x04"):
        return
    if start.startswith(b"version https://git-lfs"):
        raise ValueError(f"MNIST file {path} is a Git LFS pointer (a small text file that stands for the "
                         f"data), not the data. Fetch the data with `git lfs pull`, or restore it with "
                         f"`git checkout -- data/mnist.npz`.")
    if start.lstrip().startswith(b"<"):
        kind = "an HTML page (a web page was saved in its place)"
    elif start.startswith(b"\x93NUMPY"):
        kind = "a plain .npy array, not an .npz archive of the four MNIST arrays"
    elif not start:
        kind = "empty"
    else:
        kind = f"not a zip archive (.npz); it starts with {start[:16]!r}"
    raise ValueError(f"MNIST file {path} is {kind}. {_FIX}")


def _read_verified(path: Path) -> dict[str, np.ndarray]:
    path = Path(path)
    if path in _verified:
        return _verified[path]
    if not path.is_file():
        raise FileNotFoundError(f"MNIST file not found at {path}. {_FIX}")
    _check_file_kind(path)
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, KeyError, NotImplementedError) as err:
        raise ValueError(f"MNIST file {path} is damaged: not a readable .npz archive ({err}). "
                         f"{_FIX}") from None
    for key, expected in MNIST_SHA256.items():
        if key not in arrays:
            raise ValueError(f"MNIST file {path} has no array {key!r} (found {sorted(arrays)}). {_FIX}")
        if arrays[key].shape != MNIST_SHAPES[key] or arrays[key].dtype != np.uint8:
            raise ValueError(f"MNIST array {key!r} in {path} has shape {arrays[key].shape} and dtype "
                             f"{arrays[key].dtype}; expected {MNIST_SHAPES[key]} uint8. {_FIX}")
        if array_sha256(arrays[key]) != expected:
            raise ValueError(f"MNIST array {key!r} in {path} fails its SHA-256 check: the file is "
                             f"corrupt or not the course's MNIST. {_FIX}")
    _verified[path] = arrays
    return arrays


def _subset(images, labels, size, rng):
    index = np.sort(rng.choice(len(labels), size=size, replace=False))
    return images[index], labels[index]


def load_mnist(normalize: bool = True, flatten: bool = False, one_hot: bool = False,
               n_train: int | None = None, n_test: int | None = None, seed: int = 0,
               channels_last: bool = False, path: Path | str | None = None):
    """Load MNIST as ``(x_train, y_train), (x_test, y_test)``.

    normalize: pixels as float32 in [0, 1] (else uint8 0..255).
    flatten: images as (N, 784) instead of (N, 28, 28).
    channels_last: images as (N, 28, 28, 1) for Keras convolutions (ignored when flatten).
    one_hot: labels as (N, 10) float32 one-hot rows (else uint8 digits 0..9).
    n_train, n_test: a seeded random subset of that size (order kept). In quick mode the
    defaults are 10,000 training and 2,000 test images, and the function says so; pass
    ``n_train=60000, n_test=10000`` to force the full set.
    """
    for name, value, limit in (("n_train", n_train, 60000), ("n_test", n_test, 10000)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, np.integer))
                                  or not 1 <= value <= limit):
            raise ValueError(f"{name} must be an int between 1 and {limit}, got {value!r}")
    for name, flag in (("normalize", normalize), ("flatten", flatten), ("one_hot", one_hot),
                       ("channels_last", channels_last)):
        if not isinstance(flag, (bool, np.bool_)):
            raise ValueError(f"{name} must be True or False, got {flag!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise ValueError(f"path must be a file path (str or Path), got {type(path).__name__}")
    arrays = _read_verified(Path(path) if path is not None else MNIST_PATH)
    x_train, y_train, x_test, y_test = (arrays[k] for k in ("x_train", "y_train", "x_test", "y_test"))
    if QUICK and n_train is None:
        n_train = QUICK_TRAIN_SIZE
    if QUICK and n_test is None:
        n_test = QUICK_TEST_SIZE
    rng = make_rng(seed)
    if n_train is not None and n_train < 60000:
        x_train, y_train = _subset(x_train, y_train, n_train, rng)
    if n_test is not None and n_test < 10000:
        x_test, y_test = _subset(x_test, y_test, n_test, rng)
    if QUICK and (len(y_train) < 60000 or len(y_test) < 10000):
        print(f"quick mode: MNIST subset of {len(y_train):,} training and {len(y_test):,} test images (seed {seed})")

    def images(x):
        x = x.astype(np.float32) / 255.0 if normalize else x.copy()
        if flatten:
            return x.reshape(len(x), -1)
        return x[..., np.newaxis] if channels_last else x

    def labels(y):
        return np.eye(10, dtype=np.float32)[y] if one_hot else y.copy()

    return (images(x_train), labels(y_train)), (images(x_test), labels(y_test))


def to_one_hot(labels, num_classes: int = 10) -> np.ndarray:
    """Integer labels (N,) -> one-hot float32 rows (N, num_classes)."""
    if isinstance(num_classes, bool) or not isinstance(num_classes, (int, np.integer)) or num_classes < 1:
        raise ValueError(f"num_classes must be a positive int, got {num_classes!r}")
    labels = as_array(labels, "labels")
    if labels.ndim != 1:
        raise ValueError(f"labels must be 1-D (N,), got shape {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be integers, got dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in 0..{num_classes - 1}, got {labels.min()}..{labels.max()}")
    return np.eye(num_classes, dtype=np.float32)[labels]


def shift_images(images, dy: int, dx: int) -> np.ndarray:
    """Images moved ``dy`` pixels down and ``dx`` pixels right (negative: up, left); the pixels
    that move in are 0, the ones that move out are lost.

    images: (N, H, W) or (N, H, W, C). Returns a new array of the same shape and dtype. Lesson 08
    averages a model's predictions over such copies (test-time augmentation).
    """
    images = as_array(images, "images")
    if images.ndim not in (3, 4):
        raise ValueError(f"images must be (N, H, W) or (N, H, W, C), got shape {images.shape}")
    height, width = images.shape[1:3]
    for name, value, size in (("dy", dy, height), ("dx", dx, width)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not -size < value < size:
            raise ValueError(f"{name} must be an int with |{name}| < {size}, got {value!r}")
    shifted = np.zeros_like(images)
    shifted[:, max(dy, 0):height + min(dy, 0), max(dx, 0):width + min(dx, 0)] = \
        images[:, max(-dy, 0):height + min(-dy, 0), max(-dx, 0):width + min(-dx, 0)]
    return shifted


VALIDATION_SIZE = 5000
"""How many training images become validation data: the first 5,000, as TensorFlow 1's MNIST
reader did in Sung Kim's labs (``mnist.validation``)."""


def split_validation(images, labels, size: int = VALIDATION_SIZE):
    """Carve validation data from the training data: the FIRST ``size`` examples.

    Returns ``(train_images, train_labels), (validation_images, validation_labels)``. Every
    choice a lesson makes (epochs, rates, dropout, ensemble size) is judged on the validation
    part; the test set is scored once per final model (CONTRIBUTING.md, "Measuring honestly").
    Quick mode's 10,000-image subset keeps 5,000 for training; lessons may pass a smaller size.
    """
    images, labels = as_array(images, "images"), as_array(labels, "labels")
    if images.ndim == 0 or labels.ndim == 0:
        raise ValueError(f"images and labels must be arrays with one entry per example, got shapes {images.shape} and {labels.shape}")
    if len(images) != len(labels):
        raise ValueError(f"images and labels must have the same length, got {len(images)} and {len(labels)}")
    if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
        raise ValueError(f"size must be a positive int, got {size!r}")
    if size >= len(labels):
        raise ValueError(f"size must be smaller than the {len(labels)} examples, got {size}")
    return (images[size:], labels[size:]), (images[:size], labels[:size])
