"""`python -m lessons_lib.about` (versions for a bug report), the device line of the setup cells,
and the Colab cell: it clones the release named by COURSE_REF, prints the versions, and offers
quick mode with one line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import lessons_lib
from lessons_lib import about

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
VERSION = re.search(r'^version = "([^"]+)"', (REPO / "pyproject.toml").read_text(encoding="utf-8"), re.M).group(1)


def colab_cells() -> dict[str, str]:
    return {path.name: nbformat.read(path, as_version=4).cells[0].source for path in NOTEBOOKS}


def test_about_prints_versions_and_the_device():
    environment = {**os.environ, "PYTHONPATH": str(REPO), "CUDA_VISIBLE_DEVICES": ""}
    run = subprocess.run([sys.executable, "-m", "lessons_lib.about"], capture_output=True, text=True,
                         encoding="utf-8", timeout=300, env=environment, cwd=REPO)
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    for needed in (f"course: lessons_lib {lessons_lib.__version__}", "python: 3.", "system: ", "running on: local",
                   "quick mode: ", "numpy: ", "matplotlib: ", "keras: ", "jupyterlab: "):
        assert needed in out, f"{needed!r} missing from:\n{out}"
    assert re.search(r"^tensorflow(-cpu)?: 2\.\d+", out, re.M), out
    assert "device: Keras (tensorflow) will use the CPU (no GPU visible)" in out, out


def test_device_line_without_keras_names_numpy_on_the_cpu(monkeypatch):
    monkeypatch.delitem(sys.modules, "keras", raising=False)
    assert about.device_line() == "device: the CPU, with numpy (this lesson does not use Keras)"


def test_versions_agree():
    assert lessons_lib.__version__ == VERSION, "lessons_lib.__version__ and pyproject.toml differ"
    assert about.package_versions()["numpy"]


def test_every_colab_cell_clones_the_release_of_this_version():
    cells = colab_cells()
    refs = {name: re.findall(r'^COURSE_REF = "([^"]+)"', source, re.M) for name, source in cells.items()}
    assert all(found == [f"v{VERSION}"] for found in refs.values()), \
        f"every Colab cell must set COURSE_REF = \"v{VERSION}\" (the tag of this release): {refs}"
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[?{re.escape(VERSION)}\]?", changelog, re.M), f"CHANGELOG.md has no section {VERSION}"


def run_colab_cell(monkeypatch, source: str, on_colab: bool, quick_line: str = "QUICK_MODE = False"):
    """Execute the Colab cell with subprocess.run recorded instead of run; returns the commands."""
    commands = []
    monkeypatch.setattr(subprocess, "run", lambda command, **kwargs: commands.append(command))
    monkeypatch.setattr(os.path, "exists", lambda path: False if path == "/content/course" else True)
    if on_colab:
        monkeypatch.setitem(sys.modules, "google.colab", type(sys)("google.colab"))
        monkeypatch.setattr("site.addsitedir", lambda path: None)
    assert source.count("QUICK_MODE = False") == 1
    exec(compile(source.replace("QUICK_MODE = False", quick_line), "<colab cell>", "exec"), {})
    return commands


@pytest.mark.parametrize("name", [path.name for path in NOTEBOOKS])
def test_the_colab_cell_clones_the_ref_installs_and_prints_versions_on_colab(monkeypatch, name):
    source = colab_cells()[name]
    commands = run_colab_cell(monkeypatch, source, on_colab=True)
    repository = re.search(r'^COURSE_REPO = "([^"]+)"', source, re.M).group(1)
    assert commands[0][:2] == ["git", "clone"] and repository in commands[0]
    assert commands[1] == ["git", "-C", "/content/course", "checkout", "--quiet", f"v{VERSION}"]
    assert commands[2][-2:] == ["-e", "/content/course"]
    assert commands[3] == [sys.executable, "-m", "lessons_lib.about"]


def test_off_colab_the_cell_does_nothing_unless_quick_mode_is_flipped(monkeypatch):
    source = colab_cells()[NOTEBOOKS[0].name]
    monkeypatch.delenv("LESSONS_QUICK", raising=False)
    assert run_colab_cell(monkeypatch, source, on_colab=False) == []
    assert "LESSONS_QUICK" not in os.environ
    monkeypatch.setenv("LESSONS_QUICK", "1")  # make test's quick mode is not switched off by the cell
    run_colab_cell(monkeypatch, source, on_colab=False)
    assert os.environ["LESSONS_QUICK"] == "1"
    monkeypatch.delenv("LESSONS_QUICK")
    assert run_colab_cell(monkeypatch, source, on_colab=False, quick_line="QUICK_MODE = True") == []
    assert os.environ["LESSONS_QUICK"] == "1"
