"""One place that decides whether the browser tests can run: Chromium present, or a clear skip.

Every test that needs a browser calls :func:`chromium_or_skip` (slides, the course website,
JupyterLab). On a fresh laptop without Chromium those tests are skipped with one clear line, so
`make test` passes there. CI sets ``LESSONS_REQUIRE_BROWSER=1`` (in .ci/run), which turns the
skip into a failure: CI must run them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REQUIRE_VARIABLE = "LESSONS_REQUIRE_BROWSER"


def chromium_path() -> str | None:
    """The Chromium executable (``$CHROMIUM``, then ``chromium`` on PATH), or None."""
    for candidate in (
        os.environ.get("CHROMIUM"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def browser_required() -> bool:
    """True when a missing browser must fail the run (CI), not skip."""
    return os.environ.get(REQUIRE_VARIABLE, "").strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def chromium_or_skip() -> str:
    """Return Chromium's path; without it skip the test, or fail when the browser is required."""
    path = chromium_path()
    if path:
        return path
    message = (
        "Chromium is missing, so the browser tests cannot run: install it "
        "(Debian/Ubuntu: `apt-get install chromium`)."
    )
    if browser_required():
        pytest.fail(f"{message} {REQUIRE_VARIABLE}=1 requires them.")
    pytest.skip(f"{message} Skipped (set {REQUIRE_VARIABLE}=1 to make this a failure).")
