"""Run-time settings shared by every notebook: quick mode, seeds, and recorded results.

- ``QUICK`` is true when the environment variable ``LESSONS_QUICK=1`` is set (CI sets it).
  Notebooks use it, usually through :func:`pick`, to choose epochs and data sizes.
- :func:`set_seed` fixes Python, numpy and (only if already imported) TensorFlow/Keras.
- Seeds enter through one place: :func:`study_seed` moves every seed by ``1000 * LESSONS_SEED``
  (unset: 0, so nothing moves). :func:`set_seed`, :func:`make_rng` and every seeded builder in
  lessons_lib go through it, so the seed study (``make seeds``) can rerun the course under other
  seeds without editing a notebook.
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
    """Print a one-line banner when quick mode is on, and one when the seed study moved the seeds."""
    if QUICK:
        where = f"{lesson}: " if lesson else ""
        print(f"*** {where}QUICK MODE (LESSONS_QUICK=1): fewer epochs, a data subset and "
              "looser accuracy floors. Unset LESSONS_QUICK for the full lesson. ***")
    if seed_offset():
        print(f"*** seed study: {SEED_VARIABLE}={seed_offset()}, every seed moved by "
              f"{SEED_STRIDE * seed_offset()} ***")


SEED_VARIABLE = "LESSONS_SEED"
SEED_STRIDE = 1000
"""``study_seed(s) = s + SEED_STRIDE * LESSONS_SEED``: lessons use seeds below 1000, so the seeds
of two study runs never coincide."""


def seed_offset() -> int:
    """The seed study's offset: the integer in ``$LESSONS_SEED`` (0 when unset or empty)."""
    text = os.environ.get(SEED_VARIABLE, "").strip()
    if not text:
        return 0
    if not text.isdigit():
        raise ValueError(f"{SEED_VARIABLE} must be a non-negative integer (the seed study's offset), "
                         f"got {text!r}")
    return int(text)


def study_seed(seed: int) -> int:
    """``seed`` as the seed study moves it: ``seed + 1000 * LESSONS_SEED`` (unchanged when unset).

    Every seed in the course goes through here, so no lesson hard-codes a seed the study cannot move.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    return int(seed) + SEED_STRIDE * seed_offset()


def make_rng(seed: int | None) -> np.random.Generator:
    """``np.random.default_rng`` for ``study_seed(seed)`` (``None``: fresh, unseeded randomness)."""
    return np.random.default_rng(None if seed is None else study_seed(seed))


def set_seed(seed: int = 0) -> np.random.Generator:
    """Fix the seeds of Python, numpy and, if it is already imported, TensorFlow/Keras.

    The seed used is ``study_seed(seed)``. Returns ``make_rng(seed)`` for code that prefers a
    Generator. Import Keras before calling it, so that Keras is seeded too.
    """
    seed = study_seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)
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
