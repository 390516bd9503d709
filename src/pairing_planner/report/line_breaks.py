"""Where a line of the terminal may break: between Chinese characters, at spaces, never inside
a school's, county's or city's name, nor before a closing mark (、，。）) or after an opening
one (（“), nor inside what reads as one unit (:data:`GLUED`): a number and its counter (21 所,
第 3–4 行), a short quoted value, a sample command a planner copies.

Chinese has no spaces, and rich breaks text without them anywhere, so a name wrapped to a
narrow column read 牡丹区第二 / 十二中学 (issue 30). :class:`Wrapped` is a sentence that
wraps at these places, and whose narrowest width is its widest unbreakable piece (the
longest name in it), so a table that gives it that width breaks no name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.text import Text

if TYPE_CHECKING:
    from pairing_planner.instance.index.instance import Instance

CLOSING = set("、，。；：！？）》」』”’％,.;:!?)]}%·")
"""Marks that end a phrase (and the dot between items): never the first thing on a line."""
OPENING = set("（《「『“‘([{")
"""Marks that open one: never the last thing on a line."""

COMMANDS = "calendar|check|compare|export|generate|import|plot|progress|serve|solve|verify"
"""The ``plan`` commands a hint may show (tests/test_eighty_columns_more.py holds it to the
``plan`` group's)."""
_NUMBER = r"[-+]?\d[\d.,:%–~-]*"
_ARGUMENT = (
    r"--?[A-Za-z][\w-]*(?: (?!-)[A-Za-z0-9_.,:/%-]+(?![^\s，。；：、）)]))?"  # option, value
    r"|[A-Z][A-Z_]+(?![\w-])"  # a placeholder: TEMPLATE, FILE
    r"|[^\s，。；：、（）()]*[./][^\s，。；：、（）()]*"  # a file: 名单.xlsx, results/x.yaml
    r"|\d[\w.,:%-]*|…"
)
_COUNTER = r"(?: [\u3400-\u9fff])"
GLUED = re.compile(
    rf"(?:第 ?|(?<![A-Za-z0-9.])){_NUMBER}{_COUNTER}"  # 21 所, 2.55 秒, 第 3–4 行
    rf"|第 ?{_NUMBER}"  # 第 3、5、… 行: the ordinal's 第 with its first number
    rf"|\b(?:rows?|lines?) {_NUMBER}"  # row 14, rows 3–4
    r"|“[^“”\n]{1,24}”|‘[^‘’\n]{1,24}’|(?<![A-Za-z])'[^'\n]{1,24}'(?![A-Za-z])"
    rf"|(?<![A-Za-z])plan(?: --?[a-z][\w-]*)* (?:{COMMANDS})\b(?: (?:{_ARGUMENT}))*"
)
"""What a line never breaks inside, though it holds spaces or Chinese characters: a row
range cut as 第 3–4 / 行 or 5–6 / 行 reads as two numbers, a count cut from its counter (21 /
所) as a number alone; a quoted value (a name a clerk typed, which no list of names holds
when the list itself is being read) up to 24 characters; and a sample command in a hint,
which a planner copies in one piece (issue 30)."""


class Names:
    """The names a line must not break, found by their first character (a province's
    180,000 schools are looked up, never tried one by one at each character)."""

    def __init__(self, names: Iterable[str]) -> None:
        by_first: dict[str, list[str]] = {}
        for name in sorted({n for n in names if len(n) > 1}, key=len, reverse=True):
            by_first.setdefault(name[0], []).append(name)
        self._indexes: tuple[dict[str, list[str]], ...] = (by_first,) if by_first else ()

    def __or__(self, other: Names) -> Names:
        """Both sets of names, their indexes shared, not rebuilt: each row of a table joins
        the instance's names to its own few, and rebuilding the index of a 5,000-school list
        for each of its rows took ``plan check`` 17 s."""
        joined = Names(())
        mine = self._indexes
        joined._indexes = mine + tuple(i for i in other._indexes if all(i is not m for m in mine))
        return joined

    def at(self, text: str, start: int) -> str:
        """The longest name that starts at ``text[start]``, or ""."""
        found = ""
        for index in self._indexes:
            for name in index.get(text[start], []):
                if text.startswith(name, start):
                    found = max(found, name, key=len)
                    break
        return found


NO_NAMES = Names([])


def instance_names(instance: Instance) -> Names:
    """Every school, county and city name of ``instance``."""
    schools = [*instance.helpers.values(), *instance.recipients.values()]
    return Names([*(s.name for s in schools), *(p.name for p in instance.places.values())])


def pieces(text: str, names: Names = NO_NAMES) -> list[str]:
    """``text`` cut where a line may break; a space is a piece of its own, unless it lies
    inside what :data:`GLUED` keeps together."""
    return _glued(_pieces(text, names), text)


def _glued(found: list[str], text: str) -> list[str]:
    """``found`` (the pieces of ``text``) with those inside one span of :data:`GLUED` joined."""
    inside: set[int] = set()
    for match in GLUED.finditer(text):
        inside.update(range(match.start() + 1, match.end()))
    if not inside:
        return found
    joined: list[str] = []
    at = 0
    for piece in found:
        if joined and at in inside:
            joined[-1] += piece
        else:
            joined.append(piece)
        at += len(piece)
    return joined


def _pieces(text: str, names: Names) -> list[str]:
    """``text`` cut where a line may break, names whole and marks with what they close or
    open; a space is a piece of its own."""
    found: list[str] = []
    glue = False
    i = 0
    while i < len(text):
        char = text[i]
        piece = names.at(text, i) or char
        if not char.isspace() and cell_len(char) == 1 and piece == char:
            end = i + 1
            while end < len(text) and _continues_word(text, end, names):
                end += 1
            piece = text[i:end]
        i += len(piece)
        if char.isspace():
            found.append(piece)
            glue = False
        elif found and (glue or piece[0] in CLOSING):
            spaces = found.pop() if found[-1].isspace() and len(found) > 1 else ""
            found[-1] += spaces + piece
            glue = piece[-1] in OPENING
        else:
            found.append(piece)
            glue = piece[-1] in OPENING
    return found


def _continues_word(text: str, at: int, names: Names) -> bool:
    """Whether ``text[at]`` continues a word of narrow characters (Latin letters, digits)."""
    char = text[at]
    return not char.isspace() and cell_len(char) == 1 and not names.at(text, at)


def line_spans(
    text: str, widths: tuple[int, int], names: Names = NO_NAMES
) -> list[tuple[int, int]]:
    """Where each line of ``text`` (one of its own lines) starts and ends, the first at most
    ``widths[0]`` cells wide and the others ``widths[1]``: the spaces a line breaks at are
    left out; a piece wider than a line, alone, is cut at a space where it holds one, else
    left whole."""
    spans: list[tuple[int, int]] = []
    start = end = at = 0
    for piece in pieces(text, names):
        if piece.isspace():
            at += len(piece)
            continue
        width = widths[1] if spans else widths[0]
        if end > start and cell_len(text[start:at] + piece) > width:
            spans.append((start, end))
            start = end = at
            width = widths[1]
        if end == start and (spans or end > 0):
            start = end = at
        while cell_len(text[start : at + len(piece)]) > width:
            cut, resume = _cut(text[start : at + len(piece)], width)
            spans.append((start, start + cut))
            start = end = start + resume
            width = widths[1]
        at += len(piece)
        end = at
    if end > start or not spans:
        spans.append((start, end))
    return spans


def _cut(piece: str, width: int) -> tuple[int, int]:
    """Where a piece wider than a line ends its line, and where the next line starts: at the
    last space that leaves the line within ``width`` (a sample command longer than the line
    breaks between its arguments, not inside a file name: 菏泽被帮扶名单2016. / yaml, issue
    30); a piece with no such space is left whole, wider than the line, so that a long path
    in a message can still be copied (the terminal folds it; a cut put a space inside it)."""
    used, space = 0, 0
    for n, char in enumerate(piece):
        used += cell_len(char)
        if used > width and space:
            return space, space + 1
        space = n if char == " " else space
    return len(piece), len(piece)


def wrapped_lines(text: Text, width: int, names: Names = NO_NAMES, indent: int = 0) -> list[Text]:
    """``text``'s lines (each of its own lines wrapped), styles kept, at most ``width`` cells
    wide, those after the first set in by ``indent``."""
    lines: list[Text] = []
    for part in text.split("\n", allow_blank=True):
        widths = (width if not lines else width - indent, width - indent)
        spans = line_spans(part.plain, (max(1, widths[0]), max(1, widths[1])), names)
        lines += [part[a:b] for a, b in spans]
    return lines[:1] + [Text(" " * indent) + line for line in lines[1:]]


class Wrapped:
    """Text in a table cell, or a paragraph, that wraps where a line may break and keeps
    names whole; its styles kept."""

    def __init__(self, text: str | Text, names: Names = NO_NAMES, indent: int = 0) -> None:
        self.text = Text(text) if isinstance(text, str) else text
        self.names = names
        self.indent = indent
        """Cells the lines after the first are set in (a hanging indent)."""

    def widest_piece(self) -> int:
        """The narrowest this cell can be without breaking a name or a word."""
        return max((cell_len(p) for p in pieces(self.text.plain, self.names)), default=0)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(line) for line in self.text.plain.split("\n")), default=0)
        return Measurement(self.widest_piece(), widest).with_maximum(options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        for line in wrapped_lines(self.text, options.max_width, self.names, self.indent):
            line.no_wrap, line.overflow, line.end = True, "ignore", "\n"
            yield line
