"""A pytest plugin for `make notebooks`: keep each notebook as nbval ran it, outputs and all.

nbval runs every cell of every lesson (quick mode) but keeps the outputs only long enough to
compare the checked ones. The website test (tests/site/) needs executed notebooks, and running the
eight lessons a second time would cost minutes, so this plugin writes each notebook that nbval
ran, with the outputs it saw, to ``$LESSONS_KEEP_EXECUTED`` (default ``build/test-executed/``).
The Makefile loads it with ``-p tests.nbval_keep``; it changes nothing about what nbval checks.

A cell that did not run keeps no outputs and no execution count, so the site build (which checks
that every code cell ran) refuses a notebook whose run stopped early.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
_ran: dict[Path, object] = {}  # notebook path -> nbval's file item (holds the notebook it read)


def keep_directory() -> Path:
    return Path(os.environ.get("LESSONS_KEEP_EXECUTED", REPO / "build" / "test-executed"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    yield
    outputs = getattr(item, "test_outputs", None)
    cell, notebook_item = getattr(item, "cell", None), getattr(item, "parent", None)
    if outputs is None or cell is None or not hasattr(notebook_item, "nb"):
        return  # not an nbval cell, or it never got to run
    cell.outputs = list(outputs)
    cell.execution_count = item.cell_num + 1
    _ran[Path(str(notebook_item.fspath))] = notebook_item


def pytest_sessionfinish(session):
    if not _ran:
        return
    directory = keep_directory()
    directory.mkdir(parents=True, exist_ok=True)
    for path, notebook_item in sorted(_ran.items()):
        for cell in notebook_item.nb.cells:  # cells nbval never ran: no stale committed outputs
            if cell.cell_type == "code" and cell.get("execution_count") is None:
                cell.outputs = []
        nbformat.write(notebook_item.nb, directory / path.name)
