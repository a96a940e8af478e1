"""`make time-08`: lesson 08 in full mode, v1 and this version, back to back on one machine.

    python tools/time_08.py          # both runs (about 65 minutes on 2 cores), then the report
    python tools/time_08.py --quick  # both in quick mode, into build/TIME-08-quick.md: a smoke test
    python tools/time_08.py --report-from V1_RUN.json TIMINGS.json --commit REV  # runs made by hand

Issue 20 asks that lesson 08's full run take at most ``GOAL`` (0.7) times as long as v1's,
"measured back to back on the same machine": absolute times on the course's build machine swing
two- to threefold from one day to the next, so only two runs made one after the other, with
nothing else running, can be compared.

The tool checks out the baseline (v1, commit ``BASELINE``) in a git worktree under
``build/time-08/``, then executes lesson 08 of the baseline and of this commit one after the
other, the same way: nbclient in a fresh ``python3`` kernel, full mode, ``PYTHONPATH`` set to
that version's tree (its own lessons_lib) and ``LESSONS_BUILD_DIR`` to a folder under
``build/time-08/`` (so the seed study's records in ``build/`` stay as they are). The wall time
of each execution (kernel start included) is compared. Errors do not stop a run: v1's lesson 08
raises an AssertionError in its degradation section on today's TensorFlow (the seed-sensitive
check v2 replaced), and the cells after it still have to be timed; the report lists every
error. The one-minute load average before and after each run goes into the report,
``docs/TIME-08.md``: a load well above 2 (the machine's cores) means something else ran, and
the ratio is not representative.

One pair cannot tell 0.71 from 0.70 on a host whose speed drifts, so every pair is kept in
``docs/TIME-08.json`` with a digest of the lesson's code cells, and the report lists them
all. The rule, fixed on 2026-11-30 before the third pair: the goal counts as met only if
**every** pair timed with the same lesson code meets it. ``--this-first`` runs this version
before v1 (v1 runs first by default), so that the order's own effect shows.

Each run also keeps its cells of ``SLOW_CELL_SECONDS`` or more (from the timestamps nbclient
writes into every executed cell), and the report lists them: where the time went, per run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "a961d34"
"""v1 as released: the last commit before v2's work began (docs/CHANGELOG.md)."""
NOTEBOOK = "08_vgg_resnet.ipynb"
GOAL = 0.7
DOC_PATH = ROOT / "docs" / "TIME-08.md"
WORK = ROOT / "build" / "time-08"


# ------------------------------------------------------------------------------------------
# Pure helpers (unit-tested in tests/test_time_08.py)
# ------------------------------------------------------------------------------------------


def cell_errors(notebook: dict) -> list[str]:
    """'cell N: EName: message' for every error output of an executed notebook."""
    errors = []
    for index, cell in enumerate(notebook.get("cells", [])):
        for output in (
            cell.get("outputs", []) if cell.get("cell_type") == "code" else []
        ):
            if output.get("output_type") == "error":
                message = (
                    str(output.get("evalue", "")).splitlines()[0][:120]
                    if output.get("evalue")
                    else ""
                )
                errors.append(
                    f"cell {index}: {output.get('ename', 'Error')}: {message}"
                )
    return errors


def run_from_timings(timings, source: str, commit: str) -> dict:
    """A run of this version from a ``tools/results.py`` timings file (``timings-full.json``);
    ValueError naming ``source`` when lesson 08 is missing there or did not finish."""
    entry = (
        timings.get("notebooks", {}).get(NOTEBOOK)
        if isinstance(timings, dict)
        else None
    )
    if not isinstance(entry, dict):
        raise ValueError(
            f"{source}: no {NOTEBOOK} entry: was lesson 08 run in full mode there?"
        )
    if entry.get("status") != "ok" or entry.get("mode") != "full":
        raise ValueError(
            f"{source}: {NOTEBOOK} did not finish a full-mode run ({entry.get('status')!r})"
        )
    seconds = entry.get("seconds")
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, (int, float))
        or not seconds > 0
    ):
        raise ValueError(
            f"{source}: {NOTEBOOK} has no positive 'seconds', got {seconds!r}"
        )
    started = str(entry.get("started", "-"))[:16]
    return {
        "label": "this version",
        "commit": commit,
        "started": started,
        "seconds": float(seconds),
    }


