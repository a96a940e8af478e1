"""`make sweep-08-epochs`: how many epochs lesson 08's two long trainings need, on validation.

    python tools/sweep_08_epochs.py                  # full: 3 runs, about 25 min on 2 cores
    python tools/sweep_08_epochs.py --only book.epochs
    LESSONS_QUICK=1 python tools/sweep_08_epochs.py  # 2,000 images, 1 epoch: a smoke test

Issue 20 asks lesson 08 to run in at most 0.7 of v1's time; measured back to back before this
sweep, it took 0.87 (docs/TIME-08.md has the latest measurement). Most of its time is two trainings: the book's deep CNN (14 epochs)
and the mini-ResNet (16 epochs). Their epoch counts were chosen on test scores when the
course was first written. This tool trains each exactly as the lesson does, with its
current recipe (``BASELINE``), at the lesson's epochs and at fewer, on the lesson's 55,000
fitting images, and scores it on the validation split (the FIRST 5,000 training images).
The test images are dropped as soon as MNIST is loaded. The cosine schedules span the
whole run, so fewer epochs is a run of its own, not the longer run cut short.

- The book CNN: ``lessons_lib.architectures.book_deep_cnn`` behind 1-pixel shifts, cosine
  Adam from 1e-3 to 1e-5, batches of 100, seed 8 (the lesson trains it on all 60,000
  training images; here on the 55,000, so that validation is unseen).
- The mini-ResNet: :func:`sweep_08.train_resnet` with the recipe that ``make sweep-08``
  chose (weight decay off). Its 16-epoch run is that sweep's own ``weight_decay = 0.0``
  run (same code, settings and seed), read from its JSON file when it is there.

The choice rule, fixed on 2026-11-30 before any run of this sweep:

- values within ``TIE_IMAGES`` validation images of the best tie (the tie of
  ``make sweep-08``: the lesson's validation accuracy moved by 3 images between seeds);
- among tied values the fewest epochs is chosen: the cost rule of lesson 06's sweep
  (tools/sweep.py), adopted there for the same kind of time goal. It only picks among
  values that tied on validation; the test set plays no part.

Results go to ``build/results/sweep-08-epochs-<mode>.json`` after every run and to
``docs/SWEEPS-08-EPOCHS.md`` (full mode) or ``build/SWEEPS-08-EPOCHS-quick.md`` (quick).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import sweep_08  # noqa: E402  (the mini-ResNet's training, and its sweep's runs)
from sweep import main as sweep_main  # noqa: E402  (lesson 06's sweep: same driver)
from sweep import one_change_per_model, run_key, run_sweep, settings_from  # noqa: E402

from lessons_lib.config import QUICK, REPO_ROOT, build_dir, seed_offset  # noqa: E402

BASELINE = {
    "book": {"epochs": 14},
    # v1's recipe with the change make sweep-08 chose (docs/SWEEPS-08.md), at its epochs
    "resnet": {**sweep_08.BASELINE["resnet"], "weight_decay": 0.0, "epochs": 16},
}
FACTORS = {
    "book.epochs": (10, 14),
    "resnet.epochs": (12, 16),
}
NAMES = {"book": "book deep CNN", "resnet": "mini-ResNet"}
TIE_IMAGES = sweep_08.TIE_IMAGES
BOOK_BATCH, SEED = 100, 8
QUICK_EPOCHS = 1
DOC_PATH = REPO_ROOT / "docs" / "SWEEPS-08-EPOCHS.md"


# ------------------------------------------------------------------------------------
# Pure helpers (unit-tested): the choice rule and the report.
# ------------------------------------------------------------------------------------


def settings_for(factor: str, value) -> tuple[str, dict]:
    """(model, settings): the lesson's recipe with ``factor`` set to ``value``.
    ValueError naming an unknown factor."""
    return settings_from(BASELINE, FACTORS, factor, value)


def choose(factor: str, accuracies: dict, validation_size: int) -> dict:
    """The module docstring's rule for one factor, applied to ``{epochs: validation
    accuracy}``: ``{"chosen", "best", "tied", "baseline", "agrees"}``."""
    if not accuracies:
        raise ValueError(f"no runs for {factor}")
    model, name = factor.split(".")
    best = max(accuracies, key=lambda v: accuracies[v])
    margin = TIE_IMAGES / validation_size + 1e-9
    tied = [v for v in accuracies if accuracies[best] - accuracies[v] <= margin]
    chosen = min(tied)  # the fewest epochs among the tied
    baseline = BASELINE[model][name]
    return {
        "chosen": chosen,
        "best": best,
        "tied": sorted(tied),
        "baseline": baseline,
        "agrees": chosen == baseline,
    }


def plan(choices: dict) -> dict:
    """The lesson's settings: BASELINE with each model's chosen epochs (one factor per
    model, so at most one change each). Marks the changes it makes (``"used"``)."""
    return one_change_per_model(choices, BASELINE, lambda outcome: 0)


def table_and_outcome(data: dict) -> list[str]:
    """The report's rows (one per run), its outcome list and its total, from the JSON file's
    contents; shared with tools/sweep_08_fewer_epochs.py (the second round)."""
    size, lines = data["validation_size"], []
    for factor, outcome in data.get("choices", {}).items():
        model = factor.split(".")[0]
        for value, run in outcome["runs"].items():
            images = round((outcome["best_accuracy"] - run["accuracy"]) * size)
            marks = []
            if str(outcome["chosen"]) == value:
                marks.append("**chosen**")
            if str(outcome["baseline"]) == value:
                marks.append("the lesson's until now")
            lines.append(
                f"| {NAMES[model]} | {value} | {run['accuracy']:.4f} | {images} "
                f"| {run['seconds']:.0f} | {', '.join(marks)} |"
            )
    lines += ["", "## Outcome", ""]
    for factor, outcome in data.get("choices", {}).items():
        tied = ", ".join(map(str, outcome["tied"]))
        verdict = (
            "the lesson keeps its epochs"
            if outcome["agrees"]
            else "**the lesson now uses it**"
        )
        lines.append(
            f"- `{factor}`: validation chooses {outcome['chosen']} epochs (the lesson's "
            f"until now: {outcome['baseline']}; tied: {tied}): {verdict}."
        )
    total = sum(run["seconds"] for run in data["runs"].values())
    return lines + [
        "",
        f"{len(data['runs'])} runs, {total / 60:.0f} min of training.",
        "",
    ]


def render(data: dict) -> str:
    """docs/SWEEPS-08-EPOCHS.md from the JSON file's contents."""
    size = data["validation_size"]
    lines = [
        "# Validation sweep: lesson 08's epochs",
        "",
        "<!-- Generated by `make sweep-08-epochs` (tools/sweep_08_epochs.py). "
        "Do not edit by hand. -->",
        "",
        f"Written by `make sweep-08-epochs` (tools/sweep_08_epochs.py) on {data['date']}, "
        f"{data['mode']} mode, seed offset {data['seed_offset']}: "
        f"{data['train_size']:,} training and {size:,} validation images (the first "
        "ones of MNIST's training file, as in lesson 08); the test set is not loaded.",
        "",
        "Lesson 08's two long trainings, the book's deep CNN and the mini-ResNet, took "
        "their epochs from runs scored on the test set when the course was first "
        "written, and before this sweep the lesson ran in 0.87 of v1's time against a "
        "goal of 0.7 (docs/TIME-08.md has the latest measurement). Here each is trained as in the lesson, with its current "
        "recipe, at its epochs and at fewer (the cosine schedule spans each run), and "
        f"scored on validation data. One validation image is {1 / size:.4f}; values "
        f"within {TIE_IMAGES} images ({TIE_IMAGES / size:.4f}) of the best tie, as in "
        "docs/SWEEPS-08.md, and among tied values the fewest epochs is chosen (the cost "
        "rule of lesson 06's sweep). The rule was fixed before the runs. The "
        "mini-ResNet's 16-epoch run is docs/SWEEPS-08.md's weight-decay-0 run.",
        "",
        "| model | epochs | validation accuracy | images from the best | seconds "
        "| chosen |",
        "|---|---:|---:|---:|---:|---|",
    ]
    lines += table_and_outcome(data)
    return "\n".join(lines)


