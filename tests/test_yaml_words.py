"""YAML syntax errors in the planner's words, at the line where the trouble starts (issue 31,
the Chinese planner's test of session 36): a quotation mark left open at line 42,977 of a
province's file was reported at its last line as "while scanning a quoted scalar found
unexpected end of stream", English inside a Chinese sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import Language, use_language
from pairing_planner.instance.yaml_files.yaml_source import load_yaml

CASES = [
    ('a: 1\nb: "abc\nc: 2\nd: 3\n', 2, "a quotation mark opened on this line is never closed"),
    ("a: 1\nb: 'abc\nc: 2\n", 2, "a quotation mark opened on this line is never closed"),
    ("a: 1\nb: x\n- y\n", 3, "indented differently from the fields above it"),
    ("a:\n  b: 1\n c: 2\n", 3, "indented differently from the fields above it"),
    ("a: 1\nb: x: y\n", 2, "a value holding ':' needs quotes"),
    ("a: 1\nb:\n  c: 1\n    d: 2\n", 4, "indented deeper than the field above it"),
    ("a: 1\nb: - 3\n", 2, "a list item (-) where none may be"),
    ("a:\n  b: 1\n\tc: 2\n", 3, "indent with spaces"),
    ("a: 1\nb:\n\t- x\n", 3, "indent with spaces"),
    ("a: 1\nb\nc: 2\n", 2, "a line without ':'"),
    ("a: 1\nname：济南市\nc: 2\n", 2, "a full-width colon"),
    ("a: 1\nb: [1, 2\nc: 3\n", 2, "a list in [ ] opened on this line is not closed"),
]
"""A hand-edited file's mistakes: the text, the line to look at, what the planner is told."""


def _problem(text: str, folder: Path, language: Language) -> Problem:
    """The one problem loading ``text`` as a YAML file gives, worded in ``language``."""
    path = folder / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with use_language(language), pytest.raises(InputError) as raised:
        load_yaml(path)
    [problem] = raised.value.problems
    return problem


@pytest.mark.parametrize(("text", "line", "words"), CASES)
def test_a_syntax_error_is_said_at_the_line_it_starts(
    text: str, line: int, words: str, tmp_path: Path
) -> None:
    """Each mistake named at its line in words that say what to do; under zh no English word
    of the reader's is left in the message."""
    problem = _problem(text, tmp_path, "en")
    assert problem.line == line and words in problem.message
    chinese = _problem(text, tmp_path, "zh").message
    assert not re.search(r"[A-Za-z]{3,}", chinese.replace("YAML", "")), chinese
