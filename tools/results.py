"""`make results`: run every lesson notebook, then write docs/RESULTS.md from what they recorded.

    python tools/results.py                 # run notebooks/NN_*.ipynb (full mode), write the table
    LESSONS_QUICK=1 python tools/results.py # the same in quick mode (table in build/, see below)
    python tools/results.py --only 03,07    # rerun two lessons; the others keep their last records
    python tools/results.py --no-execute    # only regenerate the table from existing records

Each notebook runs in a fresh kernel (``LESSONS_STRICT_CHECKS=1``) and its executed copy goes to
``build/executed/`` (with the kernel's own log beside it, ``NN_name.kernel.log``). The wall time and the peak memory (resident set size of the kernel process
and its children) of every run are kept in ``build/results/timings-<mode>.json``, so a partial
rerun still writes a whole table. The numbers come only from ``lessons_lib.record`` (the files in
``build/results/<mode>/``); nothing in the table is typed by hand.

Full mode writes ``docs/RESULTS.md`` (the committed file) and keeps a copy of what it was made
from, every seed offset's records and timings, in ``docs/results-data/`` (committed too: build/ is
not kept between clones). A run that writes docs/RESULTS.md first restores into build/ whatever
of that copy build/ lacks, so on a clean clone ``make seeds ARGS="--only 08"`` reruns lesson 08
and keeps the other lessons' committed runs (each still checked against its notebook's code:
a record of an older version is left out, never shown). Quick mode writes
``build/RESULTS-quick.md`` so a quick check never overwrites the full-mode table (``--output``
chooses another file). The benchmark section written by ``make bench`` (tools/bench.py, kept in
``build/results/bench-<mode>.json``) is rendered at the end of the same file.

Exit status: 0 when every notebook ran and every recorded goal is met, 1 otherwise (the table is
written in both cases).

The file is split in two: pure functions that turn records, timings and a machine description
into Markdown (unit-tested in tests/test_results_tool.py), and the shell that executes notebooks
and gathers those inputs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import re
import shutil
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = REPO_ROOT / "notebooks"
DOCS_RESULTS = REPO_ROOT / "docs" / "RESULTS.md"
ARCHIVE = REPO_ROOT / "docs" / "results-data"  # the committed copy of the full-mode study's inputs
NOTEBOOK_PATTERN = re.compile(r"^(\d\d)_.+\.ipynb$")
RECORD_NAME = re.compile(r"^(\d\d)\.")
GOAL_OPS = (">=", "<=", ">", "<")  # lessons_lib.config.GOAL_OPS
KNOWN_KEYS = {"value", "quick", "time", "label", "anchor", "source", "goal", "goal_op"}
BENCH_HEADING = "## Benchmarks"
BENCH_BEGIN = "<!-- bench:begin (written by make bench; replaced on every run) -->"
BENCH_END = "<!-- bench:end -->"
SEED_HEADING = "## Seed study"
SEED_BEGIN = "<!-- seeds:begin (written by make seeds; replaced on every run) -->"
SEED_END = "<!-- seeds:end -->"
SOURCE_LINES_SHOWN = 3
FULL_MODE_BUDGET_SECONDS = 90 * 60  # issue 9: the whole course in full mode in under 90 minutes
SLOW_CELL_SECONDS = 60  # cells that take longer get their own progress line


# --------------------------------------------------------------------------------------------
# Pure functions: records, timings, machine -> Markdown. No files, no clocks, no processes.
# --------------------------------------------------------------------------------------------

def evaluate_goal(value, goal, goal_op=">=") -> bool | None:
    """True if ``value`` meets ``goal`` under ``goal_op`` (">=", "<=", ">" or "<"), None if there is no goal.

    Raises ValueError for any other operator or a non-finite value or goal.
    """
    if goal is None:
        return None
    if goal_op not in GOAL_OPS:
        raise ValueError(f"goal_op must be one of {GOAL_OPS}, got {goal_op!r}")
    value, goal = float(value), float(goal)
    if not (math.isfinite(value) and math.isfinite(goal)):
        raise ValueError(f"value and goal must be finite, got {value} and {goal}")
    return {">=": value >= goal, "<=": value <= goal, ">": value > goal, "<": value < goal}[goal_op]


def format_number(x) -> str:
    """A number as a reader wants it: 4 decimals below 100 (accuracies, losses), fewer above."""
    if x is None:
        return ""
    x = float(x)
    if x == int(x) and abs(x) >= 100:  # counts, sizes; but an accuracy of 1.0 stays "1.0000"
        return str(int(x))
    if abs(x) >= 100:
        return f"{x:.1f}"
    return f"{x:.4f}"


def format_difference(value, anchor) -> str:
    """Signed difference ``value - anchor`` ("+0.0042"), empty when there is no anchor."""
    if anchor is None:
        return ""
    diff = float(value) - float(anchor)
    text = format_number(abs(diff))
    if text.strip("0.") == "":  # rounds to zero: no sign (never "-0.0000")
        return text
    return ("+" if diff >= 0 else "-") + text


def format_seconds(seconds) -> str:
    """Seconds as "42 s", "12 min 05 s" or "1 h 02 min"."""
    if seconds is None:
        return ""
    seconds = float(seconds)
    if seconds < 60:
        return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def format_bytes(n) -> str:
    """Bytes as "812 MiB" or "2.4 GiB"."""
    if n is None:
        return ""
    n = float(n)
    if n >= 1024 ** 3:
        return f"{n / 1024 ** 3:.1f} GiB"
    return f"{n / 1024 ** 2:.0f} MiB"


def format_settings(extra: dict) -> str:
    """The other keywords given to record() ("epochs 20, batch_size 100"), in name order."""
    parts = []
    for key, value in sorted(extra.items()):
        if isinstance(value, float):
            value = format_number(value) if abs(value) >= 1e-3 or value == 0 else f"{value:g}"
        elif isinstance(value, (list, tuple)):
            value = "(" + ", ".join(str(v) for v in value) + ")"
        parts.append(f"{key} {value}")
    return ", ".join(parts)


def lesson_of(name: str) -> str:
    """The two-digit lesson number of a record name ("06.cnn.test_accuracy" -> "06")."""
    match = RECORD_NAME.match(name)
    if not match:
        raise ValueError(f"record name must start with a two-digit lesson number, got {name!r}")
    return match.group(1)


def lesson_of_notebook(notebook: str) -> str:
    """The lesson number of a notebook file name ("06_mnist_softmax_to_cnn.ipynb" -> "06")."""
    match = NOTEBOOK_PATTERN.match(Path(notebook).name)
    if not match:
        raise ValueError(f"notebook name must look like 'NN_title.ipynb', got {notebook!r}")
    return match.group(1)


def notebook_digest(path: Path) -> str:
    """A short SHA-256 of a notebook's code (the sources of its code cells; not its text,
    outputs or metadata): the version of the lesson's computation a run executed. A record is
    only as current as this digest; rewording a paragraph does not make it stale."""
    cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    text = json.dumps(["".join(cell.get("source", [])) for cell in cells if cell.get("cell_type") == "code"])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stale_lessons(timings: dict, notebooks, executed_dir: Path | None = None) -> dict:
    """``{lesson: why}`` for each notebook in ``notebooks`` whose last run (its timing entry)
    executed different code than the notebook on disk now, or whose version is unknown. The
    executed copy a run left in ``executed_dir`` says what ran; without one, the digest stamped
    in the timing entry does."""
    stale = {}
    for path in notebooks:
        entry = timings.get(Path(path).name)
        if entry is None:
            continue
        recorded = entry.get("notebook_sha")
        executed = Path(executed_dir) / Path(path).name if executed_dir else None
        if executed is not None and executed.exists():  # what ran, cell for cell
            recorded = notebook_digest(executed)
        if recorded is None:
            stale[lesson_of_notebook(Path(path).name)] = "run before notebook versions were stamped"
        elif recorded != notebook_digest(path):
            stale[lesson_of_notebook(Path(path).name)] = "run on an older version of the notebook"
    return stale


def record_rows(records: dict) -> dict:
    """Group records by lesson: ``{"06": [row, ...]}`` with rows in recording order.

    A row is a dict: name, label, value, anchor, source, goal, goal_op, met (True / False /
    None when there is no goal), difference, and "problem" (a string when the entry itself is
    broken, e.g. an unknown goal_op; such a row counts as not met).
    """
    grouped: dict[str, list] = {}
    for name, entry in records.items():
        if not isinstance(entry, dict) or "value" not in entry:
            continue
        row = {"name": name, "label": entry.get("label") or name, "value": entry["value"],
               "anchor": entry.get("anchor"), "source": entry.get("source"),
               "goal": entry.get("goal"), "goal_op": entry.get("goal_op", ">=") or ">=",
               "time": entry.get("time", ""), "problem": None,
               "settings": format_settings({k: v for k, v in entry.items() if k not in KNOWN_KEYS})}
        try:
            row["met"] = evaluate_goal(row["value"], row["goal"], row["goal_op"])
        except (TypeError, ValueError) as error:
            row["met"], row["problem"] = False, str(error)
        row["difference"] = format_difference(row["value"], row["anchor"]) if row["anchor"] is not None else ""
        grouped.setdefault(lesson_of(name), []).append(row)
    for rows in grouped.values():
        rows.sort(key=lambda row: (row["time"], row["name"]))
    return dict(sorted(grouped.items()))


def goals_not_met(records: dict) -> list[dict]:
    """Every row whose goal is not met (or whose entry is broken), in lesson order."""
    return [row for rows in record_rows(records).values() for row in rows if row["met"] is False]


def failed_notebooks(timings: dict) -> list[dict]:
    """The timing entries of notebooks that did not run to the end, in notebook order."""
    return [{**entry, "notebook": name} for name, entry in sorted(timings.items()) if entry.get("status") != "ok"]


def merge_timings(previous: dict, new: dict, notebooks=None) -> dict:
    """Previous timing entries updated by the new ones; if ``notebooks`` is given, entries of
    notebooks no longer in that list are dropped (a renamed or deleted lesson)."""
    merged = {**previous, **new}
    if notebooks is not None:
        keep = {Path(nb).name for nb in notebooks}
        merged = {name: entry for name, entry in merged.items() if name in keep}
    return dict(sorted(merged.items()))


def _cell(text) -> str:
    """Text made safe for one Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def failure_text(entry: dict) -> str:
    """One line saying where and how a notebook failed."""
    error = f"{entry.get('ename') or 'error'}: {entry.get('evalue') or ''}".strip().rstrip(":")
    if entry.get("cell_index") is None:
        return error
    return f"cell {entry['cell_index']} failed with {error}"


