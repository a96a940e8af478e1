"""The v2 rules for the lessons redone so far (issue 21; a lesson joins by adding its
specification, tests/v2/lesson_NN.py): slides show teaching, not bookkeeping; instructor notes are marked; exercises ask
for code or derivations, a wrong answer fails, a right one passes, and a score cell counts them.

Each exercise's check is run in-process: the lesson's setup cell and its #@save cells give the
names the checks need (no training runs), then the solution and a deliberately wrong answer."""

import ast
import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from lessons_lib import checks

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import save  # noqa: E402
import v2  # noqa: E402

V2_LESSONS = v2.LESSONS
WRONG_ANSWERS = v2.wrong_answers()
MAX_LINES, MAX_WIDTH = 15, 88
EXERCISE = re.compile(r"^### Exercise (\d\d)\.(\d+):")
CODE_CHECKS = {"check_function", "check_layer"}

# For every exercise: answers that must FAIL (wrong, copied from the text, or of the wrong type).


def notebook(lesson: str) -> dict:
    path = next((REPO / "notebooks").glob(f"{lesson}_*.ipynb"))
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell) -> str:
    return "".join(cell["source"])


def slide_type(cell) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def tags(cell) -> list:
    return cell.get("metadata", {}).get("tags", [])


def visible_code(nb):
    return [
        (i, c)
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code"
        and slide_type(c) != "skip"
        and "solution" not in tags(c)
    ]


@pytest.mark.parametrize("lesson", V2_LESSONS)
def test_visible_code_fits_a_slide_and_does_no_bookkeeping(lesson):
    problems = []
    for index, cell in visible_code(notebook(lesson)):
        lines = source(cell).splitlines()
        if len(lines) > MAX_LINES:
            problems.append(f"cell {index}: {len(lines)} lines (at most {MAX_LINES})")
        problems += [
            f"cell {index}: a line of {len(line)} characters (at most {MAX_WIDTH})"
            for line in lines
            if len(line) > MAX_WIDTH
        ]
        if "record(" in source(cell) or re.search(r"^\s*assert ", source(cell), re.M):
            problems.append(
                f"cell {index}: record(...) or assert on a slide: move it to a skipped check cell"
            )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lesson", V2_LESSONS)
def test_instructor_notes_are_marked(lesson):
    for index, cell in enumerate(notebook(lesson)["cells"]):
        if slide_type(cell) == "notes":
            assert source(cell).startswith("**Instructor note.**"), (
                f"cell {index}: notes must say 'Instructor note'"
            )


def exercises(nb) -> dict:
    """{label: (solution source, check source)} in notebook order."""
    cells, found, label = nb["cells"], {}, None
    for cell in cells:
        match = (
            EXERCISE.match(source(cell)) if cell["cell_type"] == "markdown" else None
        )
        if match:
            label = f"{match.group(1)}.{match.group(2)}"
            found[label] = [None, None]
        elif (
            label and cell["cell_type"] == "markdown" and source(cell).startswith("## ")
        ):
            label = None
        elif label and cell["cell_type"] == "code" and "score(" not in source(cell):
            found[label][0 if "solution" in tags(cell) else 1] = source(cell)
    return {key: tuple(value) for key, value in found.items()}


@pytest.mark.parametrize("lesson", V2_LESSONS)
def test_four_exercises_two_of_them_code_and_a_score_cell(lesson):
    nb = notebook(lesson)
    found = exercises(nb)
    assert len(found) >= 4, f"lesson {lesson} has {len(found)} exercises, needs 4"
    code = [
        label
        for label, (_, check) in found.items()
        if any(name + "(" in check for name in CODE_CHECKS)
    ]
    assert len(code) >= 2, f"lesson {lesson}: {code} ask for code; at least 2 must"
    assert set(WRONG_ANSWERS) >= set(found), (
        f"no wrong answers listed for {sorted(set(found) - set(WRONG_ANSWERS))}"
    )
    scores = [
        source(c)
        for c in nb["cells"]
        if c["cell_type"] == "code" and "score(" in source(c)
    ]
    assert scores == [f'score("{lesson}", exercises={len(found)})'], scores


def lesson_namespace(nb) -> dict:
    """The setup cell and every #@save cell, run: the names the exercise checks use."""
    namespace: dict = {}
    setup = next(
        source(c)
        for c in nb["cells"]
        if c["cell_type"] == "code" and "quick_banner(" in source(c)
    )
    exec(compile(setup, "<setup>", "exec"), namespace)
    for _, _, code in save.saved_cells(nb):
        exec(compile(code, "<saved>", "exec"), namespace)
    return namespace


@pytest.fixture(scope="module", params=V2_LESSONS)
def lesson(request):
    nb = notebook(request.param)
    return request.param, nb, lesson_namespace(nb)


@pytest.fixture
def strict(monkeypatch):
    monkeypatch.setattr(checks, "STRICT", True)


def test_each_solution_passes_and_each_wrong_answer_fails(lesson, strict):
    number, nb, base = lesson
    for label, (solution, check) in exercises(nb).items():
        namespace = dict(base)
        exec(solution, namespace)
        exec(check, namespace)  # strict: raises if the solution fails its own check
        for wrong in WRONG_ANSWERS[label]:
            namespace = dict(base)
            exec(wrong, namespace)
            with pytest.raises((AssertionError, ValueError)):
                exec(check, namespace)
                pytest.fail(f"exercise {label}: the wrong answer passed:\n{wrong}")


def test_unanswered_exercises_say_so_and_score_counts(lesson, monkeypatch, capsys):
    number, nb, base = lesson
    monkeypatch.setattr(checks, "STRICT", False)
    monkeypatch.setattr(checks, "RESULTS", {})
    for label, (solution, check) in exercises(nb).items():
        namespace = dict(base)
        for name in sorted(
            _bound_names(solution)
        ):  # what the student copy's stub leaves
            namespace[name] = None
        exec(check, namespace)
        assert "not answered yet" in capsys.readouterr().out, f"exercise {label}"
    checks.score(number, exercises=len(exercises(nb)))
    assert f"Lesson {number}: 0 of" in capsys.readouterr().out


def _bound_names(code: str) -> set:
    tree = ast.parse(code)
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        for target in getattr(node, "targets", []):
            for element in ast.walk(target):
                if isinstance(element, ast.Name):
                    names.add(element.id)
    return names


def test_no_answer_is_printed_in_the_lesson_above_its_exercise(lesson):
    """The digest answers and the reference answers never appear as literals in the text."""
    number, nb, _ = lesson
    text = "\n".join(source(c) for c in nb["cells"])
    for answer in v2.not_printed(number):
        before_solutions = text.split("## Check yourself")[0]
        assert answer not in before_solutions, (
            f"lesson {number} prints {answer!r} before its exercises"
        )
    assert np  # numpy is used by the exec'd answers
