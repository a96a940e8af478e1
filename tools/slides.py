"""Offline reveal.js slides of the notebooks, with their outputs and without the solutions.

    python tools/slides.py [--out build/slides] [--no-execute] [NOTEBOOK...]   # default: all lessons
    python tools/slides.py --reuse-executed   # after `make results`: reuse build/executed/ where it matches
    python tools/slides.py --stats            # slides, exercises, notes, fragments, figures per notebook

``make slides`` runs this. Each notebook is executed (full mode unless ``LESSONS_QUICK=1``,
exercise checks strict), then exported with nbconvert's slides exporter: cells tagged
``solution`` are removed, cells with slide_type ``skip`` (Colab and setup cells) are hidden,
``notes`` cells become speaker notes (press ``s`` in the deck).

Nothing is loaded from the internet when the slides are shown: reveal.js, require.js, jQuery and
MathJax 2 are fetched once from the npm registry (``npm pack``, so ``npm`` is needed at build time)
and unpacked into ``build/slides/`` beside the decks (``reveal.js/`` and ``vendor/``). Copy the
whole ``build/slides/`` folder to a classroom computer and open ``index.html``.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import nbformat

from nbtools import lesson_notebooks  # tools/nbtools.py (tools/ is on sys.path when run as a script)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "build" / "slides"
TEMPLATE_DIR = Path(__file__).resolve().parent / "slides_template"
SOLUTION_TAG = "solution"

# npm package -> (version, member of the package to keep, where it goes under the slides folder).
# reveal.js 5 keeps the layout nbconvert 7's reveal template expects (dist/reveal.js as a UMD
# module for require.js, dist/theme/*.css, plugin/notes/notes.js). MathJax 2, because the
# template calls the MathJax 2 API (MathJax.Hub).
VENDOR = {
    "reveal.js": ("5.2.1", "", "reveal.js"),
    "requirejs": ("2.3.7", "require.js", "vendor/require.js"),
    "jquery": ("3.7.1", "dist/jquery.min.js", "vendor/jquery.min.js"),
    "mathjax": ("2.7.9", "", "vendor/mathjax"),
}
# Parts of the MathJax package the slides never load: the unminified copy, its tests, and the
# fonts other than the TeX ones (TeX-AMS_CHTML renders with the TeX fonts).
MATHJAX_SKIP = ("unpacked/", "test/")
MATHJAX_FONT_DIRS = ("fonts/HTML-CSS/", "jax/output/SVG/fonts/", "jax/output/HTML-CSS/fonts/")


def _mathjax_unused(inside: str) -> bool:
    if inside.startswith(MATHJAX_SKIP):
        return True
    for folder in MATHJAX_FONT_DIRS:
        if inside.startswith(folder) and "/" in inside[len(folder):]:
            return not inside[len(folder):].startswith("TeX/")
    return False
VENDOR_FILES = ("reveal.js/dist/reveal.js", "reveal.js/dist/reveal.css", "reveal.js/dist/theme/white.css",
                "reveal.js/plugin/notes/notes.js", "vendor/require.js", "vendor/jquery.min.js",
                "vendor/mathjax/MathJax.js", "vendor/mathjax/config/TeX-AMS_CHTML-full.js")
STAMP = ".vendor-versions"


def _stamp_text() -> str:
    return "".join(f"{name}@{version}\n" for name, (version, _, _) in VENDOR.items())


def ensure_vendor(vendor_dir: Path = DEFAULT_OUT) -> Path:
    """Unpack reveal.js, require.js, jQuery and MathJax from the npm registry (once) into vendor_dir."""
    vendor_dir = Path(vendor_dir)
    stamp = vendor_dir / STAMP
    if stamp.exists() and stamp.read_text(encoding="utf-8") == _stamp_text() and all((vendor_dir / f).exists() for f in VENDOR_FILES):
        return vendor_dir
    if shutil.which("npm") is None:
        raise RuntimeError("`make slides` needs npm (Node.js) to fetch reveal.js from the npm registry once")
    vendor_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (version, member, target) in VENDOR.items():
            print(f"npm pack {name}@{version}", flush=True)
            packed = subprocess.run(["npm", "pack", f"{name}@{version}", "--silent", "--pack-destination", tmp],
                                    check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            destination = vendor_dir / target
            if destination.is_dir():
                shutil.rmtree(destination)
            with tarfile.open(Path(tmp) / packed) as archive:
                for info in archive.getmembers():
                    inside = info.name.split("/", 1)[1] if "/" in info.name else ""
                    if not info.isfile() or (member and inside != member):
                        continue
                    if name == "mathjax" and _mathjax_unused(inside):
                        continue
                    path = destination if member else destination / inside
                    path.parent.mkdir(parents=True, exist_ok=True)
                    with archive.extractfile(info) as source, open(path, "wb") as sink:
                        shutil.copyfileobj(source, sink)
    missing = [f for f in VENDOR_FILES if not (vendor_dir / f).exists()]
    if missing:
        raise RuntimeError(f"the npm packages did not contain {missing}")
    stamp.write_text(_stamp_text(), encoding="utf-8")
    return vendor_dir


def expected_slides(nb) -> tuple[int, int]:
    """(horizontal slides, all slides) that the exporter makes of ``nb`` once solutions are removed.

    The exporter opens a slide at the first visible cell (whatever its type) and at every later
    cell of type ``slide``; each slide is a stack of vertical slides opened by itself and by each
    ``subslide`` cell. ``skip`` and ``notes`` cells never open one.
    """
    types = [cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") for cell in nb.cells
             if SOLUTION_TAG not in cell.get("metadata", {}).get("tags", [])]
    visible = [index for index, kind in enumerate(types) if kind not in {"skip", "notes"}]
    if not visible:
        raise ValueError("every cell is hidden (skip/notes): no slides")
    later = types[visible[0] + 1:]
    horizontal = 1 + later.count("slide")
    return horizontal, horizontal + later.count("subslide")


def execute(nb, path: Path, timeout: int = 3600):
    """Run the notebook in a fresh kernel from its own folder (solutions included, checks strict)."""
    from nbclient import NotebookClient

    saved = {name: os.environ.get(name) for name in ("MPLBACKEND", "LESSONS_STRICT_CHECKS")}
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"  # figures become outputs
    os.environ["LESSONS_STRICT_CHECKS"] = "1"
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(Path(path).resolve().parent)}}).execute()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return nb


def exporter(out_dir: Path, vendor_dir: Path):
    """nbconvert's SlidesExporter pointed at the local copies, with solution cells removed."""
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    prefix = Path(os.path.relpath(vendor_dir, out_dir)).as_posix()
    config = Config()
    config.SlidesExporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
    config.SlidesExporter.template_name = "course_reveal"
    config.SlidesExporter.reveal_url_prefix = f"{prefix}/reveal.js"
    # "white", not nbconvert's default "simple": simple.css @imports its fonts from Google Fonts,
    # which a classroom without internet cannot load; white.css uses the fonts in the package.
    config.SlidesExporter.reveal_theme = "white"
    config.SlidesExporter.reveal_scroll = True  # a tall slide scrolls instead of being cut off
    config.SlidesExporter.exclude_input_prompt = True  # "In [8]:" costs a slide 110 px of width
    config.SlidesExporter.exclude_output_prompt = True
    config.SlidesExporter.require_js_url = f"{prefix}/vendor/require.js"
    config.SlidesExporter.jquery_url = f"{prefix}/vendor/jquery.min.js"
    config.SlidesExporter.mathjax_url = f"{prefix}/vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {SOLUTION_TAG}
    # "hide-input" (as in Jupyter Book / MyST-NB): the slide shows what the cell prints, not the
    # formatting code that printed it (a results table, for instance).
    config.TagRemovePreprocessor.remove_input_tags = {"hide-input"}
    # A progress bar rewrites its line with "\r"; a browser would print every state on its own
    # line and the slide would grow by one line per update. Keep the last state, as Jupyter does.
    config.CoalesceStreamsPreprocessor.enabled = True
    return SlidesExporter(config=config)


