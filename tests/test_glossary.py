"""The glossary (notebooks/00_glossary.md) holds every key term the notebooks mark.

A key term is marked where it is introduced as `**English term** (한국어)` (CONTRIBUTING.md).
For each marked pair, the glossary must have the English term (case-insensitive; a plural finds its
singular) with that Korean term (one per concept, course-wide), and the lesson that
introduces it: the first notebook that marks it. A glossary row may name a lesson whose notebook
does not exist yet (the course outline); once that notebook exists it must mark the term.
`python tools/glossary.py --update` adds what is missing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))

import glossary as gl  # noqa: E402  (tools/glossary.py)

NOTEBOOKS = gl.notebooks()


def test_glossary_rows_are_well_formed():
    text = gl.GLOSSARY.read_text(encoding="utf-8")
    rows = gl.read_glossary(text)  # raises on a repeated term
    assert len(rows) >= 50, f"only {len(rows)} terms in the glossary"
    table_lines = [line for line in text.splitlines() if line.startswith("|") and not line.startswith("|-")
                   and not line.startswith("| English")]
    assert len(table_lines) == len(rows), "a table row is not `| English | 한국어 | NN |`"
    for row in rows.values():
        assert 1 <= int(row["lesson"]) <= 8, row
        assert all(re.search(f"[{gl.HANGUL}]", korean) for korean in row["korean"]), row
        assert len(row["korean"]) == 1, (
            f"{row['english']!r} has {len(row['korean'])} Korean terms {row['korean']}: one per concept, "
            "used by every lesson")


GLOSSARY_TEXT = """| English | 한국어 | Lesson |
|---|---|---|
| perceptron | 퍼셉트론 | 01 |
| chain rule | 연쇄 법칙 | 01 |
| ReLU | 렐루 | 05 |
"""
MARKED = {"01": [("Perceptrons", "퍼셉트론")], "03": [("chain rule", "연쇄 법칙"), ("bias", "편향")],
          "04": [("ReLU", "렐루 함수")]}


def test_the_check_finds_missing_and_wrong_terms():
    glossary = gl.read_glossary(GLOSSARY_TEXT)
    problems = gl.glossary_problems(glossary, MARKED, existing_lessons={"01", "03", "04"})
    assert any(p.startswith("missing: | bias | 편향 | 03 |") for p in problems), problems
    assert any("'ReLU': lesson 04 says '렐루 함수'" in p for p in problems), problems
    assert any("'chain rule': the glossary says lesson 01" in p for p in problems), problems  # 01 does not mark it
    assert any("'ReLU': the glossary says lesson 05" in p for p in problems), problems  # later than 04
    assert len(problems) == 4, problems
    # a lesson that does not exist yet may be named (the outline): no problem for 'chain rule' then
    assert len(gl.glossary_problems(glossary, MARKED, existing_lessons={"03", "04"})) == 3
    assert gl.KEY_TERM.findall("a **skip connection** (스킵 연결, also *shortcut*) and **bold** (not a term)") == \
        [("skip connection", "스킵 연결, also *shortcut*")]
    assert gl.korean_term("스킵 연결, also *shortcut*") == "스킵 연결"
    assert gl.korean_term("CNN, 합성곱 신경망") == "합성곱 신경망"


def test_update_fixes_what_the_check_finds_but_not_a_second_korean_term():
    fixed = gl.updated(GLOSSARY_TEXT, MARKED, existing_lessons={"01", "03", "04"})
    assert "| bias | 편향 | 03 |" in fixed and "| ReLU | 렐루 | 04 |" in fixed
    # lesson 04's 렐루 함수 is not added beside 렐루: one term per concept, a person settles it
    problems = gl.glossary_problems(gl.read_glossary(fixed), MARKED, existing_lessons={"01", "03", "04"})
    assert len(problems) == 1 and "'ReLU': lesson 04 says '렐루 함수'" in problems[0], problems
    assert "one Korean term per concept" in problems[0]


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")
def test_every_marked_term_is_in_the_glossary():
    glossary = gl.read_glossary(gl.GLOSSARY.read_text(encoding="utf-8"))
    marked = {path.name[:2]: gl.marked_terms(path) for path in NOTEBOOKS}
    problems = gl.glossary_problems(glossary, marked, existing_lessons=set(marked))
    assert not problems, ("notebooks/00_glossary.md is out of date (`python tools/glossary.py --update` "
                          "adds these):\n  " + "\n  ".join(problems))
