"""tools/sweep_08_schedule.py: the rule (a tie drops the warm-up and keeps the 1% floor), at
most one change, the report, the schedule that reaches the mini-ResNet's training, the tool's
recipe against lesson 08's, and one tiny end-to-end sweep that never sees the test images
(Keras, a few seconds)."""

import json
import re
from pathlib import Path

import pytest
from sweep_testing import code_cells, load_tool, poison_test_images, tiny_split

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "08_vgg_resnet.ipynb"

schedule_sweep = load_tool("sweep_08_schedule", "sweep_08_schedule.py")
sweep_08 = schedule_sweep.sweep_08
SIZE = 5000
IMAGE = 1 / SIZE


def test_a_tied_warm_up_is_dropped_and_one_that_helps_stays():
    tied = schedule_sweep.choose(
        "resnet.warmup_epochs", {0: 0.9970 - 3 * IMAGE, 1: 0.9970}, SIZE
    )
    assert tied["tied"] == [0, 1] and tied["chosen"] == 0
    assert tied["baseline"] == 1 and not tied["agrees"]
    helps = schedule_sweep.choose(
        "resnet.warmup_epochs", {0: 0.9970 - 4 * IMAGE, 1: 0.9970}, SIZE
    )
    assert helps["tied"] == [1] and helps["chosen"] == 1 and helps["agrees"]


def test_a_tied_floor_keeps_the_lessons_1_percent_and_a_better_one_wins():
    tied = schedule_sweep.choose(
        "resnet.floor", {0.01: 0.9970 - 3 * IMAGE, 0.0: 0.9970}, SIZE
    )
    assert tied["chosen"] == 0.01 and tied["best"] == 0.0 and tied["agrees"]
    better = schedule_sweep.choose(
        "resnet.floor", {0.01: 0.9970 - 4 * IMAGE, 0.0: 0.9970}, SIZE
    )
    assert better["chosen"] == 0.0 and not better["agrees"]
    with pytest.raises(ValueError, match="resnet.floor"):
        schedule_sweep.choose("resnet.floor", {}, SIZE)
    with pytest.raises(ValueError, match="not in"):
        schedule_sweep.choose("resnet.floor", {0.5: 0.99, 0.01: 0.99}, SIZE)
    with pytest.raises(ValueError, match="resnet.alpha"):
        schedule_sweep.settings_for("resnet.alpha", 0.0)


def outcome(factor, values, seconds=600.0):
    result = schedule_sweep.choose(factor, values, SIZE)
    runs = {str(v): {"accuracy": a, "seconds": seconds} for v, a in values.items()}
    return {**result, "runs": runs, "best_accuracy": max(values.values())}


def test_two_changes_take_only_the_one_that_scored_higher_and_the_report_says_so():
    choices = {
        "resnet.warmup_epochs": outcome("resnet.warmup_epochs", {0: 0.9968, 1: 0.9970}),
        "resnet.floor": outcome("resnet.floor", {0.01: 0.9962, 0.0: 0.9974}),
    }
    planned = schedule_sweep.plan(choices)
    assert planned["resnet"]["floor"] == 0.0 and planned["resnet"]["warmup_epochs"] == 1
    assert (
        choices["resnet.floor"]["used"] and not choices["resnet.warmup_epochs"]["used"]
    )
    data = {
        "validation_size": SIZE,
        "date": "d",
        "mode": "full",
        "seed_offset": 0,
        "train_size": 55000,
        "runs": {
            "a": {"seconds": 600.0},
            "b": {"seconds": 600.0},
            "c": {"seconds": 600.0},
        },
        "choices": choices,
        "plan": planned,
    }
    report = schedule_sweep.render(data)
    assert (
        "| mini-ResNet | warmup_epochs | 0 | 0.9968 | 1 | 600 | **chosen** |" in report
    )
    assert (
        "| mini-ResNet | warmup_epochs | 1 | 0.9970 | 0 | 600 | the lesson's until now |"
        in report
    )
    assert "| mini-ResNet | floor | 0.0 | 0.9974 | 0 | 600 | **chosen** |" in report
    assert (
        "`resnet.floor`: validation chooses 0.0 (the lesson's: 0.01; tied: 0.0): "
        in report
    )
    assert "**the lesson now uses it**" in report
    assert "not used: the other change scored higher" in report
    assert "floor 0.0, peak_rate 0.003, smoothing 0.1, warmup_epochs 1" in report
    assert "3 runs, 30 min of training." in report
    assert "v1" not in report and "(12 epochs, batches of 128, seed 8," in report
    assert "(1 epochs" in schedule_sweep.render({**data, "mode": "quick"})