def verdict(
    baseline_seconds: float, current_seconds: float, goal: float = GOAL
) -> tuple[float, bool]:
    """(current / baseline, whether that ratio is at most ``goal``)."""
    if not baseline_seconds > 0 or not current_seconds > 0:
        raise ValueError(
            f"times must be positive, got {baseline_seconds!r} and {current_seconds!r}"
        )
    ratio = current_seconds / baseline_seconds
    return ratio, ratio <= goal


def minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60:02d} s"


def parse_seconds(text: str) -> float:
    """Seconds from :func:`minutes`'s '28 min 15 s'; ValueError naming the text otherwise."""
    match = re.fullmatch(r"(\d+) min (\d\d) s", text.strip())
    if not match:
        raise ValueError(f"not a wall time like '28 min 15 s': {text!r}")
    return 60.0 * int(match[1]) + int(match[2])


def parse_report(text: str) -> dict:
    """A pair entry (``generated``, ``how``, ``runs``) from a report this tool wrote: how the
    pairs measured before ``docs/TIME-08.json`` existed are read back from git
    (``--import-report REV``). ValueError when the text is not such a report."""
    written = re.search(r"^Written on (.+? UTC)\. (.*)$", text, re.M)
    rows = re.findall(
        r"^\| (v1|this version) \| `(\w+)` \| ([^|]+?) \| ([^|]+?) \| ([^|]+?) / ([^|]+?) "
        r"\| ([^|]+?) / ([^|]+?) \| (.*) \|$",
        text,
        re.M,
    )
    if not written or [row[0] for row in rows] != ["v1", "this version"]:
        raise ValueError(
            "not a report of tools/time_08.py (no 'Written on' or run rows)"
        )
    runs = []
    for label, commit, started, wall, lb, la, pb, pa, errors in rows:
        run = {"label": label, "commit": commit, "started": started}
        run["seconds"] = parse_seconds(wall)
        for key, value in zip(("load_before", "load_after", "probe_before", "probe_after"),
                              (lb, la, pb, pa)):  # fmt: skip
            if value != "-":
                run[key] = value
        run["errors"] = [] if errors == "none" else errors.split("; ")
        runs.append(run)
    return {"generated": written[1], "how": written[2], "runs": runs}


def first_label(runs: list[dict]) -> str:
    """Which run of a pair started first ('v1' or 'this version'), by their start times."""
    return min(runs, key=lambda run: run["started"])["label"]


def history_lines(history: list[dict]) -> list[str]:
    """The report's list of every pair, and the rule's verdict over the pairs whose lesson
    code is the latest pair's."""
    lines = [
        "## Every pair measured",
        "",
        "| written | v1 | this version | lesson code | ran first | v1 time "
        "| this version's time | ratio | goal met? |",
        "|---|---|---|---|---|---:|---:|---:|---|",
    ]
    for pair in history:
        base, current = pair["runs"]
        ratio, met = verdict(base["seconds"], current["seconds"])
        lines.append(
            f"| {pair['generated']} | `{base['commit']}` | `{current['commit']}` "
            f"| `{pair['lesson_code']}` | {first_label(pair['runs'])} "
            f"| {minutes(base['seconds'])} | {minutes(current['seconds'])} | {ratio:.2f} "
            f"| {'met' if met else 'NOT met'} |"
        )
    lines += ["", history_verdict(history), ""]
    return lines


def history_verdict(history: list[dict]) -> str:
    """The rule's verdict over the pairs whose lesson code is the latest pair's, in words."""
    code = history[-1]["lesson_code"]
    same = [p for p in history if p["lesson_code"] == code]
    results = [verdict(p["runs"][0]["seconds"], p["runs"][1]["seconds"]) for p in same]
    met = sum(ok for _, ok in results)
    ratios = ", ".join(f"{ratio:.2f}" for ratio, _ in results)
    status = "met" if met == len(results) else "**NOT met**"
    timed = "one pair so far, ratio" if len(same) == 1 else f"{len(same)} pairs, ratios"
    return (
        f"Issue 20's goal (at most {GOAL:.2f} of v1's time) is {status} for the latest "
        f"pair's lesson code (`{code}`, a digest of lesson 08's code cells; markdown edits "
        f"do not change it): {timed} {ratios}, and {met} of {len(same)} meet the "
        "goal. It counts as met only if every pair of that code meets it."
    )


