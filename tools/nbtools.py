"""Notebook maintenance for the course: strip outputs, refresh the nbval-checked outputs.

    python tools/nbtools.py strip NOTEBOOK...          # outputs off, except nbval-check-output cells
    python tools/nbtools.py refresh-checked NOTEBOOK... # execute (quick mode) and store the
                                                        # outputs of nbval-check-output cells only
    python tools/nbtools.py check NOTEBOOK...           # exit 1 if a notebook is not committable

Committed notebooks carry no outputs except small deterministic teaching outputs in cells
tagged ``nbval-check-output``; nbval compares those on every ``make test``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat

CHECKED_TAG = "nbval-check-output"
VOLATILE_METADATA = ("execution", "collapsed", "scrolled", "jupyter", "ExecuteTime")
NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def lesson_notebooks(given=()) -> list[Path]:
    """The notebooks named in ``given``, or else every ``notebooks/NN_*.ipynb`` in lesson order.

    Exits (status 1, with a message) when there are none or a named one does not exist, so every
    tool fails the same way.
    """
    paths = [Path(p) for p in given] or sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    if not paths:
        raise SystemExit(f"no notebooks found (looked in {NOTEBOOK_DIR})")
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise SystemExit(f"no such notebook: {', '.join(missing)}")
    return paths


def is_checked(cell) -> bool:
    return CHECKED_TAG in cell.get("metadata", {}).get("tags", [])


def strip_notebook(nb):
    """Remove outputs and execution counts from every code cell that is not nbval-checked."""
    for cell in nb.cells:
        for key in VOLATILE_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        if is_checked(cell):
            for output in cell.get("outputs", []):
                output.pop("metadata", None) if output.get("output_type") == "stream" else None
            continue
        cell.outputs = []
        cell.execution_count = None
    nb.metadata.pop("widgets", None)
    return nb


def problems(nb) -> list[str]:
    """Reasons a notebook cannot be committed as it is (empty list when it can)."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and not is_checked(cell):
            if cell.get("outputs"):
                found.append(f"cell {index} has outputs but is not tagged {CHECKED_TAG}")
            if cell.get("execution_count") is not None:
                found.append(f"cell {index} has an execution count but is not tagged {CHECKED_TAG}")
        if cell.cell_type == "code" and is_checked(cell) and not cell.get("outputs"):
            found.append(f"cell {index} is tagged {CHECKED_TAG} but has no stored output to compare")
    return found


def refresh_checked(path: Path, timeout: int = 1200):
    """Execute a copy of the notebook in quick mode; keep only the checked cells' outputs."""
    from nbclient import NotebookClient

    os.environ.setdefault("LESSONS_QUICK", "1")
    os.environ.setdefault("MPLBACKEND", "Agg")
    source = nbformat.read(path, as_version=4)
    executed = nbformat.read(path, as_version=4)
    NotebookClient(executed, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell, run in zip(source.cells, executed.cells):
        if cell.cell_type == "code" and is_checked(cell):
            cell.outputs = run.outputs
            cell.execution_count = run.execution_count
    nbformat.write(strip_notebook(source), path)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in {"strip", "refresh-checked", "check"}:
        print(__doc__)
        return 2
    command, paths = argv[0], [Path(p) for p in argv[1:]]
    status = 0
    for path in paths:
        if command == "strip":
            nbformat.write(strip_notebook(nbformat.read(path, as_version=4)), path)
        elif command == "refresh-checked":
            refresh_checked(path)
            print(f"refreshed checked outputs: {path}")
        else:
            for problem in problems(nbformat.read(path, as_version=4)):
                print(f"{path}: {problem}")
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
