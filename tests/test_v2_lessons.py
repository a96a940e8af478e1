"""The v2 rules for the lessons redone so far (issue 21; later lessons join V2_LESSONS as they
are redone): slides show teaching, not bookkeeping; instructor notes are marked; exercises ask
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

V2_LESSONS = ["01", "02"]
MAX_LINES, MAX_WIDTH = 15, 88
EXERCISE = re.compile(r"^### Exercise (\d\d)\.(\d+):")
CODE_CHECKS = {"check_function", "check_layer"}

# For every exercise: answers that must FAIL (wrong, copied from the text, or of the wrong type).
WRONG_ANSWERS = {
    "01.1": [
        "nor_weights, nor_bias = np.array([-0.5, -0.5]), 0.7",  # NAND's weights
        "nor_weights, nor_bias = np.array([0.5, 0.5]), -0.2",  # OR's weights
        "nor_weights, nor_bias = '-1, -1', '0.5'",
    ],
    "01.2": [
        "hidden_weights = np.array([[-0.5, 0.5], [-0.5, 0.5]])\nhidden_bias = np.array([0.7, -0.2])\n"
        "output_weights, output_bias = np.array([0.5, 0.5]), -0.7"
    ],  # the XOR network of the text
    "01.3": [
        "def train_until_clean(x, t, learning_rate=1.0, max_epochs=1000):\n"
        "    w, b, mistakes = train_perceptron(x, t, learning_rate, max_epochs)\n"
        "    return w, b, mistakes.index(0)",  # off by one
        "def train_until_clean(x, t, learning_rate=1.0, max_epochs=1000):\n"
        "    return train_perceptron(x, t, learning_rate, 10)",  # a fixed 10 epochs
        "def train_until_clean(x, t, learning_rate=1.0, max_epochs=1000):\n"
        "    _, _, mistakes = train_perceptron(x, t, 1.0, max_epochs)\n"
        "    epochs = mistakes.index(0) + 1\n"
        "    return (*train_perceptron(x, t, 1.0, epochs)[:2], epochs)",
    ],  # ignores the rate
    "01.4": [
        "def separable(table):\n    return list(table) != [0, 1, 1, 0]",  # only knows XOR
        "def separable(table):\n    return train_perceptron(GATE_INPUTS, table, epochs=1)[2][-1] == 0",
    ],
    "01.5": [
        "or_weights, or_bias = [1, 1], 0",  # after training, not epoch 1
        "or_weights, or_bias = [0, 1], 0",
        "or_weights, or_bias = '0, 1', '1'",
    ],
    "02.1": [
        "def logistic_gradients(W, b, X, T):\n    dZ = sigmoid(X @ W + b) - T\n    return X.T @ dZ, dZ.sum(axis=0)",
        "def logistic_gradients(W, b, X, T):\n    dZ = (sigmoid(X @ W + b) - T) / len(X)\n    return dZ.T @ X, dZ.sum()",
    ],
    "02.2": [
        "tanh_mlp_backward = mlp_backward",  # the sigmoid slope
        "def tanh_mlp_backward(params, X, T, H, Y):\n    dZ2 = (Y - T) / len(X)\n"
        "    dZ1 = (dZ2 @ params['W2'].T) * (1 - H)\n"
        "    return {'W2': H.T @ dZ2, 'b2': dZ2.sum(axis=0), 'W1': X.T @ dZ1, 'b1': dZ1.sum(axis=0)}",
    ],
    "02.3": [
        "def parameter_count(hidden_size):\n    return 17",  # right for 4 only
        "def parameter_count(hidden_size):\n    return 4 * hidden_size",
    ],
    "02.4": [
        "squared_error_dz = 0.9",
        "squared_error_dz = 0.09",
        "squared_error_dz = '0.081'",
        "squared_error_dz = np.log(2)",
    ],
}


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
    for answer in {
        "01": ["0.081"],
        "02": ["0.081", "4 * hidden_size + 1", "4H + 1"],
    }.get(number, []):
        before_solutions = text.split("## Check yourself")[0]
        assert answer not in before_solutions, (
            f"lesson {number} prints {answer!r} before its exercises"
        )
    assert np  # numpy is used by the exec'd answers