SLOW_CELL_SECONDS = 30
"""Cells at least this long are listed per run: where the time went."""


def slow_cells(notebook: dict, at_least: float = SLOW_CELL_SECONDS) -> list[list]:
    """``[[cell index, seconds, first line of its code], ...]`` for each code cell of an
    executed notebook that ran ``at_least`` seconds, from the timestamps nbclient writes into
    each cell's ``metadata.execution``. Cells without them (not run) are skipped."""

    def moment(text: str) -> datetime:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))

    found = []
    for index, cell in enumerate(notebook["cells"]):
        timing = cell.get("metadata", {}).get("execution", {})
        start = timing.get("iopub.execute_input") or timing.get("iopub.status.busy")
        end = timing.get("shell.execute_reply")
        if cell["cell_type"] != "code" or not start or not end:
            continue
        seconds = (moment(end) - moment(start)).total_seconds()
        if seconds >= at_least:
            source = "".join(cell["source"]).strip().splitlines() or [""]
            found.append([index, round(seconds, 1), source[0][:70]])
    return found


def slow_cell_lines(runs: list[dict]) -> list[str]:
    """The report's "where the time went" table for the runs that measured their cells."""
    measured = [run for run in runs if run.get("slow_cells") is not None]
    if not measured:
        return []
    lines = [
        f"Cells that ran {SLOW_CELL_SECONDS} s or more (nbclient's timestamps in each "
        "executed cell), by run:",
        "",
        "| version | cell (index from 0, markdown cells counted) | seconds | its first line |",
        "|---|---:|---:|---|",
    ]
    for run in measured:
        for index, seconds, first in run["slow_cells"]:
            shown = first.replace("|", "\\|").replace("`", "'")
            lines.append(f"| {run['label']} | {index} | {seconds:,.0f} | `{shown}` |")
    return lines + [""]


def render(
    runs: list[dict], *, how: str, generated: str, history: list[dict] = ()
) -> str:
    """The report: one row per run (label, commit, started, wall time, load before / after),
    then every pair in ``history`` (the latest last) when there is one."""
    if len(runs) != 2:
        raise ValueError(f"need the baseline run and the current run, got {len(runs)}")
    base, current = runs
    ratio, met = verdict(base["seconds"], current["seconds"])
    rows = [
        f"| {run['label']} | `{run['commit']}` | {run['started']} | {minutes(run['seconds'])} | "
        f"{run.get('load_before', '-')} / {run.get('load_after', '-')} | "
        f"{run.get('probe_before', '-')} / {run.get('probe_after', '-')} | "
        f"{'; '.join(run.get('errors', [])) or 'none'} |"
        for run in runs
    ]
    status = "met" if met else "**NOT met**"
    return "\n".join(
        [
            "# Lesson 08: full-mode time, v1 against this version",
            "",
            "<!-- Generated by `make time-08` (tools/time_08.py). Do not edit by hand. -->",
            "",
            f"Written on {generated}. {how}",
            "",
            *([history_verdict(list(history)), ""] if history else []),
            "| version | commit | started (UTC) | wall time | load average before / after "
            "| speed probe before / after (s) | errors (the run went on) |",
            "|---|---|---|---:|---|---|---|",
            *rows,
            "",
            f"Ratio: {ratio:.2f} of v1's time (goal: at most {GOAL:.2f}): {status}.",
            "",
            "The machine has 2 cores; a load average well above 2 means something else ran "
            "during a run, and the ratio is then not representative. The speed probe times the "
            "same numpy work before and after each run: if it moves between the runs, the "
            "machine's own speed drifted (this host's speed changes from hour to hour), and a "
            "difference of that size between the runs is not the code's. A '-' means the run "
            "was not measured that way (tools/results.py, which timed some runs of this "
            "version, records neither).",
            "",
            *slow_cell_lines(runs),
            *(history_lines(list(history)) if history else []),
        ]
    )


