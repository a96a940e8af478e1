"""Korean text in figures renders on a machine with no Korean (CJK) font installed.

Each test runs a fresh Python that first hides every system font from matplotlib, keeping only
the fonts matplotlib itself ships (DejaVu): that is a fresh laptop, CI, Colab or Binder image
without fonts-noto-cjk. It then draws a figure whose title holds 한국어 and every other non-ASCII
character the lessons' code cells contain, and reports matplotlib's "Glyph ... missing" warnings
and the font file that the Korean text is drawn with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat

from lessons_lib import plots

REPO = Path(__file__).resolve().parent.parent

DRAW = r'''
import json, sys, warnings
from pathlib import Path
import matplotlib
matplotlib.use("Agg")
from matplotlib import font_manager, ft2font
import matplotlib.pyplot as plt

# A machine without CJK fonts: matplotlib sees only the fonts it ships itself.
bundled = Path(matplotlib.get_data_path()).resolve()
manager = font_manager.fontManager
manager.ttflist = [f for f in manager.ttflist if Path(f.fname).resolve().is_relative_to(bundled)]
manager._findfont_cached.cache_clear()
text, use_setup = sys.argv[1], sys.argv[2] == "setup"
name = None
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    if use_setup:
        from lessons_lib import plots
        name = plots.setup()
    figure, ax = plt.subplots()
    ax.set(title=text, xlabel="학습 횟수 (epoch)", ylabel="손실 (loss)")
    ax.plot([0, 1], [1, 0], label="훈련 (train)")
    ax.legend()
    figure.canvas.draw()
missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
family = font_manager.FontProperties(family=matplotlib.rcParams["font.family"])
candidates = manager._find_fonts_by_props(family)
korean = [str(p) for p in candidates if ord("한") in ft2font.FT2Font(str(p)).get_charmap()]
print(json.dumps({"name": name, "missing": missing, "korean_font": korean[0] if korean else None}))
'''


def lesson_characters() -> str:
    """Every non-ASCII character in the lessons' code cells (titles, labels, printed terms)."""
    found = set()
    for path in sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                found |= {ch for ch in cell.source if ord(ch) > 127}
    return "".join(sorted(found))


def draw(text: str, mode: str) -> dict:
    environment = {**os.environ, "PYTHONPATH": str(REPO), "MPLBACKEND": "Agg"}
    run = subprocess.run([sys.executable, "-c", DRAW, text, mode], capture_output=True, text=True,
                         encoding="utf-8", timeout=120, env=environment, cwd=REPO)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_without_a_korean_font_matplotlib_draws_boxes():
    # the simulated machine really lacks a Korean font, and the check sees matplotlib's warning
    result = draw("퍼셉트론 (perceptron)", "plain")
    assert result["korean_font"] is None, result
    assert any("Glyph" in message and "missing" in message for message in result["missing"]), result


def test_setup_renders_korean_with_the_shipped_font_and_no_missing_glyph():
    assert plots.SHIPPED_FONT.exists() and (plots.SHIPPED_FONT.parent / "OFL.txt").exists()
    characters = lesson_characters()
    assert "퍼" in characters or len(characters) > 20, "no Korean found in the lessons' code cells?"
    result = draw("퍼셉트론 학습 −1 → 0.99 " + characters, "setup")
    assert result["missing"] == [], "Glyph missing (boxes in the figure):\n" + "\n".join(result["missing"])
    assert result["name"] == "NanumGothic", result
    assert Path(result["korean_font"]).resolve() == plots.SHIPPED_FONT, result
