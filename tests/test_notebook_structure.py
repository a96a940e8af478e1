"""Every notebook follows the skeleton of CONTRIBUTING.md, so slides, student copies and the
glossary can be generated from it.

For each notebooks/NN_*.ipynb (and the fixture under tests/fixtures/, which shows the checks pass
on a correct notebook; a broken copy of it shows they fail):
no outputs except nbval-check-output cells; every cell has slideshow.slide_type; the Colab cell
first, exactly as CONTRIBUTING.md gives it; the title `# NN. English (한국어)`; a setup cell that
prints the device;
`##` sections open slides; a few speaker notes and fragments; `## Check yourself (스스로 확인하기)`
with at least three exercises, each with a `solution`-tagged cell and a lessons_lib.checks call;
and `## Summary (정리)` at the end.
"""

from __future__ import annotations

import ast
import copy
import re
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import nbtools  # noqa: E402  (tools/nbtools.py)

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
FIXTURE = REPO / "tests" / "fixtures" / "fixture_lesson.ipynb"
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
CHECKS = {"check_value", "check_true", "check_function", "check_layer", "check_digest"}
HANGUL = "\uac00-\ud7a3"
TITLE = re.compile(rf"^# (\d\d)\. ([^\n]+?) \(([^()\n]*[{HANGUL}][^()\n]*)\)\s*$")
EXERCISE = re.compile(r"^### Exercise (\d\d)\.(\d+):")
CHECK_YOURSELF = "## Check yourself (스스로 확인하기)"
SUMMARY = "## Summary (정리)"


