"""Offline slides (`make slides`): a deck opens in headless Chromium and reveal.js runs.

The cheapest lesson (01, or the fixture notebook while 01 does not exist) is executed in quick
mode and exported with tools/slides.py into build/slides-test/, using the local reveal.js, require.js,
jQuery and MathJax under build/slides/ (fetched once with `npm pack`). Chromium (Debian's
`chromium`, installed by .ci/run) loads it from file://, and the test checks on the rendered DOM
that reveal.js initialised (`.reveal.ready`) with exactly the slides the notebook's metadata asks
for, that MathJax typeset the formulas, and saves screenshots of the title slide and of the first
slide with a figure under build/screenshots/.

Without Chromium (or without npm, before reveal.js has been fetched once) the browser tests are
skipped with one line (tests/browser.py); CI sets LESSONS_REQUIRE_BROWSER=1, which fails them instead.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import slides  # noqa: E402  (tools/slides.py)
from browser import REQUIRE_VARIABLE, browser_required, chromium_or_skip  # noqa: E402  (tests/browser.py)

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHEAP = sorted((REPO / "notebooks").glob("01_*.ipynb")) or [REPO / "tests" / "fixtures" / "fixture_lesson.ipynb"]
NOTEBOOK = CHEAP[0]
SCREENSHOTS = REPO / "build" / "screenshots"


class SlideTree(HTMLParser):
    """Collects the deck's <section> nesting (horizontal slides and their vertical slides) and
    where the figures are: (h, v, elements before it in its slide, fragments opened before it)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.slides: list[dict] = []  # one per horizontal slide: its classes and number of vertical slides
        self.images: list[tuple[int, int, int, int]] = []
        self.reveal_classes: list[str] = []
        self.elements = self.fragments = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        self.elements += 1
        if tag == "div" and "reveal" in classes and not self.reveal_classes:
            self.reveal_classes = classes
        if tag == "section":
            self.depth += 1
            if self.depth == 1:
                self.slides.append({"classes": classes, "vertical": 0})
            elif self.depth == 2:
                self.slides[-1]["vertical"] += 1
                self.elements = self.fragments = 0
        if tag == "div" and "fragment" in classes:
            self.fragments += 1
        if tag == "img" and self.slides and (attributes.get("src") or "").startswith("data:image/png"):
            self.images.append((len(self.slides) - 1, max(self.slides[-1]["vertical"] - 1, 0),
                                self.elements, self.fragments))

    def handle_endtag(self, tag):
        if tag == "section":
            self.depth -= 1


def parse(html_text: str) -> SlideTree:
    tree = SlideTree()
    tree.feed(html_text)
    return tree


