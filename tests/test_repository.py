"""What a maintainer taking the course over needs in the repository: licenses, the style guide,
a bug-report template that asks for the facts to reproduce a problem, a changelog, and library
code that assumes no POSIX paths (Windows is a supported place to run the course)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def read(path: str) -> str:
    return (REPO / path).read_text(encoding="utf-8")


def test_licenses_for_code_text_data_and_font():
    assert read("LICENSE").startswith("MIT License")
    assert "CC BY 4.0" in read("LICENSE-CONTENT.md") and "creativecommons.org/licenses/by/4.0" in read("LICENSE-CONTENT.md")
    assert "Creative Commons Attribution-Share Alike 3.0" in read("data/README.md")  # MNIST keeps its own
    assert "SIL OPEN FONT LICENSE" in read("lessons_lib/fonts/OFL.txt")
    assert 'license = "MIT"' in read("pyproject.toml")


def test_the_style_guide_is_in_the_repository_and_contributing_points_at_it():
    contributing = read("CONTRIBUTING.md")
    assert "../shared" not in contributing, "CONTRIBUTING.md must not send contributors outside the repository"
    assert "(docs/STYLE.md)" in contributing
    style = read("docs/STYLE.md")
    for section in ("## lessons_lib", "## Notebooks", "## Numbers a lesson claims", "## Exercises", "## Runs anywhere"):
        assert section in style, section


def test_the_bug_report_template_asks_what_reproduces_a_problem():
    form = yaml.safe_load(read(".github/ISSUE_TEMPLATE/bug_report.yml"))
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    for needed in ("lesson", "cell", "mode", "where", "os", "about", "what"):
        assert needed in fields and fields[needed]["validations"]["required"], needed
    assert {"quick mode", "full mode"} <= set(fields["mode"]["attributes"]["options"])
    assert {"Google Colab", "Binder"} <= set(fields["where"]["attributes"]["options"])
    assert "python -m lessons_lib.about" in fields["about"]["attributes"]["label"]
    lessons = sorted(p.name[:2] for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert [option[:2] for option in fields["lesson"]["attributes"]["options"][:len(lessons)]] == lessons


def test_changelog_has_a_section_per_release():
    changelog = read("CHANGELOG.md")
    assert "## [Unreleased]" in changelog
    assert re.findall(r"^## \[\d+\.\d+\.\d+\]", changelog, re.M), "no release section"


def path_strings(source: str) -> list[str]:
    """String constants in code (not docstrings) that look like a POSIX path: 'data/mnist.npz'."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            and re.fullmatch(r"(/|\.{1,2}/)?[\w.\-]+(/[\w.\-]+)+/?", node.value)
            and not re.match(r"(image|text|application|audio|video)/", node.value)]  # MIME types


def test_lessons_lib_builds_paths_with_pathlib_not_posix_strings():
    assert path_strings('p = "data/mnist.npz"\nq = "/tmp/x"\nm = "image/png"\n') == ["data/mnist.npz", "/tmp/x"]
    assert path_strings('"""docs/STYLE.md"""\nr = REPO / "data" / "mnist.npz"\n') == []
    found = {str(path.relative_to(REPO)): path_strings(path.read_text(encoding="utf-8"))
             for path in sorted((REPO / "lessons_lib").glob("*.py"))}
    found = {name: strings for name, strings in found.items() if strings}
    assert not found, f"POSIX path strings in lessons_lib (use pathlib's `/` on Path objects): {found}"
