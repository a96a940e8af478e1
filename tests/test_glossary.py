"""The glossary (notebooks/00_glossary.md) holds every key term the notebooks mark.

A key term is marked where it is introduced as `**English term** (한국어)` (CONTRIBUTING.md).
For each marked pair, the glossary must have the English term (case-insensitive) with that Korean
term (one of its ` / `-separated alternatives), and the lesson that introduces it: the first
notebook that marks it. A glossary row may name a lesson whose notebook does not exist yet (the
course outline); once that notebook exists it must mark the term.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = REPO / "notebooks" / "00_glossary.md"
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HANGUL = "\uac00-\ud7a3"
# **term** (한국어 ...): the Korean term is the text up to the first comma/semicolon in the parentheses.
KEY_TERM = re.compile(rf"\*\*([^*\n]+?)\*\*\s*\(([^()\n]*[{HANGUL}][^()\n]*)\)")
ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*(\d\d)\s*\|\s*$")


def normalize(text: str) -> str:
    return " ".join(text.replace("*", "").replace("`", "").split()).lower()


def korean_term(parenthesis: str) -> str:
    return " ".join(re.split(r"[,;]", parenthesis)[0].split())


def marked_terms(path: Path) -> list[tuple[str, str]]:
    """(English, Korean) pairs marked in a notebook's markdown cells, in order."""
    pairs = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            pairs += [(english.strip(), korean_term(korean)) for english, korean in KEY_TERM.findall(cell.source)]
    return pairs


def read_glossary(text: str) -> dict[str, dict]:
    rows = {}
    for line in text.splitlines():
        match = ROW.match(line)
        if not match:
            continue
        english, korean, lesson = match.groups()
        key = normalize(english)
        if key in rows:
            raise AssertionError(f"the glossary lists {english!r} twice")
        rows[key] = {"english": english, "korean": {" ".join(k.split()) for k in korean.split(" / ")},
                     "lesson": lesson}
    return rows


def glossary_problems(glossary: dict[str, dict], marked: dict[str, list[tuple[str, str]]],
                      existing_lessons: set[str]) -> list[str]:
    """What is missing or wrong in the glossary for the terms the notebooks mark."""
    problems = []
    first_marked: dict[str, str] = {}
    for lesson in sorted(marked):
        for english, korean in marked[lesson]:
            key = normalize(english)
            first_marked.setdefault(key, lesson)
            row = glossary.get(key)
            if row is None:
                problems.append(f"missing: | {english} | {korean} | {first_marked[key]} |")
            elif korean not in row["korean"]:
                problems.append(f"{english!r}: lesson {lesson} says {korean!r}, the glossary has "
                                f"{' / '.join(sorted(row['korean']))!r} (add it as an alternative with ' / ')")
    for key, lesson in first_marked.items():
        row = glossary.get(key)
        if row is None or row["lesson"] == lesson:
            continue
        if row["lesson"] > lesson or row["lesson"] in existing_lessons:
            problems.append(f"{row['english']!r}: the glossary says lesson {row['lesson']}, but the first "
                            f"notebook that marks it is lesson {lesson}")
    return problems


def test_glossary_rows_are_well_formed():
    text = GLOSSARY.read_text(encoding="utf-8")
    rows = read_glossary(text)
    assert len(rows) >= 50, f"only {len(rows)} terms in the glossary"
    table_lines = [line for line in text.splitlines() if line.startswith("|") and not line.startswith("|-")
                   and not line.startswith("| English")]
    assert len(table_lines) == len(rows), "a table row is not `| English | 한국어 | NN |`"
    for row in rows.values():
        assert 1 <= int(row["lesson"]) <= 8, row
        assert all(re.search(f"[{HANGUL}]", korean) for korean in row["korean"]), row


def test_the_check_finds_missing_and_wrong_terms():
    glossary = read_glossary("| perceptron | 퍼셉트론 | 01 |\n| chain rule | 연쇄 법칙 | 01 |\n| ReLU | 렐루 | 05 |")
    marked = {"01": [("Perceptron", "퍼셉트론")], "03": [("chain rule", "연쇄 법칙"), ("bias", "편향")],
              "04": [("ReLU", "렐루 함수")]}
    problems = glossary_problems(glossary, marked, existing_lessons={"01", "03", "04"})
    assert any(p.startswith("missing: | bias | 편향 | 03 |") for p in problems), problems
    assert any("'ReLU': lesson 04 says '렐루 함수'" in p for p in problems), problems
    assert any("'chain rule': the glossary says lesson 01" in p for p in problems), problems  # 01 does not mark it
    assert any("'ReLU': the glossary says lesson 05" in p for p in problems), problems  # later than 04
    assert len(problems) == 4, problems
    # a lesson that does not exist yet may be named (the outline): no problem for 'chain rule' then
    assert len(glossary_problems(glossary, marked, existing_lessons={"03", "04"})) == 3
    assert KEY_TERM.findall("a **skip connection** (스킵 연결, also *shortcut*) and **bold** (not a term)") == \
        [("skip connection", "스킵 연결, also *shortcut*")]
    assert korean_term("스킵 연결, also *shortcut*") == "스킵 연결"


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")
def test_every_marked_term_is_in_the_glossary():
    glossary = read_glossary(GLOSSARY.read_text(encoding="utf-8"))
    marked = {path.name[:2]: marked_terms(path) for path in NOTEBOOKS}
    problems = glossary_problems(glossary, marked, existing_lessons=set(marked))
    assert not problems, "notebooks/00_glossary.md is out of date:\n  " + "\n  ".join(problems)