QUICK_BANNER = "QUICK MODE (LESSONS_QUICK=1)"


def reusable_run(path: Path, executed_dir: Path, quick: bool):
    """The executed copy of ``path`` in ``executed_dir`` (as ``make results``/``make book`` write
    them) if it can stand for a fresh run: same cell sources, every code cell run, no error, and
    the same mode (the quick-mode banner printed or not). Otherwise None."""
    copy = Path(executed_dir) / Path(path).name
    if not copy.exists():
        return None
    source, executed = nbformat.read(path, as_version=4), nbformat.read(copy, as_version=4)
    if [c.source for c in source.cells] != [c.source for c in executed.cells]:
        return None
    code = [c for c in executed.cells if c.cell_type == "code"]
    if any(c.execution_count is None or any(o.output_type == "error" for o in c.outputs) for c in code):
        return None
    printed = "".join(o.get("text", "") for c in code for o in c.outputs)
    return executed if (QUICK_BANNER in printed) == quick else None


def build_deck(path: Path, out_dir: Path = DEFAULT_OUT, vendor_dir: Path | None = None,
               run: bool = True, reuse_dir: Path | None = None) -> Path:
    """Execute (optionally) and export one notebook; returns the HTML file written.

    With ``reuse_dir``, an executed copy there that matches (see :func:`reusable_run`) is used
    instead of running the notebook again."""
    path, out_dir = Path(path), Path(out_dir)
    vendor_dir = ensure_vendor(Path(vendor_dir) if vendor_dir else out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(path, as_version=4)
    quick = os.environ.get("LESSONS_QUICK", "0").strip().lower() in {"1", "true", "yes", "on"}
    reused = reusable_run(path, reuse_dir, quick) if (run and reuse_dir) else None
    if reused is not None:
        print(f"   reusing {Path(reuse_dir) / path.name}", flush=True)
        nb = reused
    elif run:
        execute(nb, path)
    body, _ = exporter(out_dir, vendor_dir).from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    target = out_dir / f"{path.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def write_index(decks: list[Path], out_dir: Path, home: str | None = None) -> Path:
    """build/slides/index.html: one link per deck, titled by the notebook's first heading (and a
    link back to ``home``, the course website, when the decks are part of it)."""
    items = []
    for deck in sorted(decks):
        source = REPO_ROOT / "notebooks" / deck.name.replace(".slides.html", ".ipynb")
        title = deck.stem
        if source.exists():
            for cell in nbformat.read(source, as_version=4).cells:
                if cell.cell_type == "markdown" and cell.source.startswith("# "):
                    title = cell.source.splitlines()[0][2:].strip()
                    break
        items.append(f'<li><a href="{html.escape(deck.name)}">{html.escape(title)}</a></li>')
    back = f'<p><a href="{html.escape(home)}">Back to the course website (과정 홈)</a></p>\n' if home else ""
    page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>Course slides</title>\n<style>body { font-family: system-ui, sans-serif; max-width: 48rem; "
            "margin: 2rem auto; padding: 0 1rem; line-height: 1.6; word-break: keep-all; } li { margin: 0.4rem 0; }"
            "</style></head>\n<body><h1>Course slides (강의 슬라이드)</h1>\n" + back + "<p>Arrow keys move between slides; "
            "<kbd>s</kbd> opens the speaker notes.</p>\n<ul>\n" + "\n".join(items) + "\n</ul></body></html>\n")
    index = out_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def stats(paths, out_dir: Path = DEFAULT_OUT) -> str:
    """A markdown table per notebook: slides, exercises, speaker notes, fragments, and figures
    (images in its built deck under ``out_dir``, or "-" when no deck has been built)."""
    lines = ["| notebook | slides (with vertical) | exercises | notes | fragments | figures in deck |",
             "|---|---|---|---|---|---|"]
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        horizontal, total = expected_slides(nb)
        kinds = [cell.get("metadata", {}).get("slideshow", {}).get("slide_type") for cell in nb.cells]
        exercises = sum(cell.cell_type == "markdown" and cell.source.startswith("### Exercise") for cell in nb.cells)
        deck = Path(out_dir) / f"{Path(path).stem}.slides.html"
        figures = len(re.findall(r'<img[^>]*src="data:image/(?:png|jpeg)', deck.read_text(encoding="utf-8"))) \
            if deck.exists() else "-"
        lines.append(f"| {Path(path).name} | {horizontal} ({total}) | {exercises} | {kinds.count('notes')} "
                     f"| {kinds.count('fragment')} | {figures} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default build/slides)")
    parser.add_argument("--no-execute", action="store_true", help="export as committed, without running")
    parser.add_argument("--reuse-executed", nargs="?", const=str(REPO_ROOT / "build" / "executed"), default=None,
                        metavar="DIR", help="use executed copies from DIR (default build/executed, as "
                        "`make results` writes them) when they match the notebook and the mode")
    parser.add_argument("--stats", action="store_true",
                        help="only print slide, exercise and figure counts (figures from built decks)")
    parser.add_argument("notebooks", nargs="*", help="default: notebooks/NN_*.ipynb")
    args = parser.parse_args(argv)
    paths = lesson_notebooks(args.notebooks)
    out_dir = Path(args.out)
    if args.stats:
        print(stats(paths, out_dir))
        return 0
    ensure_vendor(out_dir)
    mode = "quick" if os.environ.get("LESSONS_QUICK", "0").strip().lower() in {"1", "true", "yes", "on"} else "full"
    decks = []
    for path in paths:
        start = time.time()
        print(f"== {path} ({'not executed' if args.no_execute else mode + ' mode'})", flush=True)
        deck = build_deck(path, out_dir, run=not args.no_execute, reuse_dir=args.reuse_executed)
        horizontal, total = expected_slides(nbformat.read(path, as_version=4))
        print(f"   {deck}: {horizontal} slides ({total} with vertical ones), {time.time() - start:.0f} s", flush=True)
        decks.append(deck)
    print(f"open {write_index(sorted(out_dir.glob('*.slides.html')), out_dir)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