def _utc(text: str):
    """A UTC datetime from record()'s ISO time or a timing entry's "YYYY-mm-dd HH:MM:SS"."""
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def recorded_during(record_time, started, seconds, slack: float = 5.0) -> bool | None:
    """Whether a record's time falls inside the run that started at ``started`` and lasted
    ``seconds`` (None if a time is missing or unreadable)."""
    recorded, start = _utc(record_time), _utc(started)
    if recorded is None or start is None or seconds is None:
        return None
    offset = (recorded - start).total_seconds()
    return -slack <= offset <= float(seconds) + slack


def render_lesson_table(rows: list) -> list[str]:
    """Markdown lines of one lesson's headline-number table."""
    lines = ["| result | ours | anchor | source | difference | goal | met? | settings |",
             "|---|---:|---:|---|---:|---:|---|---|"]
    for row in rows:
        goal = f"{row['goal_op']} {format_number(row['goal'])}" if row["goal"] is not None else "(none)"
        if row["problem"]:
            met = f"**NOT met** ({_cell(row['problem'])})"
        else:
            met = {True: "met", False: "**NOT met**", None: "-"}[row["met"]]
        lines.append(f"| {_cell(row['label'])} | {format_number(row['value'])} | "
                     f"{format_number(row['anchor']) if row['anchor'] is not None else '-'} | "
                     f"{_cell(row['source'] or '-')} | {row['difference'] or '-'} | {_cell(goal)} | {met} | "
                     f"{_cell(row['settings'])} |")
    return lines


def render_timing_table(timings: dict) -> list[str]:
    """Markdown lines of the time-and-memory table, with the total."""
    lines = ["| notebook | status | wall time | slowest cell | peak memory (RSS) | run at (UTC) |",
             "|---|---|---:|---:|---:|---|"]
    total = 0.0
    for name, entry in sorted(timings.items()):
        seconds = entry.get("seconds")
        total += float(seconds or 0.0)
        status = "ok" if entry.get("status") == "ok" else f"**FAILED**: {_cell(failure_text(entry))}"
        slowest = entry.get("slowest_cell") or [None, None]
        slowest = f"cell {slowest[0]}: {format_seconds(slowest[1])}" if slowest[0] is not None else ""
        lines.append(f"| {name} | {status} | {format_seconds(seconds)} | {slowest} | "
                     f"{format_bytes(entry.get('peak_rss_bytes'))} | {entry.get('started', '')} |")
    lines.append(f"| **total** | | **{format_seconds(total)}** | | | |")
    return lines


