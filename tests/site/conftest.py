"""The site tests share one build: the course website made from the quick-mode runs that
`make notebooks` keeps in build/test-executed/ (tests/nbval_keep.py), into build/site-test/.

`make test` runs `make notebooks` first; on its own, `make site-test` needs those runs (or
``LESSONS_KEEP_EXECUTED`` pointing at another folder of executed notebooks).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO / "tests"))

import course_site  # noqa: E402  (tools/course_site.py)
import nbval_keep  # noqa: E402  (tests/nbval_keep.py)

SITE = REPO / "build" / "site-test"
ZIP = REPO / "build" / "course-site-test.zip"


@pytest.fixture(scope="session")
def site() -> Path:
    executed = nbval_keep.keep_directory()
    if not executed.is_dir():
        pytest.fail(f"no executed notebooks in {executed}: run `make notebooks` first (it keeps its quick-mode "
                    "runs there; `make test` runs it before these tests)")
    start = time.perf_counter()
    try:
        course_site.build(executed, SITE, ZIP, allow_quick=True)
    except course_site.SiteError as error:
        pytest.fail(str(error))
    print(f"site built in {time.perf_counter() - start:.0f} s")
    return SITE


@pytest.fixture(scope="session")
def lessons() -> list[Path]:
    return course_site.lesson_notebooks(())
