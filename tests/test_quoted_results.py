"""The numbers that lessons 06 and 08 quote in their text agree with the committed results files.

The lessons' markdown quotes the seed study (docs/RESULTS.md: per-seed values, medians, gaps
between two models) and the validation sweeps (docs/SWEEPS.md, docs/SWEEPS-08.md, docs/SWEEPS-08-EPOCHS.md,
docs/SWEEPS-08-BOOK.md, docs/SWEEPS-08-SCHEDULE.md). Markdown is
not executed, so nothing else would notice when a rerun moves one of those numbers. Each entry
below finds a quotation with a regular expression and recomputes what it must say from the
results files; a rerun that changes a quoted number fails here until the text is updated.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "RESULTS.md"
SWEEPS_06 = ROOT / "docs" / "SWEEPS.md"
SWEEPS_08 = ROOT / "docs" / "SWEEPS-08.md"
SWEEPS_08_EPOCHS = ROOT / "docs" / "SWEEPS-08-EPOCHS.md"
SWEEPS_08_BOOK = ROOT / "docs" / "SWEEPS-08-BOOK.md"
SWEEPS_08_FEWER = ROOT / "docs" / "SWEEPS-08-FEWER-EPOCHS.md"
SWEEPS_08_SCHEDULE = ROOT / "docs" / "SWEEPS-08-SCHEDULE.md"
LESSON_06 = ROOT / "notebooks" / "06_mnist_softmax_to_cnn.ipynb"
LESSON_08 = ROOT / "notebooks" / "08_vgg_resnet.ipynb"

# A seed-study row: | label (`key`) | seeds | median | min | max | reference | goal | status | a / b / c |
SEED_ROW = re.compile(
    r"^\| .* \(`(?P<key>\d\d\.[\w.]+)`\) \| (?P<n>\d+) \| (?P<median>[-\d.]+) \| [-\d.]+ \| "
    r"[-\d.]+ \| .* \| (?P<values>[-\d.]+(?: / [-\d.]+)+) \|$"
)


def seed_study(text: str) -> dict[str, dict]:
    """{key: {"median": float, "values": [per seed offset, in order]}} from RESULTS.md's seed study."""
    _, found, section = text.partition("\n## Seed study")
    assert found, f"{RESULTS} has no '## Seed study' section"
    section = section.split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = SEED_ROW.match(line)
        if match:
            values = [float(v) for v in match["values"].split(" / ")]
            assert len(values) == int(match["n"]), line
            rows[match["key"]] = {"median": float(match["median"]), "values": values}
    return rows


def sweep_table(text: str, columns: int) -> list[list[str]]:
    """The rows of a sweep report's results table (cells stripped), header and rule left out."""
    rows = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if (
            line.startswith("| ")
            and len(cells) == columns
            and re.fullmatch(r"[-\d.]+", cells[-4])
        ):
            rows.append(cells)
    return rows


