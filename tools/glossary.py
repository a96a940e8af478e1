"""The course glossary, notebooks/00_glossary.md, kept in step with the key terms the notebooks mark.

    python tools/glossary.py           # list what is missing or wrong (exit 1 if anything)
    python tools/glossary.py --update  # add the missing rows, fix lessons

A key term is marked where a notebook introduces it as ``**English term** (한국어)``
(CONTRIBUTING.md). The glossary must hold each marked English term (case-insensitive; a plural
finds its singular row) with that Korean term and with the lesson that introduces it: the first notebook that marks it. A row may name a lesson
whose notebook does not exist yet (the course outline); once it exists it must mark the term.
There is one Korean term per concept across the course: a lesson that marks a term with another
rendering is a problem to fix in the lesson (or everywhere), never a second term in the row.
``tests/test_glossary.py`` runs the same check.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from nbtools import lesson_notebooks  # tools/nbtools.py

REPO_ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = REPO_ROOT / "notebooks" / "00_glossary.md"
HANGUL = "\uac00-\ud7a3"
# **term** (한국어 ...): the Korean term is the first comma/semicolon-separated part with Hangul.
KEY_TERM = re.compile(rf"\*\*([^*\n]+?)\*\*\s*\(([^()\n]*[{HANGUL}][^()\n]*)\)")
ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*(\d\d)\s*\|\s*$")


def notebooks() -> list[Path]:
    return lesson_notebooks()


def normalize(text: str) -> str:
    return " ".join(text.replace("*", "").replace("`", "").split()).lower()


def korean_term(parenthesis: str) -> str:
    """The Korean term in ``(한국어, also ...)``: the first comma/semicolon-separated part with Hangul."""
    parts = [" ".join(part.split()) for part in re.split(r"[,;]", parenthesis)]
    return next(part for part in parts if re.search(f"[{HANGUL}]", part))


def marked_terms(path: Path) -> list[tuple[str, str]]:
    """(English, Korean) pairs marked in a notebook's markdown cells, in order."""
    pairs = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            pairs += [(english.strip(), korean_term(korean)) for english, korean in KEY_TERM.findall(cell.source)]
    return pairs


def read_glossary(text: str) -> dict[str, dict]:
    """``{normalized English: {"english", "korean" (list), "lesson"}}`` from the table rows."""
    rows = {}
    for line in text.splitlines():
        match = ROW.match(line)
        if not match:
            continue
        english, korean, lesson = match.groups()
        key = normalize(english)
        if key in rows:
            raise ValueError(f"the glossary lists {english!r} twice")
        rows[key] = {"english": english, "korean": [" ".join(k.split()) for k in korean.split(" / ")],
                     "lesson": lesson}
    return rows


def lookup(glossary: dict[str, dict], english: str) -> tuple[str, dict | None]:
    """The glossary key and row for a marked term; a plural (``mini-batches``) finds its singular."""
    key = normalize(english)
    for candidate in (key, key[:-1] if key.endswith("s") else None, key[:-2] if key.endswith("es") else None):
        if candidate and candidate in glossary:
            return candidate, glossary[candidate]
    return key, None


def first_marking(glossary: dict[str, dict], marked: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """For each glossary key (or new key) the first lesson that marks it."""
    first: dict[str, str] = {}
    for lesson in sorted(marked):
        for english, _ in marked[lesson]:
            first.setdefault(lookup(glossary, english)[0], lesson)
    return first


def glossary_problems(glossary: dict[str, dict], marked: dict[str, list[tuple[str, str]]],
                      existing_lessons: set[str]) -> list[str]:
    """What is missing or wrong in the glossary for the terms the notebooks mark."""
    problems = []
    first = first_marking(glossary, marked)
    for lesson in sorted(marked):
        for english, korean in marked[lesson]:
            key, row = lookup(glossary, english)
            if row is None:
                problem = f"missing: | {english} | {korean} | {first[key]} |"
            elif korean not in row["korean"]:
                problem = (f"{english!r}: lesson {lesson} says {korean!r}, the glossary has "
                           f"{' / '.join(row['korean'])!r}: one Korean term per concept, so use the "
                           f"glossary's (or change the term in the glossary and in every lesson)")
            else:
                continue
            if problem not in problems:
                problems.append(problem)
    for key, lesson in first.items():
        row = glossary.get(key)
        if row is None or row["lesson"] == lesson:
            continue
        if row["lesson"] > lesson or row["lesson"] in existing_lessons:
            problems.append(f"{row['english']!r}: the glossary says lesson {row['lesson']}, but the first "
                            f"notebook that marks it is lesson {lesson}")
    return problems


def updated(text: str, marked: dict[str, list[tuple[str, str]]], existing_lessons: set[str]) -> str:
    """The glossary text with missing rows added and lessons corrected (a different Korean term
    is left for a person to settle: see ``glossary_problems``)."""
    rows = read_glossary(text)
    for lesson in sorted(marked):
        for english, korean in marked[lesson]:
            key, row = lookup(rows, english)
            if row is None:
                rows[key] = row = {"english": english, "korean": [korean], "lesson": lesson}
            if english != row["english"] and english.lower() == row["english"].lower() and english[:1].islower():
                row["english"] = english  # "Data augmentation" at a sentence start -> "data augmentation"
    for key, lesson in first_marking(rows, marked).items():
        row = rows[key]
        if row["lesson"] != lesson and (row["lesson"] > lesson or row["lesson"] in existing_lessons):
            row["lesson"] = lesson
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| English"))
    table = [f"| {r['english']} | {' / '.join(r['korean'])} | {r['lesson']} |"
             for r in sorted(rows.values(), key=lambda r: r["english"].lower())]
    end = start + 2
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join(lines[:start + 2] + table + lines[end:]) + "\n"


def main(argv: list[str]) -> int:
    marked = {path.name[:2]: marked_terms(path) for path in notebooks()}
    text = GLOSSARY.read_text(encoding="utf-8")
    if argv == ["--update"]:
        GLOSSARY.write_text(updated(text, marked, set(marked)), encoding="utf-8")
        text = GLOSSARY.read_text(encoding="utf-8")
    elif argv:
        print(__doc__)
        return 2
    problems = glossary_problems(read_glossary(text), marked, set(marked))
    for problem in problems:
        print(problem)
    print(f"{GLOSSARY.relative_to(REPO_ROOT)}: {len(read_glossary(text))} terms, "
          f"{len(problems)} problems ({', '.join(sorted(marked)) or 'no notebooks'} checked)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
