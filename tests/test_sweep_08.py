"""tools/sweep_08.py: the choice rule (ties switch a regularizer off; at most one change),
the report, the lesson's recipe as the notebook has it, and one tiny end-to-end sweep that
never sees the test images (Keras, a few seconds)."""

import re
from pathlib import Path

import pytest
from sweep_testing import code_cells, load_tool, poison_test_images, tiny_split

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "08_vgg_resnet.ipynb"


sweep_08 = load_tool("sweep_08", "sweep_08.py")
SIZE = 5000
IMAGE = 1 / SIZE


def test_a_tied_regularizer_is_switched_off():
    outcome = sweep_08.choose("resnet.dropout", {0.0: 0.997, 0.3: 0.997 + IMAGE}, SIZE)
    assert outcome["tied"] == [0.0, 0.3]
    assert outcome["chosen"] == 0.0 and not outcome["agrees"]


def test_a_regularizer_that_helps_by_more_than_a_tie_stays():
    helps = {0.0: 0.997, 0.05: 0.997 + 4 * IMAGE}
    outcome = sweep_08.choose("resnet.weight_decay", helps, SIZE)
    assert outcome["tied"] == [0.05] and outcome["chosen"] == 0.05 and outcome["agrees"]
    edge = {0.0: 0.997, 0.05: 0.997 + 3 * IMAGE}  # exactly the tie: off
    assert sweep_08.choose("resnet.weight_decay", edge, SIZE)["chosen"] == 0.0


def test_the_peak_rate_keeps_v1s_value_unless_beaten():
    tied = sweep_08.choose("resnet.peak_rate", {0.001: 0.9972, 0.003: 0.997}, SIZE)
    assert tied["chosen"] == 0.003 and tied["agrees"]
    beaten = sweep_08.choose("resnet.peak_rate", {0.001: 0.998, 0.003: 0.997}, SIZE)
    assert beaten["chosen"] == 0.001 and not beaten["agrees"]


def outcome(factor, values):
    """choose()'s outcome for ``{value: accuracy}`` with the runs the plan reads."""
    result = sweep_08.choose(factor, values, SIZE)
    runs = {str(v): {"accuracy": a, "seconds": 600.0} for v, a in values.items()}
    return {**result, "runs": runs, "best_accuracy": max(values.values())}


def test_plan_takes_at_most_one_change_the_best_scoring():
    """Each run changed one setting, so two changes together would be unmeasured."""
    choices = {
        "resnet.dropout": outcome("resnet.dropout", {0.0: 0.9970, 0.3: 0.9971}),
        "resnet.weight_decay": outcome(
            "resnet.weight_decay", {0.0: 0.9974, 0.05: 0.9972}
        ),
        "resnet.smoothing": outcome("resnet.smoothing", {0.0: 0.9960, 0.1: 0.9972}),
        "resnet.peak_rate": outcome("resnet.peak_rate", {0.001: 0.9968, 0.003: 0.9972}),
    }
    planned = sweep_08.plan(choices)
    assert planned["resnet"] == {**sweep_08.BASELINE["resnet"], "weight_decay": 0.0}
    assert choices["resnet.weight_decay"]["used"]
    assert not choices["resnet.dropout"]["used"]  # chosen, scored lower: not combined
    report = sweep_08.render(
        {
            "validation_size": SIZE,
            "date": "d",
            "mode": "full",
            "seed_offset": 0,
            "train_size": 10,
            "epochs": 16,
            "runs": {},
            "choices": choices,
            "plan": planned,
        }
    )
    assert "`resnet.weight_decay`: validation chooses 0.0" in report
    assert "the lesson now uses it" in report and "never measured" in report
    assert "- mini-ResNet: dropout 0.3, peak_rate 0.003, smoothing 0.1," in report


def test_every_factor_varies_the_lesson_value_and_unknown_ones_are_named():
    for factor, values in sweep_08.FACTORS.items():
        model, name = factor.split(".")
        assert sweep_08.BASELINE[model][name] in values, factor
        if name in sweep_08.REGULARIZERS:
            assert 0.0 in values, factor  # "off" is always measured
    with pytest.raises(ValueError, match="resnet.momentum"):
        sweep_08.settings_for("resnet.momentum", 0.9)


def test_lesson_recipe_matches_the_sweeps_plan():
    """Lesson 08 trains the recipe validation chose (docs/SWEEPS-08.md): a change to
    either must reach the other."""
    report = (ROOT / "docs" / "SWEEPS-08.md").read_text(encoding="utf-8")
    listed = re.search(r"^- mini-ResNet: (.+)$", report, re.M)
    assert listed, "docs/SWEEPS-08.md lists no plan"
    planned = {k: float(v) for k, v in (p.split(" ") for p in listed[1].split(", "))}
    assert set(planned) == set(sweep_08.BASELINE["resnet"])
    code = code_cells(NOTEBOOK)
    kept = re.search(r"^resnet_dropout, resnet_smoothing = (\S+), (\S+) ", code, re.M)
    chosen = re.search(r"^resnet_weight_decay = (\S+) ", code, re.M)
    assert kept and chosen, (
        "lesson 08 no longer sets its regularizers where this test looks"
    )
    (dropout, smoothing), decay = (float(v) for v in kept.groups()), float(chosen[1])
    assert (dropout, decay, smoothing) == (
        planned["dropout"],
        planned["weight_decay"],
        planned["smoothing"],
    )
    peak = re.search(r"resnet_peak = pick\(full=\d+, quick=2\), 128, (\S+)\n", code)
    assert peak and float(peak[1]) == planned["peak_rate"]
    # the sweep trained 16 epochs; the lesson's epochs were chosen after it, by
    # tools/sweep_08_epochs.py on this recipe (tests/test_sweep_08_epochs.py)
    assert (sweep_08.EPOCHS, sweep_08.BATCH_SIZE) == (16, 128)
    assert "dropout_rate=resnet_dropout" in code
    assert "AdamW(schedule, weight_decay=resnet_weight_decay)" in code
    assert "label_smoothing=resnet_smoothing" in code


def test_tiny_sweep_end_to_end_without_the_test_images(tmp_path, monkeypatch):
    poison_test_images(monkeypatch, *tiny_split(700, 0))
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    monkeypatch.setattr(sweep_08, "DOC_PATH", tmp_path / "SWEEPS-08.md")
    data = sweep_08.sweep(
        ["resnet.dropout"], quick=True, fresh=True, log=lambda *_: None
    )
    assert len(data["runs"]) == 2 and data["validation_size"] == 500
    assert "resnet.dropout" in data["choices"] and "plan" not in data
    assert (tmp_path / "SWEEPS-08-quick.md").exists()
