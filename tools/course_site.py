"""The course website (`make site`): every lesson with its outputs, offline, from executed notebooks.

    python tools/course_site.py                          # build/executed/ (from `make results`) -> build/site/
    python tools/course_site.py --executed DIR --allow-quick --out build/site-quick   # a quick-mode preview

It never runs a notebook. It takes the executed copies that ``make results`` leaves in
``build/executed/`` and stops, saying what to run, when one is missing, did not run to the end,
or is older than its notebook: "older" means the notebook's code cells have changed since the run
(the code is compared, not file times, which a git checkout or a restored CI cache resets). The
text is not part of the run: a page shows the notebook's current markdown with the outputs of the
same code, as tools/results.py's digest counts a run current while its code is unchanged.
A quick-mode run is refused unless ``--allow-quick`` is given, and then every lesson page says so.

What it writes:

- ``build/site/``: a Sphinx site (myst-nb, sphinx-book-theme) from the sources in ``website/``
  and pages generated here: the home page with the course map (the lesson descriptions come from
  README.md's course map), one page per lesson (the executed notebook: key terms linked to the
  glossary, solutions folded away, buttons for Colab, Binder, the student copy and the slides),
  the glossary (from notebooks/00_glossary.md), the results (docs/RESULTS.md) and an about page.
- ``build/site/slides/``: the offline reveal.js decks (tools/slides.py), exported from the same
  executed notebooks; ``build/site/student/``: the student copies (tools/student.py).
- ``build/course-site.zip``: all of it in one folder, for a classroom computer without internet.

Nothing is loaded from the internet when a page is shown: MathJax, reveal.js and friends are the
copies that tools/slides.py fetches once with ``npm pack`` (so the first build needs npm), the
Korean web font (Nanum Gothic, SIL OFL) comes from the npm package ``@fontsource/nanum-gothic``
the same way, and the theme's search index is a local file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import glossary  # noqa: E402  (tools/glossary.py)
import slides  # noqa: E402  (tools/slides.py)
import student  # noqa: E402  (tools/student.py)
from nbtools import lesson_notebooks  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
WEBSITE = REPO_ROOT / "website"
README = REPO_ROOT / "README.md"
RESULTS = REPO_ROOT / "docs" / "RESULTS.md"
GLOSSARY = REPO_ROOT / "notebooks" / "00_glossary.md"
DEFAULT_EXECUTED = REPO_ROOT / "build" / "executed"
DEFAULT_OUT = REPO_ROOT / "build" / "site"
DEFAULT_ZIP = REPO_ROOT / "build" / "course-site.zip"
SLIDES_VENDOR = REPO_ROOT / "build" / "slides"  # where tools/slides.py unpacks reveal.js and MathJax
FONT_PACKAGE = ("@fontsource/nanum-gothic", "5.2.7")
FONT_WEIGHTS = ("400", "700")
FONT_CACHE = REPO_ROOT / "build" / "fonts"
QUICK_BANNER = slides.QUICK_BANNER
SOLUTION_TAG = "solution"
COLAB_TAG = "colab"
REPOSITORY = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+")


class SiteError(SystemExit):
    """A problem the person running `make site` has to fix (printed, exit status 1)."""

    def __init__(self, message: str):
        super().__init__(f"make site: {message}")


# ---------------------------------------------------------------------------------------------
# The executed notebooks
# ---------------------------------------------------------------------------------------------

def executed_problem(source, executed) -> str | None:
    """Why ``executed`` cannot stand for a run of ``source`` (None when it can)."""
    old = [cell.source for cell in executed.cells if cell.cell_type == "code"]
    new = [(index, cell.source) for index, cell in enumerate(source.cells) if cell.cell_type == "code"]
    if old != [code for _, code in new]:
        changed = next((index for (index, code), ran in zip(new, old) if code != ran), None)
        if changed is None and len(new) > len(old):
            changed = new[len(old)][0]
        if changed is None:
            return "older than the notebook (its last code cells were removed since the run)"
        return f"older than the notebook (code cell {changed} has changed since the run)"
    for index, cell in enumerate(executed.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("execution_count") is None:
            return f"did not run to the end (cell {index} never ran)"
        errors = [output for output in cell.outputs if output.get("output_type") == "error"]
        if errors:
            return f"stopped with an error in cell {index} ({errors[0].get('ename', 'error')})"
    return None


def run_mode(executed) -> str:
    """"quick" when the run printed the quick-mode banner, else "full"."""
    printed = "".join(output.get("text", "") for cell in executed.cells if cell.cell_type == "code"
                      for output in cell.outputs)
    return "quick" if QUICK_BANNER in printed else "full"


def merged(source, executed):
    """The committed notebook (its current text, metadata and tags) with the outputs of the run:
    the code cells of both are the same, in order (``executed_problem``)."""
    nb = nbformat.from_dict(json.loads(json.dumps(source)))
    ran_cells = [cell for cell in executed.cells if cell.cell_type == "code"]
    for cell, ran in zip((cell for cell in nb.cells if cell.cell_type == "code"), ran_cells):
        cell.outputs = ran.outputs
        cell.execution_count = ran.execution_count
        if "execution" in ran.metadata:
            cell.metadata["execution"] = ran.metadata["execution"]
    return nb


def load_executed(paths, executed_dir: Path, allow_quick: bool) -> dict:
    """``{notebook path: merged notebook}``; stops with one message listing every problem."""
    problems, runs = [], {}
    for path in paths:
        copy = Path(executed_dir) / path.name
        if not copy.exists():
            problems.append(f"{copy} is missing")
            continue
        executed = nbformat.read(copy, as_version=4)
        problem = executed_problem(nbformat.read(path, as_version=4), executed)
        if problem is None and run_mode(executed) == "quick" and not allow_quick:
            problem = "a quick-mode run (LESSONS_QUICK=1); the site shows full-mode runs (--allow-quick for a preview)"
        if problem:
            problems.append(f"{copy}: {problem}")
            continue
        runs[path] = merged(nbformat.read(path, as_version=4), executed)
    if problems:
        raise SiteError(
            "the site is built from executed notebooks and never runs them itself.\n  "
            + "\n  ".join(problems)
            + f"\nRun `make results` first (full mode, it writes {DEFAULT_EXECUTED.relative_to(REPO_ROOT)}/), "
              "or `make results ARGS=\"--only NN\"` for the lessons listed. For a quick preview: "
              "`LESSONS_QUICK=1 LESSONS_BUILD_DIR=build/quick make results` then "
              "`make site EXECUTED=build/quick/executed SITE_FLAGS=--allow-quick`.")
    return runs


def run_times(nb) -> tuple[dt.datetime | None, float | None]:
    """When the run started (UTC) and how long it took, from nbclient's cell timestamps."""
    stamps = []
    for cell in nb.cells:
        execution = cell.get("metadata", {}).get("execution", {})
        for key in ("iopub.execute_input", "shell.execute_reply"):
            if key in execution:
                stamps.append(dt.datetime.fromisoformat(execution[key].replace("Z", "+00:00")))
    if not stamps:
        return None, None
    return min(stamps), (max(stamps) - min(stamps)).total_seconds()


