"""The course website (`make site`, tools/course_site.py) built from the quick-mode runs of
`make notebooks`: a page per lesson with its figures as images, the other pages, nothing loaded
from the internet, the classroom zip; and the build's refusal of missing, stale or quick runs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import nbformat
import pytest

import course_site  # tools/course_site.py (tests/site/conftest.py puts tools/ on sys.path)
import glossary
import nbval_keep
import pages
from conftest import REPO, ZIP

IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
FIXTURE = REPO / "tests" / "fixtures" / "fixture_lesson.ipynb"


def figures_in_run(path: Path) -> int:
    nb = nbformat.read(nbval_keep.keep_directory() / path.name, as_version=4)
    return sum(any(kind in output.get("data", {}) for kind in IMAGE_TYPES)
               for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs)


def test_every_lesson_page_holds_its_figures_as_images(site, lessons):
    for path in lessons:
        page_file = site / "lessons" / f"{path.stem}.html"
        assert page_file.exists(), f"no page for {path.name}"
        page = pages.read(page_file)
        figures = [image for image in page.images if image["in_output"]]
        expected = figures_in_run(path)
        assert expected > 0, f"the run of {path.name} made no figure"
        assert len(figures) == expected, f"{page_file.name}: {len(figures)} figures, the run made {expected}"
        for image in figures:
            file = (page_file.parent / image["src"]).resolve()
            assert file.is_file(), f"{page_file.name}: figure {image['src']} is missing"
            assert file.read_bytes()[:8] in (b"\x89PNG\r\n\x1a\n",) or file.suffix in (".jpg", ".svg"), file


def test_no_page_loads_a_script_style_or_font_from_the_internet(site):
    html_files = sorted(site.rglob("*.html"))
    assert len(html_files) > 10
    remote = {str(f.relative_to(site)): pages.read(f).remote_resources for f in html_files}
    remote = {name: found for name, found in remote.items() if found}
    assert not remote, f"pages that load from the internet: {remote}"
    css = {str(f.relative_to(site)): pages.css_remote_references(f) for f in sorted(site.rglob("*.css"))}
    css = {name: found for name, found in css.items() if found}
    assert not css, f"style sheets that load from the internet: {css}"
    fonts = site / "_static" / "fonts"
    assert sorted(fonts.glob("files/*.woff2")), "the Korean web font is not in the site"


def test_lesson_pages_have_buttons_linked_terms_and_folded_solutions(site, lessons):
    terms = glossary.read_glossary(course_site.GLOSSARY.read_text(encoding="utf-8"))
    for path in lessons:
        page_file = site / "lessons" / f"{path.stem}.html"
        text = page_file.read_text(encoding="utf-8")
        links = [url for tag, url in pages.read(page_file).links if tag == "a"]
        buttons = [url for url in links if url.startswith(("https://colab.research.google.com/",
                                                           "https://mybinder.org/", "../student/", "../slides/"))]
        assert len(buttons) == 4, f"{page_file.name}: buttons {buttons}"
        assert all(path.stem in url for url in buttons), buttons
        marked = {glossary.lookup(terms, english)[0] for english, _ in glossary.marked_terms(path)}
        linked = {url.split("#")[1] for url in links if url.startswith("../glossary.html#term-")}
        assert len(linked) == len(marked), (f"{page_file.name}: {len(marked)} key terms marked, "
                                            f"{len(linked)} linked to the glossary")
        nb = nbformat.read(path, as_version=4)
        solutions = sum("solution" in cell.metadata.get("tags", []) for cell in nb.cells)
        assert text.count("Show the solution") == solutions, f"{page_file.name}: solutions not folded away"
        assert "google.colab" not in text, f"{page_file.name} shows the Colab cell"
        assert "quick-mode" in text, f"{page_file.name} does not say it shows a quick-mode run"


def test_home_glossary_results_and_about_pages(site, lessons):
    home = pages.read(site / "index.html")
    home_links = {url for _, url in home.links}
    for path in lessons:
        assert f"lessons/{path.stem}.html" in home_links, f"the course map does not link {path.name}"
    glossary_page = pages.read(site / "glossary.html")
    rows = glossary.read_glossary(course_site.GLOSSARY.read_text(encoding="utf-8"))
    entries = [identifier for identifier in glossary_page.ids if identifier.startswith("term-")]
    assert len(entries) == len(rows), f"{len(entries)} glossary entries on the page, {len(rows)} in 00_glossary.md"
    results = (site / "results.html").read_text(encoding="utf-8")
    for line in course_site.RESULTS.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
            assert heading.replace("&", "&amp;") in results, f"the results page lacks '{heading}'"
    assert "show another run than the one this table records" in results, "quick runs, yet no note on the results page"
    about = (site / "about.html").read_text(encoding="utf-8")
    for needed in ("MIT", "CC BY 4.0", "CC BY-SA 3.0", "모두를 위한 딥러닝", "밑바닥부터 시작하는 딥러닝",
                   "정직하게 코딩하며 배우는 딥러닝 입문"):
        assert needed in about, f"the about page lacks {needed!r}"
    assert "{{" not in about, "a placeholder was left on the about page"
    about_links = [url for tag, url in pages.read(site / "about.html").links if tag == "a"]
    assert any(url.startswith("https://github.com/") and url.endswith("/issues") for url in about_links), \
        "the about page does not link the issue tracker"


def test_classroom_zip_holds_the_site_slides_and_student_copies(site, lessons):
    with zipfile.ZipFile(ZIP) as archive:
        names = set(archive.namelist())
    needed = {"course-site/index.html", "course-site/slides/index.html", "course-site/search.html",
              "course-site/searchindex.js", "course-site/_static/fonts/nanum-gothic.css"}
    for path in lessons:
        needed |= {f"course-site/lessons/{path.stem}.html", f"course-site/slides/{path.stem}.slides.html",
                   f"course-site/student/{path.name}"}
    assert not needed - names, f"missing from {ZIP.name}: {sorted(needed - names)}"
    assert len(names) == sum(1 for f in site.rglob("*") if f.is_file())


def _executed_copy(tmp_path, *, banner="", error=False, unrun=False, edit=False):
    nb = nbformat.read(FIXTURE, as_version=4)
    for count, cell in enumerate((c for c in nb.cells if c.cell_type == "code"), start=1):
        cell.execution_count = count
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    code[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text=banner or "ready\n")]
    if error:
        code[-1].outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="x", traceback=[])]
    if unrun:
        code[-1].execution_count = None
    if edit:
        code[-1].source += "\n# changed after the run"
    nbformat.write(nb, tmp_path / FIXTURE.name)
    return tmp_path


def test_a_text_edit_after_the_run_shows_the_new_text_with_the_outputs_of_the_run(tmp_path):
    ran = _executed_copy(_mkdir(tmp_path / "ran"))
    edited = nbformat.read(FIXTURE, as_version=4)
    prose = next(cell for cell in edited.cells if cell.cell_type == "markdown")
    prose.source += "\n\nA sentence added after the run."
    edited.cells.insert(1, nbformat.v4.new_markdown_cell("A new paragraph."))
    edited_path = _mkdir(tmp_path / "source") / FIXTURE.name
    nbformat.write(edited, edited_path)
    page = course_site.load_executed([edited_path], ran, allow_quick=False)[edited_path]
    assert [cell.source for cell in page.cells] == [cell.source for cell in edited.cells]
    code = [cell for cell in page.cells if cell.cell_type == "code"]
    assert code[0].outputs[0]["text"] == "ready\n" and all(cell.execution_count for cell in code)
    executed = nbformat.read(ran / FIXTURE.name, as_version=4)
    last_code = max(index for index, cell in enumerate(edited.cells) if cell.cell_type == "code")
    edited.cells.pop(last_code)  # a code cell removed since the run: another run
    assert "its last code cells were removed" in course_site.executed_problem(edited, executed)
    code[0].source += "\nprint('edited')"  # a code cell edited since the run
    assert "code cell 0 has changed" in course_site.executed_problem(page, executed)


def test_build_refuses_missing_failed_stale_and_quick_runs(tmp_path):
    ok = _executed_copy(_mkdir(tmp_path / "ok"))
    assert list(course_site.load_executed([FIXTURE], ok, allow_quick=False)) == [FIXTURE]
    cases = {"missing": (tmp_path / "none", "is missing"),
             "stale": (_executed_copy(_mkdir(tmp_path / "stale"), edit=True), "older than the notebook"),
             "unrun": (_executed_copy(_mkdir(tmp_path / "unrun"), unrun=True), "did not run to the end"),
             "error": (_executed_copy(_mkdir(tmp_path / "error"), error=True), "stopped with an error"),
             "quick": (_executed_copy(_mkdir(tmp_path / "quick"), banner=f"*** {course_site.QUICK_BANNER} ***\n"),
                       "quick-mode run")}
    for name, (directory, says) in cases.items():
        with pytest.raises(course_site.SiteError) as refused:
            course_site.load_executed([FIXTURE], directory, allow_quick=False)
        assert says in str(refused.value), (name, str(refused.value))
        assert "make results" in str(refused.value)
    quick = cases["quick"][0]
    assert course_site.run_mode(course_site.load_executed([FIXTURE], quick, allow_quick=True)[FIXTURE]) == "quick"


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def test_results_page_says_when_a_lesson_page_shows_another_run():
    nb = nbformat.read(FIXTURE, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    code[0].metadata["execution"] = {"iopub.execute_input": "2026-11-26T12:32:43.100Z"}
    code[-1].metadata["execution"] = {"shell.execute_reply": "2026-11-26T12:32:45.900Z"}
    table = ("| notebook | status | wall time | slowest cell | peak memory (RSS) | run at (UTC) |\n|---|---|---:|---:|---:|---|\n"
             f"| {FIXTURE.name} | ok | 2.8 s | cell 2: 0.3 s | 139 MiB | {{}} |\n")
    runs = {FIXTURE: nb}
    same = "# Results\n\n" + table.format("2026-11-26 12:32:43")
    assert course_site.other_runs(same, runs) == []
    assert "another run" not in course_site.results_page(same, runs)
    later = "# Results\n\n" + table.format("2026-11-27 09:00:00")
    assert course_site.other_runs(later, runs) == ["fixture_lesson"]
    assert "lesson fixture_lesson show another run" in course_site.results_page(later, runs)
    code[0].metadata.pop("execution")  # a run without timestamps (nbval's) cannot be matched
    code[-1].metadata.pop("execution")
    assert course_site.other_runs(same, runs) == ["fixture_lesson"]


def test_key_terms_become_glossary_roles():
    terms = {"perceptron": {"english": "perceptron", "korean": ["퍼셉트론"], "lesson": "01"},
             "mini-batch": {"english": "mini-batch", "korean": ["미니배치"], "lesson": "03"}}
    text = "A **perceptron** (퍼셉트론), **mini-batches** (미니배치) and **Unlisted** (없음)."
    assert course_site.link_key_terms(text, terms) == (
        "A **{term}`perceptron <perceptron>`** (퍼셉트론), **{term}`mini-batches <mini-batch>`** (미니배치) "
        "and **Unlisted** (없음).")
