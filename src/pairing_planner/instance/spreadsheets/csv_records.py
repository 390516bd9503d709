"""A CSV someone sent, parsed record by record within :mod:`pairing_planner.instance.
file_caps`: every reader of a CSV a planner hands the tool (school lists, calendars, plans,
pair tables, contacts) goes through here.

Python's csv module stops at a field of 131,072 characters with "field larger than field
limit", which reached planners as a fault of the tool (exit 3, issue 28); here a cell over
Excel's own 32,767 characters is an input error naming its row and column, and so is a row,
a column or a count of cells past the caps. Lines may end in CR LF, LF or CR alone (Excel for
the Mac once wrote CR): a CR-only file reads line by line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.spreadsheets.file_caps import (
    BEYOND_COLUMNS,
    BEYOND_ROWS,
    LONG_CELL,
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    column_letters,
)

Record = tuple[int, list[str]]
"""A record's row as Excel numbers it (1-based; a cell with line breaks keeps to one row)
and its fields."""

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
"""A line with its end, as the csv module splits lines: CR LF, LF or CR alone. The csv
reader is fed lines one at a time: through a StringIO, the text was held a second time at
four bytes a character (110 MB for a 48 MB list)."""
_LINE_END = re.compile(r"\r\n|\r|\n")
_QUOTED = re.compile(r'"(?:[^"]++|"")*+(")?')
"""A quoted field; its group is the closing quote, missing when the quote is left open."""
_FIELD = re.compile(r'"(?:[^"]++|"")*+"?|[^,\r\n]*+')
"""One field as the csv module's default dialect reads it: quoted (quotes doubled), or not.
Possessive (``*+``): the regex engine keeps no state to backtrack into, where the plain form
kept some for each character: a quote left open before 63 MB of text held 7.3 GB."""


def decoded(path: Path, raw: bytes) -> str:
    """A CSV's bytes as text: UTF-8 (a byte-order mark allowed), else GB18030, which Excel
    on a Chinese Windows writes."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        message = _("the file is neither UTF-8 nor GBK text; save it again as CSV (UTF-8)")
        raise InputError([Problem(message, path)]) from None


def csv_records(path: Path, text: str) -> Iterator[Record]:
    """Each record of ``text`` (the CSV at ``path``) with its row, within the caps; the
    first record past one is an :class:`InputError` naming its row, and column where one is
    at fault."""
    reader = csv.reader(line[0] for line in _LINE.finditer(text))
    cells = 0
    begins = last = 1
    row = 0
    try:
        for row, values in enumerate(reader, start=1):
            _check(path, row, values)
            cells += len(values)
            if cells > MAX_CELLS:
                message = _("the file has more than {cap:,} cells, the most a table may have")
                raise _problem(path, message.format(cap=MAX_CELLS), row)
            yield row, values
            begins, last = reader.line_num + 1, begins
    except csv.Error as exc:
        raise _unreadable(path, text, (begins, row + 1), exc) from None
    if last < reader.line_num:
        _check_closed(path, text, (last, row))


def csv_dicts(path: Path, text: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header of ``text`` (its first record that is not blank) and each later record
    that is not blank as a mapping from header to field ("" when the record is short), with
    its row: what :class:`csv.DictReader` gives, within the caps."""
    records = ((line, values) for line, values in csv_records(path, text) if values)
    header = next(records, (0, []))[1]
    return header, (
        (line, dict(zip(header, values + [""] * (len(header) - len(values)), strict=False)))
        for line, values in records
    )


def _check(path: Path, line: int, values: list[str]) -> None:
    """One record's row, width and longest field against the caps."""
    if line > MAX_ROWS:
        raise _problem(path, _(BEYOND_ROWS).format(cap=MAX_ROWS), line)
    if len(values) > MAX_COLUMNS:
        message = _(BEYOND_COLUMNS).format(cap=column_letters(MAX_COLUMNS))
        raise _problem(path, message, line, MAX_COLUMNS + 1)
    if values and max(map(len, values)) > MAX_CELL_CHARS:
        column = next(i for i, v in enumerate(values, start=1) if len(v) > MAX_CELL_CHARS)
        raise _problem(path, _(LONG_CELL).format(cap=MAX_CELL_CHARS), line, column)


def _check_closed(path: Path, text: str, where: tuple[int, int]) -> None:
    """The last record, beginning at line and row ``where``, with every quote it opens
    closed.

    Python's csv module takes a quote left open as a cell running to the end of the file:
    every row after it vanished into one cell, and the import went on without them (issue
    28). A quote that is closed, however far on, is a cell with line breaks, as Excel writes
    a cell typed with Alt+Enter.
    """
    line, row = where
    position, column = _offset(text, line), 1
    while position < len(text) and text[position] not in "\r\n":
        if text[position] == '"':
            quoted = _QUOTED.match(text, position)
            assert quoted is not None
            if quoted.group(1) is None:
                message = _(
                    'a quote (") opens this cell and is never closed, so every row after it'
                    " was read into it; close the quote or remove it, and save again"
                )
                raise _problem(path, message, row, column)
            position = quoted.end()
        position = text.find(",", position, _line_end(text, position)) + 1 or len(text)
        column += 1


def _line_end(text: str, position: int) -> int:
    """Where the line holding ``position`` ends."""
    found = _LINE_END.search(text, position)
    return found.start() if found else len(text)


def _unreadable(path: Path, text: str, where: tuple[int, int], exc: csv.Error) -> InputError:
    """The csv module's own error on the record that begins at line and row ``where``: a
    field past its limit named by its column, anything else said as it is."""
    line, row = where
    if "field larger than field limit" in str(exc):
        column = _long_field(text, _offset(text, line))
        return _problem(path, _(LONG_CELL).format(cap=MAX_CELL_CHARS), row, column)
    message = _("the row cannot be read as CSV ({reason}); save the file again as CSV (UTF-8)")
    return _problem(path, message.format(reason=exc), row)


def _offset(text: str, line: int) -> int:
    """Where line ``line`` (1-based) of ``text`` begins."""
    if line == 1:
        return 0
    for number, end in enumerate(_LINE_END.finditer(text), start=2):
        if number == line:
            return end.end()
    return len(text)


def _long_field(text: str, start: int) -> int | None:
    """The column of the first field, in the record beginning at ``start``, longer than the
    csv module's limit (None when the record cannot be split so)."""
    limit = csv.field_size_limit()
    position, column = start, 1
    while (found := _FIELD.match(text, position)) is not None:
        if found.end() - position > limit:
            return column
        if found.end() >= len(text) or text[found.end()] != ",":
            return None
        position, column = found.end() + 1, column + 1
    return None


def _problem(path: Path, message: str, line: int, column: int | None = None) -> InputError:
    where = column_letters(column) if column else None
    return InputError([Problem(message, path, line, where, sheet="")])