def render_machine(machine: dict) -> list[str]:
    """Markdown lines describing the machine (keys missing from ``machine`` are left out)."""
    labels = [("cpu", "CPU"), ("cores", "cores (os.cpu_count)"), ("ram", "RAM"), ("os", "OS"),
              ("python", "Python"), ("numpy", "numpy"), ("tensorflow", "TensorFlow"), ("keras", "Keras"),
              ("scikit-learn", "scikit-learn")]
    return [f"- {label}: {machine[key]}" for key, label in labels if machine.get(key) not in (None, "")]


def render_bench_section(bench: dict | None) -> str:
    """The "Benchmarks" section (heading, markers and all) from bench.py's JSON, or ""."""
    if not bench:
        return ""
    lines = [BENCH_HEADING, "", BENCH_BEGIN, "",
             f"Written by `make bench` (tools/bench.py) on {bench.get('date', '?')}, "
             f"{bench.get('mode', 'full')} mode. {bench.get('method', '')}".rstrip(), ""]
    for table in bench.get("tables", []):
        lines += [f"### {table['title']}", ""]
        if table.get("note"):
            lines += [table["note"], ""]
        columns = table["columns"]
        lines.append("| " + " | ".join(_cell(c) for c in columns) + " |")
        lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(columns))) + "|")
        for row in table["rows"]:
            lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
        lines.append("")
    machine = render_machine(bench.get("machine", {}))
    if machine:
        lines += ["Benchmark machine:", ""] + machine + [""]
    if bench.get("shared_machine_warning"):
        lines += [f"> {bench['shared_machine_warning']}", ""]
    lines += [BENCH_END]
    return "\n".join(lines) + "\n"


def replace_bench_section(text: str, section: str) -> str:
    """``text`` with its benchmark section replaced by ``section`` (appended if it has none).

    The section runs from the "## Benchmarks" heading through the end marker; anything after
    the marker is kept. An empty ``section`` removes the old one.
    """
    start = text.find(BENCH_HEADING + "\n")
    if start == -1:
        body = text.rstrip("\n")
        return (body + "\n\n" + section) if section else body + "\n"
    end = text.find(BENCH_END, start)
    after = text[end + len(BENCH_END):].lstrip("\n") if end != -1 else ""
    before = text[:start].rstrip("\n")
    parts = [before + "\n"]
    if section:
        parts.append("\n" + section)
    if after:
        parts.append("\n" + after)
    return "".join(parts)


def median(values) -> float:
    """The median of a non-empty list of numbers (the mean of the middle two for an even count)."""
    ordered = sorted(float(v) for v in values)
    if not ordered:
        raise ValueError("median of no values")
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def seed_rows(records_by_seed: dict) -> list[dict]:
    """One row per recorded result across the seed study's runs.

    records_by_seed: ``{seed offset: {name: entry}}``, one full-mode run of the course per offset.
    A row: name, label, lesson, values ``{offset: value}``, median, min, max, anchor, goal (the
    median of the goals recorded: a goal computed from the same run, like "dropout's gap below
    no dropout's", can differ by seed), goal_op, goal_varies, met (the MEDIAN judged against the
    goal; None without a goal) and met_seeds (how many single seeds met their own goal).
    """
    names: dict[str, None] = {}
    for records in records_by_seed.values():
        for name, entry in records.items():
            if isinstance(entry, dict) and "value" in entry:
                names.setdefault(name, None)
    rows = []
    for name in sorted(names, key=lambda n: (lesson_of(n), n)):
        entries = {seed: records[name] for seed, records in sorted(records_by_seed.items())
                   if isinstance(records.get(name), dict) and "value" in records[name]}
        values = {seed: float(entry["value"]) for seed, entry in entries.items()}
        first = next(iter(entries.values()))
        goals = [float(e["goal"]) for e in entries.values() if e.get("goal") is not None]
        goal_op = first.get("goal_op", ">=") or ">="
        row = {"name": name, "label": first.get("label") or name, "lesson": lesson_of(name),
               "values": values, "median": median(values.values()), "min": min(values.values()),
               "max": max(values.values()), "anchor": first.get("anchor"), "goal_op": goal_op,
               "goal": median(goals) if goals else None, "goal_varies": len(set(goals)) > 1,
               "met": None, "met_seeds": None}
        if goals:
            row["met"] = evaluate_goal(row["median"], row["goal"], goal_op)
            row["met_seeds"] = sum(bool(evaluate_goal(float(e["value"]), float(e["goal"]), goal_op))
                                   for e in entries.values() if e.get("goal") is not None)
        rows.append(row)
    return rows


def render_seed_section(records_by_seed: dict, runs: dict | None = None, mode: str = "full",
                        left_out: dict | None = None) -> str:
    """The "Seed study" section of RESULTS.md (empty text when fewer than two seeds ran).

    runs: ``{seed offset: "when it ran" text}``, listed under the table. left_out: ``{offset:
    {lesson: why}}``, the runs not counted because they executed another version of a lesson.
    """
    if len(records_by_seed) < 2:
        return ""
    seeds = sorted(records_by_seed)
    rows = seed_rows(records_by_seed)
    lines = [SEED_HEADING, "", SEED_BEGIN, "",
             f"The whole course in {mode} mode under {len(seeds)} seed offsets ({', '.join(map(str, seeds))}; "
             "`LESSONS_SEED=k` moves every seed in the course by 1000 k, see `lessons_lib.config.study_seed`). "
             "Offset 0 is the run in the tables above. A goal is judged on the **median**; `met?` also "
             "says on how many single seeds the goal was met. A claim that X beats Y in a lesson must hold "
             "on every seed here, or the lesson gives the spread and calls it noise. The last column "
             "gives each offset's value, so a lesson's per-seed claims can be checked here.", "",
             "| result | seeds | median | min | max | anchor | goal | met? | by offset "
             f"({', '.join(map(str, seeds))}) |",
             "|---|---:|---:|---:|---:|---:|---:|---|---:|"]
    missed = []
    for row in rows:
        goal = "(none)"
        if row["goal"] is not None:
            goal = f"{row['goal_op']} {format_number(row['goal'])}" + (" (median; varies by seed)" if row["goal_varies"] else "")
        if row["met"] is None:
            met = "-"
        else:
            met = ("met" if row["met"] else "**NOT met**") + f" ({row['met_seeds']} of {len(row['values'])} seeds)"
            if not row["met"]:
                missed.append(row)
        count = str(len(row["values"])) + ("" if len(row["values"]) == len(seeds) else " (missing on some)")
        lines.append(f"| {_cell(row['label'])} (`{row['name']}`) | {count} | {format_number(row['median'])} | "
                     f"{format_number(row['min'])} | {format_number(row['max'])} | "
                     f"{format_number(row['anchor']) if row['anchor'] is not None else '-'} | {_cell(goal)} | {met} | "
                     + " / ".join(format_number(row["values"][seed]) if seed in row["values"] else "-"
                                  for seed in seeds) + " |")
    lines.append("")
    with_goal = [row for row in rows if row["met"] is not None]
    lines.append(f"{len(with_goal) - len(missed)} of {len(with_goal)} goals met on the median."
                 + (" Not met: " + ", ".join(f"`{row['name']}`" for row in missed) + "." if missed else ""))
    if runs:
        lines += ["", "Runs: " + "; ".join(f"offset {seed}: {runs[seed]}" for seed in seeds if seed in runs) + "."]
    if left_out:
        lines += ["", "Not counted (a lesson changed after that run; rerun it with `make seeds "
                  "ARGS=\"--only NN\"`): " + "; ".join(
                      f"offset {offset}: " + ", ".join(f"{lesson} ({why})" for lesson, why in sorted(stale.items()))
                      for offset, stale in sorted(left_out.items())) + "."]
    lines += ["", SEED_END]
    return "\n".join(lines) + "\n"


