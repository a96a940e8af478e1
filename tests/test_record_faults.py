"""record() under faults: writers side by side, a writer killed mid-write, a full disk, a damaged
file, reserved keys and odd LESSONS_BUILD_DIR settings (issue 16).

Each trial runs real processes (a fresh Python per writer) against a temporary build folder.
"""

import errno
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

import lessons_lib
from lessons_lib import config

PYTHON_PATH = os.pathsep.join([str(lessons_lib.REPO_ROOT), os.environ.get("PYTHONPATH", "")])

# A writer: waits for the start file (so that two writers really overlap), then records `count`
# names and prints each one after record() has returned.
WRITER = """
import os, sys, time
from pathlib import Path
from lessons_lib import config
prefix, count, start = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
while not start.exists():
    time.sleep(0.001)
for index in range(count):
    name = f"09.{prefix}_{index:04d}"
    config.record(name, index, note="x" * 200)
    print(name, flush=True)
"""


def writer(tmp_path, prefix, count, start_file, **popen):
    env = {**os.environ, "LESSONS_BUILD_DIR": str(tmp_path), "LESSONS_QUICK": "0", "PYTHONPATH": PYTHON_PATH}
    return subprocess.Popen([sys.executable, "-c", WRITER, prefix, str(count), str(start_file)], env=env,
                            text=True, **popen)


def results_file(tmp_path):
    return tmp_path / "results" / "full" / "09.json"


def test_two_writers_side_by_side_keep_all_400_names(tmp_path):
    start = tmp_path / "start"
    writers = [writer(tmp_path, prefix, 200, start, stdout=subprocess.DEVNULL) for prefix in ("a", "b")]
    time.sleep(0.3)  # both are importing; let them wait at the start line
    start.touch()
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    table = json.loads(results_file(tmp_path).read_text(encoding="utf-8"))
    assert len(table) == 400, f"{400 - len(table)} of 400 names lost"
    assert {name[3] for name in table} == {"a", "b"}


def test_a_writer_killed_at_random_times_never_leaves_an_unreadable_file(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    monkeypatch.setattr(config, "QUICK", False)
    start = tmp_path / "start"
    start.touch()
    rng = random.Random(16)
    confirmed = set()
    for trial in range(20):
        process = writer(tmp_path, f"t{trial:02d}", 10_000, start, stdout=subprocess.PIPE)
        assert process.stdout.readline()  # it has recorded once: from now on it is writing
        time.sleep(rng.uniform(0.0, 0.05))
        process.kill()
        confirmed.update(line.strip() for line in process.stdout.read().splitlines() if line.strip())
        process.wait()
        table = config.load_results(quick=False)  # raises if the file were damaged
        missing = {name for name in confirmed if name.startswith(f"09.t{trial:02d}")} - set(table)
        assert not missing, f"trial {trial}: names whose record() had returned are gone: {sorted(missing)[:3]}"
    assert not list(results_file(tmp_path).parent.glob("*.json.*.tmp"))[1:], "temporary files pile up"


def test_a_full_disk_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    monkeypatch.setattr(config, "QUICK", False)
    config.record("09.before", 1.0)
    path = results_file(tmp_path)
    before = path.read_bytes()

    def full_disk(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(config.os, "fsync", full_disk)
    with pytest.raises(OSError, match=r"could not write .*09\.json.*No space left.*previous file is unchanged"):
        config.record("09.after", 2.0)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".tmp"] == []


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_real_file_size_limit_leaves_the_previous_file_intact(tmp_path):
    """The kernel refuses the write (EFBIG, as a full disk gives ENOSPC): no monkeypatching."""
    code = """
import resource, sys
from lessons_lib import config
config.record("09.before", 1.0)
path = config.results_path("09")
size = path.stat().st_size
resource.setrlimit(resource.RLIMIT_FSIZE, (size + 100, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    config.record("09.after", 2.0, note="x" * 10_000)
except OSError as error:
    print("refused:", error)
"""
    env = {**os.environ, "LESSONS_BUILD_DIR": str(tmp_path), "LESSONS_QUICK": "0", "PYTHONPATH": PYTHON_PATH}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "refused:" in result.stdout and "previous file is unchanged" in result.stdout
    assert set(json.loads(results_file(tmp_path).read_text(encoding="utf-8"))) == {"09.before"}


@pytest.mark.parametrize("damage", ['{"09.a": {"value": 1', "", "[1, 2]", "\udcff"])
def test_a_damaged_file_is_named_with_the_way_to_recover(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    monkeypatch.setattr(config, "QUICK", False)
    path = results_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(damage.encode("utf-8", "surrogateescape"))
    for action in (lambda: config.record("09.b", 1.0), lambda: config.load_results(quick=False)):
        with pytest.raises(ValueError, match=r"results file .*09\.json is damaged.*Delete it and rerun lesson 09"):
            action()
    assert path.read_bytes() == damage.encode("utf-8", "surrogateescape"), "the damaged file was overwritten"


@pytest.mark.parametrize("extra", [{"quick": True}, {"time": "yesterday"}, {"quick": 1, "time": 2}])
def test_reserved_keys_cannot_be_overridden(tmp_path, monkeypatch, extra):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="cannot be passed as extra keyword arguments"):
        config.record("09.a", 1.0, **extra)
    with pytest.raises(TypeError, match="value"):
        config.record("09.a", 1.0, value=2.0)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), object(), {1, 2}])
def test_extra_values_must_be_json(tmp_path, monkeypatch, bad):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    with pytest.raises(ValueError, match="epochs=.*cannot be stored"):
        config.record("09.a", 1.0, epochs=bad)
    assert not (tmp_path / "results").exists() or not list((tmp_path / "results").rglob("09.json"))


@pytest.mark.parametrize("setting, expected", [
    ("", lambda: config.REPO_ROOT / "build"),
    ("   ", lambda: config.REPO_ROOT / "build"),
    ("~", lambda: Path.home()),
    ("~/lessons-build", lambda: Path.home() / "lessons-build"),
    ("elsewhere/build", lambda: config.REPO_ROOT / "elsewhere" / "build"),
])
def test_build_dir_settings_resolve_sensibly(monkeypatch, tmp_path, setting, expected):
    monkeypatch.setenv("LESSONS_BUILD_DIR", setting)
    monkeypatch.chdir(tmp_path)  # a relative setting must not follow the working directory
    assert config.build_dir() == expected()
    assert config.build_dir().is_absolute()


def test_an_absolute_build_dir_is_used_as_it_is(monkeypatch, tmp_path):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    assert config.build_dir() == tmp_path
