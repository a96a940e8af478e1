"""The course website in headless Chromium: the home page, the first lesson and its slide deck
load without a console error or a failed load, the math is typeset by the local MathJax, Korean renders in a
Korean font (also in the web font the site ships, as on a computer without Korean fonts), the
offline search finds "퍼셉트론" and "backpropagation", and screenshots of the pages at 1280x800
and at a 390x844 phone size go to build/screenshots/.

Chromium comes from tests/browser.py: without it these tests are skipped with one clear line
(and fail under LESSONS_REQUIRE_BROWSER=1, as in CI).
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

import cdp
from browser import chromium_or_skip
from conftest import REPO

SCREENSHOTS = REPO / "build" / "screenshots"
# Families that hold Hangul: the stack in website/_static/course.css, as platforms name them.
KOREAN_FONTS = {"Apple SD Gothic Neo", "AppleSDGothicNeo", "Malgun Gothic", "Noto Sans KR", "Noto Sans CJK KR",
                "Nanum Gothic", "NanumGothic"}
HANGUL = re.compile("[\uac00-\ud7a3]")
SIZES = {"1280x800": (1280, 800, False), "390x844": (390, 844, True)}


@pytest.fixture(scope="module")
def browser():
    chromium = chromium_or_skip()
    opened = cdp.Browser(chromium)
    yield opened
    opened.close()


def first_lesson(site):
    return sorted((site / "lessons").glob("[0-9][0-9]_*.html"))[0]


def test_home_and_lesson_load_without_console_errors(browser, site):
    for page in (site / "index.html", first_lesson(site)):
        browser.open(page.as_uri(), settle=2.0)
        assert browser.wait_for("document.readyState === 'complete'")
        assert browser.errors() == [], f"{page.name}: {browser.errors()}"


def test_a_lesson_deck_of_the_site_runs_offline(browser, site):
    deck = sorted((site / "slides").glob("[0-9][0-9]_*.slides.html"))[0]
    browser.open(deck.as_uri(), settle=2.0)
    assert browser.wait_for("document.querySelector('.reveal.ready') !== null", timeout=30), "reveal.js did not start"
    assert browser.wait_for("document.querySelectorAll('.MathJax_CHTML').length > 0", timeout=60), \
        "MathJax did not typeset the deck"
    assert browser.errors() == [], f"{deck.name}: {browser.errors()}"


def test_math_is_typeset_by_the_local_mathjax(browser, site):
    browser.open(first_lesson(site).as_uri())
    typeset = browser.wait_for("""(() => {
        const sources = document.querySelectorAll('script[type^="math/tex"]').length;
        const rendered = document.querySelectorAll('.MathJax_CHTML').length;
        return sources > 0 && sources === rendered ? rendered : 0; })()""", timeout=60)
    assert typeset, "MathJax did not typeset the formulas"
    assert browser.evaluate("document.querySelectorAll('.MathJax_Error, .mjx-merror').length") == 0
    assert browser.evaluate("[...document.querySelectorAll('script')].some(s => s.src.includes('course-vendor/vendor/mathjax'))")
    assert browser.errors() == []


def test_korean_renders_in_a_korean_font(browser, site):
    browser.open(first_lesson(site).as_uri())
    title = browser.evaluate("document.querySelector('article h1').textContent")
    hangul = len(HANGUL.findall(title))
    assert hangul, f"the lesson title has no Korean word: {title!r}"
    fonts = browser.fonts_for("article h1")
    korean = sum(font["glyphCount"] for font in fonts if font["familyName"] in KOREAN_FONTS)
    assert korean >= hangul, f"the Korean in {title!r} was drawn with {fonts}"
    # The same title in the web font shipped with the site alone, as a computer without any
    # Korean font would draw it.
    assert browser.evaluate("""(async () => {
        const title = document.querySelector('article h1');
        title.style.fontFamily = '"Nanum Gothic"';
        await document.fonts.load('700 32px "Nanum Gothic"', title.textContent);
        await document.fonts.ready;
        return true; })()""")
    fonts = browser.fonts_for("article h1")
    shipped = [font for font in fonts if font["isCustomFont"] and font["familyName"] in {"Nanum Gothic", "NanumGothic"}]
    assert shipped and shipped[0]["glyphCount"] >= hangul, f"the site's Nanum Gothic did not load: {fonts}"
    assert browser.errors() == []


@pytest.mark.parametrize("word", ["퍼셉트론", "backpropagation"])
def test_offline_search_finds(browser, site, word):
    browser.open((site / "search.html").as_uri() + "?q=" + quote(word))
    found = browser.wait_for("""(() => {
        const links = [...document.querySelectorAll('#search-results li a')].map(a => a.getAttribute('href'));
        return links.length ? links : null; })()""", timeout=60)
    assert found, f"the search for {word!r} found nothing"
    assert any(link.startswith("lessons/") for link in found), f"{word!r}: no lesson among {found}"
    assert browser.errors() == []


def test_screenshots_at_laptop_and_phone_sizes(browser, site):
    import matplotlib.image

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, page in (("home", site / "index.html"), ("lesson", first_lesson(site)),
                       ("glossary", site / "glossary.html")):
        for size, (width, height, mobile) in SIZES.items():
            target = SCREENSHOTS / f"site-{name}-{size}.png"
            target.unlink(missing_ok=True)
            browser.open(page.as_uri(), width=width, height=height, mobile=mobile, settle=1.5)
            browser.screenshot(target)
            pixels = matplotlib.image.imread(target)
            assert pixels.shape[:2] == (height, width), (target, pixels.shape)
            assert pixels[..., :3].std() > 0.05, f"{target} looks blank"
            overflow = browser.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{page.name} at {size}: the page is {overflow} px wider than the screen"
