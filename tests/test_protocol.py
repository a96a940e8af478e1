"""The measurement protocol in code: seeds enter through lessons_lib.config only (so the seed
study can move them), and no notebook builds validation data from test arrays."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from lessons_lib import config
from lessons_lib.data import split_validation

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HARD_CODED_SEED = re.compile(
    r"default_rng\(|set_random_seed\(|np\.random\.seed\(|RandomState\(|random_state=\d"
)


def code_of(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join(
        "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_notebooks_take_seeds_through_lessons_lib(path):
    found = [
        line.strip()
        for line in code_of(path).splitlines()
        if HARD_CODED_SEED.search(line)
    ]
    assert not found, (
        f"{path.name} seeds outside lessons_lib.config (use set_seed/make_rng/study_seed): {found}"
    )


def test_lessons_lib_makes_generators_only_through_config():
    for path in sorted((REPO / "lessons_lib").glob("*.py")):
        if path.name in {
            "config.py",
            "checks.py",
        }:  # checks.py: exercise inputs, not an experiment
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#")[0]
            assert (
                not re.search(r"default_rng\(|set_random_seed\(", code) or "``" in line
            ), (
                f"{path.name}:{number} makes a generator without make_rng: {line.strip()}"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_no_validation_data_from_the_test_set(path):
    for match in re.finditer(r"validation_data\s*=\s*([^\n]*)", code_of(path)):
        assert "test" not in match.group(1), (
            f"{path.name}: validation_data built from test data: {match.group(0)}"
        )


def test_study_seed_moves_every_seed_by_1000_per_offset(monkeypatch):
    monkeypatch.delenv("LESSONS_SEED", raising=False)
    assert config.study_seed(7) == 7
    first = config.make_rng(3).random()
    monkeypatch.setenv("LESSONS_SEED", "2")
    assert config.study_seed(7) == 2007
    assert config.make_rng(3).random() == np.random.default_rng(2003).random() != first
    assert config.set_seed(3).random() == np.random.default_rng(2003).random()


@pytest.mark.parametrize("bad", ["-1", "one", "1.5"])
def test_a_bad_seed_offset_names_the_variable(monkeypatch, bad):
    monkeypatch.setenv("LESSONS_SEED", bad)
    with pytest.raises(ValueError, match="LESSONS_SEED"):
        config.study_seed(0)


def test_split_validation_keeps_the_first_examples_apart():
    images, labels = np.arange(20).reshape(10, 2), np.arange(10)
    (train_x, train_y), (val_x, val_y) = split_validation(images, labels, size=3)
    assert val_y.tolist() == [0, 1, 2] and train_y.tolist() == list(range(3, 10))
    assert val_x.tolist() == images[:3].tolist()
    with pytest.raises(ValueError, match="size"):
        split_validation(images, labels, size=10)
    with pytest.raises(ValueError, match="same length"):
        split_validation(images, labels[:5])
