"""requirements.lock: the semester's exact versions, with hashes, for every supported machine.

`make lock` resolves requirements.txt's ranges once (uv, --universal) for Linux, macOS and Windows
on Python 3.10-3.13; `make lab` and `make test` install the lock with pip --require-hashes. These
tests read the lock without a network: for every platform and Python version the course supports,
each package of requirements.txt is pinned exactly once, inside its range, with hashes, and the
TensorFlow build is the right one (tensorflow-cpu on Linux x86-64 and Windows, tensorflow
elsewhere). requirements-gpu.lock pins the CUDA build at the same TensorFlow version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
PLATFORMS = {  # name: (sys_platform, platform_machine, platform_system, os_name)
    "linux-x86_64": ("linux", "x86_64", "Linux", "posix"),
    "linux-aarch64": ("linux", "aarch64", "Linux", "posix"),
    "macos-arm64": ("darwin", "arm64", "Darwin", "posix"),
    "windows-amd64": ("win32", "AMD64", "Windows", "nt"),
}


def environment(platform: str, python: str) -> dict[str, str]:
    sys_platform, machine, system, os_name = PLATFORMS[platform]
    return {"python_version": python, "python_full_version": f"{python}.0", "sys_platform": sys_platform,
            "platform_machine": machine, "platform_system": system, "os_name": os_name,
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "platform_release": "", "platform_version": "", "extra": ""}


ENVIRONMENTS = {f"{platform}-py{python}": environment(platform, python)
                for platform in PLATFORMS for python in PYTHONS}


@dataclass
class Pin:
    name: str
    version: Version
    marker: Marker | None
    hashes: list[str] = field(default_factory=list)

    def applies(self, env: dict[str, str]) -> bool:
        return self.marker is None or self.marker.evaluate(env)


def parse_lock(text: str) -> list[Pin]:
    """The pins of a pip/uv lock file (`name==version ; marker \\` then `--hash=...` lines)."""
    pins: list[Pin] = []
    for line in text.splitlines():
        stripped = line.strip().rstrip("\\").strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("--hash="):
            assert pins, f"a hash before any package: {line!r}"
            pins[-1].hashes.append(stripped[len("--hash="):])
            continue
        requirement, _, marker = stripped.partition(";")
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([^\s]+)", requirement.strip())
        assert match, f"not an exact pin: {line!r}"
        name = canonicalize_name(match.group(1).split("[")[0])
        pins.append(Pin(name, Version(match.group(2)), Marker(marker.strip()) if marker.strip() else None))
    return pins


def requirements(path: Path) -> list[Requirement]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            found.append(Requirement(line))
    return found


def lock_problems(requirement_list: list[Requirement], pins: list[Pin]) -> list[str]:
    """Everything wrong with ``pins`` as a lock of ``requirement_list`` (empty when it is right)."""
    problems = [f"{pin.name}=={pin.version} has no --hash" for pin in pins if not pin.hashes]
    for env_name, env in ENVIRONMENTS.items():
        active = [pin for pin in pins if pin.applies(env)]
        names = [pin.name for pin in active]
        problems += [f"{env_name}: {name} is pinned {names.count(name)} times"
                     for name in sorted(set(names)) if names.count(name) > 1]
        if {"tensorflow", "tensorflow-cpu"} <= set(names):
            problems.append(f"{env_name}: both tensorflow and tensorflow-cpu would be installed")
        for requirement in requirement_list:
            if requirement.marker is not None and not requirement.marker.evaluate(env):
                continue
            name = canonicalize_name(requirement.name)
            matching = [pin for pin in active if pin.name == name]
            if not matching:
                problems.append(f"{env_name}: {name} is not in the lock")
            elif not requirement.specifier.contains(matching[0].version, prereleases=True):
                problems.append(f"{env_name}: {name}=={matching[0].version} is outside {requirement.specifier}")
    return problems


LOCK = parse_lock((REPO / "requirements.lock").read_text(encoding="utf-8"))
GPU_LOCK = parse_lock((REPO / "requirements-gpu.lock").read_text(encoding="utf-8"))


def test_the_lock_satisfies_requirements_txt_everywhere():
    problems = lock_problems(requirements(REPO / "requirements.txt"), LOCK)
    assert not problems, "requirements.lock does not match requirements.txt; run `make lock`:\n  " + \
        "\n  ".join(problems[:40])


@pytest.mark.parametrize("platform, build", [("linux-x86_64", "tensorflow-cpu"), ("windows-amd64", "tensorflow-cpu"),
                                             ("linux-aarch64", "tensorflow"), ("macos-arm64", "tensorflow")])
def test_each_platform_gets_its_tensorflow_build(platform, build):
    for python in PYTHONS:
        names = {pin.name for pin in LOCK if pin.applies(environment(platform, python))}
        assert build in names and ({"tensorflow", "tensorflow-cpu"} - {build}).isdisjoint(names), (platform, python)


def test_the_check_catches_a_stale_or_unhashed_lock():
    wanted = [Requirement("numpy>=1.26,<2.5"), Requirement('tensorflow-cpu>=2.16,<2.22; sys_platform == "win32"')]
    good = parse_lock("numpy==2.2.6 \\\n    --hash=sha256:aa\ntensorflow-cpu==2.21.0 ; sys_platform == 'win32' \\\n"
                      "    --hash=sha256:bb\n")
    assert lock_problems(wanted, good) == []
    stale = parse_lock("numpy==2.5.0 \\\n    --hash=sha256:aa\n")
    problems = lock_problems(wanted, stale)
    assert any("numpy==2.5.0 is outside" in p for p in problems)
    assert any("windows-amd64-py3.10: tensorflow-cpu is not in the lock" in p for p in problems)
    assert any("has no --hash" in p for p in lock_problems(wanted[:1], parse_lock("numpy==2.2.6\n")))
    twice = parse_lock("numpy==2.2.6 \\\n    --hash=sha256:aa\nnumpy==2.4.6 ; python_full_version >= '3.11' \\\n"
                       "    --hash=sha256:cc\n")
    assert any("numpy is pinned 2 times" in p for p in lock_problems(wanted[:1], twice))


def test_the_lock_was_made_by_make_lock():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for flag in ("--universal", "--generate-hashes", "--python-version 3.10"):
        assert flag in makefile, f"make lock no longer passes {flag}"
    for path in ("requirements.lock", "requirements-gpu.lock"):
        header = (REPO / path).read_text(encoding="utf-8")[:400]
        assert "uv pip compile --universal --generate-hashes --python-version 3.10" in header, path
    assert "--require-hashes -r requirements.lock" in makefile, "make lab/test must install the lock"


def test_the_gpu_lock_pins_the_cuda_build_at_the_same_versions():
    requirement = requirements(REPO / "requirements-gpu.txt")
    assert [r.name for r in requirement] == ["tensorflow"] and requirement[0].extras == {"and-cuda"}
    problems = lock_problems(requirement, GPU_LOCK)
    assert not problems, problems[:20]
    for python in PYTHONS:
        env = environment("linux-x86_64", python)
        cpu = {pin.name: pin.version for pin in LOCK if pin.applies(env)}
        gpu = {pin.name: pin.version for pin in GPU_LOCK if pin.applies(env)}
        assert gpu["tensorflow"] == cpu["tensorflow-cpu"], (python, gpu["tensorflow"], cpu["tensorflow-cpu"])
        assert any(name.startswith("nvidia-") for name in gpu), "no CUDA wheels in requirements-gpu.lock"
        differ = {name: (cpu[name], gpu[name]) for name in cpu.keys() & gpu.keys() if cpu[name] != gpu[name]}
        assert not differ, f"python {python}: the GPU lock moves these pins: {differ}"
