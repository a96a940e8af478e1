"""Student copies (`make student`): no solution code left, and they still run.

Copies are built into a temporary folder with tools/student.py. For every notebook (and the
fixture under tests/fixtures/), the solution cells must be stubs and no line of solution code may
remain anywhere. A stubbed name may only be handed to a check (which then says "not answered
yet"). The cheapest notebook (and the fixture) is executed with nbclient in quick mode up to its
first exercise check cell, which must print "not answered yet". Set
LESSONS_STUDENT_EXECUTE_ALL=1 to execute every notebook's copy that way (slow).
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import student  # noqa: E402  (tools/student.py)

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
FIXTURE = REPO / "tests" / "fixtures" / "fixture_lesson.ipynb"
ALL = NOTEBOOKS + [FIXTURE]
CHEAP = [path for path in ALL if path.name.startswith("01_")] + [FIXTURE]
if os.environ.get("LESSONS_STUDENT_EXECUTE_ALL", "0") == "1":
    CHEAP = ALL


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    student.write_student_copies(ALL, out)
    return out


def code_lines(source: str) -> set[str]:
    """Stripped lines that carry code (no blanks, no comments)."""
    return {line.strip() for line in source.splitlines() if line.strip() and not line.strip().startswith("#")}


def test_defined_names_finds_assignments_functions_and_classes():
    source = "import numpy as np\na, (b, *c) = 1, (2, 3)\nd: int = 4\nu: int\nx.attr = 5\ne += 1\n" \
             "def f(z):\n    inner = z\n    return inner\nclass K:\n    pass\na = 6\n" \
             "for i in range(2):\n    total = i\nsquares = [j * j for j in range(3)]\ng = lambda q: q"
    names = ["a", "b", "c", "d", "f", "K", "i", "total", "squares", "g"]
    assert student.defined_names(source) == names
    assert student.stub_source(source) == "# your code here\n" + "\n".join(f"{name} = None" for name in names)


def test_unsafe_stub_use_is_found():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("answer = 2", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell('check_value("1", answer, expected=2, hint="h", term="t")'),
        nbformat.v4.new_code_cell('check_true("1", answer.shape == (2,), hint="h", term="t")'),
        nbformat.v4.new_code_cell("answer = 3\nprint(answer + 1)"),
    ])
    problems = student.unsafe_stub_uses(nb)
    assert len(problems) == 1 and problems[0].startswith("cell 2 uses 'answer'"), problems


def test_a_pass_through_wrapper_keeps_a_stub_safe_and_really_passes_none_through():
    from lessons_lib import exercises

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("block = 2", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell('check_function("1", exercises.bottleneck_probe(block), hint="h", term="t")'),
        nbformat.v4.new_code_cell('check_function("1", exercises.other(block), hint="h", term="t")'),
    ])
    problems = student.unsafe_stub_uses(nb)
    assert len(problems) == 1 and problems[0].startswith("cell 2 uses 'block'"), problems
    for name in student.PASS_THROUGH:
        assert getattr(exercises, name)(None) is None, name


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_no_solution_code_remains(path, student_dir):
    original = nbformat.read(path, as_version=4)
    copy = nbformat.read(student_dir / path.name, as_version=4)
    original.cells = [cell for cell in original.cells if not student.is_instructor_note(cell)]
    assert len(copy.cells) == len(original.cells)
    solution_lines, other_lines = set(), set()
    for cell in original.cells:
        (solution_lines if student.is_solution(cell) else other_lines).update(code_lines(cell.source))
    assert solution_lines, f"{path.name} has no cell tagged 'solution'"
    for index, (before, after) in enumerate(zip(original.cells, copy.cells)):
        if student.is_solution(before):
            assert after.source.splitlines()[0] == student.STUB_COMMENT, f"cell {index} is not a stub"
            assert after.source == student.stub_source(before.source)
            assert not after.outputs
            for statement in ast.parse(after.source).body:  # only `name = None`
                assert isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant) \
                    and statement.value.value is None, f"cell {index}: stub has {ast.unparse(statement)!r}"
        else:
            assert after.source == before.source, f"cell {index} changed but is not a solution cell"
    leaked = set()
    for cell in copy.cells:
        leaked |= (code_lines(cell.source) & solution_lines) - other_lines
    assert not leaked, f"{path.name}: solution code left in the student copy: {sorted(leaked)}"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_stubbed_names_only_reach_checks(path):
    problems = student.unsafe_stub_uses(nbformat.read(path, as_version=4))
    assert not problems, f"{path.name}: a student copy would crash instead of saying 'not answered yet':\n" \
                         + "\n".join(problems)


def first_check_cell(nb) -> int:
    """Index of the first code cell after a solution cell that calls a lessons_lib.checks function."""
    first_solution = next(i for i, cell in enumerate(nb.cells) if student.is_solution(cell))
    for index in range(first_solution + 1, len(nb.cells)):
        cell = nb.cells[index]
        if cell.cell_type == "code" and any(student._is_check_call(node) for node in ast.walk(ast.parse(cell.source))):
            return index
    raise AssertionError("no check cell after the first solution cell")


@pytest.mark.parametrize("path", CHEAP, ids=lambda p: p.name)
def test_student_copy_runs_to_first_check(path, student_dir, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("LESSONS_QUICK", "1")
    monkeypatch.setenv("LESSONS_STRICT_CHECKS", "0")  # a student's run never stops on a check
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(student_dir / path.name, as_version=4)
    stop = first_check_cell(nb)
    nb.cells = nb.cells[:stop + 1]
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(REPO / "notebooks")}}).execute()
    printed = "".join(output.get("text", "") for output in nb.cells[stop].outputs)
    assert "not answered yet" in printed, f"check cell {stop} printed {printed!r}"


def test_instructor_notes_are_left_out_of_student_copies():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("**Instructor note.** Ask the class."),
                nbformat.v4.new_markdown_cell("A note for everyone.")]
    copy = student.student_notebook(nb)
    assert [cell.source for cell in copy.cells] == ["A note for everyone."]


def test_a_use_guarded_by_a_none_test_is_safe():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("w = 1\nb = 2", metadata={"tags": ["solution"]}),
                nbformat.v4.new_code_cell("out = None if b is None else f(w, b)\ncheck_value('1', out)"),
                nbformat.v4.new_code_cell("if b is not None:\n    g(w)"),
                nbformat.v4.new_code_cell("h(w)")]
    assert student.unsafe_stub_uses(nb) == ["cell 3 uses 'w' (set to None in the student copy by the solution "
                                            "cell 0) other than as an argument of a check"]