# ------------------------------------------------------------------------------------
# The runs (Keras).
# ------------------------------------------------------------------------------------


def train_book(settings: dict, train, validation, quick: bool = False) -> dict:
    """Train the lesson's book deep CNN for ``settings["epochs"]`` on ``train``; its
    accuracy on ``validation``. ``settings`` may also set ``"shift"`` (the random shift in
    pixels, 0 for none; the lesson's 1 by default) and ``"schedule"`` (``"cosine"``, the
    lesson's, or ``"constant"``: Adam at 1e-3 throughout, the book's), for
    tools/sweep_08_book.py."""
    import keras
    import numpy as np

    from lessons_lib.architectures import book_deep_cnn
    from lessons_lib.config import set_seed
    from lessons_lib.keras_models import (
        cosine_adam,
        shift_augmentation,
        train_and_evaluate,
    )

    (x_fit, y_fit), (x_val, y_val) = train, validation
    epochs = QUICK_EPOCHS if quick else settings["epochs"]
    keras.backend.clear_session()
    set_seed(SEED)
    shift = settings.get("shift", 1.0)
    schedule = settings.get("schedule", "cosine")
    if schedule not in ("cosine", "constant"):
        raise ValueError(f"schedule must be 'cosine' or 'constant', got {schedule!r}")
    network = book_deep_cnn(augmentation=shift_augmentation(shift) if shift else None)
    steps = int(np.ceil(len(x_fit) / BOOK_BATCH))
    if schedule == "cosine":
        optimizer = cosine_adam(epochs, steps)
    else:
        optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    result = train_and_evaluate(
        network,
        x_fit,
        y_fit,
        x_val,  # scored on validation: the test set is not loaded
        y_val,
        epochs=epochs,
        batch_size=BOOK_BATCH,
        optimizer=optimizer,
        verbose=0,
        label="book deep CNN (sweep; its 'test' set is the validation split)",
    )
    return {"accuracy": result["test_accuracy"], "seconds": result["seconds"]}