def markdown(notebook: Path) -> str:
    """All markdown cells of a notebook, joined, with line breaks turned into spaces."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "\n\n".join(
        "".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
    )
    return re.sub(r"\s*\n\s*", " ", text)


def digits(a: float, b: float) -> int:
    """a - b in test or validation images of 10,000 / 5,000 (accuracies have 4 decimals)."""
    return round((a - b) * 10_000)


def span(numbers) -> tuple[str, str]:
    return str(min(numbers)), str(max(numbers))


@pytest.fixture(scope="module")
def seeds():
    rows = seed_study(RESULTS.read_text(encoding="utf-8"))
    assert rows, f"no seed-study rows parsed from {RESULTS}"
    return rows


def per_seed(seeds, key):
    assert key in seeds, f"{key} is not in the seed study of {RESULTS}"
    return seeds[key]["values"]


def gaps(seeds, better, worse):
    return [
        digits(a, b) for a, b in zip(per_seed(seeds, better), per_seed(seeds, worse))
    ]


def signed(numbers) -> tuple[str, ...]:
    return tuple(str(n) for n in numbers)


def quotes_08(seeds):
    one = gaps(
        seeds, "08.mini_resnet.one_view_test_accuracy", "08.deep_cnn.test_accuracy"
    )
    five = gaps(seeds, "08.mini_resnet.test_accuracy", "08.deep_cnn.tta_test_accuracy")
    vgg = gaps(seeds, "08.deep_cnn.test_accuracy", "08.mini_vgg.test_accuracy")
    ratios = per_seed(seeds, "08.vanishing.first_conv_gradient_ratio")
    smallest = per_seed(seeds, "08.vanishing.smallest_layer_gradient_ratio")
    median = f"{seeds['08.mini_resnet.test_accuracy']['median']:.4f}"
    views = per_seed(seeds, "08.mini_resnet.test_accuracy")
    assert float(median) >= 0.996, (
        "the text says the five-view goal is met on the median"
    )
    every_seed = min(views) >= 0.996
    tta = gaps(
        seeds, "08.mini_resnet.test_accuracy", "08.mini_resnet.one_view_test_accuracy"
    ) + gaps(seeds, "08.deep_cnn.tta_test_accuracy", "08.deep_cnn.test_accuracy")
    assert sum(g > 0 for g in tta) > len(tta) / 2, "the text says TTA mostly helped"
    ahead = sum(g > 0 for g in one), sum(g > 0 for g in five)
    assert 0 < min(ahead) and max(ahead) < 3, (
        "the text says the seeds disagree on which network is ahead"
    )
    validation = per_seed(seeds, "08.mini_resnet.validation_accuracy")
    return [
        (
            r"five-view accuracy was (0\.\d{4}), (0\.\d{4}) and (0\.\d{4}) "
            r"\(median (0\.\d{4})\): the lesson's goal of 0\.996 is met on "
            r"(the median, not on every seed|every seed)",
            tuple(f"{v:.4f}" for v in views)
            + (median, "every seed" if every_seed else "the median, not on every seed"),
        ),
        (
            r"TTA\) changed a run's score by (-?\d+) to (-?\d+) digits,\s+up in (\d) of "
            r"(\d) runs",
            span(tta) + (str(sum(g > 0 for g in tta)), str(len(tta))),
        ),
        (
            r"final recipe's validation score moved by (\d+) images between the seed "
            r"study's three seeds",
            (str(round((max(validation) - min(validation)) / 0.0002)),),
        ),
        (
            r"ahead on (\d) of them in one view and on (\d) with five views; the gaps, seed "
            r"by seed, were (-?\d+), (-?\d+) and (-?\d+) test digits in one view and "
            r"(-?\d+), (-?\d+) and (-?\d+) with five views",
            signed(ahead) + signed(one) + signed(five),
        ),
        (
            r"the mini-ResNet scored (-?\d+) to (-?\d+) test digits above the book's CNN in "
            r"one view",
            span(one),
        ),
        (r"five-view median, (0\.\d{4})", (median,)),
        (r"scores (\d+) to (\d+) test digits below the book's CNN", span(vgg)),
        (
            r"three seeds, about ([\d,]+) to ([\d,]+) times at the first convolution",
            tuple(f"{round(r, -3):,.0f}" for r in (min(ratios), max(ratios))),
        ),
        (
            r"in the worst seed still at least ([\d,]+) times in every layer",
            (f"{math.floor(min(smallest) / 100) * 100:,}",),
        ),
    ]


def quotes_06(seeds):
    ensemble = per_seed(seeds, "06.ensemble.test_accuracy")
    over_deeper = gaps(
        seeds, "06.ensemble.test_accuracy", "06.deeper_cnn.test_accuracy"
    )
    above = sorted(g for g in over_deeper if g > 0)
    below = [-g for g in over_deeper if g < 0]
    assert len(above) == 2 and len(below) == 1, (
        f"the text says 2 seeds above, 1 below: {over_deeper}"
    )
    median = f"{seeds['06.ensemble.test_accuracy']['median']:.4f}"
    return [
        (
            r"on all three seeds \((0\.\d{4}), (0\.\d{4}), (0\.\d{4}); median (0\.\d{4})",
            tuple(f"{v:.4f}" for v in ensemble) + (median,),
        ),
        (r"on all three seeds \(median (0\.\d{4})\)", (median,)),
        (
            r"ensemble came out (\d+) and (\d+) images above the first deeper CNN on two seeds and "
            r"(\d+) below it",
            tuple(str(v) for v in above + below),
        ),
    ]


def sweep_quotes_08():
    rows = sweep_table(SWEEPS_08.read_text(encoding="utf-8"), columns=6)
    score = {(row[0], row[1]): float(row[2]) for row in rows}
    baseline = {row[2] for row in rows if "v1" in row[5]}
    assert len(baseline) == 1, (
        f"v1's recipe should score the same in every row of {SWEEPS_08}"
    )
    base = float(baseline.pop())

    def images(setting, value):
        return round((score[(setting, value)] - base) / 0.0002)

    decay, dropout = images("weight_decay", "0.0"), images("dropout", "0.0")
    smoothing, peak = images("smoothing", "0.0"), images("peak_rate", "0.001")
    assert decay > 0 and dropout < 0 and smoothing == 0 and peak < 0, (
        decay,
        dropout,
        smoothing,
        peak,
    )
    return [
        (
            r"without weight decay the model scored (\d+) validation images above v1's recipe, "
            r"without dropout (\d+) below, without label smoothing the same, and with the lower peak "
            r"rate (\d+) below",
            (str(decay), str(-dropout), str(-peak)),
        ),
    ]


def epoch_quotes_08(seeds):
    rows = sweep_table(SWEEPS_08_EPOCHS.read_text(encoding="utf-8"), columns=6)
    score = {(row[0], row[1]): float(row[2]) for row in rows}

    def below(model, fewer, more):
        return round((score[(model, more)] - score[(model, fewer)]) / 0.0002)

    second = sweep_table(SWEEPS_08_FEWER.read_text(encoding="utf-8"), columns=6)
    again = {(row[0], row[1]): float(row[2]) for row in second}
    fewer_book = round(
        (again[("book deep CNN", "14")] - again[("book deep CNN", "12")]) / 0.0002
    )
    assert 0 <= fewer_book <= 3, (
        "the text says 12 epochs tied with 14 in the second round"
    )
    resnet_fewer = round(
        (again[("mini-ResNet", "12")] - again[("mini-ResNet", "10")]) / 0.0002
    )
    assert resnet_fewer > 3, "the text says 10 epochs fell beyond the tie"
    assert "- `book.epochs`: validation chooses 12 epochs" in SWEEPS_08_FEWER.read_text(
        encoding="utf-8"
    )

    schedule = sweep_table(SWEEPS_08_SCHEDULE.read_text(encoding="utf-8"), columns=7)
    sweep_run = next(  # the lesson's recipe: no warm-up, 12 epochs
        float(row[3]) for row in schedule if row[1:3] == ["warmup_epochs", "0"]
    )
    lesson = [
        round((sweep_run - v) / 0.0002)
        for v in per_seed(seeds, "08.mini_resnet.validation_accuracy")
    ]
    assert min(lesson) > 0, "the text says the lesson's runs scored below the sweep's"
    resnet_12 = again[("mini-ResNet", "12")]
    would_tie = round((sweep_run - again[("mini-ResNet", "10")]) / 0.0002)
    assert would_tie <= 3, (
        "the text says 10 epochs would have tied with the schedule sweep's run"
    )
    return [
        (
            r"Sweep runs of this recipe scored (0\.\d{4}) and (0\.\d{4}) on validation; the "
            r"seed study's runs of the\straining above, (\d+) to (\d+) images below the first",
            (f"{sweep_run:.4f}", f"{resnet_12:.4f}") + span(lesson),
        ),
        (
            r"Epochs: (\d+) scored (\d+) images below (\d+) \(docs/SWEEPS-08-EPOCHS\.md\); a "
            r"second round tried (\d+) \((\d+)\swas not tried again\): (\d+) image below (\d+) "
            r"\(docs/SWEEPS-08-FEWER-EPOCHS\.md\), a tie, so the\slesson trains the cheaper (\d+)",
            (
                "10",
                str(below("book deep CNN", "10", "14")),
                "14",
                "12",
                "10",
                str(fewer_book),
                "14",
                "12",
            ),
        ),
        (
            r"then trained the recipe of that time \(still with v1.s warm-up\) for\s(\d+) "
            r"epochs: (\d+) validation images below the (\d+)-epoch run of docs/SWEEPS-08\.md "
            r"\(same recipe and\sseed\), a tie",
            ("12", str(below("mini-ResNet", "12", "16")), "16"),
        ),
        (
            r"docs/SWEEPS-08-FEWER-EPOCHS\.md\) tried\s(\d+): (\d+) images below its "
            r"(\d+)-epoch run, beyond the tie, so (\d+) stays\. But that run scored (0\.\d{4}),"
            r"\swhere the schedule sweep's run of the same code, settings and seed had scored "
            r"(0\.\d{4})",
            (
                "10",
                str(resnet_fewer),
                "12",
                "12",
                f"{resnet_12:.4f}",
                f"{sweep_run:.4f}",
            ),
        ),
    ]


def book_quotes_08():
    """Lesson 08's quotes of docs/SWEEPS-08-BOOK.md (the shifts and the schedule), and of the
    three runs of the same recipe and seed in the three sweeps that trained it."""
    rows = sweep_table(SWEEPS_08_BOOK.read_text(encoding="utf-8"), columns=7)
    score = {(row[1], row[2]): float(row[3]) for row in rows}
    epochs = sweep_table(SWEEPS_08_EPOCHS.read_text(encoding="utf-8"), columns=6)
    first_round = {(row[0], row[1]): float(row[2]) for row in epochs}[
        ("book deep CNN", "14")
    ]
    second = sweep_table(SWEEPS_08_FEWER.read_text(encoding="utf-8"), columns=6)
    second_round = {(row[0], row[1]): float(row[2]) for row in second}[
        ("book deep CNN", "14")
    ]

    def images(a, b):
        return str(round(abs(a - b) / 0.0002))

    baseline = score[("shift", "1.0")]
    assert baseline == score[("schedule", "cosine")], "one shared baseline run"
    no_shift = images(baseline, score[("shift", "0.0")])
    constant = images(baseline, score[("schedule", "constant")])
    assert min(int(no_shift), int(constant)) > 3, (
        "the text says both are beyond the tie"
    )
    spread = max(first_round, baseline, second_round) - min(
        first_round, baseline, second_round
    )
    assert spread / 0.0002 >= 4, "the text says a 4-image gap may be noise"
    return [
        (
            r"No shifts: (\d+) images below; the book's constant rate: (\d+) below\. Neither "
            r"tied, so both stay",
            (no_shift, constant),
        ),
        (r"only the constant rate.s (\d+) is\sclearly more than noise", (constant,)),
        (
            r"The same code, settings and seed scored (0\.\d{4}) and (0\.\d{4}) in the first "
            r"two\ssweeps, and (0\.\d{4}) in the third",
            (f"{first_round:.4f}", f"{baseline:.4f}", f"{second_round:.4f}"),
        ),
    ]


def schedule_quotes_08():
    """Lesson 08's quotes of docs/SWEEPS-08-SCHEDULE.md: the warm-up's and the floor's runs
    against the lesson's recipe, in validation images."""
    rows = sweep_table(SWEEPS_08_SCHEDULE.read_text(encoding="utf-8"), columns=7)
    score = {(row[1], row[2]): row[3] for row in rows}
    baseline = score[("warmup_epochs", "1")]
    assert baseline == score[("floor", "0.01")], "one shared baseline run"
    no_warmup, no_floor = score[("warmup_epochs", "0")], score[("floor", "0.0")]

    def images(a, b):
        return str(round(abs(float(a) - float(b)) / 0.0002))

    assert float(no_warmup) <= float(baseline), (
        "the text says the warm-up's removal scored lower"
    )
    assert (
        max(int(images(baseline, no_warmup)), int(images(baseline, no_floor))) <= 3
    ), "the text says both tie"
    return [
        (
            r"without the warm-up the model scored (\d+) validation images? lower "
            r"\((0\.\d{4}) against (0\.\d{4})\)",
            (images(baseline, no_warmup), no_warmup, baseline),
        ),
        (
            r"instead of 1% of the peak, (\d+) images apart",
            (images(baseline, no_floor),),
        ),
    ]


