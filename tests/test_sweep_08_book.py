"""tools/sweep_08_book.py: the rule (the simpler value wins a tie), at most one change, the
report, the settings reaching the book CNN's training, and one tiny end-to-end sweep that
never sees the test images (Keras, a few seconds)."""

import re
from pathlib import Path

import pytest
from sweep_testing import code_cells, load_tool, poison_test_images, tiny_split

ROOT = Path(__file__).resolve().parent.parent

book_sweep = load_tool("sweep_08_book", "sweep_08_book.py")
epochs_sweep = book_sweep.sweep_08_epochs
SIZE = 5000
IMAGE = 1 / SIZE


def test_the_simpler_value_wins_a_tie_and_only_a_tie():
    tied = {0.0: 0.9946 - 3 * IMAGE, 1.0: 0.9946}  # exactly the tie: no shifts
    outcome = book_sweep.choose("book.shift", tied, SIZE)
    assert outcome["tied"] == [0.0, 1.0] and outcome["chosen"] == 0.0
    assert outcome["baseline"] == 1.0 and not outcome["agrees"]
    helps = book_sweep.choose(
        "book.shift", {0.0: 0.9946 - 4 * IMAGE, 1.0: 0.9946}, SIZE
    )
    assert helps["tied"] == [1.0] and helps["chosen"] == 1.0 and helps["agrees"]
    constant = book_sweep.choose(
        "book.schedule", {"constant": 0.995, "cosine": 0.994}, SIZE
    )
    assert constant["chosen"] == "constant" and constant["best"] == "constant"
    with pytest.raises(ValueError, match="book.shift"):
        book_sweep.choose("book.shift", {}, SIZE)
    with pytest.raises(ValueError, match="not in"):
        book_sweep.choose("book.shift", {2.0: 0.99, 1.0: 0.99}, SIZE)


def outcome(factor, values, seconds):
    result = book_sweep.choose(factor, values, SIZE)
    runs = {str(v): {"accuracy": a, "seconds": seconds[v]} for v, a in values.items()}
    return {**result, "runs": runs, "best_accuracy": max(values.values())}


def test_two_tied_changes_take_only_the_one_that_saves_more_time():
    choices = {
        "book.shift": outcome(
            "book.shift", {0.0: 0.9944, 1.0: 0.9946}, {0.0: 300, 1.0: 500}
        ),
        "book.schedule": outcome(
            "book.schedule",
            {"constant": 0.9945, "cosine": 0.9946},
            {"constant": 510, "cosine": 500},
        ),
    }
    planned = book_sweep.plan(choices)
    assert planned["book"] == {"epochs": 14, "shift": 0.0, "schedule": "cosine"}
    assert choices["book.shift"]["used"] and not choices["book.schedule"]["used"]
    data = {
        "validation_size": SIZE,
        "date": "d",
        "mode": "full",
        "seed_offset": 0,
        "train_size": 55000,
        "runs": {
            "a": {"seconds": 500.0},
            "b": {"seconds": 300.0},
            "c": {"seconds": 400.0},
        },
        "choices": choices,
        "plan": planned,
    }
    report = book_sweep.render(data)
    assert "| book deep CNN | shift | 0.0 | 0.9944 | 1 | 300 | **chosen** |" in report
    assert (
        "| book deep CNN | shift | 1.0 | 0.9946 | 0 | 500 | the lesson's until now |"
        in report
    )
    assert (
        "`book.shift`: validation chooses 0.0 (the lesson's: 1.0; tied: 0.0, 1.0): "
        in report
    )
    assert "**the lesson now uses it**" in report
    assert "not used: the other change saves more time" in report
    assert "The lesson's settings: epochs 14, schedule cosine, shift 0.0." in report
    assert "3 runs, 20 min of training." in report
    assert "v1" not in report and "(14 epochs, batches of 100, seed 8)" in report
    assert "(1 epochs" in book_sweep.render({**data, "mode": "quick"})