def earlier_resnet_run(settings: dict, quick: bool):
    """``make sweep-08``'s run of these settings at its own epochs and this seed offset,
    or None: that sweep trained the same model with the same code and seed."""
    if settings["epochs"] != sweep_08.EPOCHS:
        return None
    path = sweep_08.json_path(quick)
    if not path.exists():
        return None
    try:
        runs = json.loads(path.read_text(encoding="utf-8"))["runs"]
    except (OSError, ValueError, KeyError) as error:
        raise SystemExit(f"{path}: unreadable ({error}); rerun make sweep-08 --fresh")
    earlier = {k: v for k, v in settings.items() if k != "epochs"}
    run = runs.get(run_key("resnet", earlier, seed_offset()))
    return None if run is None else {**run, "from": "make sweep-08"}


def train_once(model, settings, train, validation, quick=False) -> dict:
    """One run in the shared driver's form."""
    if model == "book":
        return train_book(settings, train, validation, quick)
    earlier = None if quick else earlier_resnet_run(settings, quick)
    if earlier is not None:
        return earlier
    return sweep_08.train_resnet(settings, train, validation, quick)


def json_path(quick: bool) -> Path:
    name = f"sweep-08-epochs-{'quick' if quick else 'full'}.json"
    return build_dir() / "results" / name


def report_path(quick: bool) -> Path:
    return DOC_PATH if not quick else build_dir() / "SWEEPS-08-EPOCHS-quick.md"


def sweep(
    factors,
    quick: bool = QUICK,
    fresh: bool = False,
    train=None,
    validation=None,
    log=print,
) -> dict:
    """Run the sweep of ``factors``; write the JSON file and the report; return it."""
    this = sys.modules[__name__]
    return run_sweep(this, factors, quick, fresh, train, validation, log)


def main(argv=None) -> int:
    return sweep_main(argv, tool=sys.modules[__name__])


if __name__ == "__main__":
    sys.exit(main())
