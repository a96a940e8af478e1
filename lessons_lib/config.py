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

import contextlib
import json
import math
import os
import random
import re
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
"""The repository root, found from this file's location (never the working directory)."""

_TRUE_WORDS = {"1", "true", "yes", "on"}

QUICK = os.environ.get("LESSONS_QUICK", "0").strip().lower() in _TRUE_WORDS
"""True when ``LESSONS_QUICK=1``: fewer epochs, a data subset, looser accuracy floors."""


def build_dir() -> Path:
    """Where generated files go: ``$LESSONS_BUILD_DIR`` or ``<repo>/build`` (git-ignored).

    An empty ``LESSONS_BUILD_DIR`` means the default; ``~`` is expanded; a relative path is taken
    from the repository root, not the working directory (a notebook runs in ``notebooks/``,
    ``make results`` in the root, and both must find the same files).
    """
    setting = os.environ.get("LESSONS_BUILD_DIR", "").strip()
    if not setting:
        return REPO_ROOT / "build"
    return REPO_ROOT / Path(setting).expanduser()  # an absolute path replaces REPO_ROOT


def pick(full, quick):
    """Return ``quick`` in quick mode and ``full`` otherwise: ``epochs = pick(full=20, quick=2)``."""
    return quick if QUICK else full


def quick_banner(lesson: str = "") -> None:
    """Print a one-line banner when quick mode is on, and one when the seed study moved the seeds."""
    if not isinstance(lesson, str):
        raise ValueError(f"lesson must be a string such as 'Lesson 03', got {lesson!r}")
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


_NAME_PATTERN = re.compile(r"(\d\d)\.[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*", re.ASCII)  # fullmatch
_RESERVED_KEYS = ("value", "quick", "time")


def results_path(lesson: str, quick: bool | None = None) -> Path:
    """The JSON file that holds lesson ``lesson``'s recorded numbers for one mode."""
    if quick is not None and not isinstance(quick, (bool, np.bool_)):
        raise ValueError(f"quick must be True, False or None (the current mode), got {quick!r}")
    if not isinstance(lesson, str) or not re.fullmatch(r"[0-9][0-9]", lesson):
        raise ValueError(f"lesson must be a two-digit lesson number such as '03', got {lesson!r}")
    mode = "quick" if (QUICK if quick is None else quick) else "full"
    return build_dir() / "results" / mode / f"{lesson}.json"


