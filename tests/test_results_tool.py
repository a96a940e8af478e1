"""tools/results.py and tools/bench.py: the pure parts (goals, tables, failure marking, the
benchmark section) on fixtures, and one end-to-end run of `results.py` on two tiny notebooks
(one records numbers, one fails) in a temporary build folder."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

TOOLS = Path(__file__).resolve().parent.parent / "tools"


def load_tool(name):
    sys.path.insert(0, str(TOOLS))  # bench.py imports results.py by name
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


results = load_tool("results")
bench = load_tool("bench")

RECORDS = {
    "06.cnn.test_accuracy": {"value": 0.9921, "label": "CNN: test accuracy", "anchor": 0.9885,
                             "source": "Sung Kim, lab 11", "goal": 0.991, "goal_op": ">=",
                             "time": "2026-01-01T10:00:02+00:00"},
    "06.softmax.test_accuracy": {"value": 0.9150, "label": "softmax regression: test accuracy",
                                 "anchor": 0.9035, "source": "Sung Kim, lab 7", "goal": 0.92,
                                 "goal_op": ">=", "time": "2026-01-01T10:00:01+00:00"},
    "03.two_layer_net.test_loss": {"value": 0.12, "label": "two-layer net: test loss", "goal": 0.1,
                                   "goal_op": "<=", "time": "2026-01-01T09:00:00+00:00"},
    "07.neuron.seconds": {"value": 3.5, "time": "2026-01-01T11:00:00+00:00"},
}
TIMINGS = {
    "03_derivatives_chain_rule.ipynb": {"status": "ok", "seconds": 95.0, "peak_rss_bytes": 800 * 2 ** 20,
                                        "started": "2026-01-01 09:00:00", "slowest_cell": [17, 61.0]},
    "06_mnist_softmax_to_cnn.ipynb": {"status": "failed", "seconds": 1400.0, "peak_rss_bytes": 3 * 2 ** 30,
                                      "started": "2026-01-01 10:00:00", "cell_index": 42,
                                      "cell_source": "assert acc >= floor, 'too low'\nline two\nline three\nline four",
                                      "ename": "AssertionError", "evalue": "too low"},
}
MACHINE = {"cpu": "Test CPU 9000", "cores": 2, "ram": "16.0 GiB", "python": "3.11.7", "numpy": "2.4.6",
           "tensorflow": "2.21.0", "keras": "3.15.1", "date": "2026-01-01 11:00 UTC"}
NOTEBOOKS = ["03_derivatives_chain_rule.ipynb", "06_mnist_softmax_to_cnn.ipynb",
             "07_breast_cancer_logistic_neuron.ipynb"]


def render(**changes):
    arguments = dict(records=RECORDS, timings=TIMINGS, machine=MACHINE, mode="full",
                     generated="2026-01-01 12:00 UTC", notebooks=NOTEBOOKS)
    arguments.update(changes)
    return results.render_results(**arguments)


# ------------------------------------------------------------------ goals

@pytest.mark.parametrize("value, goal, op, expected", [
    (0.99, 0.98, ">=", True), (0.98, 0.98, ">=", True), (0.97, 0.98, ">=", False),
    (0.10, 0.20, "<=", True), (0.20, 0.20, "<=", True), (0.30, 0.20, "<=", False),
    (0.5, None, ">=", None),
])
def test_evaluate_goal_both_directions(value, goal, op, expected):
    assert results.evaluate_goal(value, goal, op) is expected


@pytest.mark.parametrize("op", ["=>", "==", "", None, "ge"])
def test_evaluate_goal_rejects_unknown_operators(op):
    with pytest.raises(ValueError, match="goal_op"):
        results.evaluate_goal(1.0, 0.5, op)


def test_goals_not_met_lists_only_the_missed_ones():
    missed = {row["name"] for row in results.goals_not_met(RECORDS)}
    assert missed == {"06.softmax.test_accuracy", "03.two_layer_net.test_loss"}


def test_a_broken_goal_op_counts_as_not_met_and_says_why():
    records = {"04.x.acc": {"value": 0.99, "goal": 0.98, "goal_op": "=>"}}
    (row,) = results.goals_not_met(records)
    assert "goal_op" in row["problem"]
    assert "**NOT met** (goal_op must be one of" in render(records=records)


def test_records_not_named_by_lesson_are_rejected():
    with pytest.raises(ValueError, match="two-digit lesson number"):
        results.record_rows({"cnn.accuracy": {"value": 1.0}})


# ------------------------------------------------------------------ the table

def test_lesson_table_has_value_anchor_difference_goal_and_verdict():
    text = render()
    assert "| CNN: test accuracy | 0.9921 | 0.9885 | Sung Kim, lab 11 | +0.0036 | >= 0.9910 | met |" in text
    assert ("| softmax regression: test accuracy | 0.9150 | 0.9035 | Sung Kim, lab 7 | +0.0115 | >= 0.9200 "
            "| **NOT met** |") in text
    assert "| two-layer net: test loss | 0.1200 | - | - | - | <= 0.1000 | **NOT met** |" in text
    # no label: the record name stands in; no goal: no verdict
    assert "| 07.neuron.seconds | 3.5000 | - | - | - | (none) | - |" in text


def test_other_record_keywords_are_shown_as_settings():
    records = {"06.cnn.acc": {"value": 0.99, "goal": 0.98, "epochs": 12, "batch_size": 100, "lr": 0.0005}}
    assert "| met | batch_size 100, epochs 12, lr 0.0005 |" in render(records=records)


def test_rows_keep_recording_order_within_a_lesson():
    text = render()
    assert text.index("softmax regression: test accuracy") < text.index("CNN: test accuracy")


def test_summary_counts_goals_and_names_the_missed_ones():
    text = render()
    assert "- goals met: 1 of 3" in text
    assert "NOT met: two-layer net: test loss (`03.two_layer_net.test_loss`): 0.1200 vs goal <= 0.1000" in text


def test_header_says_generated_and_mode():
    full, quick = render(), render(mode="quick")
    assert "Generated by `make results`" in full and "do not edit by hand" in full
    assert "Mode: **full**" in full
    assert "Mode: **quick**" in quick and "not the course's claims" in quick


def test_failed_notebook_is_marked_with_cell_error_and_source():
    text = render()
    lesson_06 = text[text.index("## 06."):text.index("## 07.")]
    assert "**FAILED**: cell 42 failed with AssertionError: too low" in lesson_06
    assert "line three" in lesson_06 and "line four" not in lesson_06  # first lines only
    assert "only those recorded before the failure" in lesson_06
    assert "failed: 1 (06_mnist_softmax_to_cnn.ipynb)" in text
    assert "| 06_mnist_softmax_to_cnn.ipynb | **FAILED**: cell 42 failed with AssertionError: too low |" in text


def test_numbers_recorded_outside_the_timed_run_are_flagged():
    assert results.recorded_during("2026-01-01T09:01:00+00:00", "2026-01-01 09:00:00", 95.0) is True
    assert results.recorded_during("2026-01-01T09:05:00+00:00", "2026-01-01 09:00:00", 95.0) is False
    assert results.recorded_during("", "2026-01-01 09:00:00", 95.0) is None
    text = render()  # RECORDS' 03 entry was recorded at 09:00:00, inside the 03 run
    assert "Recorded outside" not in text
    late = {"03.two_layer_net.test_loss": dict(RECORDS["03.two_layer_net.test_loss"],
                                               time="2026-01-02T09:00:00+00:00")}
    text = render(records=late)
    assert "**Recorded outside the `make results` run listed below** (rerun this lesson): " \
           "`03.two_layer_net.test_loss`" in text


def test_lesson_without_run_or_records_still_appears():
    text = render()
    lesson_07 = text[text.index("## 07."):text.index("## Time per notebook")]
    assert "Not run by `make results` in this mode yet" in lesson_07
    assert "not run in this mode: 1 (07_breast_cancer_logistic_neuron.ipynb)" in text
    no_records = render(records={})
    assert "No numbers recorded." in no_records[no_records.index("## 03."):]
    never_run = render(timings={})
    assert "No notebook has been run by `make results` in this mode yet." in never_run
    assert "| **total** |" not in never_run


def test_timing_table_total_and_memory():
    text = render()
    assert ("| 03_derivatives_chain_rule.ipynb | ok | 1 min 35 s | cell 17: 1 min 01 s | 800 MiB "
            "| 2026-01-01 09:00:00 |") in text
    assert "3.0 GiB" in text
    assert "| **total** | | **24 min 55 s** | | | |" in text


def test_budget_is_checked_only_when_every_notebook_ran():
    all_ran = dict(TIMINGS, **{"07_breast_cancer_logistic_neuron.ipynb": {"status": "ok", "seconds": 60.0}})
    assert "Total 25 min 55 s: within the 1 h 30 min budget" in render(timings=all_ran, budget_seconds=5400)
    assert "**OVER** the 20 min 00 s budget" in render(timings=all_ran, budget_seconds=1200)
    assert "budget" not in render(budget_seconds=5400)  # lesson 07 has not run: no total to judge


def test_machine_section():
    text = render()
    machine = text[text.index("## Machine"):]
    for expected in ("- CPU: Test CPU 9000", "- cores (os.cpu_count): 2", "- RAM: 16.0 GiB", "- Python: 3.11.7",
                     "- numpy: 2.4.6", "- TensorFlow: 2.21.0", "- Keras: 3.15.1",
                     "- notebooks last executed: 2026-01-01 11:00 UTC"):
        assert expected in machine


def test_pipes_in_labels_do_not_break_the_table():
    records = {"05.x.acc": {"value": 0.5, "label": "a | b", "goal": 0.4}}
    assert "| a \\| b | 0.5000 |" in render(records=records)


@pytest.mark.parametrize("value, anchor, expected", [(0.9921, 0.9885, "+0.0036"), (0.9, 0.95, "-0.0500"),
                                                      (0.5, None, ""), (0.82456, 0.8246, "0.0000")])
def test_format_difference(value, anchor, expected):
    assert results.format_difference(value, anchor) == expected


@pytest.mark.parametrize("value, expected", [(1.0, "1.0000"), (0.98765, "0.9877"), (123.45, "123.5"),
                                             (60000.0, "60000"), (None, "")])
def test_format_number(value, expected):
    assert results.format_number(value) == expected


@pytest.mark.parametrize("seconds, expected", [(4.25, "4.2 s"), (42, "42 s"), (95, "1 min 35 s"),
                                               (3725, "1 h 02 min")])
def test_format_seconds(seconds, expected):
    assert results.format_seconds(seconds) == expected


def test_merge_timings_keeps_old_entries_and_drops_vanished_notebooks():
    previous = {"01_a.ipynb": {"seconds": 1}, "02_b.ipynb": {"seconds": 2}, "09_gone.ipynb": {"seconds": 9}}
    new = {"02_b.ipynb": {"seconds": 20}}
    merged = results.merge_timings(previous, new, ["01_a.ipynb", "02_b.ipynb"])
    assert merged == {"01_a.ipynb": {"seconds": 1}, "02_b.ipynb": {"seconds": 20}}


# ------------------------------------------------------------------ the benchmark section

BENCH = {"date": "2026-01-01 13:00 UTC", "mode": "full", "method": "Median of 5.",
         "machine": MACHINE, "shared_machine_warning": "",
         "tables": [{"title": "Tiny", "note": "a note", "columns": ["what", "s"], "rows": [["numpy", "1.0"]]}]}


def test_bench_section_is_rendered_with_its_markers():
    section = results.render_bench_section(BENCH)
    assert section.startswith(results.BENCH_HEADING + "\n")
    assert results.BENCH_BEGIN in section and section.rstrip().endswith(results.BENCH_END)
    assert "| numpy | 1.0 |" in section and "Median of 5." in section
    assert results.render_bench_section(None) == ""


def test_bench_section_is_replaced_not_appended_twice():
    base = render()
    first = results.replace_bench_section(base, results.render_bench_section(BENCH))
    newer = dict(BENCH, date="2026-02-02 13:00 UTC")
    second = results.replace_bench_section(first, results.render_bench_section(newer))
    assert second.count(results.BENCH_HEADING) == 1
    assert "2026-02-02 13:00 UTC" in second and "2026-01-01 13:00 UTC" not in second
    assert second.startswith(base.rstrip("\n"))


def test_text_after_the_bench_section_survives_replacement():
    text = "# R\n\n" + results.render_bench_section(BENCH) + "\n## Later\n\nkept\n"
    replaced = results.replace_bench_section(text, results.render_bench_section(dict(BENCH, date="NEW")))
    assert "## Later\n\nkept" in replaced and "NEW" in replaced and replaced.count("## Benchmarks") == 1
    removed = results.replace_bench_section(text, "")
    assert "## Benchmarks" not in removed and "kept" in removed


def test_make_results_keeps_the_latest_bench_section():
    text = render(bench=BENCH)
    assert text.count(results.BENCH_HEADING) == 1
    assert text.index("## Machine") < text.index(results.BENCH_HEADING)


def test_bench_tables_from_measurements():
    measured = {
        "mlp": {"sizes": [784, 50, 10], "learning_rate": 0.1, "batch_size": 100, "n_train": 60000,
                "numpy": {"median": 3.0, "best": 2.9, "n": 5}, "keras": {"median": 2.0, "best": 1.9, "n": 5}},
        "conv": {"skipped": "not run: lessons_lib.conv missing", "date": "2026-01-01 13:00 UTC"},
        "neuron": {"n_train": 455, "n_features": 30, "epochs": 20,
                   "runs": [{"label": "full batch", "updates_per_epoch": 1, "median": 0.0001, "best": 0.0001, "n": 5},
                            {"label": "per sample (1)", "updates_per_epoch": 455, "median": 0.01, "best": 0.009,
                             "n": 5}]},
    }
    mlp, conv, neuron = bench.bench_tables(measured)
    assert mlp["rows"][0][1:] == ["3.000", "2.900", "1.50x", "1.53x", "-"]
    assert "Ratio > 1: numpy is slower" in mlp["note"]
    assert conv["rows"] == [] and "missing" in conv["note"] and "Measured 2026-01-01 13:00 UTC." in conv["note"]
    assert neuron["rows"][1] == ["per sample (1)", "455", "10.0", "9.0", "100.00x"]


def test_bench_conv_table_compares_with_tf_eager():
    stats = lambda median: {"median": median, "best": median / 2, "n": 20}  # noqa: E731
    measured = {"conv": {"shape": dict(bench.CONV_SHAPE), "dtype": "float32", "dx_max_relative_difference": 3e-7,
                         "numpy": stats(0.150), "numpy_1thread": stats(0.050), "tf_eager": stats(0.025),
                         "tf_function": stats(0.010)}}
    (conv,) = bench.bench_tables(measured)
    assert [row[0].split(",")[0].split(" (")[0] for row in conv["rows"]] == [
        "numpy im2col", "numpy im2col", "TensorFlow", "TensorFlow"]
    assert [row[3] for row in conv["rows"]] == ["6.00x", "2.00x", "1.00x", "0.40x"]
    assert [row[4] for row in conv["rows"]] == ["6.00x", "2.00x", "1.00x", "0.40x"] and conv["rows"][0][2] == "75.0"
    assert conv["rows"][0][1] == "150.0" and "3e-07" in conv["note"]


def test_bench_summary_and_load_warning():
    assert bench.summarize([3.0, 1.0, 2.0]) == {"median": 2.0, "best": 1.0, "n": 3}
    with pytest.raises(ValueError):
        bench.summarize([])
    assert bench.load_warning({"mlp": {"load_average": [0.2, 0.4]}}, 2) == ""
    warning = bench.load_warning({"mlp": {"load_average": [0.2, 0.4]}, "conv": {"load_average": [2.5, 3.0]}}, 2)
    assert "not representative" in warning and "conv (3.0)" in warning and "mlp" not in warning
    assert bench.ratio_text(3.0, 2.0) == "1.50x" and bench.ratio_text(3.0, 0.0) == "n/a"


# ------------------------------------------------------------------ end to end, on fixture notebooks

def _fixture_notebooks(folder: Path):
    ok = nbformat.v4.new_notebook()
    ok.cells = [nbformat.v4.new_markdown_cell("# 01. Fixture that works"),
                nbformat.v4.new_code_cell("import os\nfrom lessons_lib import record, QUICK\n"
                                          "assert os.environ['LESSONS_STRICT_CHECKS'] == '1' and QUICK\n"
                                          "record('01.fixture.accuracy', 0.99, label='fixture accuracy', "
                                          "anchor=0.98, source='book', goal=0.95, goal_op='>=')")]
    broken = nbformat.v4.new_notebook()
    broken.cells = [nbformat.v4.new_markdown_cell("# 02. Fixture that fails"),
                    nbformat.v4.new_code_cell("from lessons_lib import record\nrecord('02.fixture.before', 1.0)"),
                    nbformat.v4.new_code_cell("# the failing cell\nraise ZeroDivisionError('on purpose')"),
                    nbformat.v4.new_code_cell("record('02.fixture.after', 1.0)")]
    folder.mkdir()
    nbformat.write(ok, folder / "01_works.ipynb")
    nbformat.write(broken, folder / "02_fails.ipynb")


def test_results_end_to_end_on_fixture_notebooks(tmp_path):
    notebooks = tmp_path / "notebooks"
    _fixture_notebooks(notebooks)
    build = tmp_path / "build"
    stale = build / "results" / "quick" / "02.json"  # a record from an older run must not survive
    stale.parent.mkdir(parents=True)
    stale.write_text(json.dumps({"02.fixture.after": {"value": 1.0}}), encoding="utf-8")
    env = {**os.environ, "LESSONS_QUICK": "1", "LESSONS_BUILD_DIR": str(build)}
    command = [sys.executable, str(TOOLS / "results.py"), "--notebooks", str(notebooks), "--timeout", "120"]
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr  # one notebook failed
    assert "QUICK mode" in run.stdout
    assert "01_works.ipynb: ok in" in run.stdout
    assert "02_fails.ipynb: FAILED" in run.stdout and "cell 2 failed with ZeroDivisionError: on purpose" in run.stdout
    text = (build / "RESULTS-quick.md").read_text(encoding="utf-8")
    assert "| fixture accuracy | 0.9900 | 0.9800 | book | +0.0100 | >= 0.9500 | met |" in text
    assert "02.fixture.before" in text and "02.fixture.after" not in text
    # a third notebook appears later and has not been run: the table says so and the exit is 1
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), notebooks / "03_new.ipynb")
    table_only = subprocess.run(command + ["--no-execute"], capture_output=True, text=True, env=env, timeout=300)
    assert table_only.returncode == 1 and "NOT RUN: 03_new.ipynb" in table_only.stdout
    (notebooks / "03_new.ipynb").unlink()
    assert (build / "executed" / "01_works.ipynb").exists() and (build / "executed" / "02_fails.ipynb").exists()
    assert (build / "executed" / "02_fails.kernel.log").exists()  # kernel noise goes there, not to the terminal
    assert "TCP without encryption" not in run.stdout + run.stderr
    timings = json.loads((build / "results" / "timings-quick.json").read_text(encoding="utf-8"))["notebooks"]
    assert timings["01_works.ipynb"]["peak_rss_bytes"] > 10 * 2 ** 20
    assert timings["01_works.ipynb"]["slowest_cell"][0] == 1
    # --only reruns one notebook and keeps the other's timing; --no-execute only re-renders
    rerun = subprocess.run(command + ["--only", "1"], capture_output=True, text=True, env=env, timeout=300)
    assert "02_fails.ipynb" not in rerun.stdout.split("wrote")[0]
    assert "02_fails.ipynb: cell 2 failed" in rerun.stdout
    (build / "results" / "quick" / "03.json").write_text("{ not json", encoding="utf-8")  # a half-written file
    again = subprocess.run(command + ["--no-execute"], capture_output=True, text=True, env=env, timeout=300)
    assert "started" not in again.stdout and again.returncode == 1
    assert "warning: unreadable record file 03.json" in again.stdout
    assert "**problem**: unreadable record file 03.json" in (build / "RESULTS-quick.md").read_text(encoding="utf-8")
    assert (build / "RESULTS-quick.md").read_text(encoding="utf-8").count("| 01_works.ipynb | ok |") == 1
    # the lesson changes after its run: its records are out of date, and the table says so
    changed = nbformat.read(notebooks / "01_works.ipynb", as_version=4)
    changed.cells.append(nbformat.v4.new_code_cell("x = 1  # new code"))
    nbformat.write(changed, notebooks / "01_works.ipynb")
    (build / "results" / "quick" / "03.json").unlink()
    outdated = subprocess.run(command + ["--no-execute"], capture_output=True, text=True, env=env, timeout=300)
    assert outdated.returncode == 1 and "OUT OF DATE: lesson 01's records are out of date" in outdated.stdout
    assert "lesson 01's records are out of date" in (build / "RESULTS-quick.md").read_text(encoding="utf-8")


# --- the seed study (make seeds) ---------------------------------------------------------------

def _entry(value, goal=None, goal_op=">=", anchor=None, label="x"):
    entry = {"value": value, "label": label, "quick": False, "time": "2026-11-29T10:00:00+00:00"}
    if goal is not None:
        entry.update(goal=goal, goal_op=goal_op)
    if anchor is not None:
        entry["anchor"] = anchor
    return entry


def test_strict_goals_and_unknown_operators():
    assert results.evaluate_goal(0.01, 0.0, ">") is True and results.evaluate_goal(0.0, 0.0, ">") is False
    assert results.evaluate_goal(-1.0, 0.0, "<") is True
    with pytest.raises(ValueError, match="goal_op"):
        results.evaluate_goal(1.0, 0.0, "=>")


def test_median_of_odd_and_even_counts():
    assert results.median([3, 1, 2]) == 2
    assert results.median([4, 1, 2, 3]) == 2.5
    with pytest.raises(ValueError):
        results.median([])


def test_seed_rows_judge_the_goal_on_the_median_and_count_single_seeds():
    records = {0: {"06.cnn.acc": _entry(0.990, goal=0.991), "06.cnn.loss": _entry(0.2)},
               1: {"06.cnn.acc": _entry(0.992, goal=0.991)},
               2: {"06.cnn.acc": _entry(0.993, goal=0.991)}}
    rows = {row["name"]: row for row in results.seed_rows(records)}
    acc = rows["06.cnn.acc"]
    assert (acc["median"], acc["min"], acc["max"]) == (0.992, 0.990, 0.993)
    assert acc["met"] is True and acc["met_seeds"] == 2 and not acc["goal_varies"]
    assert rows["06.cnn.loss"]["met"] is None and list(rows["06.cnn.loss"]["values"]) == [0]


def test_seed_rows_take_the_median_goal_when_the_goal_depends_on_the_run():
    records = {0: {"05.gap": _entry(0.1, goal=0.2, goal_op="<=")},
               1: {"05.gap": _entry(0.3, goal=0.25, goal_op="<=")},
               2: {"05.gap": _entry(0.2, goal=0.1, goal_op="<=")}}
    row = results.seed_rows(records)[0]
    assert row["goal"] == 0.2 and row["goal_varies"] and row["met"] is True and row["met_seeds"] == 1


def test_seed_section_lists_rows_and_names_goals_not_met():
    records = {0: {"06.cnn.acc": _entry(0.990, goal=0.991, anchor=0.9885, label="CNN")},
               1: {"06.cnn.acc": _entry(0.989, goal=0.991, anchor=0.9885, label="CNN")}}
    text = results.render_seed_section(records, {0: "2026-11-29, 8 notebooks in 40 min"})
    assert text.startswith(results.SEED_HEADING) and results.SEED_END in text
    assert ("| CNN (`06.cnn.acc`) | 2 | 0.9895 | 0.9890 | 0.9900 | 0.9885 | >= 0.9910 | **NOT met** (0 of 2 seeds) "
            "| 0.9900 / 0.9890 |") in text  # each offset's value, in offset order
    assert "| by offset (0, 1) |" in text
    assert "0 of 1 goals met on the median. Not met: `06.cnn.acc`." in text
    assert "offset 0: 2026-11-29" in text
    assert results.render_seed_section({0: records[0]}) == ""  # one seed is no study


def test_seed_section_marks_an_offset_missing_for_one_result():
    records = {0: {"06.a": _entry(0.5), "06.b": _entry(0.7)}, 2: {"06.a": _entry(0.6)}}
    text = results.render_seed_section(records)
    assert "| 0.5000 / 0.6000 |" in text and "| 0.7000 / - |" in text


def _notebook_file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(text)]), path)
    return path


def test_a_run_of_another_version_of_a_notebook_is_stale(tmp_path):
    current = _notebook_file(tmp_path, "05_x.ipynb", "print(1)")
    same = results.notebook_digest(current)
    assert results.notebook_digest(_notebook_file(tmp_path, "06_y.ipynb", "print(1)")) == same
    timings = {"05_x.ipynb": {"notebook_sha": same}, "06_y.ipynb": {"notebook_sha": "0" * 16}}
    assert results.stale_lessons(timings, [current, tmp_path / "06_y.ipynb"]) == {
        "06": "run on an older version of the notebook"}
    assert "stamped" in results.stale_lessons({"05_x.ipynb": {}}, [current])["05"]
    reworded = nbformat.read(current, as_version=4)  # text is not code: still the same version
    reworded.cells.append(nbformat.v4.new_markdown_cell("A clearer paragraph."))
    nbformat.write(reworded, current)
    assert results.notebook_digest(current) == same
    executed = tmp_path / "executed"  # an unstamped run is dated by its executed copy
    executed.mkdir()
    _notebook_file(executed, "05_x.ipynb", "print(1)")
    assert results.stale_lessons({"05_x.ipynb": {}}, [current], executed) == {}
    _notebook_file(executed, "05_x.ipynb", "print(2)")
    assert results.stale_lessons({"05_x.ipynb": {}}, [current], executed) == {
        "05": "run on an older version of the notebook"}


def test_the_seed_study_leaves_out_runs_of_an_older_version(tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    lesson = _notebook_file(notebooks, "06_y.ipynb", "print(1)")
    monkeypatch.setenv("LESSONS_STUDY_BASE", str(tmp_path / "build"))
    for offset, sha in ((0, results.notebook_digest(lesson)), (1, results.notebook_digest(lesson)),
                        (2, "0" * 16)):
        folder = results.seed_build_dir(offset) / "results"
        (folder / "full").mkdir(parents=True)
        (folder / "full" / "06.json").write_text(json.dumps({"06.acc": _entry(0.99 + offset / 1000)}),
                                                 encoding="utf-8")
        (folder / "timings-full.json").write_text(json.dumps(
            {"notebooks": {"06_y.ipynb": {"notebook_sha": sha, "seconds": 1, "started": "2026-11-29"}}}),
            encoding="utf-8")
    left_out: dict = {}
    records, _ = results.seed_study_on_disk(False, [lesson], left_out)
    assert sorted(records) == [0, 1] and left_out == {2: {"06": "run on an older version of the notebook"}}
    text = results.render_seed_section(records, left_out=left_out)
    assert "| x (`06.acc`) | 2 |" in text and "offset 2: 06 (run on an older version" in text


def test_seed_section_goes_before_the_benchmarks_and_is_replaced_not_duplicated():
    base = "# Results\n\ntable\n\n" + results.BENCH_HEADING + "\n\nbench\n"
    section = results.SEED_HEADING + "\n\nnew\n" + results.SEED_END + "\n"
    once = results.replace_seed_section(base, section)
    assert once.index(results.SEED_HEADING) < once.index(results.BENCH_HEADING)
    twice = results.replace_seed_section(once, section.replace("new", "newer"))
    assert twice.count(results.SEED_HEADING) == 1 and "newer" in twice and "\nnew\n" not in twice
    assert results.replace_seed_section(once, "") == once  # nothing new: the committed study stays


# --- the committed copy of the study's inputs (docs/results-data/) -----------------------------

def _write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _read(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _timings(**started):
    return {"notebooks": {f"{lesson[1:]}_x.ipynb": {"seconds": 1, "started": day}
                          for lesson, day in started.items()}}


def test_restore_takes_the_newer_run_of_each_lesson_and_never_a_stale_one(tmp_path):
    archive, base = tmp_path / "archive", tmp_path / "build"
    full, seed_1 = Path("results") / "full", Path("seeds") / "seed-1" / "results"
    _write(archive / full / "01.json", {"01.a": _entry(0.5)})
    _write(archive / full / "02.json", {"02.b": _entry(0.7)})
    _write(archive / full / "04.json", {"04.d": _entry(0.4)})  # newer than this machine's
    _write(archive / "results" / "timings-full.json",  # 03's newer run recorded nothing
           _timings(_01="2026-11-01", _02="2026-11-01", _03="2026-11-05", _04="2026-11-04"))
    _write(archive / seed_1 / "full" / "02.json", {"02.b": _entry(0.71)})
    _write(archive / seed_1 / "timings-full.json", _timings(_02="2026-11-01"))
    _write(archive / "results" / "quick" / "01.json", {})  # not the full-mode study
    (archive / full / "02.json.lock").write_text("", encoding="utf-8")
    assert [str(p) for p in results.study_inputs(archive)] == [
        "results/timings-full.json", "results/full/01.json", "results/full/02.json",
        "results/full/04.json", "seeds/seed-1/results/timings-full.json",
        "seeds/seed-1/results/full/02.json"]
    _write(base / full / "01.json", {"01.a": _entry(0.6)})  # this machine's newer run
    _write(base / full / "03.json", {"03.c": _entry(0.3)})  # its older ones
    _write(base / full / "04.json", {"04.d": _entry(0.1)})
    _write(base / "results" / "timings-full.json",
           _timings(_01="2026-11-03", _03="2026-11-02", _04="2026-11-01"))
    restored = results.restore_study(base, archive)
    assert sorted(str(p) for p in restored) == [
        "results/full/02.json", "results/full/03.json", "results/full/04.json",
        "results/timings-full.json", "seeds/seed-1/results/full/02.json",
        "seeds/seed-1/results/timings-full.json"]
    assert _read(base / full / "01.json")["01.a"]["value"] == 0.6  # newer: never overwritten
    assert _read(base / full / "04.json")["04.d"]["value"] == 0.4  # older: replaced
    assert not (base / full / "03.json").exists()  # its run was replaced by one without records
    started = {name[:2]: entry["started"]
               for name, entry in _read(base / "results" / "timings-full.json")["notebooks"].items()}
    assert started == {"01": "2026-11-03", "02": "2026-11-01", "03": "2026-11-05", "04": "2026-11-04"}
    assert _read(base / seed_1 / "full" / "02.json")["02.b"]["value"] == 0.71
    assert results.restore_study(base, archive) == []  # nothing newer left


def test_archive_mirrors_build_and_a_broken_file_changes_nothing(tmp_path):
    archive, base = tmp_path / "archive", tmp_path / "build"
    full = Path("results") / "full"
    _write(base / full / "01.json", {"01.a": _entry(0.6)})
    _write(base / "results" / "timings-full.json", _timings(_01="2026-11-03"))
    _write(archive / full / "01.json", {"01.a": _entry(0.5)})
    _write(archive / "seeds" / "seed-5" / "results" / "full" / "02.json", {})  # gone from build
    kept = results.archive_study(base, archive)
    assert results.study_inputs(archive) == kept == results.study_inputs(base)
    assert not (archive / "seeds" / "seed-5" / "results" / "full" / "02.json").exists()
    assert _read(archive / full / "01.json")["01.a"]["value"] == 0.6
    _write(base / full / "02.json", {"02.b": _entry(0.7)})
    (base / full / "01.json").write_text("{ half", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"01\.json: unreadable .*delete it and rerun"):
        results.archive_study(base, archive)  # a broken file is named, and nothing is archived
    assert results.study_inputs(archive) == kept
    assert _read(archive / full / "01.json")["01.a"]["value"] == 0.6
    (archive / "results" / "timings-full.json").write_text("[]", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"expected a JSON object.*git checkout"):
        results.restore_study(tmp_path / "elsewhere", archive)


def test_a_clean_clone_reruns_one_lesson_and_keeps_the_others_committed_runs(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for number, value in (("01", 0.91), ("02", 0.92)):
        code = (f"from lessons_lib import record\nrecord('{number}.fixture.value', {value}, "
                f"label='fixture {number}')")
        _notebook_file(notebooks, f"{number}_fixture.ipynb", code)
    archive, table = tmp_path / "results-data", tmp_path / "RESULTS.md"
    env = {key: value for key, value in os.environ.items() if key != "LESSONS_QUICK"}
    command = [sys.executable, str(TOOLS / "results.py"), "--notebooks", str(notebooks),
               "--timeout", "120", "--output", str(table), "--archive", str(archive)]

    def run(build, *extra):
        done = subprocess.run(command + list(extra), capture_output=True, text=True, timeout=300,
                              env={**env, "LESSONS_BUILD_DIR": str(tmp_path / build)})
        assert "FULL mode" in done.stdout, done.stdout + done.stderr
        return done

    first = run("build-1")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "kept 3 record and timing file(s)" in first.stdout
    assert sorted(p.name for p in (archive / "results" / "full").iterdir()) == ["01.json", "02.json"]
    rerun = run("build-2", "--only", "02")  # a fresh build folder: a clean clone
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "restored 3 record and timing file(s)" in rerun.stdout
    assert "01_fixture.ipynb" not in rerun.stdout.split("wrote")[0]  # not rerun
    text = table.read_text(encoding="utf-8")
    assert "fixture 01" in text and "fixture 02" in text
    # lesson 01's code changes: its committed run is of an older version and is not shown as current
    changed = nbformat.read(notebooks / "01_fixture.ipynb", as_version=4)
    changed.cells.append(nbformat.v4.new_code_cell("x = 1  # new code"))
    nbformat.write(changed, notebooks / "01_fixture.ipynb")
    stale = run("build-3", "--only", "02")
    assert stale.returncode == 1 and "OUT OF DATE: lesson 01's records are out of date" in stale.stdout
    quick = subprocess.run(command + ["--no-execute"], capture_output=True, text=True, timeout=300,
                           env={**env, "LESSONS_QUICK": "1", "LESSONS_BUILD_DIR": str(tmp_path / "q")})
    assert quick.returncode == 2 and "quick mode has none" in quick.stderr
