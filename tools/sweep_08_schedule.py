"""`make sweep-08-schedule`: the mini-ResNet's warm-up and cosine floor, checked on validation.

    python tools/sweep_08_schedule.py                  # full: 3 runs, 8 to 27 min each on 2 cores
    python tools/sweep_08_schedule.py --from-report    # build/ lost the JSON: rebuild it, no runs
    python tools/sweep_08_schedule.py --only resnet.floor
    LESSONS_QUICK=1 python tools/sweep_08_schedule.py  # 2,000 images, 1 epoch: a smoke test

Lesson 08 trains its mini-ResNet with a learning rate that rises linearly from 1e-4 to the
peak (3e-3) over one epoch (the **warm-up**) and then falls along a cosine to 1% of the peak
(the **floor**). ``make sweep-08`` chose the recipe's regularizers and peak rate on
validation, and ``make sweep-08-epochs`` its epochs (12); these two were still the values
that the course's first version picked from test scores. This tool varies each alone, from
the lesson's recipe (``BASELINE``): no warm-up (the run starts at the peak), and a cosine
down to 0. Each run trains exactly as the lesson does (:func:`sweep_08.train_resnet`:
``mini_resnet`` behind ``make_augmentation``, AdamW with weight decay 0 as make sweep-08
chose, batches of 128, seed 8
moved by ``LESSONS_SEED``) on the lesson's 55,000 fitting images and is scored on the
validation split (the FIRST 5,000 training images). The test images are dropped as soon as
MNIST is loaded. The baseline run is shared, so the full sweep is 3 runs.

The choice rule, fixed on 2026-11-30 before any run of this sweep:

- values within ``TIE_IMAGES`` validation images of the best tie (as in ``make sweep-08``);
- among tied values the first in ``FACTORS`` wins. For the warm-up that is **none**: like
  ``make sweep-08``'s regularizers, an added part of the recipe stays only if validation
  shows it helping by more than a tie. For the floor it is the lesson's **1%**: like that
  sweep's peak rate, a value keeps the lesson's choice when tied (1% is also the floor of
  the cosine that section 2's book CNN and lesson 06 use);
- the runs vary one setting at a time, so their combination was never measured: the lesson
  takes **at most one** change, the chosen one whose run scored highest on validation
  (:func:`plan`; the report says which).

Results go to ``build/results/sweep-08-schedule-<mode>.json`` after every run and to
``docs/SWEEPS-08-SCHEDULE.md`` (full mode) or ``build/SWEEPS-08-SCHEDULE-quick.md`` (quick).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import sweep_08  # noqa: E402  (the mini-ResNet's training)
import sweep_08_epochs  # noqa: E402  (the recipe those two sweeps chose)
from sweep import (  # noqa: E402
    choose_first_tied,
    lesson_report_tail,
    one_change_per_model,
    run_sweep,
    settings_from,
)
from sweep import main as sweep_main  # noqa: E402  (lesson 06's sweep: same driver)

from lessons_lib.config import QUICK, REPO_ROOT, build_dir  # noqa: E402

BASELINE = {
    # make sweep-08's recipe (weight decay off) at make sweep-08-epochs' 12 epochs
    "resnet": {
        **sweep_08_epochs.BASELINE["resnet"],
        "epochs": 12,
        "warmup_epochs": 1,
        "floor": 0.01,
    }
}
FACTORS = {
    "resnet.warmup_epochs": (0, 1),  # a tie: none
    "resnet.floor": (0.01, 0.0),  # a tie: the lesson's 1%
}
TIE_IMAGES = sweep_08.TIE_IMAGES
MODEL_LABELS = {"resnet": "mini-ResNet"}  # the report's first column
PENDING: dict[str, str] = {}
"""Changes the sweep chose that the notebook does not use yet, with why (the report says
so). Empty: lesson 08 dropped the warm-up with the seed study of 2026-12-01. A test fails
when the notebook and this dict disagree."""
DOC_PATH = REPO_ROOT / "docs" / "SWEEPS-08-SCHEDULE.md"


# ------------------------------------------------------------------------------------
# Pure helpers (unit-tested): the choice rule and the report.
# ------------------------------------------------------------------------------------


def settings_for(factor: str, value) -> tuple[str, dict]:
    """(model, settings): the lesson's recipe with ``factor`` set to ``value``.
    ValueError naming an unknown factor."""
    return settings_from(BASELINE, FACTORS, factor, value)


def choose(factor: str, accuracies: dict, validation_size: int) -> dict:
    """The module docstring's rule for one factor, applied to ``{value: validation
    accuracy}``: ``{"chosen", "best", "tied", "baseline", "agrees"}``. Values missing from
    ``FACTORS[factor]`` are a ValueError, since the rule ranks them by their place there."""
    return choose_first_tied(
        FACTORS, BASELINE, TIE_IMAGES, factor, accuracies, validation_size
    )


def plan(choices: dict) -> dict:
    """The lesson's settings: BASELINE with at most one change, the chosen value whose run
    scored highest on validation. Marks it ``"used"``."""

    def accuracy(outcome):
        return outcome["runs"][str(outcome["chosen"])]["accuracy"]

    return one_change_per_model(choices, BASELINE, accuracy)


def render(data: dict) -> str:
    """docs/SWEEPS-08-SCHEDULE.md from the JSON file's contents."""
    size = data["validation_size"]
    quick = data["mode"] == "quick"
    epochs = sweep_08.QUICK_EPOCHS if quick else BASELINE["resnet"]["epochs"]
    lines = [
        "# Validation sweep: the mini-ResNet's warm-up and cosine floor",
        "",
        "<!-- Generated by `make sweep-08-schedule` (tools/sweep_08_schedule.py). "
        "Do not edit by hand. -->",
        "",
        f"Written by `make sweep-08-schedule` (tools/sweep_08_schedule.py) on "
        f"{data['date']}, {data['mode']} mode, seed offset {data['seed_offset']}: "
        f"{data['train_size']:,} training and {size:,} validation images (the first "
        "ones of MNIST's training file, as in lesson 08); the test set is not loaded.",
        "",
        "Lesson 08's mini-ResNet warms its learning rate up over one epoch (from 1e-4 to "
        "the peak, 3e-3) and then lets it fall along a cosine to 1% of the peak, two "
        "values that the course's first version picked from test scores. Here each is "
        f"varied alone from the lesson's recipe ({epochs} epochs, batches of 128, seed 8, "
        "make sweep-08's regularizers): no warm-up (`warmup_epochs` 0), and a cosine "
        f"down to 0 (`floor` 0.0). One validation image is {1 / size:.4f}; values "
        f"within {TIE_IMAGES} images ({TIE_IMAGES / size:.4f}) of the best tie, as in "
        "docs/SWEEPS-08.md. Among tied values the warm-up is dropped (an added part "
        "stays only if it helps by more than a tie) and the floor keeps the lesson's "
        "1%. The lesson takes at most one change, the one whose run scored highest, "
        "because the two together were never measured. The rule was fixed before the "
        "runs. One seed per run.",
        "",
        "| model | setting | value | validation accuracy | images from the best "
        "| seconds | chosen |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    lines += lesson_report_tail(
        data,
        "resnet",
        MODEL_LABELS["resnet"],
        "the other change scored higher",
        PENDING,
    )
    return "\n".join(lines)


# ------------------------------------------------------------------------------------
# The runs (Keras).
# ------------------------------------------------------------------------------------


def train_once(model, settings, train, validation, quick=False) -> dict:
    """One run in the shared driver's form: the lesson's mini-ResNet with ``settings``."""
    return sweep_08.train_resnet(settings, train, validation, quick)


def json_path(quick: bool) -> Path:
    name = f"sweep-08-schedule-{'quick' if quick else 'full'}.json"
    return build_dir() / "results" / name


def report_path(quick: bool) -> Path:
    return DOC_PATH if not quick else build_dir() / "SWEEPS-08-SCHEDULE-quick.md"


def sweep(
    factors,
    quick: bool = QUICK,
    fresh: bool = False,
    train=None,
    validation=None,
    log=print,
) -> dict:
    """Run the sweep of ``factors``; write the JSON file and the report; return it."""
    return run_sweep(
        sys.modules[__name__], factors, quick, fresh, train, validation, log
    )


def main(argv=None) -> int:
    return sweep_main(argv, tool=sys.modules[__name__])


if __name__ == "__main__":
    sys.exit(main())
