"""The environment files: one list of packages (requirements.txt), locked once (requirements.lock),
and installed from the lock the same way by make (pip) and by conda/Binder."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def requirement_names():
    names = []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.append(re.match(r"[A-Za-z0-9_.-]+", line).group(0).lower())
    return names


def test_requirements_name_the_course_packages_with_ranges():
    names = set(requirement_names())
    for needed in ("numpy", "matplotlib", "scikit-learn", "keras", "jupyterlab", "jupyterlab-rise",
                   "nbval", "pytest", "tqdm"):
        assert needed in names, f"{needed} missing from requirements.txt"
    assert {"tensorflow", "tensorflow-cpu"} <= names, "tensorflow (CPU build where it exists) missing"
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            assert ">=" in line and "<" in line.split(">=", 1)[1], f"no version range in {line!r}"


def test_environment_yml_installs_the_lock_and_names_no_other_packages():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    body = [line.split("#", 1)[0].rstrip() for line in text.splitlines()]
    body = [line for line in body if line.strip()]
    dependencies = body[body.index("dependencies:") + 1:]
    entries = [line.strip()[2:].strip() for line in dependencies if line.strip().startswith("- ")]
    assert entries == ["python=3.11", "pip", "pip:", "-r requirements.lock"], entries
    assert "conda-forge" in text


def test_python_range_is_3_10_to_3_13():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'requires-python = ">=3.10,<3.14"' in text
