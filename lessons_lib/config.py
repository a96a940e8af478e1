"""Run-time settings shared by every notebook: quick mode, seeds, and recorded results.

- ``QUICK`` is true when the environment variable ``LESSONS_QUICK=1`` is set (CI sets it).
  Notebooks use it, usually through :func:`pick`, to choose epochs and data sizes.
- :func:`set_seed` fixes Python, numpy and (only if already imported) TensorFlow/Keras.
- :func:`record` stores a notebook's headline numbers under ``build/results/`` so that
  ``make results`` can gather every lesson's numbers into one table.

This module imports nothing heavy: ``import lessons_lib`` must stay fast and work without
TensorFlow installed.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
"""The repository root, found from this file's location (never the working directory)."""

_TRUE_WORDS = {"1", "true", "yes", "on"}

QUICK = os.environ.get("LESSONS_QUICK", "0").strip().lower() in _TRUE_WORDS
"""True when ``LESSONS_QUICK=1``: fewer epochs, a data subset, looser accuracy floors."""


def build_dir() -> Path:
    """Where generated files go: ``$LESSONS_BUILD_DIR`` or ``<repo>/build`` (git-ignored)."""
    return Path(os.environ.get("LESSONS_BUILD_DIR", REPO_ROOT / "build"))


def pick(full, quick):
    """Return ``quick`` in quick mode and ``full`` otherwise: ``epochs = pick(full=20, quick=2)``."""
    return quick if QUICK else full


def quick_banner(lesson: str = "") -> None:
    """Print a one-line banner when quick mode is on (and nothing otherwise)."""
    if QUICK:
        where = f"{lesson}: " if lesson else ""
        print(f"*** {where}QUICK MODE (LESSONS_QUICK=1): fewer epochs, a data subset and "
              "looser accuracy floors. Unset LESSONS_QUICK for the full lesson. ***")


def set_seed(seed: int = 0) -> np.random.Generator:
    """Fix the seeds of Python, numpy and, if it is already imported, TensorFlow/Keras.

    Returns a fresh ``np.random.Generator`` seeded with ``seed`` for code that prefers one.
    Call it again after importing Keras, or use :func:`lessons_lib.keras_utils.set_keras_seed`.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    seed = int(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed)
    if "keras" in sys.modules or "tensorflow" in sys.modules:
        import keras  # already imported, so this is cheap

        keras.utils.set_random_seed(seed)
    return np.random.default_rng(seed)


_NAME_PATTERN = re.compile(r"^(\d\d)\.[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$")


def results_path(lesson: str, quick: bool | None = None) -> Path:
    """The JSON file that holds lesson ``lesson``'s recorded numbers for one mode."""
    mode = "quick" if (QUICK if quick is None else quick) else "full"
    return build_dir() / "results" / mode / f"{lesson}.json"


def record(name: str, value, **extra) -> float:
    """Record a headline number, e.g. ``record("02.xor_mlp.accuracy", 1.0)``.

    The name starts with the two-digit lesson number. Values are stored, with the mode
    (quick or full) and the time, in ``build/results/<mode>/<NN>.json``. Extra keyword
    arguments (``epochs=20``) are stored beside the value. Returns the value.
    """
    if not isinstance(name, str) or not _NAME_PATTERN.match(name):
        raise ValueError(f"name must look like '02.xor_mlp.accuracy' (lesson number first), got {name!r}")
    if isinstance(value, (bool, np.bool_)):
        value = float(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"value for {name!r} must be a number, got {type(value).__name__}") from None
    if not math.isfinite(number):
        raise ValueError(f"value for {name!r} must be finite, got {number}")
    path = results_path(name[:2])
    path.parent.mkdir(parents=True, exist_ok=True)
    table = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    entry = {"value": number, "quick": QUICK,
             "time": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    entry.update({key: (val.item() if isinstance(val, np.generic) else val) for key, val in extra.items()})
    table[name] = entry
    path.write_text(json.dumps(table, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return number


def load_results(quick: bool | None = None) -> dict:
    """Every recorded number for one mode, as ``{name: entry}`` (empty if none)."""
    folder = results_path("00", quick).parent
    merged = {}
    for path in sorted(folder.glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged
