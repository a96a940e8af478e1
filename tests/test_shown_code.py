"""Shown code is library code (tools/save.py): every #@save cell of every lesson defines exactly
what lessons_lib holds, docstrings aside; and the check really catches a difference."""

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import save  # noqa: E402
import v2  # noqa: E402

NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))

# What each redone lesson must show (and save): tests/v2/lesson_NN.py.
MUST_SHOW = v2.must_show()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_saved_cells_match_lessons_lib(path):
    problems = save.compare(path)
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("lesson", sorted(MUST_SHOW))
def test_the_lessons_algorithm_is_shown_and_saved(lesson):
    path = next(p for p in NOTEBOOKS if p.name.startswith(lesson))
    notebook = json.loads(path.read_text(encoding="utf-8"))
    shown = {}
    for _, module, code in save.saved_cells(notebook):
        shown.setdefault(module, set()).update(save.definitions(save.ast.parse(code)))
    for module, names in MUST_SHOW[lesson].items():
        assert names <= shown.get(module, set()), (
            f"not shown in {path.name}: {sorted(names - shown.get(module, set()))}"
        )


def _notebook(tmp_path, code):
    path = tmp_path / "99_test.ipynb"
    path.write_text(
        json.dumps({"cells": [{"cell_type": "code", "source": code, "metadata": {}}]}),
        encoding="utf-8",
    )
    return path


def _library(tmp_path, text):
    library = tmp_path / "lib"
    library.mkdir()
    (library / "mod.py").write_text(text, encoding="utf-8")
    return library


LIBRARY_TEXT = '''"""A module."""


def double(x):
    """Twice x, with a long library docstring.

    x: a number.
    """
    return 2 * x


class Box:
    """A box."""

    def get(self):
        """The content."""
        return self.content
'''


def test_docstrings_and_comments_do_not_count_but_code_does(tmp_path):
    library = _library(tmp_path, LIBRARY_TEXT)
    same = _notebook(
        tmp_path, "#@save mod\ndef double(x):\n    return 2 * x  # a comment\n"
    )
    assert save.compare(same, library) == []
    changed = _notebook(tmp_path, "#@save mod\ndef double(x):\n    return x + x\n")
    problems = save.compare(changed, library)
    assert (
        len(problems) == 1
        and "double differs" in problems[0]
        and "return x + x" in problems[0]
    )


def test_missing_definitions_and_modules_are_reported(tmp_path):
    library = _library(tmp_path, LIBRARY_TEXT)
    assert (
        "does not define"
        in save.compare(
            _notebook(tmp_path, "#@save mod\ndef triple(x):\n    return 3 * x\n"),
            library,
        )[0]
    )
    assert (
        "names no module"
        in save.compare(
            _notebook(tmp_path, "#@save nomod\ndef f():\n    pass\n"), library
        )[0]
    )
    assert (
        "must define"
        in save.compare(_notebook(tmp_path, "#@save mod\nprint(1)\n"), library)[0]
    )


def test_write_copies_the_notebook_and_keeps_library_docstrings(tmp_path):
    library = _library(tmp_path, LIBRARY_TEXT)
    notebook = _notebook(
        tmp_path,
        "#@save mod\ndef double(x):\n    return x + x\n\n\n"
        "class Box:\n    def get(self):\n        return self.content[:]\n",
    )
    changed = save.write(notebook, library)
    assert changed == ["lessons_lib/mod.py: double", "lessons_lib/mod.py: Box"]
    text = (library / "mod.py").read_text(encoding="utf-8")
    assert "return x + x" in text and "with a long library docstring" in text
    assert '"""The content."""' in text and "self.content[:]" in text
    assert save.compare(notebook, library) == []