def replace_seed_section(text: str, section: str) -> str:
    """``text`` with its seed-study section replaced by ``section``: before the benchmarks when
    there is no seed section yet. An empty ``section`` keeps the old one (a plain ``make
    results`` on a fresh clone must not erase the study that the committed file holds)."""
    if not section:
        return text
    start = text.find(SEED_HEADING + "\n")
    if start != -1:
        end = text.find(SEED_END, start)
        end = end + len(SEED_END) if end != -1 else len(text)
        return text[:start] + section.rstrip("\n") + text[end:]
    bench = text.find(BENCH_HEADING + "\n")
    if bench == -1:
        return text.rstrip("\n") + "\n\n" + section
    return text[:bench] + section + "\n" + text[bench:]


def render_results(records: dict, timings: dict, machine: dict, *, mode: str, generated: str,
                   notebooks=None, bench: dict | None = None, titles: dict | None = None,
                   problems=(), budget_seconds: float | None = None) -> str:
    """The whole RESULTS.md text.

    records: ``{name: entry}`` as ``lessons_lib.load_results`` returns them.
    timings: ``{notebook file name: {"status": "ok" | "failed", "seconds", "peak_rss_bytes",
    "started", "cell_index", "cell_source", "ename", "evalue"}}``.
    machine: ``{"cpu", "cores", "ram", "python", "numpy", "tensorflow", "keras", ...}``.
    notebooks: the notebook file names of the course (lessons with no records still get a line).
    titles: ``{lesson number: title}`` for the section headings.
    problems: lines about unreadable or misnamed record files, listed in the summary.
    budget_seconds: the time the whole course may take in this mode (checked when every
    notebook has a timing).
    """
    titles = titles or {}
    rows_by_lesson = record_rows(records)
    notebook_names = sorted({Path(nb).name for nb in (notebooks or [])} | set(timings))
    notebook_of = {lesson_of_notebook(nb): nb for nb in notebook_names}
    lessons = sorted(set(rows_by_lesson) | set(notebook_of))
    failures = failed_notebooks(timings)
    not_run = [nb for nb in notebook_names if nb not in timings]
    missed = goals_not_met(records)
    with_goal = [row for rows in rows_by_lesson.values() for row in rows if row["goal"] is not None]

    lines = ["# Results", "",
             "<!-- Generated by `make results` (tools/results.py). Do not edit by hand: rerunning the "
             "command rewrites this file. -->", "",
             f"**Generated by `make results`; do not edit by hand.** Mode: **{mode}**"
             + (" (fewer epochs, data subsets, looser goals: not the course's claims)" if mode == "quick" else "")
             + f". Generated on {generated}.", "",
             "Every number below was recorded by a notebook with `lessons_lib.record` during the run "
             "listed under *Time per notebook*; anchors are the numbers the books and course notes "
             "quote, and goals are the lesson's own targets for this mode.", "",
             "## Summary", "",
             f"- notebooks: {len(notebook_names)}; failed: {len(failures)}"
             + (" (" + ", ".join(f["notebook"] for f in failures) + ")" if failures else "")
             + (f"; not run in this mode: {len(not_run)} (" + ", ".join(not_run) + ")" if not_run else ""),
             f"- goals met: {len(with_goal) - len(missed)} of {len(with_goal)}"]
    for row in missed:
        goal = f"{row['goal_op']} {format_number(row['goal'])}" if row["goal"] is not None else "?"
        why = row["problem"] or f"{format_number(row['value'])} vs goal {goal}"
        lines.append(f"  - NOT met: {row['label']} (`{row['name']}`): {why}")
    for problem in problems:
        lines.append(f"- **problem**: {problem}")
    lines.append("")

    for lesson in lessons:
        notebook = notebook_of.get(lesson)
        title = titles.get(lesson) or (notebook or f"lesson {lesson}")
        lines += [f"## {lesson}. {title}", ""]
        if notebook:
            lines += [f"Notebook: `notebooks/{notebook}`", ""]
        entry = timings.get(notebook) if notebook else None
        if entry is None and notebook:
            lines += ["*Not run by `make results` in this mode yet* (any numbers below come from "
                      "runs outside it).", ""]
        elif entry is not None and entry.get("status") != "ok":
            lines += [f"**FAILED**: {failure_text(entry)}. The numbers below are only those recorded "
                      "before the failure.", ""]
            if entry.get("cell_source"):
                lines += ["```python"] + entry["cell_source"].splitlines()[:SOURCE_LINES_SHOWN] + ["```", ""]
        rows = rows_by_lesson.get(lesson, [])
        if entry is not None:
            outside = [row["name"] for row in rows
                       if recorded_during(row["time"], entry.get("started"), entry.get("seconds")) is False]
            if outside:
                lines += [f"**Recorded outside the `make results` run listed below** (rerun this lesson): "
                          + ", ".join(f"`{name}`" for name in outside), ""]
        if rows:
            lines += render_lesson_table(rows) + [""]
        else:
            lines += ["No numbers recorded.", ""]

    if timings:
        lines += ["## Time per notebook", ""] + render_timing_table(timings) + [""]
        total = sum(float(entry.get("seconds") or 0.0) for entry in timings.values())
        if budget_seconds and len(timings) == len(notebook_names):
            verdict = "within" if total <= budget_seconds else "**OVER**"
            lines += [f"Total {format_seconds(total)}: {verdict} the {format_seconds(budget_seconds)} budget "
                      f"for the whole course in {mode} mode.", ""]
    else:
        lines += ["## Time per notebook", "", "No notebook has been run by `make results` in this mode yet.", ""]
    lines += ["## Machine", ""] + render_machine(machine)
    if machine.get("date"):
        lines.append(f"- notebooks last executed: {machine['date']}")
    lines.append("")
    text = "\n".join(lines)
    section = render_bench_section(bench)
    return replace_bench_section(text, section) if section else text


