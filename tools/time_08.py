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
"""

from __future__ import annotations

import argparse
import json
import os
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


def render(runs: list[dict], *, how: str, generated: str) -> str:
    """The report: one row per run (label, commit, started, wall time, load before / after)."""
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
            "difference of that size between the runs is not the code's.",
            "",
        ]
    )


# ------------------------------------------------------------------------------------------
# Running
# ------------------------------------------------------------------------------------------


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
    DOC_PATH.write_text(
        render([base, current], how=how, generated=generated), encoding="utf-8"
    )
    ratio, met = verdict(base["seconds"], current["seconds"])
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
    args = parser.parse_args(argv)
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
    try:
        runs = [
            run_lesson(tree, "v1", args.baseline),
            run_lesson(ROOT, "this version", current),
        ]
    finally:
        git("worktree", "remove", "--force", str(tree))
    how = (
        "Both runs were made by this tool, one after the other (see the load averages)."
    )
    DOC_PATH.write_text(render(runs, how=how, generated=generated), encoding="utf-8")
    ratio, met = verdict(runs[0]["seconds"], runs[1]["seconds"])
    print(
        f"wrote {DOC_PATH}: ratio {ratio:.2f} (goal <= {GOAL}): {'met' if met else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
