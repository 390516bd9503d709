"""The YAML reader's syntax errors in the planner's words and language.

The reader (ruamel.yaml, libyaml) says what it expected in English and where it stopped
reading: a quotation mark left open at line 42,977 of a province's file was reported at its
last line, 207,553, as "while scanning a quoted scalar found unexpected end of stream", inside
a Chinese sentence. The errors a hand-edited file gives most are said here in words a
planner can act on, at the line where the trouble starts; any other keeps the reader's own
words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ruamel.yaml.error import MarkedYAMLError

from pairing_planner.i18n import N_, _


@dataclass(frozen=True)
class _Known:
    """A syntax error known by what the reader was doing (``context``) and what it found
    (``problem``); ``started``: cite the line where the construct began (the reader's
    context mark), not where it stopped."""

    context: str
    problem: str
    words: str
    started: bool


KNOWN = (
    _Known(
        "quoted scalar",
        "end of stream",
        N_("a quotation mark opened on this line is never closed"),
        True,
    ),
    _Known(
        "quoted scalar",
        "document separator",
        N_("a quotation mark opened on this line is never closed"),
        True,
    ),
    _Known(
        "simple key",
        "expected ':'",
        N_("a line without ':' between a field and its value"),
        True,
    ),
    _Known(
        "flow sequence",
        "expected ',' or ']'",
        N_("a list in [ ] opened on this line is not closed with ], or its items lack commas"),
        True,
    ),
    _Known(
        "flow mapping",
        "expected ',' or '}'",
        N_("a mapping in curly braces opened on this line is not closed, or its items lack commas"),
        True,
    ),
    _Known(
        "block mapping",
        "expected key",
        N_(
            "this line is indented differently from the fields above it, or starts a list item "
            "(-) where a field is expected"
        ),
        False,
    ),
    _Known(
        "block collection",
        "expected '-' indicator",
        N_(
            "this line is indented differently from the fields above it, or starts a list item "
            "(-) where a field is expected"
        ),
        False,
    ),
    _Known(
        "",
        "mapping values are not allowed",
        N_(
            "a ':' where none may be: this line is indented deeper than the field above it, or "
            "a value holding ':' needs quotes (\"…\")"
        ),
        False,
    ),
    _Known(
        "",
        "block sequence entries are not allowed",
        N_("a list item (-) where none may be: put it on a line of its own, indented"),
        False,
    ),
    _Known(
        "",
        "tab character",
        N_("a tab where the indentation must be spaces: indent with spaces"),
        False,
    ),
    _Known(
        "next token",
        "cannot start any token",
        N_("a character that cannot start a value here (a tab? indent with spaces)"),
        False,
    ),
)


FULL_WIDTH_COLON = N_(
    "a full-width colon '：' where YAML needs ':' followed by a space (switch the input "
    "method to half-width)"
)
"""Said when the line cited holds a '：' and no ':': a Chinese input method types it."""


def syntax_problem(error: MarkedYAMLError, text: str) -> tuple[str, int | None]:
    """What ``error`` in the file ``text`` means to the planner, and the line (1-based) to
    look at."""
    context, problem = str(error.context or ""), str(error.problem or "")
    lines = text.splitlines()
    for line in (_line(error.context_mark), _line(error.problem_mark)):
        held = lines[line - 1] if line is not None and line <= len(lines) else ""
        if "：" in held and ":" not in held:
            return _("YAML syntax: {problem}").format(problem=_(FULL_WIDTH_COLON)), line
    for known in KNOWN:
        if known.context in context and known.problem in problem:
            mark = error.context_mark if known.started else error.problem_mark
            mark = mark or error.problem_mark or error.context_mark
            return _("YAML syntax: {problem}").format(problem=_(known.words)), _line(mark)
    said = " ".join(p for p in (context, problem) if p)
    return _("YAML syntax: {problem}").format(problem=said), _line(
        error.problem_mark or error.context_mark
    )


def _line(mark: object) -> int | None:
    """A reader's mark's line, 1-based."""
    line = getattr(mark, "line", None)
    return line + 1 if isinstance(line, int) else None
