"""tools/sweep.py's --from-report: a lesson-08 sweep whose JSON file was lost with build/
rebuilds it from its committed report. The committed reports of make sweep-08-book and
make sweep-08-schedule come back unchanged, and a report that does not fit its tool is
named with what is wrong."""

import json
from pathlib import Path

import pytest
from sweep_testing import load_tool

ROOT = Path(__file__).resolve().parent.parent
book = load_tool("sweep_08_book", "sweep_08_book.py")
schedule = load_tool("sweep_08_schedule", "sweep_08_schedule.py")
from sweep import data_from_report, decide, rebuild_from_report  # noqa: E402


@pytest.mark.parametrize("tool", [book, schedule], ids=["book", "schedule"])
def test_the_committed_report_comes_back_unchanged(tool):
    text = tool.DOC_PATH.read_text(encoding="utf-8")
    data = data_from_report(tool, text, "report")
    assert data["mode"] == "full" and data["validation_size"] == 5000
    assert len(data["runs"]) == 3  # the baseline run is shared by both factors
    decide(tool, data, data["seed_offset"], log=lambda *_: None)
    assert tool.render(data) == text


def test_the_runs_carry_the_printed_values_under_the_keys_the_tool_looks_up():
    text = schedule.DOC_PATH.read_text(encoding="utf-8")
    data = data_from_report(schedule, text, "report")
    model, settings = schedule.settings_for("resnet.warmup_epochs", 0)
    key = f"{model}:" + ",".join(f"{k}={settings[k]}" for k in sorted(settings))
    run = data["runs"][key + ":seed+0"]
    assert run["accuracy"] == 0.9968 and run["seconds"] == 1556


def report_with(row: str) -> str:
    text = schedule.DOC_PATH.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.startswith("| mini-ResNet"))
    return text.replace(first, row)


@pytest.mark.parametrize(
    "text, message",
    [
        ("# a report\n\nno first line\n", "no line 'on DATE UTC"),
        (
            report_with("| mini-ResNet | warmup_epochs | 2 | 0.9968 | 1 | 1556 | |"),
            "resnet.warmup_epochs = 2 is not in FACTORS",
        ),
        (
            report_with("| mini-ResNet | warmup_epochs | 0 | lots | 1 | 1556 | |"),
            "is not a number",
        ),
        (
            report_with("| mini-ResNet | floor | 0.01 | 0.9960 | 5 | 1463 | |"),
            "two rows of the same run disagree",
        ),
    ],
    ids=["no first line", "unknown value", "not a number", "disagreeing rows"],
)
def test_a_report_that_does_not_fit_is_refused_with_the_reason(text, message):
    with pytest.raises(ValueError, match=message):
        data_from_report(schedule, text, "report")


def test_a_report_without_rows_is_refused():
    text = schedule.DOC_PATH.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| mini-ResNet")]
    for row in rows:
        text = text.replace(row + "\n", "")
    with pytest.raises(ValueError, match="no result rows for mini-ResNet"):
        data_from_report(schedule, text, "report")


def test_rebuild_writes_the_file_and_the_report_and_never_overwrites_real_runs(
    tmp_path, monkeypatch
):
    report = tmp_path / "REPORT.md"
    report.write_text(schedule.DOC_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "results" / "sweep.json"
    monkeypatch.setattr(schedule, "json_path", lambda quick: path)
    monkeypatch.setattr(schedule, "report_path", lambda quick: report)
    data = rebuild_from_report(schedule, log=lambda *_: None)
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(json.dumps(data))
    assert data["plan"]["resnet"]["warmup_epochs"] == 0
    assert report.read_text(encoding="utf-8") == schedule.render(data)
    with pytest.raises(
        ValueError, match="exists; --from-report only rebuilds a lost one"
    ):
        rebuild_from_report(schedule, log=lambda *_: None)
    path.unlink()
    report.unlink()
    with pytest.raises(ValueError, match="REPORT.md: unreadable"):
        rebuild_from_report(schedule, log=lambda *_: None)


def test_the_option_exists_only_for_tools_whose_reports_it_can_read(capsys):
    import sweep_08_epochs

    with pytest.raises(SystemExit):
        sweep_08_epochs.main(["--from-report"])
    assert "unrecognized arguments: --from-report" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        schedule.main(["--from-report", "--fresh"])
    assert "--from-report rebuilds the full-mode file alone" in capsys.readouterr().err
