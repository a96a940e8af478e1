"""tools/time_08.py: lesson 08's back-to-back time comparison judges and reports honestly."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import time_08  # noqa: E402


def test_the_verdict_is_the_ratio_against_the_goal():
    assert time_08.verdict(1000, 700) == (0.7, True)
    ratio, met = time_08.verdict(1000, 701)
    assert not met and ratio == pytest.approx(0.701)
    for bad in ((0, 700), (1000, -1)):
        with pytest.raises(ValueError, match="positive"):
            time_08.verdict(*bad)


def test_errors_of_an_executed_notebook_are_listed_by_cell():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "x"},
            {"cell_type": "code", "outputs": [{"output_type": "stream", "text": "ok"}]},
            {
                "cell_type": "code",
                "outputs": [
                    {
                        "output_type": "error",
                        "ename": "AssertionError",
                        "evalue": "plain loss 0.208\nmore",
                    }
                ],
            },
        ]
    }
    assert time_08.cell_errors(notebook) == ["cell 2: AssertionError: plain loss 0.208"]
    assert time_08.cell_errors({"cells": []}) == []


def test_the_report_gives_both_runs_their_errors_and_a_missed_goal_plainly():
    runs = [
        {
            "label": "v1",
            "commit": "a961d34",
            "started": "s1",
            "seconds": 2000,
            "load_before": "0.1",
            "load_after": "2.0",
            "errors": ["cell 33: AssertionError: x"],
        },
        {
            "label": "this version",
            "commit": "abc1234",
            "started": "s2",
            "seconds": 1700,
        },
    ]
    text = time_08.render(runs, how="By this tool.", generated="now")
    assert (
        "| v1 | `a961d34` | s1 | 33 min 20 s | 0.1 / 2.0 | - / - | cell 33: AssertionError: x |"
        in text
    )
    assert (
        "| this version | `abc1234` | s2 | 28 min 20 s | - / - | - / - | none |" in text
    )
    assert "Ratio: 0.85 of v1's time (goal: at most 0.70): **NOT met**." in text
    runs[1]["seconds"] = 1400
    assert "Ratio: 0.70 of v1's time (goal: at most 0.70): met." in time_08.render(
        runs, how="", generated=""
    )
    with pytest.raises(ValueError, match="need the baseline run and the current run"):
        time_08.render(runs[:1], how="", generated="")


def test_a_run_with_uncommitted_changes_is_refused(monkeypatch):
    monkeypatch.setattr(
        time_08, "git", lambda *args, **kw: " M notebooks/08_vgg_resnet.ipynb"
    )
    with pytest.raises(SystemExit, match="commit your changes first"):
        time_08.main([])


def results_timings(seconds=1745.46, status="ok", mode="full"):
    entry = {
        "status": status,
        "mode": mode,
        "seconds": seconds,
        "started": "2026-11-30 10:19:24",
    }
    return {"machine": {}, "notebooks": {time_08.NOTEBOOK: entry}}


def test_a_run_is_read_from_a_results_timings_file():
    run = time_08.run_from_timings(results_timings(), "t.json", "e08bee9")
    assert run == {
        "label": "this version",
        "commit": "e08bee9",
        "started": "2026-11-30 10:19",
        "seconds": 1745.46,
    }


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"notebooks": {}}, "no 08_vgg_resnet.ipynb entry"),
        ([], "no 08_vgg_resnet.ipynb entry"),
        (results_timings(status="failed"), "did not finish a full-mode run"),
        (results_timings(mode="quick"), "did not finish a full-mode run"),
        (results_timings(seconds=0), "no positive 'seconds'"),
        (results_timings(seconds=True), "no positive 'seconds'"),
    ],
)
def test_a_missing_or_failed_run_names_the_file(bad, message):
    with pytest.raises(ValueError, match=message) as error:
        time_08.run_from_timings(bad, "build/x/timings-full.json", "e08bee9")
    assert "build/x/timings-full.json" in str(error.value)


def test_report_from_two_files(tmp_path, monkeypatch):
    v1 = tmp_path / "v1-run.json"
    v1.write_text(
        json.dumps(
            {
                "label": "v1",
                "commit": "a961d34",
                "started": "2026-11-30 10:42",
                "seconds": 2500.0,
                "errors": ["cell 33: AssertionError: x"],
            }
        ),
        encoding="utf-8",
    )
    timings = tmp_path / "timings-full.json"
    timings.write_text(json.dumps(results_timings(1745.46)), encoding="utf-8")
    monkeypatch.setattr(time_08, "DOC_PATH", tmp_path / "TIME-08.md")
    monkeypatch.setattr(time_08, "lesson_code", lambda commit: "code-" + commit)
    assert (
        time_08.main(["--report-from", str(v1), str(timings), "--commit", "e08bee9"])
        == 0
    )
    text = (tmp_path / "TIME-08.md").read_text(encoding="utf-8")
    assert "Ratio: 0.70 of v1's time (goal: at most 0.70): met." in text
    assert (
        "| this version | `e08bee9` | 2026-11-30 10:19 | 29 min 05 s | - / - | - / - | none |"
        in text
    )
    with pytest.raises(SystemExit, match="needs --commit"):
        time_08.main(["--report-from", str(v1), str(timings)])
    timings.write_text(json.dumps(results_timings(status="failed")), encoding="utf-8")
    with pytest.raises(SystemExit, match="did not finish"):
        time_08.main(["--report-from", str(v1), str(timings), "--commit", "e08bee9"])
    v1.write_text("{}", encoding="utf-8")
    timings.write_text(json.dumps(results_timings()), encoding="utf-8")
    with pytest.raises(SystemExit, match="not a run saved by run_lesson"):
        time_08.main(["--report-from", str(v1), str(timings), "--commit", "e08bee9"])


def test_main_runs_v1_then_this_version_and_removes_the_worktree(tmp_path, monkeypatch):
    monkeypatch.setattr(time_08, "lesson_code", lambda commit: "code-" + commit)
    calls = []

    def fake_git(*args, **kw):
        calls.append(("git",) + args[:2])
        return "abc1234" if args[0] == "rev-parse" else ""

    def fake_run(tree, label, commit, quick=False):
        calls.append(("run", label, commit, quick))
        seconds = {"v1": 2000.0, "this version": 1500.0}[label]
        return {"label": label, "commit": commit, "started": "now", "seconds": seconds}

    monkeypatch.setattr(time_08, "git", fake_git)
    monkeypatch.setattr(time_08, "run_lesson", fake_run)
    monkeypatch.setattr(time_08, "WORK", tmp_path / "work")
    monkeypatch.setattr(time_08, "DOC_PATH", tmp_path / "TIME-08.md")
    assert time_08.main([]) == 0
    runs = [call for call in calls if call[0] == "run"]
    assert runs == [
        ("run", "v1", time_08.BASELINE, False),
        ("run", "this version", "abc1234", False),
    ]
    assert calls[-1][:2] == ("git", "worktree") and calls[-1][2] == "remove"
    assert "Ratio: 0.75 of v1's time (goal: at most 0.70): **NOT met**." in (
        tmp_path / "TIME-08.md"
    ).read_text(encoding="utf-8")

    def failing_run(tree, label, commit, quick=False):
        raise RuntimeError("kernel died")

    calls.clear()
    monkeypatch.setattr(time_08, "run_lesson", failing_run)
    with pytest.raises(RuntimeError, match="kernel died"):
        time_08.main([])
    assert calls[-1][:3] == ("git", "worktree", "remove"), (
        "the worktree is removed after a failure"
    )


def test_this_first_runs_this_version_before_v1_and_reports_v1_first(
    tmp_path, monkeypatch
):
    order = []

    def fake_run(tree, label, commit, quick=False):
        order.append(label)
        seconds = {"v1": 2000.0, "this version": 1300.0}[label]
        started = f"2026-11-30 1{len(order)}:00"
        return {
            "label": label,
            "commit": commit,
            "started": started,
            "seconds": seconds,
        }

    monkeypatch.setattr(
        time_08, "git", lambda *a, **k: "abc1234" if a[0] == "rev-parse" else ""
    )
    monkeypatch.setattr(time_08, "run_lesson", fake_run)
    monkeypatch.setattr(time_08, "lesson_code", lambda commit: "c0de")
    monkeypatch.setattr(time_08, "WORK", tmp_path / "work")
    monkeypatch.setattr(time_08, "DOC_PATH", tmp_path / "TIME-08.md")
    assert time_08.main(["--this-first"]) == 0
    assert order == ["this version", "v1"]
    text = (tmp_path / "TIME-08.md").read_text(encoding="utf-8")
    assert text.index("| v1 | `a961d34`") < text.index("| this version | `abc1234`")
    assert "this version first." in text and "Ratio: 0.65 of v1's time" in text
    assert "| this version | 33 min 20 s | 21 min 40 s | 0.65 | met |" in text


def pair(v1_seconds, seconds, code, started=("2026-11-30 13:18", "2026-11-30 13:46")):
    return {
        "generated": "g",
        "how": "h",
        "lesson_code": code,
        "runs": [
            {
                "label": "v1",
                "commit": "a961d34",
                "started": started[0],
                "seconds": v1_seconds,
            },
            {
                "label": "this version",
                "commit": "e91c99a",
                "started": started[1],
                "seconds": seconds,
            },
        ],
    }


def test_the_goal_is_met_only_if_every_pair_of_the_same_code_meets_it():
    older = pair(2025.0, 1761.0, "old")  # 0.87, another lesson code: listed, not judged
    missed = pair(1695.0, 1200.0, "new")  # 0.71
    met = pair(1700.0, 1150.0, "new", started=("2026-11-30 17:00", "2026-11-30 16:30"))
    lines = "\n".join(time_08.history_lines([older, missed, met]))
    assert (
        "| g | `a961d34` | `e91c99a` | `old` | v1 | 33 min 45 s | 29 min 21 s | 0.87 | NOT met |"
        in lines
    )
    assert "| `new` | this version | 28 min 20 s | 19 min 10 s | 0.68 | met |" in lines
    assert "is **NOT met** for the latest pair's lesson code (`new`" in lines
    assert "2 pairs, ratios 0.71, 0.68, and 1 of 2 meet the goal." in lines
    both = "\n".join(time_08.history_lines([missed | {"lesson_code": "x"}, met]))
    assert "goal (at most 0.70 of v1's time) is met for the latest" in both
    assert "one pair so far, ratio 0.68, and 1 of 1 meet the goal." in both


def test_a_committed_report_is_read_back_into_a_pair(tmp_path, monkeypatch):
    runs = pair(1695.0, 1199.8, "x")["runs"]
    runs[0].update(
        load_before="0.43", load_after="2.41", errors=["cell 33: AssertionError: a; b"]
    )
    report = time_08.render(runs, how="By hand.", generated="2026-11-30 14:08 UTC")
    read = time_08.parse_report(report)
    assert read["generated"] == "2026-11-30 14:08 UTC" and read["how"] == "By hand."
    assert read["runs"][0] == {**runs[0], "errors": ["cell 33: AssertionError: a", "b"]}
    assert read["runs"][1] == {**runs[1], "seconds": 1200.0, "errors": []}
    for bad in ("# nothing", report.replace("| v1 |", "| v0 |")):
        with pytest.raises(ValueError, match="not a report of tools/time_08.py"):
            time_08.parse_report(bad)
    with pytest.raises(ValueError, match="28 min"):
        time_08.parse_seconds("28:15")
    monkeypatch.setattr(time_08, "DOC_PATH", tmp_path / "TIME-08.md")
    monkeypatch.setattr(time_08, "git", lambda *args, **kw: report)
    monkeypatch.setattr(time_08, "lesson_code", lambda commit: "c0de")
    assert time_08.main(["--import-report", "6ea395c"]) == 0
    saved = json.loads((tmp_path / "TIME-08.json").read_text(encoding="utf-8"))
    assert len(saved) == 1 and saved[0]["lesson_code"] == "c0de"
    assert saved[0]["how"] == (
        "By hand. (Recovered from the report committed at 6ea395c: its raw JSON files were "
        "in build/ and not kept.)"
    )
    text = (tmp_path / "TIME-08.md").read_text(encoding="utf-8")
    assert text.index("Issue 20's goal") < text.index("| version |"), (
        "the verdict first"
    )
    (tmp_path / "TIME-08.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(SystemExit, match="TIME-08.json: unreadable"):
        time_08.main(["--import-report", "6ea395c"])


def test_the_lesson_code_digest_ignores_markdown(monkeypatch):
    def notebook(markdown):
        cells = [
            {"cell_type": "markdown", "source": [markdown]},
            {"cell_type": "code", "source": ["x = 1"]},
        ]
        return json.dumps({"cells": cells})

    monkeypatch.setattr(time_08, "git", lambda *args, **kw: notebook("a"))
    first = time_08.lesson_code("r1")
    monkeypatch.setattr(time_08, "git", lambda *args, **kw: notebook("b"))
    assert time_08.lesson_code("r2") == first and len(first) == 12


def test_slow_cells_come_from_nbclients_timestamps_and_reach_the_report():
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# a lesson"),
        nbformat.v4.new_code_cell(
            "import time\ntime.sleep(0.6)  # the slow one | piped"
        ),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("never = 'run'"),
    ]
    client = NotebookClient(notebook, timeout=60, kernel_name="python3")
    with client.setup_kernel():
        for index in (1, 2):
            client.execute_cell(notebook.cells[index], index)
    slow = time_08.slow_cells(notebook, at_least=0.5)
    assert [(index, first) for index, _, first in slow] == [(1, "import time")]
    assert 0.5 <= slow[0][1] < 5
    assert time_08.slow_cells(notebook, at_least=10) == []
    runs = [
        {"label": "v1", "commit": "a", "started": "s", "seconds": 100,
         "slow_cells": [[12, 290.4, "deep_result = train(x | y)"]]},
        {"label": "this version", "commit": "b", "started": "s", "seconds": 70},
    ]  # fmt: skip
    text = time_08.render(runs, how="", generated="")
    assert "| v1 | 12 | 290 | `deep_result = train(x \\| y)` |" in text
    assert "this version |" not in text.split("by run:")[1].split("\n\n")[1]
    del runs[0]["slow_cells"]
    assert "by run:" not in time_08.render(runs, how="", generated="")
