"""tools/time_08.py: lesson 08's back-to-back time comparison reads and judges its timings honestly."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import time_08  # noqa: E402


def timings(seconds=1000.0, status="ok"):
    entry = {"status": status, "seconds": seconds, "started": "2026-11-30 10:06:50"}
    return {"machine": {}, "notebooks": {time_08.NOTEBOOK: entry}}


def test_seconds_are_read_from_a_finished_run():
    assert time_08.notebook_seconds(timings(1745.46), "t.json") == 1745.46


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"notebooks": {}}, "no 08_vgg_resnet.ipynb entry"),
        (timings(status="failed"), "did not finish"),
        (timings(seconds=0), "no positive 'seconds'"),
        (timings(seconds=True), "no positive 'seconds'"),
        ([], "no 08_vgg_resnet.ipynb entry"),
    ],
)
def test_a_missing_or_failed_run_names_the_file(bad, message):
    with pytest.raises(ValueError, match=message) as error:
        time_08.notebook_seconds(bad, "build/x/timings-full.json")
    assert "build/x/timings-full.json" in str(error.value)


def test_the_verdict_is_the_ratio_against_the_goal():
    assert time_08.verdict(1000, 700) == (0.7, True)
    ratio, met = time_08.verdict(1000, 701)
    assert not met and ratio == pytest.approx(0.701)
    with pytest.raises(ValueError, match="positive"):
        time_08.verdict(0, 700)


def test_the_report_gives_both_runs_and_a_missed_goal_plainly():
    runs = [
        {
            "label": "v1",
            "commit": "a961d34",
            "started": "s1",
            "seconds": 2000,
            "load_before": "0.1",
            "load_after": "2.0",
        },
        {
            "label": "this version",
            "commit": "abc1234",
            "started": "s2",
            "seconds": 1700,
        },
    ]
    text = time_08.render(runs, how="By hand.", generated="now")
    assert "| v1 | `a961d34` | s1 | 33 min 20 s | 0.1 / 2.0 |" in text
    assert "| this version | `abc1234` | s2 | 28 min 20 s | - / - |" in text
    assert "Ratio: 0.85 of v1's time (goal: at most 0.70): **NOT met**." in text
    runs[1]["seconds"] = 1400
    assert "Ratio: 0.70 of v1's time (goal: at most 0.70): met." in time_08.render(
        runs, how="", generated=""
    )


def test_report_only_renders_two_timings_files(tmp_path, monkeypatch):
    base, current = tmp_path / "base.json", tmp_path / "current.json"
    base.write_text(json.dumps(timings(2000.0)), encoding="utf-8")
    current.write_text(json.dumps(timings(1300.0)), encoding="utf-8")
    monkeypatch.setattr(time_08, "DOC_PATH", tmp_path / "TIME-08.md")
    assert time_08.main(["--report-only", str(base), str(current)]) == 0
    text = (tmp_path / "TIME-08.md").read_text(encoding="utf-8")
    assert "Ratio: 0.65 of v1's time" in text and str(base) in text


def test_report_only_refuses_a_failed_run(tmp_path):
    base, current = tmp_path / "base.json", tmp_path / "current.json"
    base.write_text(json.dumps(timings(status="failed")), encoding="utf-8")
    current.write_text("{not json", encoding="utf-8")
    with pytest.raises(SystemExit, match="did not finish"):
        time_08.main(["--report-only", str(base), str(current)])
    base.write_text(json.dumps(timings()), encoding="utf-8")
    with pytest.raises(SystemExit, match="cannot read timings file"):
        time_08.main(["--report-only", str(base), str(current)])