# ------------------------------------------------------------------------------------------
# Running
# ------------------------------------------------------------------------------------------


def pairs_path() -> Path:
    """Every pair measured so far: ``docs/TIME-08.json``, beside the report."""
    return DOC_PATH.with_suffix(".json")


def lesson_code(commit: str) -> str:
    """12 hex digits of SHA-256 over lesson 08's code cells at ``commit``: pairs with the
    same digest timed the same lesson code (markdown edits do not change it)."""
    cells = json.loads(git("show", f"{commit}:notebooks/{NOTEBOOK}"))["cells"]
    code = json.dumps(["".join(c["source"]) for c in cells if c["cell_type"] == "code"])
    return hashlib.sha256(code.encode("utf-8")).hexdigest()[:12]


def write_report(runs: list[dict], how: str, generated: str) -> tuple[float, bool]:
    """Add this pair to ``docs/TIME-08.json`` and write the report; the latest pair's
    (ratio, met). SystemExit naming the JSON file when it cannot be read."""
    from lessons_lib.config import _write_atomically

    path = pairs_path()
    history = []
    if path.exists():
        try:
            history = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(history, list):
                raise ValueError("not a list of pairs")
        except (OSError, ValueError) as error:
            raise SystemExit(
                f"{path}: unreadable ({error}); fix or remove it"
            ) from None
    pair = {"generated": generated, "how": how, "runs": runs}
    history.append({**pair, "lesson_code": lesson_code(runs[1]["commit"])})
    _write_atomically(path, json.dumps(history, indent=1, ensure_ascii=False) + "\n")
    DOC_PATH.write_text(
        render(runs, how=how, generated=generated, history=history), encoding="utf-8"
    )
    return verdict(runs[0]["seconds"], runs[1]["seconds"])


def import_report(revision: str) -> int:
    """Add the pair of the report committed at ``revision`` to ``docs/TIME-08.json`` (the
    pairs measured before it existed), and rewrite the report from the latest pair."""
    try:
        pair = parse_report(git("show", f"{revision}:docs/TIME-08.md"))
    except (subprocess.CalledProcessError, ValueError) as error:
        raise SystemExit(f"docs/TIME-08.md at {revision}: {error}") from None
    how = (
        f"{pair['how']} (Recovered from the report committed at {revision}: its raw JSON "
        "files were in build/ and not kept.)"
    )
    ratio, met = write_report(pair["runs"], how, pair["generated"])
    print(f"added the pair of {revision}: ratio {ratio:.2f}")
    return 0


def load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def speed_probe(repeats: int = 40) -> str:
    """Seconds for a fixed numpy workload (float32 1024x1024 matrix products): taken before and
    after each run, it shows whether the machine itself got faster or slower between the runs,
    which the load average cannot (another tenant of the host is invisible here)."""
    import numpy as np

    a = np.full((1024, 1024), 0.5, dtype=np.float32)
    start = time.perf_counter()
    for _ in range(repeats):
        a @ a
    return f"{time.perf_counter() - start:.2f}"


def git(*args, cwd=ROOT) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def run_lesson(tree: Path, label: str, commit: str, quick: bool = False) -> dict:
    """Execute ``tree``'s lesson 08 (full mode unless ``quick``); its wall time and its errors."""
    import nbformat
    from nbclient import NotebookClient

    folder = WORK / label.replace(" ", "-")
    folder.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(tree),
        "LESSONS_BUILD_DIR": str(folder / "build"),
    }
    env.pop("LESSONS_QUICK", None)
    if quick:
        env["LESSONS_QUICK"] = "1"
    env.setdefault("MPLBACKEND", "Agg")
    notebook = nbformat.read(tree / "notebooks" / NOTEBOOK, as_version=4)
    run = {
        "label": label,
        "commit": commit,
        "load_before": load(),
        "probe_before": speed_probe(),
    }
    run["started"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
    print(
        f"{label}: executing {tree / 'notebooks' / NOTEBOOK} (started {run['started']} UTC)",
        flush=True,
    )
    client = NotebookClient(
        notebook,
        timeout=None,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tree / "notebooks")}},
    )
    saved = os.environ.copy()
    os.environ.clear()
    os.environ.update(env)  # the kernel inherits this process's environment
    try:
        start = time.perf_counter()
        client.execute()
        run["seconds"] = time.perf_counter() - start
    finally:
        os.environ.clear()
        os.environ.update(saved)
    run["load_after"], run["probe_after"] = load(), speed_probe()
    nbformat.write(notebook, folder / NOTEBOOK)
    run["errors"] = cell_errors(notebook)
    run["slow_cells"] = slow_cells(notebook)
    print(
        f"{label}: {minutes(run['seconds'])}, {len(run['errors'])} error(s)", flush=True
    )
    return run