def test_the_tools_recipe_is_the_lessons_and_every_factor_measures_the_lessons_value():
    base = schedule_sweep.BASELINE["resnet"]
    for factor, values in schedule_sweep.FACTORS.items():
        assert base[factor.split(".")[1]] in values, factor
    code = code_cells(NOTEBOOK)
    epochs = re.search(
        r"^resnet_epochs, resnet_batch, resnet_peak = pick\(full=(\d+), quick=2\), "
        r"(\d+), (\S+)$",
        code,
        re.M,
    )
    regularizers = re.search(
        r"^resnet_dropout, resnet_smoothing = (\S+), (\S+) ", code, re.M
    )
    decay = re.search(r"^resnet_weight_decay = (\S+) ", code, re.M)
    assert epochs and regularizers and decay, "lesson 08 sets its recipe elsewhere now"
    assert (int(epochs[1]), int(epochs[2]), float(epochs[3])) == (
        base["epochs"],
        sweep_08.BATCH_SIZE,
        base["peak_rate"],
    )
    assert (float(regularizers[1]), float(regularizers[2]), float(decay[1])) == (
        base["dropout"],
        base["smoothing"],
        base["weight_decay"],
    )


def rates(schedule, steps):
    return [float(schedule(step)) for step in steps]


def test_the_schedule_warms_up_then_falls_to_its_floor_and_refuses_bad_arguments():
    warm = sweep_08.resnet_schedule(3e-3, 100, 10, 0.01)
    start, peak, end = rates(warm, (0, 10, 100))
    assert start == pytest.approx(1e-4) and peak == pytest.approx(3e-3)
    assert end == pytest.approx(3e-5)
    cold = sweep_08.resnet_schedule(3e-3, 100, 0, 0.0)
    start, middle, end = rates(cold, (0, 50, 100))
    assert start == pytest.approx(3e-3) and middle == pytest.approx(1.5e-3)
    assert end == pytest.approx(0.0, abs=1e-9)
    for arguments, name in (
        ((3e-3, 100, 101, 0.01), "warmup_steps"),
        ((3e-3, 100, -1, 0.01), "warmup_steps"),
        ((3e-3, 100, 1.5, 0.01), "warmup_steps"),
        ((3e-3, 100, 10, 1.0), "floor"),
        ((3e-3, 100, 10, 0), "floor"),
    ):
        with pytest.raises(ValueError, match=name):
            sweep_08.resnet_schedule(*arguments)


LESSON_SCHEDULE = """\
resnet_steps = resnet_epochs * epoch_steps  # no warm-up: the rate starts at its peak
schedule = keras.optimizers.schedules.CosineDecay(  # down to 1% of the peak
    resnet_peak, decay_steps=resnet_steps, alpha=0.01
)
"""


def test_the_lessons_schedule_is_the_tools_with_the_plans_settings():
    """Lesson 08's cell builds resnet_schedule with the settings the sweep chose (no
    warm-up, a 1% floor): its schedule, rebuilt here from the cell's own lines, equals the
    tool's."""
    code = code_cells(NOTEBOOK)
    assert LESSON_SCHEDULE in code, f"lesson 08 no longer has:\n{LESSON_SCHEDULE}"
    import keras

    scope = {
        "keras": keras,
        "epoch_steps": 430,
        "resnet_epochs": 12,
        "resnet_peak": 3e-3,
    }
    exec(LESSON_SCHEDULE, scope)
    tool = sweep_08.resnet_schedule(3e-3, 12 * 430, 0, 0.01)
    steps = (0, 200, 430, 1000, 3000, 12 * 430)
    assert rates(scope["schedule"], steps) == pytest.approx(rates(tool, steps))
    warm = sweep_08.resnet_schedule(3e-3, 12 * 430, 430, 0.01)  # the check can fail
    assert rates(scope["schedule"], steps) != pytest.approx(rates(warm, steps))


def test_the_settings_reach_the_training(monkeypatch):
    seen = []
    import lessons_lib.keras_models as keras_models

    def fake_train(network, *args, optimizer, **kwargs):
        rate = optimizer.learning_rate  # reading it evaluates the schedule at step 0
        seen.append((float(rate), optimizer._learning_rate.get_config()))
        return {"test_accuracy": 0.5, "seconds": 1.0}

    monkeypatch.setattr(keras_models, "train_and_evaluate", fake_train)
    images, labels = tiny_split(256, 4)
    split = ((images[:256], labels[:256]), (images[256:], labels[256:]))
    base = schedule_sweep.BASELINE["resnet"]
    for change in ({}, {"warmup_epochs": 0}, {"floor": 0.0}):
        sweep_08.train_resnet({**base, "epochs": 3, **change}, *split)
    (lesson_rate, lesson), (cold_rate, cold), (_, floor) = seen
    assert lesson_rate == pytest.approx(1e-4) and lesson["warmup_steps"] == 2
    assert lesson["alpha"] == pytest.approx(0.01) and lesson["decay_steps"] == 4
    assert cold_rate == pytest.approx(3e-3) and not cold["warmup_steps"]
    assert cold["decay_steps"] == 6
    assert floor["alpha"] == 0.0 and floor["warmup_steps"] == 2