# ---------------------------------------------------------------------------------------------
# Page sources
# ---------------------------------------------------------------------------------------------

def title_of(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell.source.splitlines()[0][2:].strip()
    raise SiteError("a notebook has no '# NN. Title' heading")


def repository_of(nb) -> str:
    """The GitHub repository the notebook's Colab cell clones (forks change it there)."""
    for cell in nb.cells:
        if COLAB_TAG in cell.get("metadata", {}).get("tags", []):
            found = REPOSITORY.search(cell.source)
            if found:
                return found.group(0)
    raise SiteError("a notebook has no Colab cell naming its repository")


def course_map_descriptions(readme: str) -> dict[str, str]:
    """``{"01": "What it teaches"}`` from README.md's course map table."""
    found = {}
    for line in readme.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"\d\d", cells[0]):
            found[cells[0]] = cells[2]
    return found


def link_key_terms(markdown: str, terms: dict) -> str:
    """``**perceptron** (퍼셉트론)`` becomes a link to the glossary entry (a MyST term role)."""
    def replace(match):
        english = match.group(1).strip()
        _, row = glossary.lookup(terms, english)
        if row is None:
            return match.group(0)
        korean = match.string[match.end(1) + 2:match.end()]  # what follows the closing **: " (퍼셉트론)"
        return f"**{{term}}`{english} <{row['english']}>`**{korean}"
    return glossary.KEY_TERM.sub(replace, markdown)


