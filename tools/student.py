"""Student copies of the notebooks: every solution cell replaced by a stub.

    python tools/student.py [--out build/student] [NOTEBOOK...]   # default: notebooks/NN_*.ipynb

Instructor notes (markdown cells that start with "**Instructor note.**") are left out. A cell
tagged ``solution`` becomes::

    # your code here
    answer = None

with one ``name = None`` line for each top-level name the solution defined (assignments,
``def``, ``class``; found with :mod:`ast`), so the check cell that follows runs and says
"not answered yet" instead of stopping on a ``NameError``. Every other cell is copied as it
is (committed notebooks carry no outputs except the nbval-checked teaching outputs).
``make student`` runs this; ``tests/test_student_copies.py`` checks the result.
"""

from __future__ import annotations

import argparse
import ast
import copy
import shutil
import sys
from pathlib import Path

import nbformat

from nbtools import lesson_notebooks  # tools/nbtools.py (tools/ is on sys.path when run as a script)

SOLUTION_TAG = "solution"
STUB_COMMENT = "# your code here"
CHECK_FUNCTIONS = {"check_value", "check_true", "check_function", "check_layer", "check_digest"}
INSTRUCTOR_NOTE = "**Instructor note.**"
REPO_ROOT = Path(__file__).resolve().parent.parent


def is_solution(cell) -> bool:
    return cell.cell_type == "code" and SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


class _ModuleScopeNames(ast.NodeVisitor):
    """Names bound at module scope, in order: assignments (also inside top-level ``for``/``if``/
    ``with``/``try`` blocks and their loop/``as`` targets), ``def`` and ``class`` names; not the
    insides of functions, classes, lambdas or comprehensions, and not imports."""

    def __init__(self):
        self.names: list[str] = []

    def _add(self, name):
        if name not in self.names:
            self.names.append(name)

    def visit_FunctionDef(self, node):
        self._add(node.name)

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

    def visit_Lambda(self, node):
        pass

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_Lambda

    def visit_AugAssign(self, node):  # `x += 1`: x existed before the cell
        self.visit(node.value)

    def visit_AnnAssign(self, node):  # `x: int` alone binds nothing
        if node.value is not None:
            self.generic_visit(node)

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Store):
            self._add(node.id)


def defined_names(source: str) -> list[str]:
    """Names a cell binds at module scope, in order, without repeats (see ``_ModuleScopeNames``).

    Imports are left out (setting a module to None would break later cells), and so is a name
    the cell only augments (``x += ...``: it existed before the cell).
    """
    visitor = _ModuleScopeNames()
    visitor.visit(ast.parse(source))
    return visitor.names


def stub_source(solution_source: str) -> str:
    """The student's version of a solution cell: a comment and ``name = None`` lines."""
    lines = [STUB_COMMENT] + [f"{name} = None" for name in defined_names(solution_source)]
    return "\n".join(lines)


def student_notebook(nb):
    """A copy of ``nb`` with every solution cell stubbed (outputs and execution counts cleared)."""
    copied = copy.deepcopy(nb)
    for cell in copied.cells:
        if is_solution(cell):
            cell.source = stub_source(cell.source)
            cell.outputs = []
            cell.execution_count = None
    copied.cells = [cell for cell in copied.cells if not is_instructor_note(cell)]
    return copied


def is_instructor_note(cell) -> bool:
    """A speaker note for the instructor ("**Instructor note.** ..."): not in student copies."""
    return cell.cell_type == "markdown" and cell.source.lstrip().startswith(INSTRUCTOR_NOTE)


def _is_check_call(node) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name in CHECK_FUNCTIONS


