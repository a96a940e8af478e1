"""Shared by the sweep tools' tests (tests/test_sweep.py, test_sweep_08.py,
test_sweep_08_epochs.py): loading a tool from tools/, a lesson's code, and MNIST whose test
images fail any test that touches them."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def load_tool(name: str, file: str):
    """tools/``file`` imported as the module ``name`` (registered, so tools import it)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def code_cells(path: Path) -> str:
    """A notebook's code cells, joined."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


class Untouchable:
    """Stands in for the test images: any use fails the test."""

    def __getattr__(self, name):
        raise AssertionError(f"the sweep touched the test images ({name})")

    def __len__(self):
        raise AssertionError("the sweep touched the test images (len)")

    def __getitem__(self, key):
        raise AssertionError("the sweep touched the test images (indexing)")


def tiny_split(n_train=96, n_val=32, seed=0):
    """Random 28x28x1 images and labels, ``n_train + n_val`` of them."""
    rng = np.random.default_rng(seed)
    images = rng.random((n_train + n_val, 28, 28, 1), dtype=np.float32)
    labels = rng.integers(0, 10, n_train + n_val).astype(np.uint8)
    return images, labels


def poison_test_images(monkeypatch, images, labels) -> None:
    """``lessons_lib.data.load_mnist`` returns these training images and test images that
    fail the test when touched."""
    import lessons_lib.data

    poisoned = (Untouchable(), Untouchable())
    monkeypatch.setattr(
        lessons_lib.data, "load_mnist", lambda **_: ((images, labels), poisoned)
    )