# --------------------------------------------------------------------------------------------
# The shell: machine facts, executing notebooks, files.
# --------------------------------------------------------------------------------------------

def mode_name(quick: bool) -> str:
    return "quick" if quick else "full"


def timings_path(quick: bool) -> Path:
    from lessons_lib.config import build_dir

    # Beside, not inside, build/results/<mode>/: lessons_lib.load_results reads every *.json there.
    return build_dir() / "results" / f"timings-{mode_name(quick)}.json"


def bench_path(quick: bool) -> Path:
    from lessons_lib.config import build_dir

    return build_dir() / "results" / f"bench-{mode_name(quick)}.json"


def default_output(quick: bool) -> Path:
    from lessons_lib.config import build_dir

    return build_dir() / "RESULTS-quick.md" if quick else DOCS_RESULTS


def read_json(path: Path, default):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def _version(*distributions: str) -> str:
    from importlib import metadata

    for name in distributions:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def machine_info() -> dict:
    """CPU model, cores, RAM, OS and package versions, read without importing TensorFlow."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                ram = format_bytes(int(line.split()[1]) * 1024)
                break
    except OSError:
        pass
    if not ram:
        try:
            import psutil

            ram = format_bytes(psutil.virtual_memory().total)
        except ImportError:
            ram = "unknown"
    return {"cpu": cpu, "cores": os.cpu_count(), "ram": ram, "os": platform.platform(terse=True),
            "python": platform.python_version(), "numpy": _version("numpy"),
            "tensorflow": _version("tensorflow", "tensorflow-cpu", "tensorflow-macos", "tensorflow-intel"),
            "keras": _version("keras"), "scikit-learn": _version("scikit-learn"),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def discover_notebooks(only: list[str] | None = None, folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """notebooks/NN_*.ipynb in order; ``only`` keeps the listed lesson numbers ("03", "7")."""
    found = sorted(path for path in Path(folder).glob("[0-9][0-9]_*.ipynb") if NOTEBOOK_PATTERN.match(path.name))
    if only is None:
        return found
    wanted = {f"{int(number):02d}" for number in only}
    chosen = [path for path in found if lesson_of_notebook(path.name) in wanted]
    missing = wanted - {lesson_of_notebook(path.name) for path in chosen}
    if missing:
        raise SystemExit(f"--only: no notebook for lesson(s) {', '.join(sorted(missing))} in {folder}")
    return chosen


def notebook_titles(paths) -> dict:
    """{lesson: title} from each notebook's first "# NN. Title" heading."""
    import nbformat

    titles = {}
    for path in paths:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # noqa: BLE001 - an unreadable notebook just gets no title
            continue
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                match = re.search(r"^#\s+\d\d\.\s*(.+)$", cell.source, flags=re.MULTILINE)
                if match:
                    titles[lesson_of_notebook(path.name)] = match.group(1).strip()
                    break
    return titles


def _rss_of_tree(pid: int) -> int:
    """Resident memory of a process and all its children, in bytes (0 if it is gone)."""
    import psutil

    try:
        process = psutil.Process(pid)
        total = process.memory_info().rss
        for child in process.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return total
    except psutil.Error:
        return 0


def _vm_hwm(pid: int) -> int:
    """The kernel's own high-water mark of resident memory (VmHWM), in bytes (0 if unknown)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class MemoryPoller:
    """Samples the RSS of a process tree every ``interval`` seconds in a thread; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.5):
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_of_tree(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.peak = max(self.peak, _rss_of_tree(self.pid), _vm_hwm(self.pid))
        self._stop.set()
        self._thread.join()


def kernel_environment(quick: bool) -> dict:
    """The kernel's environment: the mode, strict checks, figures kept in the executed copy, and
    this repository first on the import path, so the lessons run with the lessons_lib beside
    them (not with whichever checkout a shared virtual environment has installed)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.update({"LESSONS_QUICK": "1" if quick else "0", "LESSONS_STRICT_CHECKS": "1",
                "MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONHASHSEED": "0",
                "TF_CPP_MIN_LOG_LEVEL": env.get("TF_CPP_MIN_LOG_LEVEL", "2")})
    return env


def execute_notebook(path: Path, out_dir: Path, quick: bool, timeout: int) -> dict:
    """Run one notebook in a fresh kernel; save the executed copy; return its timing entry."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    entry = {"notebook": path.name, "status": "ok", "notebook_sha": notebook_digest(path),
             "started": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S"),
             "mode": mode_name(quick), "slowest_cell": [None, 0.0]}
    start = time.perf_counter()
    peak = 0
    out_dir.mkdir(parents=True, exist_ok=True)
    log_path = out_dir / (path.stem + ".kernel.log")  # the kernel's own stderr/stdout (TF messages)
    log = open(log_path, "w", encoding="utf-8")
    try:
        with client.setup_kernel(env=kernel_environment(quick), stdout=log, stderr=log):
            pid = client.km.provisioner.pid
            with MemoryPoller(pid) as poller:
                try:
                    for index, cell in enumerate(nb.cells):
                        cell_start = time.perf_counter()
                        try:
                            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                        finally:  # a failing (e.g. timed-out) cell counts too
                            cell_seconds = time.perf_counter() - cell_start
                            if cell_seconds > entry["slowest_cell"][1]:
                                entry["slowest_cell"] = [index, round(cell_seconds, 2)]
                            if cell_seconds >= SLOW_CELL_SECONDS:
                                progress(f"      cell {index} took {format_seconds(cell_seconds)}")
                except CellExecutionError as error:
                    entry.update(status="failed", cell_index=index, cell_source=cell.source,
                                 ename=error.ename, evalue=str(error.evalue).strip().splitlines()[0][:300]
                                 if error.evalue else "")
                except (CellTimeoutError, DeadKernelError) as error:
                    entry.update(status="failed", cell_index=index, cell_source=cell.source,
                                 ename=type(error).__name__, evalue=str(error).strip().splitlines()[0][:300])
            peak = poller.peak
    except Exception as error:  # noqa: BLE001 - a kernel that cannot start is a failed notebook too
        entry.update(status="failed", ename=type(error).__name__, evalue=str(error).strip()[:300])
    finally:
        log.close()
    entry["seconds"] = round(time.perf_counter() - start, 2)
    entry["peak_rss_bytes"] = peak or None
    nbformat.write(nb, out_dir / path.name)
    return entry


