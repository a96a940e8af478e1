"""UTF-8 everywhere: every text-mode open, read_text and write_text names encoding="utf-8".

Without it Python uses the locale's encoding, which is cp949 on Korean Windows: a notebook or a
results file with 한국어 written on one machine then reads as garbage (or raises) on another. This
test parses every .py file in lessons_lib/, tools/ and tests/ and lists each call that relies on
the locale. Binary opens ("rb", "wb") need no encoding.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = sorted(path for folder in ("lessons_lib", "tools", "tests") for path in (REPO / folder).rglob("*.py"))
# Modules whose .open() is not a text file open (archives, a browser, os-level descriptors).
NOT_FILE_OPENS = {"tarfile", "zipfile", "gzip", "bz2", "lzma", "os", "webbrowser", "browser"}  # browser: tests/site/cdp.py


def _names_encoding(call: ast.Call, positional_index: int) -> bool:
    if any(keyword.arg in {"encoding", None} for keyword in call.keywords):  # None: **kwargs
        return True
    return len(call.args) > positional_index


def _mode(call: ast.Call, positional_index: int) -> str | None:
    for keyword in call.keywords:
        if keyword.arg == "mode":
            return keyword.value.value if isinstance(keyword.value, ast.Constant) else "?"
    if len(call.args) > positional_index:
        value = call.args[positional_index]
        return value.value if isinstance(value, ast.Constant) else "?"
    return None  # the default, "r": text


def locale_dependent_calls(source: str) -> list[tuple[int, str]]:
    """(line, call) for every open/read_text/write_text in ``source`` without an encoding."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            mode_at, encoding_at = 1, 3  # open(file, mode, buffering, encoding)
        elif isinstance(func, ast.Attribute) and func.attr == "open":
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            if owner in NOT_FILE_OPENS:
                continue
            mode_at, encoding_at = (1, 3) if owner == "io" else (0, 2)  # Path.open(mode, buffering, encoding)
        elif isinstance(func, ast.Attribute) and func.attr == "read_text":
            mode_at, encoding_at = None, 0  # read_text(encoding)
        elif isinstance(func, ast.Attribute) and func.attr == "write_text":
            mode_at, encoding_at = None, 1  # write_text(data, encoding)
        else:
            continue
        if mode_at is not None and "b" in (_mode(node, mode_at) or ""):
            continue
        if not _names_encoding(node, encoding_at):
            found.append((node.lineno, ast.get_source_segment(source, node) or ast.dump(node)))
    return found


def test_the_check_catches_a_missing_encoding_and_accepts_utf8_and_binary():
    bad = ("open('a.txt')\nopen(p, 'w')\nPath('x').read_text()\np.write_text(text)\n"
           "p.open()\nio.open(p, 'r')\n")
    assert [line for line, _ in locale_dependent_calls(bad)] == [1, 2, 3, 4, 5, 6]
    good = ("open('a.txt', encoding='utf-8')\nopen(p, 'wb')\np.read_text(encoding='utf-8')\n"
            "p.write_text(text, encoding='utf-8')\np.open('rb')\ntarfile.open(p)\n"
            "p.read_bytes()\np.open(mode='ab')\n")
    assert locale_dependent_calls(good) == []


def test_every_text_file_access_names_utf8():
    assert len(SOURCES) > 20, SOURCES
    problems = [f"{path.relative_to(REPO)}:{line}: {call}"
                for path in SOURCES
                for line, call in locale_dependent_calls(path.read_text(encoding="utf-8"))]
    assert not problems, ('these read or write text in the locale\'s encoding (cp949 on Korean Windows); '
                          'add encoding="utf-8":\n  ' + "\n  ".join(problems))


@pytest.mark.parametrize("folder", ["lessons_lib", "tools", "tests"])
def test_the_folders_are_scanned(folder):
    assert any(path.is_relative_to(REPO / folder) for path in SOURCES), folder