def colab_source() -> str:
    """The Colab cell's exact text, read from CONTRIBUTING.md (the one place it is written)."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = re.search(r"\*\*Colab cell\*\*.*?```python\n(.*?)```", text, re.S).group(1)
    lines = block.splitlines()
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join(line[indent:] for line in lines).strip()


def slide_type(cell) -> str | None:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def check_calls(source: str) -> list[ast.Call]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in CHECKS:
                calls.append(node)
    return calls


def structure_problems(nb, number: str) -> list[str]:
    """Everything in ``nb`` that breaks the skeleton (empty when it follows it)."""
    found = list(nbtools.problems(nb))
    cells = nb.cells
    for index, cell in enumerate(cells):
        if slide_type(cell) not in SLIDE_TYPES:
            found.append(f"cell {index} has no valid metadata.slideshow.slide_type ({slide_type(cell)!r})")
    if not cells:
        return found + ["the notebook is empty"]

    first = cells[0]
    if not (first.cell_type == "code" and "colab" in tags(first) and slide_type(first) == "skip"):
        found.append("cell 0 must be the Colab cell: code, tags ['colab'], slide_type skip")
    elif first.source.strip() != colab_source():
        found.append("cell 0 (Colab) differs from the text in CONTRIBUTING.md")

    markdown = [(i, c) for i, c in enumerate(cells) if c.cell_type == "markdown"]
    title_index, title = markdown[0] if markdown else (None, None)
    if title is None or not TITLE.match(title.source.splitlines()[0] if title.source else ""):
        found.append("the first markdown cell must start with '# NN. English title (한국어)'")
    else:
        if TITLE.match(title.source.splitlines()[0]).group(1) != number:
            found.append(f"the title's number is not {number} (the file name's)")
        if slide_type(title) != "slide":
            found.append("the title cell must have slide_type 'slide'")

    sections = [i for i, c in markdown if c.source.startswith("## ")]
    first_section = sections[0] if sections else len(cells)
    setup = [i for i, c in enumerate(cells[:first_section]) if c.cell_type == "code" and i > 0
             and "lessons_lib" in c.source and "quick_banner(" in c.source and "set_seed(" in c.source]
    if not setup:
        found.append("no setup cell (imports from lessons_lib, quick_banner(...), set_seed(...)) "
                     "before the first section")
    elif slide_type(cells[setup[0]]) != "skip":
        found.append(f"the setup cell {setup[0]} must have slide_type 'skip'")
    elif "print_device()" not in cells[setup[0]].source:
        found.append(f"the setup cell {setup[0]} must call print_device() (lessons_lib.about): "
                     "the CPU, or the GPU Keras will use")

    for i, c in markdown:
        if c.source.startswith("## ") and slide_type(c) != "slide":
            found.append(f"cell {i} ({c.source.splitlines()[0]!r}) opens a section: slide_type must be 'slide'")
        if c.source.startswith("### ") and slide_type(c) not in {"slide", "subslide"}:
            found.append(f"cell {i} ({c.source.splitlines()[0]!r}) opens a subsection: slide_type must be 'subslide'")
    if not any(slide_type(c) == "notes" for c in cells):
        found.append("no speaker notes (a markdown cell with slide_type 'notes')")
    if not any(slide_type(c) == "fragment" for c in cells):
        found.append("no fragments (slide_type 'fragment' where code builds up step by step)")

    for i, c in enumerate(cells):
        if "solution" in tags(c) and (c.cell_type != "code" or slide_type(c) != "skip"):
            found.append(f"cell {i} is tagged 'solution': it must be a code cell with slide_type 'skip'")

    headings = {c.source.splitlines()[0].strip(): i for i, c in markdown if c.source.strip()}
    check_at = headings.get(CHECK_YOURSELF)
    summary_at = headings.get(SUMMARY)
    if check_at is None:
        found.append(f"no section '{CHECK_YOURSELF}'")
    if summary_at is None:
        found.append(f"no section '{SUMMARY}'")
    elif summary_at != sections[-1]:
        found.append(f"'{SUMMARY}' must be the last section")
    if check_at is None:
        return found

    exercises = [i for i, c in markdown if i > check_at and EXERCISE.match(c.source)]
    if len(exercises) < 3:
        found.append(f"{len(exercises)} exercises after '{CHECK_YOURSELF}', need at least 3 "
                     "('### Exercise NN.k: ...')")
    for position, start in enumerate(exercises):
        label_number, k = EXERCISE.match(cells[start].source).groups()
        label = f"{label_number}.{k}"
        if label_number != number:
            found.append(f"exercise {label} is numbered for another lesson (expected {number}.k)")
        end = exercises[position + 1] if position + 1 < len(exercises) else (summary_at or len(cells))
        body = cells[start + 1:end]
        solutions = [j for j, c in enumerate(body) if "solution" in tags(c)]
        checks = [j for j, c in enumerate(body) if c.cell_type == "code" and check_calls(c.source)]
        if not solutions:
            found.append(f"exercise {label} has no code cell tagged 'solution'")
        if not checks:
            found.append(f"exercise {label} has no cell calling check_value/check_true/check_function")
        if solutions and checks and max(checks) < min(solutions):
            found.append(f"exercise {label}: the check comes before the solution")
        labels = {call.args[0].value for j in checks for call in check_calls(body[j].source)
                  if call.args and isinstance(call.args[0], ast.Constant)}
        if checks and label not in labels:
            found.append(f"exercise {label}: its check is labelled {sorted(labels)}, not {label!r}")
    return found


def test_the_checks_pass_on_the_fixture():
    assert structure_problems(nbformat.read(FIXTURE, as_version=4), "00") == []


def test_the_checks_catch_a_broken_notebook():
    nb = nbformat.read(FIXTURE, as_version=4)
    broken = copy.deepcopy(nb)
    broken.cells[0].source += "\nprint('extra download')"           # Colab cell changed
    broken.cells[1].source = "# 00. A title without Korean"         # title form
    del broken.cells[3].metadata["slideshow"]                        # no slide_type
    broken.cells[8].outputs = [nbformat.v4.new_output("stream", text="hi")]  # an output
    setup = next(c for c in broken.cells if "quick_banner(" in c.source)
    setup.source = setup.source.replace("print_device()", "pass")     # no device line
    solution = next(c for c in broken.cells if "solution" in tags(c))
    solution.metadata["tags"] = []                                   # exercise without solution
    summary = next(c for c in broken.cells if c.source.startswith(SUMMARY))
    summary.source = "## The end"                                     # no Summary
    problems = structure_problems(broken, "00")
    for expected in ("Colab", "English title", "slide_type", "has outputs",
                     "exercise 00.1 has no code cell tagged 'solution'", "no section '## Summary",
                     "must call print_device()"):
        assert any(expected in problem for problem in problems), (expected, problems)
    assert any("need at least 3" in p for p in structure_problems(
        nbformat.v4.new_notebook(cells=[c for c in nb.cells if not c.source.startswith("### Exercise 00.3")]), "00"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_follows_the_skeleton(path):
    problems = structure_problems(nbformat.read(path, as_version=4), path.name[:2])
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)


def test_lesson_notebooks_lists_the_lessons_in_order_and_rejects_missing_paths(tmp_path):
    assert nbtools.lesson_notebooks() == NOTEBOOKS
    assert [p.name[:2] for p in NOTEBOOKS] == [f"{n:02d}" for n in range(1, len(NOTEBOOKS) + 1)]
    assert nbtools.lesson_notebooks([str(FIXTURE)]) == [FIXTURE]
    with pytest.raises(SystemExit, match="no such notebook"):
        nbtools.lesson_notebooks([str(tmp_path / "99_missing.ipynb")])