def progress(text: str) -> None:
    print(text, flush=True)


def save_timing(quick: bool, name: str, entry: dict, all_notebooks) -> None:
    """Merge one notebook's timing entry into timings-<mode>.json right away (a run killed
    half-way still keeps what it measured)."""
    previous = read_json(timings_path(quick), {})
    write_json(timings_path(quick), {"machine": machine_info(),
                                     "notebooks": merge_timings(previous.get("notebooks", {}), {name: entry},
                                                                [Path(nb).name for nb in all_notebooks])})


def run_notebooks(paths, quick: bool, timeout: int, all_notebooks) -> dict:
    """Execute ``paths`` in order, clearing each lesson's old records first; save and return the
    timing entries."""
    from lessons_lib.config import build_dir, results_path

    out_dir = build_dir() / "executed"
    timings = {}
    for number, path in enumerate(paths, start=1):
        lesson = lesson_of_notebook(path.name)
        old = results_path(lesson, quick)
        if old.exists():
            old.unlink()  # the table must show only what this run recorded
        progress(f"[{number}/{len(paths)}] {path.name}: started {datetime.now(timezone.utc):%H:%M:%S} UTC "
                 f"({mode_name(quick)} mode)")
        entry = execute_notebook(path, out_dir, quick, timeout)
        peak = format_bytes(entry["peak_rss_bytes"]) if entry.get("peak_rss_bytes") else "unknown"
        if entry["status"] == "ok":
            progress(f"[{number}/{len(paths)}] {path.name}: ok in {format_seconds(entry['seconds'])}, "
                     f"peak memory {peak}")
        else:
            progress(f"[{number}/{len(paths)}] {path.name}: FAILED after {format_seconds(entry['seconds'])}: "
                     f"{failure_text(entry)}")
            for line in (entry.get("cell_source") or "").splitlines()[:SOURCE_LINES_SHOWN]:
                progress(f"      | {line}")
            progress(f"      executed copy and kernel log: {out_dir / path.name}, {out_dir / (path.stem + '.kernel.log')}")
        timings[path.name] = entry
        save_timing(quick, path.name, entry, all_notebooks)
    return timings


def gather_records(quick: bool) -> tuple[dict, list[str]]:
    """The recorded numbers of one mode (what ``lessons_lib.load_results`` reads, file by file so
    that one unreadable file does not lose the others) and a list of problems found."""
    from lessons_lib.config import results_path

    records, problems = {}, []
    for path in sorted(results_path("00", quick).parent.glob("*.json")):
        try:
            table = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            problems.append(f"unreadable record file {path.name}: {error}")
            continue
        for name, entry in table.items():
            if RECORD_NAME.match(name):
                records[name] = entry
            else:
                problems.append(f"{path.name}: record name {name!r} does not start with a lesson number")
    return records, problems


def study_base() -> Path:
    """The build folder of seed offset 0: ``build/`` (or ``$LESSONS_BUILD_DIR`` as first given)."""
    return Path(os.environ.get("LESSONS_STUDY_BASE") or os.environ.get("LESSONS_BUILD_DIR") or REPO_ROOT / "build")


def seed_build_dir(offset: int) -> Path:
    """Offset 0 uses the ordinary build folder (its run is the main table); offset k uses
    ``build/seeds/seed-k/``, with its own records, timings and executed notebooks."""
    return study_base() if offset == 0 else study_base() / "seeds" / f"seed-{offset}"


def seed_study_on_disk(quick: bool, notebooks=None, left_out: dict | None = None) -> tuple[dict, dict]:
    """``({offset: records}, {offset: "date, total time"})`` for every seed offset with records
    in this mode: offset 0 from the ordinary build folder, the others from build/seeds/.

    With ``notebooks`` (the current lesson files), a lesson's records at an offset are left out
    when that run executed another version of its notebook (``stale_lessons``): a study must
    not mix versions of a lesson. What is left out goes into ``left_out`` as
    ``{offset: {lesson: why}}``."""
    mode = mode_name(quick)
    folders = {0: study_base()}
    seeds_folder = study_base() / "seeds"
    if seeds_folder.is_dir():
        for folder in sorted(seeds_folder.glob("seed-*")):
            if folder.name[5:].isdigit():
                folders[int(folder.name[5:])] = folder
    if len(folders) < 2:
        return {}, {}
    records_by_seed, runs = {}, {}
    for offset, folder in sorted(folders.items()):
        records = {}
        notebook_timings = read_json(folder / "results" / f"timings-{mode}.json", {}).get("notebooks", {})
        stale = stale_lessons(notebook_timings, notebooks, folder / "executed") if notebooks is not None else {}
        if stale and left_out is not None:
            left_out[offset] = stale
        for path in sorted((folder / "results" / mode).glob("*.json")):
            if path.stem in stale:
                continue
            try:
                records.update(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError) as error:
                progress(f"warning: seed offset {offset}: unreadable record file {path}: {error}")
        if records:
            records_by_seed[offset] = records
            counted = {name: entry for name, entry in notebook_timings.items()
                       if lesson_of_notebook(name) not in stale}
            if counted:
                started = min(str(entry.get("started", "")) for entry in counted.values())
                total = sum(float(entry.get("seconds") or 0) for entry in counted.values())
                runs[offset] = f"{started[:10]}, {len(counted)} notebooks in {format_seconds(total)}"
    return records_by_seed, runs