def report_from(v1_run: Path, timings: Path, commit: str | None) -> int:
    """The report from two runs made one after the other by hand (the report says how)."""
    if not commit:
        raise SystemExit(
            "--report-from needs --commit: the commit this version's run came from"
        )
    try:
        base = json.loads(v1_run.read_text(encoding="utf-8"))
        current = run_from_timings(
            json.loads(timings.read_text(encoding="utf-8")), str(timings), commit
        )
    except (OSError, json.JSONDecodeError, ValueError) as error:
        raise SystemExit(f"cannot use {v1_run} and {timings}: {error}") from None
    if not isinstance(base, dict) or not {
        "label",
        "commit",
        "started",
        "seconds",
    } <= set(base):
        raise SystemExit(
            f"{v1_run} is not a run saved by run_lesson (label, commit, started, seconds)"
        )
    how = (
        "The two runs were made one after the other by hand (their start times show the order): "
        f"v1 by this tool's `run_lesson` (saved to `{v1_run}`), this version by "
        f"`tools/results.py --only 08` (its time in `{timings}`); both execute the notebook with "
        "nbclient in a fresh kernel."
    )
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    ratio, met = write_report([base, current], how, generated)
    print(
        f"wrote {DOC_PATH}: ratio {ratio:.2f} (goal <= {GOAL}): {'met' if met else 'NOT met'}"
    )
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--baseline",
        default=BASELINE,
        help=f"the commit to compare with (default v1, {BASELINE})",
    )
    parser.add_argument(
        "--quick", action="store_true", help="quick mode, into build/TIME-08-quick.md"
    )
    parser.add_argument(
        "--report-from",
        nargs=2,
        type=Path,
        metavar=("V1_RUN", "TIMINGS"),
        help="run nothing: the report from a v1 run saved by run_lesson (JSON) and this "
        "version's run in a tools/results.py timings file (needs --commit)",
    )
    parser.add_argument(
        "--commit", help="with --report-from: the commit of this version's run"
    )
    parser.add_argument(
        "--this-first",
        action="store_true",
        help="run this version before v1 (default: v1 first)",
    )
    parser.add_argument(
        "--import-report",
        metavar="REV",
        help="run nothing: add the pair of docs/TIME-08.md as committed at REV to "
        "docs/TIME-08.json",
    )
    args = parser.parse_args(argv)
    if args.import_report:
        return import_report(args.import_report)
    if args.report_from:
        return report_from(*args.report_from, args.commit)
    if git("status", "--porcelain", "--untracked-files=no"):
        raise SystemExit(
            "commit your changes first: the report names the commit that ran"
        )
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    current = git("rev-parse", "--short", "HEAD")
    WORK.mkdir(parents=True, exist_ok=True)
    tree = WORK / "baseline-tree"
    if tree.exists():
        git("worktree", "remove", "--force", str(tree))
    git("worktree", "add", "--detach", str(tree), args.baseline)
    jobs = [(tree, "v1", args.baseline), (ROOT, "this version", current)]
    try:
        done = [run_lesson(*job) for job in (jobs[::-1] if args.this_first else jobs)]
    finally:
        git("worktree", "remove", "--force", str(tree))
    runs = sorted(
        done, key=lambda run: run["label"] != "v1"
    )  # v1's run, then this one's
    first = "this version" if args.this_first else "v1"
    how = (
        "Both runs were made by this tool, one after the other (see the load averages), "
        f"{first} first."
    )
    ratio, met = write_report(runs, how, generated)
    print(
        f"wrote {DOC_PATH}: ratio {ratio:.2f} (goal <= {GOAL}): {'met' if met else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