def test_tiny_sweep_end_to_end_without_the_test_images(tmp_path, monkeypatch):
    poison_test_images(monkeypatch, *tiny_split(700, 0))
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    monkeypatch.setattr(schedule_sweep, "DOC_PATH", tmp_path / "SWEEPS-08-SCHEDULE.md")
    data = schedule_sweep.sweep(
        ["resnet.floor"], quick=True, fresh=True, log=lambda *_: None
    )
    assert len(data["runs"]) == 2 and data["validation_size"] == 500
    assert "resnet.floor" in data["choices"] and "plan" not in data
    assert (tmp_path / "SWEEPS-08-SCHEDULE-quick.md").exists()


def test_a_taken_change_not_yet_in_the_lesson_is_reported_as_pending():
    data = report_data()
    lines = "\n".join(
        sweep_module().lesson_report_tail(
            data, "resnet", "mini-ResNet", "why not", {"resnet.warmup_epochs": "later"}
        )
    )
    assert "**taken**, and not yet in the lesson: later." in lines
    assert "the lesson now uses it" not in lines
    assert "The lesson's settings once it takes that change: " in lines
    plain = "\n".join(sweep_module().lesson_report_tail(data, "resnet", "x", "why not"))
    assert "**the lesson now uses it**" in plain and "once it takes" not in plain


def sweep_module():
    import sweep

    return sweep


def report_data() -> dict:
    """docs/SWEEPS-08-SCHEDULE.md's runs, choices and plan, rebuilt from the report."""
    sweep = sweep_module()
    text = schedule_sweep.DOC_PATH.read_text(encoding="utf-8")
    data = sweep.data_from_report(schedule_sweep, text, "docs/SWEEPS-08-SCHEDULE.md")
    sweep.decide(schedule_sweep, data, data["seed_offset"], log=lambda *_: None)
    return data


def lesson_schedule(code: str) -> dict:
    """The warm-up (in epochs) and the floor of lesson 08's schedule cell: the arguments of
    its ``schedule = keras.optimizers.schedules.CosineDecay(...)`` call (no
    ``warmup_steps``: no warm-up)."""
    call = re.search(
        r"^schedule = keras\.optimizers\.schedules\.CosineDecay\((.*?)^\)",
        code,
        re.M | re.S,
    )
    assert call, "lesson 08 sets its schedule elsewhere now"
    floor = re.search(r"alpha=([\d.]+)", call[1])
    warmup = re.search(r"warmup_steps=([^,)#\n]+)", call[1])
    assert floor, "lesson 08's schedule has no floor (alpha=...)"
    if warmup is None:
        return {"warmup_epochs": 0, "floor": float(floor[1])}
    epochs = {"epoch_steps": 1}.get(warmup[1].strip())
    if epochs is None:
        epochs = int(re.fullmatch(r"(\d+) \* epoch_steps", warmup[1].strip())[1])
    return {"warmup_epochs": epochs, "floor": float(floor[1])}


def test_the_lesson_follows_the_reports_plan_or_says_the_change_is_pending():
    """Each change of the committed report's plan is in lesson 08's code, or it is in
    PENDING, the lesson keeps its old value and its text says the change waits for the next
    seed study. Adopting the change means emptying PENDING."""
    plan = report_data()["plan"]["resnet"]
    base = schedule_sweep.BASELINE["resnet"]
    changed = {
        f"resnet.{name}"
        for name in ("warmup_epochs", "floor")
        if plan[name] != base[name]
    }
    assert set(schedule_sweep.PENDING) <= changed, (
        "PENDING names a change the plan lacks"
    )
    lesson = lesson_schedule(code_cells(NOTEBOOK))
    text = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    words = " ".join("".join(c["source"]) for c in text if c["cell_type"] == "markdown")
    words = re.sub(r"\s+", " ", words)
    for factor in changed:
        name = factor.split(".")[1]
        if factor in schedule_sweep.PENDING:
            assert lesson[name] == base[name], (
                f"{factor} is in the lesson: empty PENDING"
            )
            assert "the warm-up goes with the lesson's next seed study" in words
        else:
            assert lesson[name] == plan[name], f"lesson 08 does not use {factor}"


def test_the_lesson_schedule_reader_reads_other_warm_ups():
    assert lesson_schedule(LESSON_SCHEDULE) == {"warmup_epochs": 0, "floor": 0.01}
    code = "schedule = keras.optimizers.schedules.CosineDecay(\n"
    code += "    1e-4, warmup_target=resnet_peak, warmup_steps={},\n"
    code += "    decay_steps=resnet_steps, alpha=0.0\n)\n"
    assert lesson_schedule(code.format("epoch_steps")) == {
        "warmup_epochs": 1,
        "floor": 0.0,
    }
    assert lesson_schedule(code.format("2 * epoch_steps"))["warmup_epochs"] == 2