def _guarded_by_none_test(node, names: set) -> list:
    """The branches of ``node`` (an ``if`` or a conditional expression) that run only when a name
    in ``names`` is not None: the body under ``x is not None``, the else-part under ``x is None``."""
    if not isinstance(node, (ast.If, ast.IfExp)):
        return []

    def none_test(test):  # "x is None" -> (x, Is); "a is not None and b is not None" -> (None, IsNot)
        if (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.left, ast.Name)
                and test.left.id in names and isinstance(test.comparators[0], ast.Constant)
                and test.comparators[0].value is None and isinstance(test.ops[0], (ast.Is, ast.IsNot))):
            return type(test.ops[0])
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) and test.values \
                and all(none_test(value) is ast.IsNot for value in test.values):
            return ast.IsNot
        return None

    kind = none_test(node.test)
    if kind is ast.IsNot:
        branch = node.body
    elif kind is ast.Is:
        branch = node.orelse
    else:
        return []
    return branch if isinstance(branch, list) else [branch]


PASS_THROUGH = {"bottleneck_probe"}
"""lessons_lib.exercises wrappers that return an argument that is not a function unchanged, so
``check(..., exercises.bottleneck_probe(answer))`` still reports a stubbed None as "not answered
yet" (tests/test_student_copies.py checks that each one does)."""


def _is_pass_through(node) -> bool:
    """``exercises.NAME(one_name)`` with NAME in PASS_THROUGH."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "exercises"
            and node.func.attr in PASS_THROUGH and len(node.args) == 1 and not node.keywords
            and isinstance(node.args[0], ast.Name))


def unsafe_stub_uses(nb) -> list[str]:
    """Places where a student copy would crash instead of saying "not answered yet".

    After a stub sets ``answer = None``, later cells may pass ``answer`` straight to a
    ``lessons_lib.checks`` function (which reports None as "not answered yet") or compare it with
    ``is``/``is not``; any other use (``answer.shape``, ``np.allclose(answer, ...)``, ``answer(2)``)
    fails with None. A name stops being tracked once a later non-solution cell assigns it again.
    """
    found = []
    stubbed: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if is_solution(cell):
            for name in defined_names(cell.source):
                stubbed[name] = index
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue  # IPython magics; not something a stub affects
        allowed = set()
        for node in ast.walk(tree):
            if _is_check_call(node):
                for argument in list(node.args) + [keyword.value for keyword in node.keywords]:
                    if _is_pass_through(argument):  # exercises.bottleneck_probe(answer)
                        argument = argument.args[0]
                    if isinstance(argument, ast.Name):
                        allowed.add(id(argument))
            if isinstance(node, ast.Compare) and all(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops):
                for operand in [node.left] + list(node.comparators):
                    if isinstance(operand, ast.Name):
                        allowed.add(id(operand))
            for guarded in _guarded_by_none_test(node, set(stubbed)):  # `None if a is None else f(a)`
                allowed.update(id(inner) for inner in ast.walk(guarded) if isinstance(inner, ast.Name))
        for statement in tree.body:  # in order: a use before a new assignment still counts
            for node in ast.walk(statement):
                if (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in stubbed
                        and id(node) not in allowed):
                    found.append(f"cell {index} uses {node.id!r} (set to None in the student copy by "
                                 f"the solution cell {stubbed[node.id]}) other than as an argument of a check")
            for name in defined_names(ast.unparse(statement)):
                stubbed.pop(name, None)
    return found


def write_student_copies(paths, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        target = out_dir / Path(path).name
        nbformat.write(student_notebook(nb), target)
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO_ROOT / "build" / "student"), help="output folder")
    parser.add_argument("notebooks", nargs="*", help="default: notebooks/NN_*.ipynb")
    args = parser.parse_args(argv)
    paths = lesson_notebooks(args.notebooks)
    for target, path in zip(write_student_copies(paths, Path(args.out)), paths):
        count = sum(is_solution(cell) for cell in nbformat.read(path, as_version=4).cells)
        print(f"{target}: {count} solution cells stubbed")
    glossary = REPO_ROOT / "notebooks" / "00_glossary.md"
    if not args.notebooks and glossary.exists():
        shutil.copy(glossary, Path(args.out) / glossary.name)
        print(f"{Path(args.out) / glossary.name}: the glossary, copied")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