def sweep_quotes_06():
    rows = sweep_table(SWEEPS_06.read_text(encoding="utf-8"), columns=7)
    by = {(row[0], row[1], row[2]): (float(row[3]), int(row[5])) for row in rows}

    def images(model, setting, value, base):
        return round(
            digits(by[(model, setting, value)][0], by[(model, setting, base)][0]) / 2
        )

    first_epochs = images("first CNN", "epochs", "6", "12")
    higher = sorted(
        {
            images("first CNN", "peak_rate", "0.004", "0.002"),
            images("first CNN", "batch_size", "64", "128"),
            images("deeper CNN", "epochs", "15", "10"),
        }
    )
    seconds = (
        by[("first CNN", "epochs", "6")][1],
        by[("first CNN", "epochs", "12")][1],
    )
    faster = (
        1
        - by[("deeper CNN", "batch_size", "256")][1]
        / by[("deeper CNN", "batch_size", "128")][1]
    )
    return [
        (
            r"not 12 \((\d+) validation image lower, (\d+) s instead of (\d+) s\)",
            (str(-first_epochs),) + tuple(str(s) for s in seconds),
        ),
        (r"not 128 \(the same score, (\d+)% faster\)", (f"{faster * 100:.0f}",)),
        (r"scored (\d+) or (\d+) images higher", tuple(str(v) for v in higher)),
    ]