def buttons(path: Path, repository: str) -> str:
    """The row of buttons under a lesson's title (raw HTML in the page)."""
    owner_repo = repository.removeprefix("https://github.com/")
    links = [
        ("Open in Colab", f"https://colab.research.google.com/github/{owner_repo}/blob/main/notebooks/{path.name}", ""),
        ("Binder", f"https://mybinder.org/v2/gh/{owner_repo}/HEAD?labpath=notebooks%2F{path.name}", ""),
        ("Student copy (학생용)", f"../student/{path.name}", " download"),
        ("Slides (슬라이드)", f"../slides/{path.stem}.slides.html", ""),
    ]
    items = "\n".join(f'<a class="course-button" href="{html.escape(url)}"{extra}>{html.escape(label)}</a>'
                      for label, url, extra in links)
    return f'<div class="course-buttons">\n{items}\n</div>'


def run_note(nb, mode: str) -> str:
    started, seconds = run_times(nb)
    when = f" on {started:%Y-%m-%d %H:%M} UTC" if started else ""
    took = f" in {duration_text(seconds)}" if seconds is not None else ""
    if mode == "quick":
        return (":::{warning}\nThese outputs come from a **quick-mode** run" + when + took + " (a data subset and "
                "few epochs): a preview of the site, not the numbers the course claims.\n:::")
    return f'<p class="course-run">Outputs from the full-mode run{when}{took} (<code>make results</code>).</p>'


