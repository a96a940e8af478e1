"""lessons_lib basics: fast import without TensorFlow, quick mode, seeds, record()."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import lessons_lib
from lessons_lib import config


def run_python(code, **env):
    environment = {**os.environ, **env}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True)


def test_import_is_fast_and_does_not_import_tensorflow():
    result = run_python("import time; t = time.perf_counter(); import lessons_lib, lessons_lib.data, "
                        "lessons_lib.functions, lessons_lib.gradients, lessons_lib.checks, lessons_lib.plots; "
                        "import sys; print(time.perf_counter() - t, 'tensorflow' in sys.modules, 'keras' in sys.modules)")
    seconds, tf_loaded, keras_loaded = result.stdout.split()
    assert tf_loaded == "False" and keras_loaded == "False"
    assert float(seconds) < 3.0, f"import lessons_lib took {seconds} s"


@pytest.mark.parametrize("value, expected", [("1", "True"), ("0", "False"), ("", "False"), ("true", "True")])
def test_quick_follows_the_environment(value, expected):
    out = run_python("import lessons_lib; print(lessons_lib.QUICK); lessons_lib.quick_banner('Lesson 00')",
                     LESSONS_QUICK=value).stdout
    assert out.splitlines()[0] == expected
    assert ("QUICK MODE" in out) == (expected == "True")


def test_set_seed_makes_numpy_and_python_repeat():
    import random

    config.set_seed(7)
    first = (random.random(), np.random.rand())
    generator_value = config.set_seed(7).random()
    config.set_seed(7)
    assert (random.random(), np.random.rand()) == first
    assert generator_value == np.random.default_rng(7).random()


@pytest.mark.parametrize("bad", [-1, 1.5, "3", None, True])
def test_set_seed_rejects_bad_seeds(bad):
    with pytest.raises(ValueError, match="seed"):
        config.set_seed(bad)


def test_record_writes_json_by_mode(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    monkeypatch.setattr(config, "QUICK", False)
    config.record("02.xor_mlp.accuracy", np.float32(1.0), anchor=None, epochs=np.int64(5))
    config.record("02.xor_mlp.loss", 0.01)
    table = json.loads((tmp_path / "results" / "full" / "02.json").read_text(encoding="utf-8"))
    assert table["02.xor_mlp.accuracy"]["value"] == 1.0
    assert table["02.xor_mlp.accuracy"]["epochs"] == 5
    assert table["02.xor_mlp.accuracy"]["quick"] is False
    assert set(config.load_results(quick=False)) == {"02.xor_mlp.accuracy", "02.xor_mlp.loss"}
    assert config.load_results(quick=True) == {}


@pytest.mark.parametrize("name, value, message", [
    ("xor.accuracy", 1.0, "name"), ("2.xor", 1.0, "name"), ("02.xor", float("nan"), "finite"),
    ("02.xor", "high", "number"), ("02.xor", [1, 2], "number")])
def test_record_rejects_bad_names_and_values(tmp_path, monkeypatch, name, value, message):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    with pytest.raises(ValueError, match=message):
        config.record(name, value)


def test_record_refuses_a_bool_and_stores_numpy_numbers_nested_in_extras(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    for value in (True, np.False_):
        with pytest.raises(ValueError, match="value for '02.v' must be a number, got bool"):
            config.record("02.v", value)
    config.record("02.k", 1, nested={"a": np.int64(1), "b": [np.float32(0.5)]})
    assert config.load_results()["02.k"]["nested"] == {"a": 1, "b": [0.5]}
    with pytest.raises(ValueError, match="lesson must be a two-digit lesson number"):
        config.results_path("\uff10\uff12")  # full-width digits are not a file name we write


def test_a_results_file_with_a_name_twice_is_damaged(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    path = config.results_path("03")
    path.parent.mkdir(parents=True)
    path.write_text('{"03.x": {"value": 1}, "03.x": {"value": 2}}', encoding="utf-8")
    for action in (config.load_results, lambda: config.record("03.y", 1)):
        with pytest.raises(ValueError, match=r"03.json is damaged \(the name '03.x' appears twice\)"):
            action()


def test_a_file_where_a_results_folder_should_be_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("LESSONS_BUILD_DIR", str(tmp_path))
    (tmp_path / "results").write_text("not a folder", encoding="utf-8")
    for action in (config.load_results, lambda: config.record("03.y", 1)):
        with pytest.raises(ValueError, match="results should be a folder of results files but is a file"):
            action()


def test_pick_chooses_by_mode(monkeypatch):
    monkeypatch.setattr(config, "QUICK", True)
    assert config.pick(full=20, quick=2) == 2
    monkeypatch.setattr(config, "QUICK", False)
    assert config.pick(full=20, quick=2) == 20


def test_build_dir_is_under_the_repository_not_the_working_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("LESSONS_BUILD_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert config.build_dir() == lessons_lib.REPO_ROOT / "build"
