"""load_mnist on damaged files: every kind of fault ends in a message that names the file and
how to restore it, or in the verified data; never in a traceback from zipfile, zlib or numpy
(issue 16, item 5)."""

import io
import random
import zipfile

import numpy as np
import pytest

from lessons_lib import data

ORIGINAL = data.MNIST_PATH.read_bytes()
MEMBERS = zipfile.ZipFile(data.MNIST_PATH).infolist()
CENTRAL_DIRECTORY = ORIGINAL.find(b"PK\x01\x02")
END_RECORD = ORIGINAL.rfind(b"PK\x05\x06")
RESTORE_HINTS = ("git checkout -- data/mnist.npz", "git lfs pull")
NUMPY_ADVICE = ("allow_pickle", "unsafely", "context manager")


def _positions():
    """A seeded sample of byte positions from each region of the zip file."""
    rng = random.Random(16)
    regions = {
        "local header": [(m.header_offset, m.header_offset + 30 + len(m.filename)) for m in MEMBERS],
        "deflate stream": [(m.header_offset + 30 + len(m.filename) + 20, m.header_offset + 30 + len(m.filename)
                            + m.compress_size) for m in MEMBERS],
        "central directory": [(CENTRAL_DIRECTORY, END_RECORD)],
        "end record": [(END_RECORD, len(ORIGINAL))],
    }
    cases = []
    for region, spans in regions.items():
        for start, stop in spans:
            cases += [(region, rng.randrange(start, stop)) for _ in range(2)]
    return cases


def _npy(array, **options):
    buffer = io.BytesIO()
    np.save(buffer, array, **options)
    return buffer.getvalue()


def _npz(**arrays):
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


WRONG_FILES = {
    "empty": b"",
    "truncated to 100 bytes": ORIGINAL[:100],
    "truncated in the middle": ORIGINAL[:len(ORIGINAL) // 2],
    "truncated by 10 bytes": ORIGINAL[:-10],
    "Git LFS pointer": b"version https://git-lfs.github.com/spec/v1\noid sha256:06af5dfe\nsize 11490519\n",
    "HTML page": b"\n<!DOCTYPE html>\n<html><head><title>mnist.npz</title></head><body>GitHub</body></html>",
    "plain .npy": _npy(np.zeros((10, 28, 28), dtype=np.uint8)),
    "pickled .npy": _npy(np.array([{"x": 1}], dtype=object), allow_pickle=True),
    "text": "these are not the digits you are looking for".encode(),
    "another .npz": _npz(a=np.zeros(3)),
    "an .npz with the wrong shapes": _npz(x_train=np.zeros((5, 28, 28), np.uint8), y_train=np.zeros(5, np.uint8),
                                          x_test=np.zeros((5, 28, 28), np.uint8), y_test=np.zeros(5, np.uint8)),
}


def _assert_clear_or_verified(path):
    data._verified.clear()
    try:
        (x_train, y_train), (x_test, y_test) = data.load_mnist(path=path, normalize=False, n_train=60000,
                                                               n_test=10000)
    except (ValueError, FileNotFoundError) as error:
        message = str(error)
        assert str(path) in message, f"the message does not name the file: {message}"
        assert any(hint in message for hint in RESTORE_HINTS), f"no way to restore it: {message}"
        assert not any(advice in message for advice in NUMPY_ADVICE), f"numpy's internal advice: {message}"
        return "message"
    finally:
        data._verified.clear()
    assert data.array_sha256(x_train) == data.MNIST_SHA256["x_train"]
    assert data.array_sha256(y_test) == data.MNIST_SHA256["y_test"]
    return "verified"


@pytest.mark.parametrize("region, position", _positions())
def test_a_flipped_byte_gives_a_clear_message_or_the_verified_data(tmp_path, region, position):
    damaged = bytearray(ORIGINAL)
    damaged[position] ^= 0xFF
    path = tmp_path / "mnist.npz"
    path.write_bytes(bytes(damaged))
    _assert_clear_or_verified(path)


@pytest.mark.parametrize("kind", WRONG_FILES)
def test_a_wrong_file_says_what_it_is_and_how_to_restore_it(tmp_path, kind):
    path = tmp_path / "mnist.npz"
    path.write_bytes(WRONG_FILES[kind])
    assert _assert_clear_or_verified(path) == "message"


@pytest.mark.parametrize("kind, words", [("Git LFS pointer", "Git LFS pointer"), ("HTML page", "HTML page"),
                                         ("plain .npy", "plain .npy"), ("empty", "empty")])
def test_the_message_says_what_the_file_is(tmp_path, kind, words):
    path = tmp_path / "mnist.npz"
    path.write_bytes(WRONG_FILES[kind])
    with pytest.raises(ValueError, match=words):
        data.load_mnist(path=path)


def test_a_folder_in_place_of_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="git checkout"):
        data.load_mnist(path=tmp_path)