def test_every_factor_measures_the_lessons_value_and_unknown_ones_are_named():
    for factor, values in book_sweep.FACTORS.items():
        model, name = factor.split(".")
        assert book_sweep.BASELINE[model][name] == values[-1], factor  # simpler first
    assert (
        book_sweep.BASELINE["book"]["epochs"] == epochs_sweep.BASELINE["book"]["epochs"]
    )
    with pytest.raises(ValueError, match="book.dropout"):
        book_sweep.settings_for("book.dropout", 0.0)


def test_the_settings_reach_the_training(monkeypatch):
    """No shifts builds the CNN without its shift layer; the constant schedule trains with
    a plain rate; anything else is refused by name."""
    built, optimizers = [], []
    import lessons_lib.keras_models as keras_models

    def fake_train(network, *args, optimizer, **kwargs):
        built.append([layer.name for layer in network.layers])
        optimizers.append(optimizer.get_config()["learning_rate"])
        return {"test_accuracy": 0.5, "seconds": 1.0}

    monkeypatch.setattr(keras_models, "train_and_evaluate", fake_train)
    images, labels = tiny_split(8, 4)
    split = ((images[:8], labels[:8]), (images[8:], labels[8:]))
    for settings in (
        {"shift": 0.0, "schedule": "constant"},
        {"shift": 1.0, "schedule": "cosine"},
    ):
        epochs_sweep.train_book({"epochs": 2, **settings}, *split)
    assert "random_shift" not in built[0] and "random_shift" in built[1]
    assert optimizers[0] == pytest.approx(1e-3)
    assert isinstance(optimizers[1], dict)  # a schedule, serialized
    with pytest.raises(ValueError, match="schedule"):
        epochs_sweep.train_book({"epochs": 2, "schedule": "step"}, *split)


def test_tiny_sweep_end_to_end_without_the_test_images(tmp_path, monkeypatch):
    poison_test_images(monkeypatch, *tiny_split(700, 0))
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    monkeypatch.setattr(book_sweep, "DOC_PATH", tmp_path / "SWEEPS-08-BOOK.md")
    data = book_sweep.sweep(["book.shift"], quick=True, fresh=True, log=lambda *_: None)
    assert len(data["runs"]) == 2 and data["validation_size"] == 500
    assert "book.shift" in data["choices"] and "plan" not in data
    assert (tmp_path / "SWEEPS-08-BOOK-quick.md").exists()


def test_the_lesson_trains_the_book_cnn_as_the_sweep_chose():
    """Lesson 08's book CNN has the shifts and schedule of docs/SWEEPS-08-BOOK.md's plan:
    a change to either must reach the other. (That sweep trained 14 epochs; the lesson's
    epochs come from the later docs/SWEEPS-08-FEWER-EPOCHS.md, checked by
    tests/test_sweep_08_fewer_epochs.py.)"""
    report = (ROOT / "docs" / "SWEEPS-08-BOOK.md").read_text(encoding="utf-8")
    planned = re.search(
        r"^The lesson's settings: epochs (\d+), schedule (\w+), shift ([\d.]+)\.$",
        report,
        re.M,
    )
    assert planned, "docs/SWEEPS-08-BOOK.md has no plan: run make sweep-08-book"
    code = code_cells(ROOT / "notebooks" / "08_vgg_resnet.ipynb")
    assert (planned[1], planned[2], planned[3]) == ("14", "cosine", "1.0"), (
        "the sweep chose another recipe: change lesson 08's book CNN, then this test"
    )
    assert "book_deep_cnn(augmentation=shift_augmentation(1.0))" in code
    assert "optimizer = cosine_adam(deep_epochs, steps_per_epoch)" in code
    assert re.search(
        r"^deep_epochs, batch_size = pick\(full=\d+, quick=2\), 100$", code, re.M
    )