def study_inputs(base: Path) -> list[Path]:
    """The full-mode study's inputs under ``base``, as paths relative to it: each seed offset's
    ``results/timings-full.json`` and ``results/full/NN.json`` (offset 0 in ``base`` itself,
    offset k in ``seeds/seed-k/``). Executed notebooks, quick mode and lock files are not."""
    base = Path(base)
    folders = [base]
    if (base / "seeds").is_dir():
        folders += sorted(p for p in (base / "seeds").glob("seed-*") if p.name[5:].isdigit())
    found = []
    for folder in folders:
        results_dir = folder / "results"
        for path in [results_dir / "timings-full.json", *sorted((results_dir / "full").glob("*.json"))]:
            if path.is_file():
                found.append(path.relative_to(base))
    return found


def _copy_atomically(source: Path, target: Path, text: str | None = None) -> None:
    """``target`` becomes ``source``'s bytes (or ``text``), never half-written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if text is None:
        shutil.copyfile(source, partial)
    else:
        partial.write_text(text, encoding="utf-8")
    os.replace(partial, target)


def _read_study_file(path: Path, fix: str) -> dict:
    """A record or timings file of the study; SystemExit naming it (and ``fix``) when it is
    not a JSON object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SystemExit(f"{path}: unreadable ({error}); {fix}") from None
    if not isinstance(data, dict):
        raise SystemExit(f"{path}: expected a JSON object, got {type(data).__name__}; {fix}")
    return data


ARCHIVE_FIX = "restore the committed copy with `git checkout -- docs/results-data`"
BUILD_FIX = ("delete it and rerun that lesson (`make results ARGS=\"--only NN\"`, or make seeds "
             "with --offsets); a run that writes docs/RESULTS.md restores the committed copy first")


def check_study(base: Path) -> list[Path]:
    """Read every study input under ``base``: SystemExit naming the first broken one, before
    anything is written from them."""
    inputs = study_inputs(base)
    for relative in inputs:
        _read_study_file(Path(base) / relative, BUILD_FIX)
    return inputs


def _run_folders(base: Path) -> list[Path]:
    """Each seed offset's folder under ``base``, relative to it: ``.`` and ``seeds/seed-k``."""
    folders = {relative.parent.parent if relative.name.startswith("timings-") else relative.parent.parent.parent
               for relative in study_inputs(base)}
    return sorted(folders)