def check(notebook: Path, quotes) -> None:
    text = markdown(notebook)
    for pattern, expected in quotes:
        found = [match.groups() for match in re.finditer(pattern, text)]
        assert found, (
            f"{notebook.name}: no quotation matches {pattern!r}; reword the test with the text"
        )
        for groups in found:
            assert groups == tuple(expected), (
                f"{notebook.name} quotes {groups} where the results files give {tuple(expected)} "
                f"(pattern {pattern!r}): update the text after the rerun"
            )


def test_lesson_08_quotes_the_seed_study(seeds):
    check(LESSON_08, quotes_08(seeds))


def test_lesson_06_quotes_the_seed_study(seeds):
    check(LESSON_06, quotes_06(seeds))


def test_lesson_08_quotes_its_sweep():
    check(LESSON_08, sweep_quotes_08())


def test_lesson_08_quotes_its_epochs_sweep(seeds):
    check(LESSON_08, epoch_quotes_08(seeds))


def test_lesson_08_quotes_its_book_cnn_sweep():
    check(LESSON_08, book_quotes_08())


def test_lesson_08_quotes_its_schedule_sweep():
    check(LESSON_08, schedule_quotes_08())


def test_lesson_06_quotes_its_sweep():
    check(LESSON_06, sweep_quotes_06())


def test_a_stale_quotation_fails(seeds):
    """The check itself can fail: a text that quotes another median is caught."""
    fake = dict(seeds)
    key = "08.mini_resnet.test_accuracy"
    fake[key] = {**seeds[key], "median": seeds[key]["median"] + 0.0001}
    with pytest.raises(AssertionError, match="update the text"):
        check(LESSON_08, quotes_08(fake))


def test_the_seed_table_parser_reads_a_row():
    row = (
        "| a thing (`08.some.key`) | 3 | 0.9962 | 0.9958 | 0.9964 | - | >= 0.9960 | met (2 of 3 "
        "seeds) | 0.9958 / 0.9962 / 0.9964 |"
    )
    parsed = seed_study("x\n## Seed study\n\n" + row + "\n## Benchmarks\n")
    assert parsed == {
        "08.some.key": {"median": 0.9962, "values": [0.9958, 0.9962, 0.9964]}
    }
