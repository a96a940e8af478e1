"""What this course runs on: ``python -m lessons_lib.about`` prints it for a bug report.

It prints the course version (and the git commit when run from a clone), Python, the operating
system, where it runs (local, Colab, Binder), quick mode, the installed versions of the course's
packages, and the device Keras will use. :func:`print_device` is the one line the notebooks'
setup cells print.

Versions are read from the installed packages' metadata, so this module imports nothing heavy;
only the device line imports Keras (and only :func:`main` imports it when it is not loaded yet).
"""

from __future__ import annotations

import locale
import os
import platform
import subprocess
import sys
from importlib import metadata

from lessons_lib.config import QUICK, REPO_ROOT

PACKAGES = ("lessons_lib", "numpy", "matplotlib", "scikit-learn", "tensorflow", "tensorflow-cpu",
            "keras", "jupyterlab", "jupyterlab-language-pack-ko-kr", "jupyterlab-rise", "nbval")


def package_versions() -> dict[str, str]:
    """{package: installed version} for the course's packages; missing ones are left out."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def where() -> str:
    """'Colab', 'Binder' or 'local'."""
    if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ:
        return "Colab"
    if "BINDER_SERVICE_HOST" in os.environ or "BINDER_REQUEST" in os.environ:
        return "Binder"
    return "local"


def course_commit() -> str | None:
    """The clone's commit (``git describe``), or None outside a git clone."""
    if not (REPO_ROOT / ".git").exists():
        return None
    try:
        run = subprocess.run(["git", "-C", str(REPO_ROOT), "describe", "--tags", "--always", "--dirty"],
                             capture_output=True, text=True, encoding="utf-8", timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout.strip() or None


def device_line() -> str:
    """Which device Keras will use, in one line (without importing Keras if it is not loaded)."""
    if "keras" not in sys.modules:
        return "device: the CPU, with numpy (this lesson does not use Keras)"
    import keras

    backend = keras.backend.backend()
    gpus = []
    if backend == "tensorflow":
        import tensorflow as tf

        for gpu in tf.config.list_physical_devices("GPU"):
            details = tf.config.experimental.get_device_details(gpu)
            gpus.append(details.get("device_name") or gpu.name)
    elif backend == "jax":
        import jax

        gpus = [str(device) for device in jax.devices() if device.platform == "gpu"]
    elif backend == "torch":
        import torch

        gpus = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    if gpus:
        return f"device: Keras ({backend}) will use the GPU: {', '.join(gpus)}"
    return f"device: Keras ({backend}) will use the CPU (no GPU visible)"


def print_device() -> None:
    """Print :func:`device_line` (the setup cell of every notebook calls this)."""
    print(device_line())


def report() -> str:
    """The whole report as text (the lines :func:`main` prints)."""
    from lessons_lib import __version__

    commit = course_commit()
    lines = [f"course: lessons_lib {__version__}" + (f" (git {commit})" if commit else ""),
             f"python: {platform.python_version()} ({sys.executable})",
             f"system: {platform.platform()}",
             f"running on: {where()}",
             f"quick mode: {'on' if QUICK else 'off'} (LESSONS_QUICK={os.environ.get('LESSONS_QUICK', '')!r})",
             f"locale encoding: {locale.getpreferredencoding(False)} (the course reads and writes UTF-8)"]
    lines += [f"{name}: {version}" for name, version in package_versions().items()]
    return "\n".join(lines)


def main() -> None:
    print(report())
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # TensorFlow's start-up log is no version
    import keras  # noqa: F401  (so that the device line reports what Keras will use)

    print_device()


if __name__ == "__main__":
    main()