def chromium(*arguments, timeout=180) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([chromium_or_skip(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
                              capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def deck(monkeypatch_module):
    chromium_or_skip()
    vendor = REPO / "build" / "slides"
    fetched = all((vendor / name).exists() for name in slides.VENDOR_FILES)
    if not fetched and shutil.which("npm") is None:
        message = "npm is missing, so reveal.js cannot be fetched for the slide tests: install Node.js."
        if browser_required():
            pytest.fail(f"{message} {REQUIRE_VARIABLE}=1 requires them.")
        pytest.skip(f"{message} Skipped (set {REQUIRE_VARIABLE}=1 to make this a failure).")
    monkeypatch_module.setenv("LESSONS_QUICK", "1")
    out = REPO / "build" / "slides-test"
    return slides.build_deck(NOTEBOOK, out_dir=out, vendor_dir=REPO / "build" / "slides")


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_expected_slides_follows_the_exporter_rules():
    def notebook(*types, tags=None):
        cells = [nbformat.v4.new_markdown_cell("x", metadata={"slideshow": {"slide_type": kind}}) for kind in types]
        for index, tag in (tags or {}).items():
            cells[index].metadata["tags"] = [tag]
        return nbformat.v4.new_notebook(cells=cells)

    # first visible cell opens a slide even when it is a fragment; skip/notes open nothing
    assert slides.expected_slides(notebook("skip", "fragment", "subslide", "slide", "notes", "-")) == (2, 3)
    assert slides.expected_slides(notebook("slide", "subslide", "subslide", "slide")) == (2, 4)
    # a removed solution cell does not count
    assert slides.expected_slides(notebook("slide", "slide", tags={1: "solution"})) == (1, 1)


def test_deck_uses_only_local_scripts_and_styles(deck):
    text = deck.read_text(encoding="utf-8")
    remote = re.findall(r'<(?:script|link)[^>]*(?:src|href)="((?:https?:)?//[^"]*)"', text)
    assert not remote, f"the deck loads from the internet: {remote}"
    for needed in ("reveal.js/dist/reveal.js", "reveal.js/plugin/notes/notes.js", "vendor/require.js",
                   "vendor/mathjax/MathJax.js"):
        assert needed in text, f"the deck does not reference the local {needed}"
    assert "mermaid" not in text


def test_deck_has_outputs_and_no_solutions(deck):
    text = deck.read_text(encoding="utf-8")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        shown = f'id="cell-id={cell.id}"' in text
        if "solution" in cell.metadata.get("tags", []):
            assert not shown, f"solution cell {cell.id} is in the slides"
        elif kind != "skip":
            assert shown, f"cell {cell.id} ({kind}) is missing from the slides"
    assert re.search(r'<img[^>]*src="data:image/png', text), "the deck has no figure: was the notebook executed?"
    assert "jp-OutputArea-output" in text, "the deck has no cell outputs"


def test_reveal_initialises_in_chromium_with_the_expected_slides(deck):
    horizontal, total = slides.expected_slides(nbformat.read(NOTEBOOK, as_version=4))
    run = chromium("--virtual-time-budget=15000", "--dump-dom", deck.resolve().as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    tree = parse(run.stdout)
    assert "ready" in tree.reveal_classes, f"reveal.js did not initialise: .reveal has {tree.reveal_classes}"
    assert len(tree.slides) == horizontal, f"{len(tree.slides)} horizontal slides, expected {horizontal}"
    assert sum(slide["vertical"] for slide in tree.slides) == total
    # reveal.js marks every horizontal slide that holds vertical slides as a stack when it sets up
    assert all("stack" in slide["classes"] for slide in tree.slides), [s["classes"] for s in tree.slides]
    assert "present" in tree.slides[0]["classes"]
    if any("$" in cell.source for cell in nbformat.read(NOTEBOOK, as_version=4).cells if cell.cell_type == "markdown"):
        assert "mjx-chtml" in run.stdout, "MathJax (local copy) did not typeset the formulas"


def test_screenshots(deck):
    import matplotlib.image

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tree = parse(deck.read_text(encoding="utf-8"))
    assert tree.images, "no figure in the deck"
    # the figure nearest the top of its slide, with the fragments before it shown (#/h/v/f)
    h, v, _, fragments = min(tree.images, key=lambda image: image[2])
    figure_at = f"#/{h}/{v}" + (f"/{fragments - 1}" if fragments else "")
    for name, fragment in (("title", "#/0"), ("figure", figure_at)):
        target = SCREENSHOTS / f"{NOTEBOOK.stem}-{name}.png"
        target.unlink(missing_ok=True)
        run = chromium("--virtual-time-budget=15000", "--window-size=1280,800", f"--screenshot={target}",
                       deck.resolve().as_uri() + fragment)
        assert run.returncode == 0 and target.exists(), run.stderr[-2000:]
        pixels = matplotlib.image.imread(target)
        assert pixels.shape[:2] == (800, 1280)
        assert pixels[..., :3].std() > 0.05, f"{target} looks blank"


def test_reusable_run_accepts_only_a_matching_complete_run(tmp_path):
    source = REPO / "tests" / "fixtures" / "fixture_lesson.ipynb"
    executed = nbformat.read(source, as_version=4)
    for count, cell in enumerate((c for c in executed.cells if c.cell_type == "code"), start=1):
        cell.execution_count = count
    setup = next(c for c in executed.cells if "quick_banner(" in c.source)
    setup.outputs = [nbformat.v4.new_output("stream", text=f"*** Lesson 00: {slides.QUICK_BANNER}: ... ***\n")]
    nbformat.write(executed, tmp_path / source.name)
    assert slides.reusable_run(source, tmp_path, quick=True) is not None
    assert slides.reusable_run(source, tmp_path, quick=False) is None  # a quick run is no full run
    assert slides.reusable_run(source, tmp_path / "missing", quick=True) is None
    executed.cells[4].outputs = [nbformat.v4.new_output("error", ename="E", evalue="v", traceback=[])]
    nbformat.write(executed, tmp_path / source.name)
    assert slides.reusable_run(source, tmp_path, quick=True) is None  # a failed run
    executed.cells[4].outputs = []
    executed.cells[4].source += "\n# edited since"
    nbformat.write(executed, tmp_path / source.name)
    assert slides.reusable_run(source, tmp_path, quick=True) is None  # the notebook changed


def test_a_progress_bar_keeps_only_its_last_state_on_a_slide(tmp_path):
    """A bar rewrites its line with carriage returns; each state on its own line made slides grow."""
    bar = "10%|#         |\r50%|#####     |\r100%|##########|\n"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "train()", outputs=[nbformat.v4.new_output("stream", name="stderr", text=bar)])])
    body, _ = slides.exporter(tmp_path, tmp_path / "vendor").from_notebook_node(nb)
    assert "100%" in body and "50%|" not in body and "10%|" not in body


def test_a_hide_input_cell_shows_its_output_but_not_its_code(tmp_path):
    cell = nbformat.v4.new_code_cell(
        "print(f'{name:<10}{value:>8.4f}')  # table layout",
        outputs=[nbformat.v4.new_output("stream", name="stdout", text="softmax     0.9251\n")])
    cell.metadata["tags"] = ["hide-input"]
    body, _ = slides.exporter(tmp_path, tmp_path / "vendor").from_notebook_node(
        nbformat.v4.new_notebook(cells=[cell]))
    assert "0.9251" in body and "table layout" not in body
