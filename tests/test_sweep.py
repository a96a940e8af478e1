"""tools/sweep.py: the choice rule, the report, the lesson's settings as the notebook has
them, the test images never touched, and one tiny end-to-end sweep (Keras, a few seconds)."""

import inspect
import json
import re
from pathlib import Path

import numpy as np
import pytest
from sweep_testing import code_cells, load_tool, poison_test_images, tiny_split

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "06_mnist_softmax_to_cnn.ipynb"


sweep = load_tool("sweep", "sweep.py")
SIZE = 5000
IMAGE = 1 / SIZE


def test_baseline_kept_when_it_ties_and_costs_the_same():
    accuracies = {0.001: 0.9900, 0.002: 0.9900 - 10 * IMAGE, 0.004: 0.9879}
    outcome = sweep.choose("first.peak_rate", accuracies, SIZE)
    assert outcome["best"] == 0.001
    assert outcome["tied"] == [0.001, 0.002]
    assert outcome["chosen"] == 0.002 and outcome["agrees"]


def test_a_cheaper_tied_value_replaces_the_baseline():
    outcome = sweep.choose("first.epochs", {6: 0.990, 12: 0.9904, 18: 0.991}, SIZE)
    assert outcome["tied"] == [6, 12, 18]
    assert outcome["chosen"] == 6 and not outcome["agrees"]
    dearer = sweep.choose("deeper.epochs", {10: 0.990, 15: 0.991}, SIZE)
    assert dearer["chosen"] == 10 and dearer["agrees"]  # 15 ties but costs more


def test_a_clear_winner_replaces_the_lesson_value():
    accuracies = {0.001: 0.9900, 0.002: 0.9900 - 11 * IMAGE, 0.004: 0.9850}
    outcome = sweep.choose("first.peak_rate", accuracies, SIZE)
    assert outcome["chosen"] == 0.001 and not outcome["agrees"]


def test_ties_without_the_lesson_value_go_to_the_cheapest():
    fewer = sweep.choose("first.epochs", {6: 0.990, 12: 0.980, 18: 0.991}, SIZE)
    assert fewer["tied"] == [6, 18] and fewer["chosen"] == 6
    larger = sweep.choose(
        "first.batch_size", {64: 0.990, 128: 0.980, 256: 0.9895}, SIZE
    )
    assert larger["chosen"] == 256


def outcome(factor, chosen, seconds):
    baseline = sweep.choose(factor, {chosen: 0.99}, SIZE)["baseline"]
    runs = {str(baseline): {"accuracy": 0.99, "seconds": 100.0}}
    runs[str(chosen)] = {"accuracy": 0.99, "seconds": seconds}
    return {
        "chosen": chosen,
        "baseline": baseline,
        "agrees": chosen == baseline,
        "runs": runs,
        "tied": sorted({baseline, chosen}),
        "best": chosen,
        "best_accuracy": 0.99,
    }


def test_plan_takes_at_most_one_change_per_model():
    """Each run varied one setting, so combining two changes would be unmeasured."""
    choices = {
        "first.epochs": outcome("first.epochs", 6, 40.0),  # saves 60 s
        "first.batch_size": outcome("first.batch_size", 256, 90.0),  # saves 10 s
        "deeper.batch_size": outcome("deeper.batch_size", 256, 80.0),
        "deeper.shift": outcome("deeper.shift", 2, 100.0),  # v1's value
    }
    planned = sweep.plan(choices)
    assert planned["first"] == {**sweep.BASELINE["first"], "epochs": 6}
    assert planned["deeper"] == {**sweep.BASELINE["deeper"], "batch_size": 256}
    assert choices["first.epochs"]["used"] and not choices["first.batch_size"]["used"]
    assert not choices["deeper.shift"]["used"]
    report = sweep.render(
        {
            "validation_size": SIZE,
            "date": "d",
            "mode": "full",
            "seed_offset": 0,
            "train_size": 10,
            "runs": {},
            "choices": choices,
            "plan": planned,
        }
    )
    assert "`first.epochs`: validation chooses 6" in report
    assert "the lesson now uses it" in report and "never measured" in report
    assert "- first CNN: batch_size 128, epochs 6," in report


def test_unknown_factor_is_named():
    with pytest.raises(ValueError, match="first.momentum"):
        sweep.settings_for("first.momentum", 0.9)
    with pytest.raises(ValueError, match="first.momentum"):
        sweep.sweep(["first.momentum"], quick=True, train=(), validation=())


