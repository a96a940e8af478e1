"""Shown code is library code: the definitions a lesson teaches live in its visible cells and,
identically, in lessons_lib, which later lessons import (d2l's ``#@save``).

A notebook cell whose first line is ``# @save MODULE`` (e.g. ``# @save gates``; ``#@save`` works
too) is a *saved cell*:
every top-level ``def``, ``class`` and ``NAME = ...`` in it must appear, the same, in
``lessons_lib/MODULE.py``. "The same" means the same abstract syntax tree with docstrings left out
(the library may carry longer docstrings with shapes and the notebook's name; comments and line
breaks never count).

The notebook is the source of truth:

    python tools/save.py --check [NOTEBOOK ...]   # list every difference (exit 1 if any)
    python tools/save.py --write [NOTEBOOK ...]   # copy the notebook's definitions into lessons_lib

``--write`` replaces each library definition by the notebook's text, keeping the library's
docstrings where the notebook's definition has none. tests/test_shown_code.py runs the check
on every lesson.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
LIBRARY = REPO_ROOT / "lessons_lib"
SAVE_MARK = "#@save"
MARK_PATTERN = re.compile(r"^#\s*@save\b(.*)$")  # ruff format writes "# @save"


def saved_cells(notebook: dict) -> list[tuple[int, str, str]]:
    """``[(cell index, module name, code without the mark line)]`` for every saved cell."""
    found = []
    for index, cell in enumerate(notebook["cells"]):
        source = (
            "".join(cell["source"])
            if isinstance(cell["source"], list)
            else cell["source"]
        )
        first, _, rest = source.partition("\n")
        match = MARK_PATTERN.match(first.strip())
        if cell["cell_type"] == "code" and match:
            found.append((index, match.group(1).strip(), rest))
    return found


def definitions(tree: ast.Module) -> dict[str, ast.stmt]:
    """Top-level functions, classes and single-name assignments of a module, by name."""
    found = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found[node.name] = node
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            found[node.targets[0].id] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found[node.target.id] = node
    return found


def _docstring_node(node):
    body = getattr(node, "body", None)
    if (
        isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        return body[0]
    return None


def without_docstrings(node: ast.AST) -> str:
    """The node's source as ``ast.unparse`` writes it, every docstring removed."""
    import copy

    node = copy.deepcopy(node)
    for inner in ast.walk(node):
        doc = _docstring_node(inner)
        if doc is not None:
            inner.body = inner.body[1:] or [ast.Pass()]
    return ast.unparse(node)


def compare(notebook_path: Path, library: Path = LIBRARY) -> list[str]:
    """Every difference between a notebook's saved cells and lessons_lib (empty: identical)."""
    notebook = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    problems = []
    for index, module, code in saved_cells(notebook):
        where = f"{Path(notebook_path).name} cell {index}"
        module_path = library / f"{module}.py"
        if not module or not module_path.exists():
            problems.append(
                f"{where}: '{SAVE_MARK} {module}' names no module lessons_lib/{module}.py"
            )
            continue
        try:
            shown = definitions(ast.parse(code))
        except SyntaxError as error:
            problems.append(f"{where}: does not parse: {error}")
            continue
        if not shown:
            problems.append(
                f"{where}: a saved cell must define something (def, class or NAME = ...)"
            )
        saved = definitions(ast.parse(module_path.read_text(encoding="utf-8")))
        for name, node in shown.items():
            if name not in saved:
                problems.append(
                    f"{where}: {name} is shown but lessons_lib/{module}.py does not define it"
                )
                continue
            ours, theirs = without_docstrings(node), without_docstrings(saved[name])
            if ours != theirs:
                diff = "\n".join(
                    difflib.unified_diff(
                        theirs.splitlines(),
                        ours.splitlines(),
                        f"lessons_lib/{module}.py",
                        where,
                        lineterm="",
                    )
                )
                problems.append(
                    f"{where}: {name} differs from lessons_lib/{module}.py "
                    f"(run tools/save.py --write after checking the diff):\n{diff}"
                )
    return problems


def _segment(lines: list[str], node: ast.stmt) -> tuple[int, int]:
    """0-based [start, end) line range of a top-level node, decorators included."""
    start = (
        min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
    )
    return start, node.end_lineno


def _with_library_docstrings(
    shown_lines: list[str],
    shown: ast.stmt,
    library_lines: list[str],
    library: ast.stmt,
    shown_offset: int,
    library_offset: int,
) -> list[str]:
    """The shown definition's lines, with the library's docstring put back wherever the shown
    definition (or one of its methods) has none."""
    inserts = []  # (line index in shown_lines, lines to insert)
    pairs = [(shown, library)]
    if isinstance(shown, ast.ClassDef) and isinstance(library, ast.ClassDef):
        methods = {
            n.name: n
            for n in library.body
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        pairs += [
            (n, methods[n.name])
            for n in shown.body
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            and n.name in methods
        ]
    for ours, theirs in pairs:
        their_doc = _docstring_node(theirs)
        if _docstring_node(ours) is None and their_doc is not None:
            doc_lines = library_lines[
                their_doc.lineno - 1 - library_offset : their_doc.end_lineno
                - library_offset
            ]
            inserts.append((ours.body[0].lineno - 1 - shown_offset, doc_lines))
    result = list(shown_lines)
    for at, doc_lines in sorted(inserts, reverse=True):
        result[at:at] = doc_lines
    return result


def write(notebook_path: Path, library: Path = LIBRARY) -> list[str]:
    """Copy every saved definition of a notebook into lessons_lib; return what changed."""
    notebook = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    changed = []
    for _, module, code in saved_cells(notebook):
        module_path = library / f"{module}.py"
        text = module_path.read_text(encoding="utf-8")
        code_lines = code.splitlines()
        for name, node in definitions(ast.parse(code)).items():
            tree = ast.parse(text)
            saved = definitions(tree).get(name)
            lines = text.splitlines()
            start, end = _segment(code_lines, node)
            new = code_lines[start:end]
            if saved is None:
                lines += ["", ""] + new
            else:
                if without_docstrings(saved) == without_docstrings(node):
                    continue
                lib_start, lib_end = _segment(lines, saved)
                new = _with_library_docstrings(new, node, lines, saved, start, 0)
                lines[lib_start:lib_end] = new
            text = "\n".join(lines) + "\n"
            changed.append(f"lessons_lib/{module}.py: {name}")
        module_path.write_text(text, encoding="utf-8")
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--check", action="store_true", help="list differences (the default)"
    )
    action.add_argument(
        "--write",
        action="store_true",
        help="copy the notebooks' definitions into lessons_lib",
    )
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted(
        (REPO_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")
    )
    if args.write:
        for path in notebooks:
            for line in write(path):
                print(f"wrote {line}")
        return 0
    problems = [problem for path in notebooks for problem in compare(path)]
    for problem in problems:
        print(problem)
    if not problems:
        print(f"shown code matches lessons_lib in {len(notebooks)} notebook(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
