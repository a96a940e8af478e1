"""One file per lesson redone for v2 (tests/v2/lesson_NN.py): what it must show, the wrong
answers its exercise checks must reject, and the answers its text must not print. A lesson
joins the v2 rules by adding its file, so lessons can be redone in parallel without touching
the shared tests."""

import importlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
LESSONS = sorted(p.stem.split("_")[1] for p in HERE.glob("lesson_[0-9][0-9].py"))


def spec(lesson: str):
    """The module tests/v2/lesson_NN.py (tests/ is on sys.path under pytest)."""
    return importlib.import_module(f"v2.lesson_{lesson}")


def must_show() -> dict:
    return {lesson: spec(lesson).MUST_SHOW for lesson in LESSONS}


def wrong_answers() -> dict:
    found = {}
    for lesson in LESSONS:
        found.update(spec(lesson).WRONG_ANSWERS)
    return found


def not_printed(lesson: str) -> list:
    return list(getattr(spec(lesson), "NOT_PRINTED", []))