def test_every_factor_varies_the_lesson_value():
    for factor, values in sweep.FACTORS.items():
        model, name = factor.split(".")
        assert sweep.BASELINE[model][name] in values, factor
        assert len(values) >= 2, factor


def planned_settings():
    """The lesson's settings as docs/SWEEPS.md's *Outcome* lists them."""
    report = (ROOT / "docs" / "SWEEPS.md").read_text(encoding="utf-8")
    planned = {}
    for model, listed in re.findall(r"^- (first|deeper) CNN: (.+)$", report, re.M):
        pairs = (item.split(" ") for item in listed.split(", "))
        planned[model] = {key: float(value) for key, value in pairs}
    assert set(planned) == {"first", "deeper"}, "docs/SWEEPS.md lists no plan"
    return planned


def test_lesson_settings_match_the_sweeps_plan():
    """Lesson 06 uses the settings the validation sweep chose (docs/SWEEPS.md): a change
    to either must reach the other."""
    from lessons_lib.keras_models import _cnn_input, cosine_adam, deeper_cnn

    code = code_cells(NOTEBOOK)
    planned = planned_settings()
    first = {k: int(v) if v.is_integer() else v for k, v in planned["first"].items()}
    deeper = {k: int(v) if v.is_integer() else v for k, v in planned["deeper"].items()}
    assert set(first) == set(sweep.BASELINE["first"]), first
    assert set(deeper) == set(sweep.BASELINE["deeper"]), deeper
    batch, peak = first["batch_size"], first["peak_rate"]
    assert f"cnn_batch_size, cnn_peak = {batch}, {peak}" in code
    assert re.search(rf"cnn_epochs = pick\(full={first['epochs']},", code)
    assert re.search(
        rf"deep_epochs = pick\(full={deeper['epochs']}, quick=\d+\)\n", code
    )
    assert re.search(
        rf"deep_batch_size = pick\(full={deeper['batch_size']}, quick=\d+\)", code
    )
    assert "adam = cosine_adam(deep_epochs, deep_steps)\n" in code  # the default peak
    default = inspect.signature(cosine_adam).parameters["learning_rate"].default
    assert default == deeper["peak_rate"]
    builder = inspect.signature(deeper_cnn).parameters
    assert builder["conv_dropout"].default == deeper["conv_dropout"]
    assert "model = deeper_cnn()\n" in code
    shift = inspect.signature(_cnn_input).parameters["shift_pixels"].default
    assert shift == deeper["shift"]


def test_load_split_never_touches_the_test_images(monkeypatch):
    images, labels = tiny_split(2400, 0)
    poison_test_images(monkeypatch, images, labels)
    (x_train, y_train), (x_val, y_val) = sweep.load_split(quick=True)
    assert len(x_val) == sweep.QUICK_VALIDATION
    assert np.array_equal(x_val, images[: sweep.QUICK_VALIDATION])  # the FIRST images
    assert len(x_train) + len(x_val) == len(images)


def test_tiny_sweep_writes_its_report_and_resumes(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    images, labels = tiny_split()
    train, validation = (images[32:], labels[32:]), (images[:32], labels[:32])
    logs = []
    data = sweep.sweep(
        ["deeper.shift"],
        quick=True,
        train=train,
        validation=validation,
        log=logs.append,
    )
    assert set(data["choices"]) == {"deeper.shift"}
    outcome = data["choices"]["deeper.shift"]
    assert outcome["chosen"] in (1, 2) and set(outcome["runs"]) == {"1", "2"}
    for run in outcome["runs"].values():
        assert 0.0 <= run["accuracy"] <= 1.0 and run["seconds"] > 0
    report = (tmp_path / "SWEEPS-quick.md").read_text(encoding="utf-8")
    assert "| deeper CNN | shift | 2 |" in report and "`deeper.shift`" in report
    assert "test set is not loaded" in report
    assert sum("training" in line for line in logs) == 2
    recorded = json.loads(
        (tmp_path / "results" / "sweep-06-quick.json").read_text(encoding="utf-8")
    )
    assert len(recorded["runs"]) == 2
    logs.clear()
    sweep.sweep(
        ["deeper.shift"],
        quick=True,
        train=train,
        validation=validation,
        log=logs.append,
    )
    assert not any("training" in line for line in logs)  # both runs were reused


def test_unreadable_record_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    path = tmp_path / "results" / "sweep-06-quick.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SystemExit, match="sweep-06-quick.json"):
        sweep.sweep(["deeper.shift"], quick=True, train=(), validation=())