def restore_study(base: Path, archive: Path) -> list[Path]:
    """Bring into ``base`` the archived runs that are newer than its own or that it lacks.

    A run is one lesson at one seed offset: its timing entry (which dates it by ``started``
    and stamps its notebook's code digest) and its record file. For each, the archive's run
    is taken when ``base`` has no timing entry for that notebook or an older one; then its
    record file replaces ``base``'s (or removes it, if the archived run recorded nothing).
    ``base``'s newer runs are never overwritten, and a restored record always keeps the
    timing entry that dates it. Returns the relative paths written or removed."""
    base, archive = Path(base), Path(archive)
    changed = []
    for folder in _run_folders(archive):
        timings_name = folder / "results" / "timings-full.json"
        kept = _read_study_file(archive / timings_name, ARCHIVE_FIX) if (archive / timings_name).exists() else {}
        target_timings = base / timings_name
        mine = _read_study_file(target_timings, BUILD_FIX) if target_timings.exists() else {}
        entries = dict(mine.get("notebooks", {}))
        taken, dated = set(), {lesson_of_notebook(name) for name in entries}
        for name, entry in kept.get("notebooks", {}).items():
            own = entries.get(name)
            if own is None or str(entry.get("started", "")) > str(own.get("started", "")):
                entries[name] = entry
                taken.add(lesson_of_notebook(name))
        records = {path.stem: path for path in (archive / folder / "results" / "full").glob("*.json")}
        for lesson in sorted(set(records) | taken):
            target = base / folder / "results" / "full" / f"{lesson}.json"
            undated = lesson not in dated and lesson not in taken and not target.exists()
            if lesson in records and (lesson in taken or undated):
                _read_study_file(records[lesson], ARCHIVE_FIX)
                _copy_atomically(records[lesson], target)
                changed.append(target.relative_to(base))
            elif lesson in taken and lesson not in records and target.exists():
                target.unlink()  # base's record belongs to its older run of that lesson
                changed.append(target.relative_to(base))
        if taken:
            mine = {**kept, **mine, "notebooks": entries}
            text = json.dumps(mine, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            _copy_atomically(target_timings, target_timings, text)
            changed.append(timings_name)
    return changed


def archive_study(base: Path, archive: Path) -> list[Path]:
    """Make ``archive`` hold exactly ``base``'s study inputs. Every input is read first (a
    broken one is named and nothing changes); then archived files that ``base`` no longer has
    are removed and the others copied. Returns the relative paths archived."""
    wanted = check_study(base)
    for relative in study_inputs(archive):
        if relative not in wanted:
            (Path(archive) / relative).unlink()
    for relative in wanted:
        _copy_atomically(Path(base) / relative, Path(archive) / relative)
    return wanted


def write_results(quick: bool, output: Path, notebooks) -> tuple[str, list, list, list]:
    """Render and write the results file for one mode; return (text, failed notebooks, goals not
    met, problems: unreadable record files and notebooks never run in this mode)."""
    timings_file = read_json(timings_path(quick), {})
    timings = timings_file.get("notebooks", {})
    machine = timings_file.get("machine") or {k: v for k, v in machine_info().items() if k != "date"}
    records, problems = gather_records(quick)
    from lessons_lib.config import build_dir

    stale = stale_lessons(timings, notebooks, build_dir() / "executed")
    for lesson, why in sorted(stale.items()):
        problems.append(f"lesson {lesson}'s records are out of date ({why}): rerun "
                        f"`make results ARGS=\"--only {lesson}\"`")
    for problem in problems:
        progress(f"warning: {problem}")
    bench = read_json(bench_path(quick), None)
    text = render_results(records, timings, machine, mode=mode_name(quick), problems=problems,
                          generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                          notebooks=[p.name for p in notebooks], bench=bench,
                          titles=notebook_titles(notebooks),
                          budget_seconds=None if quick else FULL_MODE_BUDGET_SECONDS)
    left_out: dict = {}
    seed_records, seed_runs = seed_study_on_disk(quick, notebooks, left_out)
    previous = output.read_text(encoding="utf-8") if output.exists() else ""
    if bench is None and BENCH_HEADING + "\n" in previous:  # keep the committed benchmarks (fresh clone)
        start = previous.find(BENCH_HEADING + "\n")
        end = previous.find(BENCH_END, start)
        if end != -1:
            text = replace_bench_section(text, previous[start:end + len(BENCH_END)] + "\n")
    old_section = previous[previous.find(SEED_HEADING + "\n"):] if SEED_HEADING + "\n" in previous else ""
    if old_section:  # keep the committed study when this machine has none (fresh clone)
        old_section = old_section[:old_section.find(SEED_END) + len(SEED_END)] + "\n"
    text = replace_seed_section(text, render_seed_section(seed_records, seed_runs, mode_name(quick), left_out) or old_section)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    problems = problems + [f"{nb.name} has not been run by `make results` in {mode_name(quick)} mode"
                           for nb in notebooks if nb.name not in timings]
    current = {name: entry for name, entry in timings.items() if lesson_of_notebook(name) not in stale}
    return text, failed_notebooks(current), goals_not_met(records), problems  # stale: out of date already


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="comma-separated lesson numbers to (re)run, e.g. 03,07")
    parser.add_argument("--no-execute", action="store_true", help="only regenerate the table from existing records")
    parser.add_argument("--output", type=Path, help="where to write the table (default: docs/RESULTS.md in full "
                        "mode, build/RESULTS-quick.md in quick mode)")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOK_DIR,
                        help="folder of NN_*.ipynb notebooks (default: notebooks/; tests use fixtures)")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds allowed per cell (default 3600)")
    parser.add_argument("--seeds", type=int, default=None, metavar="N",
                        help="the seed study: run the (--only) notebooks under seed offsets 0..N-1 "
                        "(LESSONS_SEED), offset 0 into build/, the others into build/seeds/seed-k/, "
                        "and write the 'Seed study' section (make seeds = --seeds 3)")
    parser.add_argument("--offsets", help="with --seeds: run only these seed offsets, e.g. 1,2 (the others keep "
                        "their records)")
    parser.add_argument("--archive", type=Path, help="the committed copy of the study's inputs (default: "
                        "docs/results-data/ when the run writes docs/RESULTS.md in full mode, else none)")
    args = parser.parse_args(argv)
    if args.seeds is not None and not 2 <= args.seeds <= 20:
        parser.error(f"--seeds must be between 2 and 20, got {args.seeds}")
    offsets = list(range(args.seeds or 0))
    if args.offsets:
        if not args.seeds:
            parser.error("--offsets needs --seeds")
        try:
            offsets = sorted({int(part) for part in args.offsets.split(",") if part.strip()})
        except ValueError:
            parser.error(f"--offsets must be comma-separated integers, got {args.offsets!r}")
        if not offsets or not set(offsets) <= set(range(args.seeds)):
            parser.error(f"--offsets must lie in 0..{args.seeds - 1}, got {args.offsets!r}")

    sys.path.insert(0, str(REPO_ROOT))
    from lessons_lib.config import QUICK

    quick = QUICK
    output = args.output or default_output(quick)
    all_notebooks = discover_notebooks(folder=args.notebooks)
    only = [part.strip() for part in args.only.split(",") if part.strip()] if args.only else None
    progress(f"make results: {mode_name(quick).upper()} mode "
             + ("(LESSONS_QUICK=1: fewer epochs, data subsets, looser goals)" if quick else "(LESSONS_QUICK unset)"))
    archive = args.archive
    if archive is None and not quick and output.resolve() == DOCS_RESULTS.resolve():
        archive = ARCHIVE
    if archive is not None and quick:
        parser.error("--archive keeps the full-mode study; quick mode has none")
    base = study_base()
    if archive is not None and archive.is_dir():
        restored = restore_study(base, archive)
        if restored:
            progress(f"restored {len(restored)} record and timing file(s) that {base} lacked from {archive}")

    seed_failures = []
    if not args.no_execute and args.seeds:
        os.environ["LESSONS_STUDY_BASE"] = str(study_base().resolve())
        to_run = discover_notebooks(only, args.notebooks)
        for offset in offsets:
            folder = seed_build_dir(offset)
            os.environ.update(LESSONS_SEED=str(offset), LESSONS_BUILD_DIR=str(folder))
            progress(f"== seed study: offset {offset} of 0..{args.seeds - 1} (LESSONS_SEED={offset}), into {folder}")
            start = time.perf_counter()
            run_notebooks(to_run, quick, args.timeout, all_notebooks)
            progress(f"offset {offset}: executed {len(to_run)} notebook(s) in {format_seconds(time.perf_counter() - start)}")
            if offset:
                _, failed, _, _ = write_results(quick, folder / "RESULTS.md", all_notebooks)
                seed_failures += [dict(entry, notebook=f"{entry['notebook']} (seed offset {offset})") for entry in failed]
        os.environ.update(LESSONS_SEED="0", LESSONS_BUILD_DIR=str(seed_build_dir(0)))
    elif not args.no_execute:
        to_run = discover_notebooks(only, args.notebooks)
        start = time.perf_counter()
        run_notebooks(to_run, quick, args.timeout, all_notebooks)
        progress(f"executed {len(to_run)} notebook(s) in {format_seconds(time.perf_counter() - start)}")

    if archive is not None:
        check_study(base)  # a broken input stops the run before the table is written from it
    _, failures, missed, problems = write_results(quick, output, all_notebooks)
    if archive is not None:
        kept = archive_study(base, archive)
        progress(f"kept {len(kept)} record and timing file(s) in {archive} (commit them with {output.name})")
    failures = failures + seed_failures
    seed_records, _ = seed_study_on_disk(quick, all_notebooks)
    for row in seed_rows(seed_records) if len(seed_records) > 1 else []:
        if row["met"] is False:
            progress(f"seed study: goal NOT met on the median: {row['name']} = {format_number(row['median'])} "
                     f"(goal {row['goal_op']} {format_number(row['goal'])}; met on {row['met_seeds']} of "
                     f"{len(row['values'])} seeds)")
            missed = missed + [dict(row, value=row["median"], problem=None)]
    progress(f"wrote {output}")
    for entry in failures:
        progress(f"FAILED: {entry['notebook']}: {failure_text(entry)}")
    for problem in problems:
        if problem.endswith(" mode"):
            progress(f"NOT RUN: {problem}")
        elif "out of date" in problem:
            progress(f"OUT OF DATE: {problem}")
    for row in missed:
        progress(f"goal NOT met: {row['name']} = {format_number(row['value'])} "
                 + (f"({row['problem']})" if row["problem"] else f"(goal {row['goal_op']} {format_number(row['goal'])})"))
    if not failures and not missed and not problems:
        progress("all notebooks ran and every goal is met")
    return 1 if failures or missed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
