"""tools/sweep_08_epochs.py: the cost rule (the fewest epochs that tie), the reuse of
make sweep-08's run, the first round's outcomes (the lesson now follows the second round's,
tests/test_sweep_08_fewer_epochs.py), and one tiny end-to-end
sweep that never sees the test images (Keras, a few seconds)."""

import json
import re
import sys
from pathlib import Path

import pytest
from sweep_testing import load_tool, poison_test_images, tiny_split

ROOT = Path(__file__).resolve().parent.parent


epochs_sweep = load_tool("sweep_08_epochs", "sweep_08_epochs.py")
SIZE = 5000
IMAGE = 1 / SIZE


def test_the_fewest_epochs_that_tie_are_chosen():
    tied = {12: 0.9970, 16: 0.9970 + 3 * IMAGE}  # exactly the tie: the cheaper run
    outcome = epochs_sweep.choose("resnet.epochs", tied, SIZE)
    assert outcome["tied"] == [12, 16] and outcome["chosen"] == 12
    assert outcome["baseline"] == 16 and not outcome["agrees"]
    better = epochs_sweep.choose("resnet.epochs", {12: 0.9962, 16: 0.9970}, SIZE)
    assert better["tied"] == [16] and better["chosen"] == 16 and better["agrees"]
    fewer_wins = epochs_sweep.choose("book.epochs", {10: 0.995, 14: 0.994}, SIZE)
    assert fewer_wins["chosen"] == 10 and fewer_wins["best"] == 10
    with pytest.raises(ValueError, match="book.epochs"):
        epochs_sweep.choose("book.epochs", {}, SIZE)


def outcome(factor, values):
    result = epochs_sweep.choose(factor, values, SIZE)
    runs = {str(v): {"accuracy": a, "seconds": 40.0 * v} for v, a in values.items()}
    return {**result, "runs": runs, "best_accuracy": max(values.values())}


def test_plan_and_report_name_each_models_epochs():
    choices = {
        "book.epochs": outcome("book.epochs", {10: 0.9940, 14: 0.9952}),
        "resnet.epochs": outcome("resnet.epochs", {12: 0.9972, 16: 0.9974}),
    }
    planned = epochs_sweep.plan(choices)
    assert planned["book"] == {"epochs": 14}
    assert planned["resnet"] == {**epochs_sweep.BASELINE["resnet"], "epochs": 12}
    assert choices["resnet.epochs"]["used"] and not choices["book.epochs"]["used"]
    data = {
        "validation_size": SIZE,
        "date": "d",
        "mode": "full",
        "seed_offset": 0,
        "train_size": 55000,
        "runs": {"a": {"seconds": 600.0}, "b": {"seconds": 600.0}},
        "choices": choices,
        "plan": planned,
    }
    report = epochs_sweep.render(data)
    assert "`resnet.epochs`: validation chooses 12 epochs" in report
    assert "`book.epochs`: validation chooses 14 epochs" in report
    assert "| book deep CNN | 10 | 0.9940 | 6 | 400 |  |" in report
    assert "| mini-ResNet | 12 | 0.9972 | 1 | 480 | **chosen** |" in report
    assert "2 runs, 20 min of training." in report


def test_every_factor_measures_the_lessons_value_and_unknown_ones_are_named():
    for factor, values in epochs_sweep.FACTORS.items():
        model, name = factor.split(".")
        assert epochs_sweep.BASELINE[model][name] == max(values), factor
    with pytest.raises(ValueError, match="book.batch"):
        epochs_sweep.settings_for("book.batch", 50)


def test_the_16_epoch_run_is_read_back_from_make_sweep_08(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    monkeypatch.delenv("LESSONS_SEED", raising=False)
    sweep_08 = sys.modules["sweep_08"]
    path = sweep_08.json_path(False)
    path.parent.mkdir(parents=True)
    _, settings = epochs_sweep.settings_for("resnet.epochs", 16)
    earlier = {k: v for k, v in settings.items() if k != "epochs"}
    key = epochs_sweep.run_key("resnet", earlier, 0)
    run = {"accuracy": 0.9974, "seconds": 682.0}
    path.write_text(json.dumps({"runs": {key: run}}), encoding="utf-8")
    assert epochs_sweep.earlier_resnet_run(settings, False) == {
        **run,
        "from": "make sweep-08",
    }
    _, fewer = epochs_sweep.settings_for("resnet.epochs", 12)
    assert epochs_sweep.earlier_resnet_run(fewer, False) is None  # never run there
    other = {**settings, "dropout": 0.0}
    assert epochs_sweep.earlier_resnet_run(other, False) is None
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SystemExit, match="sweep-08-full.json"):
        epochs_sweep.earlier_resnet_run(settings, False)


def test_the_first_rounds_report_has_both_outcomes():
    """docs/SWEEPS-08-EPOCHS.md is the first round; lesson 08 takes its epochs from the
    second (tests/test_sweep_08_fewer_epochs.py checks the notebook against that one)."""
    report = (ROOT / "docs" / "SWEEPS-08-EPOCHS.md").read_text(encoding="utf-8")
    chosen = dict(
        re.findall(r"^- `(\w+)\.epochs`: validation chooses (\d+) epochs", report, re.M)
    )
    assert chosen == {"book": "14", "resnet": "12"}


def test_tiny_sweep_end_to_end_without_the_test_images(tmp_path, monkeypatch):
    poison_test_images(monkeypatch, *tiny_split(700, 0))
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    monkeypatch.setattr(epochs_sweep, "DOC_PATH", tmp_path / "SWEEPS-08-EPOCHS.md")
    data = epochs_sweep.sweep(
        ["book.epochs"], quick=True, fresh=True, log=lambda *_: None
    )
    assert len(data["runs"]) == 2 and data["validation_size"] == 500
    assert "book.epochs" in data["choices"] and "plan" not in data
    assert (tmp_path / "SWEEPS-08-EPOCHS-quick.md").exists()
