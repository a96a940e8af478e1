"""tools/sweep_08_fewer_epochs.py: the rule (the fewest epochs that tie), its baseline as the
lesson's current recipe, the report, and one tiny end-to-end sweep that never sees the test
images (Keras, a few seconds)."""

import re
from pathlib import Path

import pytest
from sweep_testing import code_cells, load_tool, poison_test_images, tiny_split

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "08_vgg_resnet.ipynb"

fewer = load_tool("sweep_08_fewer_epochs", "sweep_08_fewer_epochs.py")
sweep_08_epochs = load_tool("sweep_08_epochs", "sweep_08_epochs.py")
schedule = load_tool("sweep_08_schedule", "sweep_08_schedule.py")
SIZE = 5000
IMAGE = 1 / SIZE


def test_the_fewest_epochs_that_tie_are_chosen():
    tied = fewer.choose("resnet.epochs", {10: 0.9968 - 3 * IMAGE, 12: 0.9968}, SIZE)
    assert tied["tied"] == [10, 12] and tied["chosen"] == 10 and not tied["agrees"]
    apart = fewer.choose("resnet.epochs", {10: 0.9968 - 4 * IMAGE, 12: 0.9968}, SIZE)
    assert apart["tied"] == [12] and apart["chosen"] == 12 and apart["agrees"]
    better = fewer.choose("book.epochs", {12: 0.9950, 14: 0.9946}, SIZE)
    assert better["chosen"] == 12 and better["baseline"] == 14
    with pytest.raises(ValueError, match="not in"):
        fewer.choose("book.epochs", {10: 0.99, 14: 0.99}, SIZE)
    with pytest.raises(ValueError, match="unknown factor"):
        fewer.settings_for("resnet.batch", 64)


def test_the_baseline_is_the_lessons_recipe_and_each_factor_measures_it():
    assert fewer.BASELINE["book"] == {"epochs": 14}
    resnet = fewer.BASELINE["resnet"]
    assert (
        resnet["warmup_epochs"] == 0 and resnet["epochs"] == 12
    )  # no warm-up since 12-01
    assert {k: v for k, v in resnet.items() if k != "warmup_epochs"} == {
        k: v for k, v in schedule.BASELINE["resnet"].items() if k != "warmup_epochs"
    }
    for factor, values in fewer.FACTORS.items():
        model, name = factor.split(".")
        assert fewer.BASELINE[model][name] == max(values) and list(values) == sorted(
            values
        )


def test_plan_and_report_name_each_models_epochs():
    def outcome(factor, accuracies):
        chosen = fewer.choose(factor, accuracies, SIZE)
        best = accuracies[chosen["best"]]
        runs = {
            str(v): {"accuracy": a, "seconds": 100.0 * v} for v, a in accuracies.items()
        }
        return {**chosen, "runs": runs, "best_accuracy": best}

    choices = {
        "book.epochs": outcome("book.epochs", {12: 0.9940, 14: 0.9950}),
        "resnet.epochs": outcome("resnet.epochs", {10: 0.9966, 12: 0.9968}),
    }
    planned = fewer.plan(choices)
    assert planned["book"] == {"epochs": 14}
    assert planned["resnet"] == {**fewer.BASELINE["resnet"], "epochs": 10}
    runs = {str(i): {"seconds": 60.0} for i in range(4)}
    data = {"date": "2026-12-01 10:00 UTC", "mode": "full", "seed_offset": 0,
            "train_size": 55000, "validation_size": SIZE, "choices": choices, "runs": runs}  # fmt: skip
    report = fewer.render(data)
    assert "| book deep CNN | 12 | 0.9940 | 5 | 1200 |  |" in report
    assert "| mini-ResNet | 10 | 0.9966 | 1 | 1000 | **chosen** |" in report
    assert "- `book.epochs`: validation chooses 14 epochs (the lesson's until now: 14; " \
           "tied: 14): the lesson keeps its epochs." in report  # fmt: skip
    assert "- `resnet.epochs`: validation chooses 10 epochs" in report
    assert (
        "**the lesson now uses it**" in report
        and "4 runs, 4 min of training." in report
    )


def test_lesson_epochs_match_the_sweeps_outcome():
    """Lesson 08 trains each model for the epochs validation chose in this round
    (docs/SWEEPS-08-FEWER-EPOCHS.md): a change to either must reach the other."""
    report = (ROOT / "docs" / "SWEEPS-08-FEWER-EPOCHS.md").read_text(encoding="utf-8")
    chosen = dict(
        re.findall(r"^- `(\w+)\.epochs`: validation chooses (\d+) epochs", report, re.M)
    )
    assert set(chosen) == {"book", "resnet"}, "the report has no outcome for each model"
    code = code_cells(NOTEBOOK)
    book = re.search(r"^deep_epochs, batch_size = pick\(full=(\d+), quick=2\), 100$",
                     code, re.M)  # fmt: skip
    resnet = re.search(r"^resnet_epochs, resnet_batch, resnet_peak = pick\(full=(\d+),",
                       code, re.M)  # fmt: skip
    assert book and resnet, "lesson 08 no longer sets its epochs where this test looks"
    assert book[1] == chosen["book"] and resnet[1] == chosen["resnet"]
    assert (
        sweep_08_epochs.BOOK_BATCH == 100
    )  # the sweep's book runs use the lesson's batches
    assert "book_deep_cnn(augmentation=shift_augmentation(1.0))" in code
    assert "optimizer = cosine_adam(deep_epochs, steps_per_epoch)" in code
    assert (
        "CosineDecay(  # down to 1% of the peak\n    resnet_peak, decay_steps=resnet_steps, alpha=0.01"
        in code
    )


def test_tiny_sweep_end_to_end_without_the_test_images(tmp_path, monkeypatch):
    poison_test_images(monkeypatch, *tiny_split(700, 0))
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    monkeypatch.setattr(fewer, "DOC_PATH", tmp_path / "SWEEPS-08-FEWER-EPOCHS.md")
    data = fewer.sweep(["book.epochs"], quick=True, fresh=True, log=lambda *_: None)
    assert len(data["runs"]) == 2 and data["validation_size"] == 500
    assert "book.epochs" in data["choices"] and "plan" not in data
    assert (tmp_path / "SWEEPS-08-FEWER-EPOCHS-quick.md").exists()
