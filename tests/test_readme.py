"""The README stays true to the repository: the two commands first, and a course-map row (title
as the notebook gives it, Colab and Binder badges) for every notebook."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
REPOSITORY = "https://github.com/dl-course-kr/deep-learning-course"


def test_the_way_in_is_make_lab_then_make_test():
    first_block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#", 1)[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make lab", "make test"], commands
    assert README.index("make lab") < README.index("conda env create -f environment.yml")


def test_colab_cells_and_badges_name_the_same_repository():
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert f'"{REPOSITORY}"' in contributing, "the Colab cell in CONTRIBUTING.md names another repository"
    assert README.count(f"`{REPOSITORY}`") == 1, "the README should state the repository address once, for forks"


@pytest.mark.parametrize("link", ["docs/RESULTS.md", "data/README.md", "notebooks/00_glossary.md"])
def test_readme_links(link):
    assert f"]({link})" in README


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_is_on_the_course_map(path):
    title_cell = next(c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    title = re.sub(r"^# \d\d\. ", "", title_cell.source.splitlines()[0]).strip()
    name = f"notebooks/{path.name}"
    assert f"[{title}]({name})" in README, f"README course map: no row [{title}]({name})"
    # the Colab badge opens the notebook of the release that its Colab cell clones (COURSE_REF)
    ref = re.search(r'^COURSE_REF = "([^"]+)"', nbformat.read(path, as_version=4).cells[0].source, re.M).group(1)
    assert f"https://colab.research.google.com/github/dl-course-kr/deep-learning-course/blob/{ref}/{name}" in README
    assert f"mybinder.org/v2/gh/dl-course-kr/deep-learning-course/HEAD?labpath={quote(name, safe='')}" in README