def duration_text(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def lesson_page(path: Path, nb, mode: str, terms: dict, repository: str):
    """The notebook as the site shows it: Colab cell removed, solutions folded, terms linked."""
    page = nbformat.from_dict(json.loads(json.dumps(nb)))
    title_index = next(i for i, cell in enumerate(page.cells)
                       if cell.cell_type == "markdown" and cell.source.startswith("# "))
    for cell in page.cells:
        tags = cell.metadata.setdefault("tags", [])
        if COLAB_TAG in tags:
            tags.append("remove-cell")
        elif SOLUTION_TAG in tags:
            tags.append("hide-input")
            cell.metadata["mystnb"] = {"code_prompt_show": "Show the solution (풀이 보기)",
                                       "code_prompt_hide": "Hide the solution (풀이 숨기기)"}
        if cell.cell_type == "markdown":
            cell.source = link_key_terms(cell.source, terms)
    title = page.cells[title_index]
    heading, _, rest = title.source.partition("\n")
    title.source = f"{heading}\n\n{buttons(path, repository)}\n\n{run_note(nb, mode)}\n{rest}"
    page.metadata.pop("widgets", None)
    return page


def home_page(runs: dict, readme: str) -> str:
    lines = readme.splitlines()
    heading = next(line for line in lines if line.startswith("# "))
    intro = []
    for line in lines[lines.index(heading) + 1:]:
        if line.startswith("#"):
            break
        intro.append(line)
    descriptions = course_map_descriptions(readme)
    parts = [heading, "", "\n".join(intro).strip(), "",
             "Read every lesson here with its figures and outputs, without installing anything; "
             "run it yourself on Colab, on Binder or on your computer (see the repository's README).",
             "", "## Course map (과정 안내)", ""]
    for path, nb in runs.items():
        number = path.name[:2]
        parts += [f"### [{title_of(nb)}](lessons/{path.name})", ""]
        if number in descriptions:
            parts += [descriptions[number], ""]
        parts += [f'<p class="course-map-links"><a href="slides/{path.stem}.slides.html">Slides (슬라이드)</a> · '
                  f'<a href="student/{path.name}" download>Student copy (학생용)</a></p>', ""]
    parts += ["## Also on this site", "",
              "- [Glossary (용어집)](glossary.md): every key term in English and Korean.",
              "- [Results (결과)](results.md): every number the course records, beside the books' numbers.",
              '- <a href="slides/index.html">All slides (강의 슬라이드)</a>, offline.',
              "- [About (소개)](about.md): license, credits, how to report a problem.", "",
              "```{toctree}", ":hidden:", ":caption: Lessons (강의)", ""]
    parts += [f"lessons/{path.stem}" for path in runs]
    parts += ["```", "", "```{toctree}", ":hidden:", ":caption: Reference (참고)", "",
              "glossary", "results", "about", "```", ""]
    return "\n".join(parts)


def glossary_page(text: str, runs: dict) -> str:
    """notebooks/00_glossary.md as a Sphinx glossary: one entry per row, each with its lesson."""
    pages = {path.name[:2]: path for path in runs}
    lines = text.splitlines()
    heading = lines[0]
    intro = [line for line in lines[1:] if not line.startswith("|")]
    cut = next((i for i, line in enumerate(intro) if line.startswith("Lessons:")), len(intro))
    entries = []
    for row in sorted(glossary.read_glossary(text).values(), key=lambda row: row["english"].lower()):
        lesson = pages.get(row["lesson"])
        where = f"[lesson {row['lesson']}](lessons/{lesson.name})" if lesson else f"lesson {row['lesson']}"
        entries += [row["english"], f"  {' / '.join(row['korean'])} · introduced in {where}", ""]
    return "\n".join([heading, "",
                      "Every key term of the course in English and Korean (한국어), with the lesson that "
                      "introduces it. In the lessons, each key term links here.", "",
                      "\n".join(intro[cut:]).strip(), "",
                      "```{glossary}", ":sorted:", "", *entries, "```", ""])


def results_run_starts(text: str) -> dict[str, dt.datetime]:
    """``{notebook file name: when its run started}`` from RESULTS.md's "Time per notebook" table."""
    starts = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].endswith(".ipynb"):
            try:
                starts[cells[0]] = dt.datetime.strptime(cells[5], "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.timezone.utc)
            except ValueError:
                continue
    return starts


def other_runs(text: str, runs: dict, slack_seconds: float = 60) -> list[str]:
    """The lessons whose page comes from another run than the one RESULTS.md records."""
    starts = results_run_starts(text)
    differ = []
    for path, nb in runs.items():
        started, _ = run_times(nb)
        recorded = starts.get(path.name)
        if started is None or recorded is None or abs((started - recorded).total_seconds()) > slack_seconds:
            differ.append(path.name[:2] if path.name[:2].isdigit() else path.stem)
    return differ


def results_page(text: str, runs: dict) -> str:
    """docs/RESULTS.md as written by `make results`, each "Notebook: `notebooks/NN_x.ipynb`" line
    also linking the lesson's page, and a note when a lesson page shows another run than the table."""
    for path in runs:
        text = text.replace(f"Notebook: `notebooks/{path.name}`",
                            f"Notebook: `notebooks/{path.name}` (on this site: [lesson {path.name[:2]}](lessons/{path.name}))")
    differ = other_runs(text, runs)
    if differ:
        note = (":::{note}\nThe pages of lesson" + ("s " if len(differ) > 1 else " ") + ", ".join(differ)
                + " show another run than the one this table records (see each page's note on its run), so "
                  "their printed numbers can differ from the table.\n:::\n")
        heading, _, rest = text.partition("\n")
        text = f"{heading}\n\n{note}{rest}"
    return text


# ---------------------------------------------------------------------------------------------
# Static files: MathJax and reveal.js (from tools/slides.py), the Korean web font
# ---------------------------------------------------------------------------------------------

def ensure_font(cache: Path = FONT_CACHE) -> Path:
    """Nanum Gothic (woff2, split by Unicode range) from the npm registry, once, into ``cache``."""
    name, version = FONT_PACKAGE
    stamp = cache / ".version"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == f"{name}@{version}\n":
        return cache
    if shutil.which("npm") is None:
        raise SiteError("the first `make site` needs npm (Node.js) to fetch the Korean web font from the npm registry")
    if cache.exists():
        shutil.rmtree(cache)
    (cache / "files").mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        print(f"npm pack {name}@{version}", flush=True)
        packed = subprocess.run(["npm", "pack", f"{name}@{version}", "--silent", "--pack-destination", tmp],
                                check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        with tarfile.open(Path(tmp) / packed) as archive:
            for info in archive.getmembers():
                inside = info.name.split("/", 1)[1]
                wanted = inside == "LICENSE" or inside in {f"{w}.css" for w in FONT_WEIGHTS} or (
                    inside.startswith("files/") and inside.endswith(tuple(f"-{w}-normal.woff2" for w in FONT_WEIGHTS)))
                if info.isfile() and wanted:
                    with archive.extractfile(info) as source:
                        (cache / inside).write_bytes(source.read())
    css = []
    for weight in FONT_WEIGHTS:  # woff2 only: every browser that runs the theme reads it
        text = (cache / f"{weight}.css").read_text(encoding="utf-8")
        css.append(re.sub(r",\s*url\([^)]*\.woff\) format\('woff'\)", "", text))
        (cache / f"{weight}.css").unlink()
    (cache / "nanum-gothic.css").write_text("\n".join(css), encoding="utf-8")
    stamp.write_text(f"{name}@{version}\n", encoding="utf-8")
    return cache


# Parts of tools/slides.py's npm copies that neither the decks nor the pages load: reveal.js's
# sources, demos and tests, its themes other than "white" (most @import Google Fonts), and the
# MathJax configurations other than the one both use (and Safe.js, which the decks add to it).
VENDOR_UNUSED = re.compile(r"^reveal\.js/(?!dist/|plugin/|LICENSE)|^reveal\.js/dist/theme/(?!white\.css|fonts/)"
                           r"|^vendor/mathjax/config/(?!TeX-AMS_CHTML-full\.js|Safe\.js)")


def copy_vendor(static: Path) -> None:
    """reveal.js, require.js, jQuery and MathJax (tools/slides.py's npm copies) into _static/course-vendor."""
    vendor = slides.ensure_vendor(SLIDES_VENDOR)
    target = static / "course-vendor"
    for part in ("reveal.js", "vendor"):
        for file in sorted((vendor / part).rglob("*")):
            inside = file.relative_to(vendor).as_posix()
            if file.is_file() and not VENDOR_UNUSED.match(inside):
                (target / inside).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file, target / inside)


# ---------------------------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------------------------

def write_sources(runs: dict, src: Path, mode: str) -> None:
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(WEBSITE, src, ignore=shutil.ignore_patterns("__pycache__"))
    first = next(iter(runs.values()))
    repository = repository_of(first)
    terms = glossary.read_glossary(GLOSSARY.read_text(encoding="utf-8"))
    (src / "lessons").mkdir()
    for path, nb in runs.items():
        nbformat.write(lesson_page(path, nb, mode, terms, repository), src / "lessons" / path.name)
    readme = README.read_text(encoding="utf-8")
    (src / "index.md").write_text(home_page(runs, readme), encoding="utf-8")
    (src / "glossary.md").write_text(glossary_page(GLOSSARY.read_text(encoding="utf-8"), runs), encoding="utf-8")
    (src / "results.md").write_text(results_page(RESULTS.read_text(encoding="utf-8"), runs), encoding="utf-8")
    settings = {"repository": repository, "mode": mode,
                "title": next(line[2:].strip() for line in readme.splitlines() if line.startswith("# "))}
    about = src / "about.md"  # its links name the repository the notebooks clone (a fork's own)
    about.write_text(about.read_text(encoding="utf-8").replace("{{ repository }}", repository), encoding="utf-8")
    (src / "site_settings.json").write_text(json.dumps(settings, ensure_ascii=False, indent=1), encoding="utf-8")
    static = src / "_static"
    static.mkdir(exist_ok=True)
    copy_vendor(static)
    shutil.copytree(ensure_font(), static / "fonts", ignore=shutil.ignore_patterns(".version"))


def sphinx_build(src: Path, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going", "-E",
               "-d", str(src.parent / (src.name + "-doctrees")), str(src), str(out)]
    print("sphinx-build " + " ".join(command[4:]), flush=True)
    if subprocess.run(command).returncode != 0:
        raise SiteError("sphinx-build failed (messages above)")


# The site's decks fall back on the site's Korean web font, like its pages (website/_static/course.css).
DECK_KOREAN_FONT = """<link rel="stylesheet" href="../_static/fonts/nanum-gothic.css">
<style>.reveal { --r-main-font: "Source Sans Pro", Helvetica, "Apple SD Gothic Neo", "Malgun Gothic",
  "Noto Sans KR", "Noto Sans CJK KR", "Nanum Gothic", sans-serif;
  --r-heading-font: var(--r-main-font); }</style>
"""


def write_slides(runs: dict, out: Path) -> list[Path]:
    """Decks from the same executed notebooks (nothing re-run), sharing the site's vendor copies."""
    deck_dir = out / "slides"
    deck_dir.mkdir(parents=True, exist_ok=True)
    exporter = slides.exporter(deck_dir, out / "_static" / "course-vendor")
    decks = []
    for path, nb in runs.items():
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        body = body.replace("</head>", DECK_KOREAN_FONT + "</head>", 1)
        target = deck_dir / f"{path.stem}.slides.html"
        target.write_text(body, encoding="utf-8")
        decks.append(target)
    slides.write_index(decks, deck_dir, home="../index.html")
    return decks


def write_zip(out: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(out.rglob("*")):
            if file.is_file():
                archive.write(file, Path("course-site") / file.relative_to(out))
    return target


def build(executed_dir: Path, out: Path, zip_path: Path | None, allow_quick: bool, notebooks=()) -> Path:
    paths = lesson_notebooks(notebooks)
    runs = load_executed(paths, executed_dir, allow_quick)
    modes = {run_mode(nb) for nb in runs.values()}
    mode = "quick" if "quick" in modes else "full"
    src = out.parent / (out.name + "-src")
    write_sources(runs, src, mode)
    differ = other_runs(RESULTS.read_text(encoding="utf-8"), runs)
    if differ:
        print(f"note: the pages of lessons {', '.join(differ)} show other runs than docs/RESULTS.md records "
              "(the results page says so)", flush=True)
    sphinx_build(src, out)
    write_slides(runs, out)
    student.write_student_copies(paths, out / "student")
    (out / ".nojekyll").touch()  # GitHub Pages: serve _static/ as it is
    if zip_path:
        print(f"wrote {write_zip(out, zip_path)}", flush=True)
    print(f"open {out / 'index.html'}", flush=True)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--executed", default=str(DEFAULT_EXECUTED),
                        help="executed notebooks (default build/executed, as `make results` writes them)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default build/site)")
    parser.add_argument("--zip", default=str(DEFAULT_ZIP), help="classroom bundle ('' for none)")
    parser.add_argument("--allow-quick", action="store_true", help="accept quick-mode runs (a preview)")
    parser.add_argument("notebooks", nargs="*", help="default: notebooks/NN_*.ipynb")
    args = parser.parse_args(argv)
    build(Path(args.executed), Path(args.out), Path(args.zip) if args.zip else None, args.allow_quick,
          args.notebooks)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
