"""Every slide of the redone lessons fits reveal.js's slide box (960 x 700) in Chromium.

nbconvert's reveal template turns a slide taller than its box into a scrollbar, which a class
cannot read. Each lesson in V2_LESSONS is executed in quick mode and exported as the course's
deck (tools/slides.py); a small script injected into a copy of the deck visits every slide in
headless Chromium once MathJax has typeset, shows all its fragments, and reports each slide's
content height, which must stay within the configured height. Skipped without Chromium
(tests/browser.py), required in CI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from browser import chromium_or_skip

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import slides  # noqa: E402  (tools/slides.py)
import v2  # noqa: E402  (tests/v2: the lessons redone so far)

V2_LESSONS = v2.LESSONS
SLIDE_HEIGHT = 700  # nbconvert's reveal template default (reveal_height), which tools/slides.py keeps
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,800",
]

MEASURE = """
<script>
function measureSlides() {
  const out = [];
  document.querySelectorAll('.reveal .slides > section').forEach((stack, h) => {
    const inner = stack.querySelectorAll(':scope > section');
    (inner.length ? Array.from(inner) : [stack]).forEach((slide, v) => {
      Reveal.slide(h, v);
      slide.querySelectorAll('.fragment').forEach(f => f.classList.add('visible'));
      const title = (slide.querySelector('h1, h2, h3') || {}).textContent || '';
      out.push({h: h, v: v, height: slide.scrollHeight, title: title.trim().slice(0, 60)});
    });
  });
  const pre = document.createElement('pre');
  pre.id = 'fit-report';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}
function whenReady() {
  if (!document.querySelector('.reveal.ready')) { setTimeout(whenReady, 200); return; }
  require(["REVEAL_MODULE"], function (reveal) {
    window.Reveal = reveal;
    if (window.MathJax && MathJax.Hub) { MathJax.Hub.Queue(measureSlides); } else { measureSlides(); }
  });
}
setTimeout(whenReady, 300);
</script>
"""


def measure(deck: Path, chromium: str) -> list[dict]:
    probe = deck.with_name(deck.stem + ".measure.html")
    text = deck.read_text(encoding="utf-8")
    module = re.search(r'"([^"]*reveal\.js/dist/reveal\.js)"', text).group(
        1
    )  # as the deck requires it
    probe.write_text(
        text.replace("</body>", MEASURE.replace("REVEAL_MODULE", module) + "</body>"),
        encoding="utf-8",
    )
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                "--virtual-time-budget=30000",
                "--dump-dom",
                probe.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=240,
        )
    assert run.returncode == 0, run.stderr[-2000:]
    found = re.search(r'<pre id="fit-report">(.*?)</pre>', run.stdout, re.S)
    assert found, (
        "the measuring script did not report (reveal.js or MathJax did not finish)"
    )
    return json.loads(
        found.group(1)
        .replace("&quot;", '"')
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
    )


@pytest.mark.parametrize("lesson", V2_LESSONS)
def test_every_slide_fits_its_box(lesson, monkeypatch):
    chromium = chromium_or_skip()
    monkeypatch.setenv("LESSONS_QUICK", "1")
    notebook = next((REPO / "notebooks").glob(f"{lesson}_*.ipynb"))
    deck = slides.build_deck(
        notebook,
        out_dir=REPO / "build" / "slides-fit",
        vendor_dir=REPO / "build" / "slides",
    )
    heights = measure(deck, chromium)
    assert (
        len(heights)
        == slides.expected_slides(slides.nbformat.read(notebook, as_version=4))[1]
    )
    too_tall = [
        f"slide {s['h']}/{s['v']} ({s['title'] or 'no heading'}): {s['height']} px"
        for s in heights
        if s["height"] > SLIDE_HEIGHT
    ]
    assert not too_tall, (
        f"{notebook.name}: slides taller than {SLIDE_HEIGHT} px:\n"
        + "\n".join(too_tall)
    )