def record(name: str, value, **extra) -> float:
    """Record a headline number, e.g. ``record("02.xor_mlp.accuracy", 1.0)``.

    The name starts with the two-digit lesson number. Values are stored, with the mode
    (quick or full) and the time, in ``build/results/<mode>/<NN>.json``. Extra keyword
    arguments (``epochs=20``) are stored beside the value; they must be JSON values (numbers,
    strings, lists, dicts, None) and may not be named ``value``, ``quick`` or ``time``.
    Returns the value.

    The file is rewritten atomically (a temporary file, then ``os.replace``) under a lock, so
    lessons that run side by side keep each other's numbers, and a run killed mid-write or a
    full disk leaves the previous file as it was.
    """
    if not isinstance(name, str) or not _NAME_PATTERN.fullmatch(name):
        raise ValueError(f"name must look like '02.xor_mlp.accuracy' (lesson number first), got {name!r}")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)) and not (
            isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iuf"):
        raise ValueError(f"value for {name!r} must be a number, got {type(value).__name__}")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"value for {name!r} is too large for a float: {value!r:.40}") from None
    if not math.isfinite(number):
        raise ValueError(f"value for {name!r} must be finite, got {number}")
    entry = {"value": number, "quick": QUICK,
             "time": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    entry.update(_json_extras(name, extra))
    path = results_path(name[:2])
    _check_folder(path.parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        for stale in path.parent.glob(f".{path.name}.*.tmp"):  # left by a writer that was killed
            stale.unlink()
        table = _read_table(path) if path.exists() else {}
        table[name] = entry
        _write_atomically(path, json.dumps(table, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return number


def load_results(quick: bool | None = None) -> dict:
    """Every recorded number for one mode, as ``{name: entry}`` (empty if none)."""
    folder = results_path("00", quick).parent
    _check_folder(folder)
    merged = {}
    for path in sorted(folder.glob("*.json")):
        merged.update(_read_table(path))
    return merged


GOAL_OPS = (">=", "<=", ">", "<")
"""How a recorded value may be compared with its goal (tools/results.py judges it)."""


def _json_extras(name: str, extra: dict) -> dict:
    """``extra`` with numpy scalars turned into Python ones; ValueError for a reserved key or a
    value that JSON cannot hold (NaN, inf, arrays, objects)."""
    reserved = sorted(set(extra) & set(_RESERVED_KEYS))
    if reserved:
        raise ValueError(f"record({name!r}): {', '.join(reserved)} cannot be passed as extra keyword "
                         f"arguments: record stores {', '.join(_RESERVED_KEYS)} itself")
    extras = {key: _plain(val) for key, val in extra.items()}
    goal = extras.get("goal")
    if goal is not None and (isinstance(goal, bool) or not isinstance(goal, (int, float))
                             or not math.isfinite(goal)):
        raise ValueError(f"record({name!r}): goal must be a finite number, got {goal!r}")
    if extras.get("goal_op", ">=") not in GOAL_OPS:
        raise ValueError(f"record({name!r}): goal_op must be one of {GOAL_OPS}, got {extras['goal_op']!r}")
    for key, val in extras.items():
        try:
            json.dumps(val, allow_nan=False)
        except (TypeError, ValueError):
            raise ValueError(f"record({name!r}): {key}={val!r} cannot be stored: extra values must be "
                             "finite numbers, strings, None, or lists/dicts of them") from None
    return extras


def _plain(value):
    """value with numpy scalars turned into Python ones, also inside lists, tuples and dicts."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def _check_folder(folder: Path) -> None:
    """ValueError naming the path when ``folder`` or a folder above it is a file."""
    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                raise ValueError(f"{part} should be a folder of results files but is a file: "
                                 "delete it and rerun the lessons")
            return


def _unique_keys(pairs: list) -> dict:
    """A JSON object as a dict; ValueError naming a key given twice (json keeps the last)."""
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValueError(f"the name {repeated[0]!r} appears twice")
    return dict(pairs)


def _read_table(path: Path) -> dict:
    """The ``{name: entry}`` table of one results file; ValueError naming the file if damaged."""
    try:
        table = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_unique_keys)
        problem = "" if isinstance(table, dict) else f"a JSON {type(table).__name__}, not a table"
    except (ValueError, OSError) as error:  # UnicodeDecodeError, JSONDecodeError; a folder
        problem = str(error)
    if not problem:
        problem = _table_problem(table, path.stem)
    if problem:
        raise ValueError(f"results file {path} is damaged ({problem}). Delete it and rerun lesson "
                         f"{path.stem} to record its numbers again.")
    return table


def _table_problem(table: dict, lesson: str) -> str:
    """Why a parsed results table cannot be lesson ``lesson``'s ("" if it can): every name
    must be one of the lesson's, and every entry a dict with a finite number as its value."""
    for name, entry in table.items():
        if not _NAME_PATTERN.fullmatch(name) or name[:2] != lesson:
            return f"{name!r} is not a name of lesson {lesson}"
        value = entry.get("value") if isinstance(entry, dict) else None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return f"{name!r} has no finite value"
    return ""


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then replace ``path`` with it in one
    step: a reader sees the old file or the new one, never half of one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with open(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; results files are ordinary files
        for attempt in range(50):  # Windows refuses to replace a file another process is reading
            try:
                os.replace(temporary, path)
                break
            except PermissionError:
                if sys.platform != "win32" or attempt == 49:
                    raise
                time.sleep(0.1)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise OSError(error.errno, f"could not write {path} ({error.strerror or error}); "
                                   "the previous file is unchanged") from error


@contextlib.contextmanager
def _locked(path: Path):
    """Hold an exclusive lock on ``<path>.lock`` (one writer at a time, across processes).

    fcntl on Linux and macOS, msvcrt on Windows; the lock goes with the process if it dies.
    """
    with open(path.with_name(path.name + ".lock"), "a+b") as lock:
        if sys.platform == "win32":
            import msvcrt

            while True:
                try:
                    lock.seek(0)
                    msvcrt.locking(lock.fileno(), msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    time.sleep(0.05)
            try:
                yield
            finally:
                lock.seek(0)
                msvcrt.locking(lock.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
