"""tools/time_08.py: lesson 08's back-to-back time comparison judges and reports honestly."""

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
    import json

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
