"""A bureau's table (.xlsx or .csv) read row by row, every cell with its row and column, so
that each problem names the file, sheet, row and column a clerk has to look at.

Tables are kept as bureaus keep them: a title line may stand above the header row (the
notice's attachment has one), headers may be Chinese or English, with full-width or
half-width brackets. A CSV saved by Excel on a Chinese Windows is GB18030 (GBK), not
UTF-8; both are read. Nothing is guessed silently: a cell merged across columns is an error,
one merged down a column is filled into each of its rows and said so (one note a column, in
row order), and an empty row between rows, a row holding only its 序号, and a footnote under
the list (注：…) are skipped and said so.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _, listing
from pairing_planner.instance.spreadsheets.csv_records import csv_records, decoded
from pairing_planner.instance.spreadsheets.file_caps import read_table_bytes
from pairing_planner.instance.spreadsheets.list_rows import footnote, only_numbered
from pairing_planner.instance.spreadsheets.sheet_scan import Merge
from pairing_planner.instance.spreadsheets.workbook_reader import Grid, Workbook
from pairing_planner.io.csv_cells import from_csv_cell

Columns = dict[str, tuple[str, ...]]
"""Each column a reader knows, by key, and the header names it may go by."""

HEADER_SEARCH_ROWS = 10
"""How far down the header row is looked for (below a title and a note or two)."""

NUMBER_KEY = "number"
"""The key of a list's own row numbers (序号): a row holding nothing else is an empty row."""

FOOTNOTE_SHOWN = 20
"""Characters of a skipped footnote that its note quotes."""


@dataclass(frozen=True)
class Row:
    """One row of data: its number in the sheet (1-based, as Excel shows it) and its cells by
    column key, stripped; absent or empty cells are ``""``."""

    number: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Table:
    """A sheet's data rows, where they came from, each column key's header as written, and
    what was noted while reading (rows skipped, merges filled)."""

    path: Path
    sheet: str | None
    headers: dict[str, str]
    rows: list[Row]
    notes: list[Problem] = field(default_factory=list)
    sha256: str = ""
    """Of the file's bytes as read: what an instance that references the table covers."""

    def problem(self, message: str, row: int | None = None, key: str | None = None) -> Problem:
        """A problem at ``row`` and the column of ``key``, named as the sheet names it."""
        return cell_problem(self.path, self.sheet, message, row, self.headers.get(key or "", key))


def cell_problem(
    path: Path, sheet: str | None, message: str, row: int | None = None, column: str | None = None
) -> Problem:
    """A problem in a table: file, sheet ("" for a CSV), row and column header."""
    return Problem(message, path, row, column, sheet=sheet or "")


def read_table(
    path: str | Path, columns: Columns, sheet: str | None = None, sheet_option: str = ""
) -> Table:
    """The rows of ``path`` (.xlsx: ``sheet``, else the first; .csv) under the header row, the
    first within :data:`HEADER_SEARCH_ROWS` rows to name at least two of ``columns``. The
    file is checked against the caps before it is parsed (:mod:`pairing_planner.instance.
    file_caps`). A workbook whose first sheet has no header row (a sheet of instructions
    before the list) is refused naming its sheets and ``sheet_option``, which chooses one."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InputError([Problem(_("a table must be .xlsx or .csv"), path)])
    raw = read_table_bytes(path)
    if suffix == ".xlsx":
        book = Workbook(path, raw)
        found = book.sheet(sheet)
        grid, name, merged = found.rows, found.name, found.merges
        others = [n for n in book.names if n != name] if sheet is None else []
    else:
        grid, name, merged, others = _csv_grid(path, raw), None, [], []
    try:
        table = _table(path, name, grid, merged, columns)
    except NoHeader:
        if not others:
            raise
        raise InputError([_first_sheet_problem(path, name or "", others, sheet_option)]) from None
    return replace(table, sha256=hashlib.sha256(raw).hexdigest())


class NoHeader(InputError):
    """A sheet without a header row the reader knows."""


def _first_sheet_problem(path: Path, first: str, others: list[str], option: str) -> Problem:
    """A workbook's first sheet without a header row (instructions before the list), its
    sheets named and how to choose the list's: ``option`` when the command has one."""
    sheets = listing([first, *others])
    if option:
        message = _(
            "no header row in the first {n} rows of '{sheet}', the workbook's first sheet; its "
            "sheets are {sheets}: give the list's sheet with {option}"
        ).format(n=HEADER_SEARCH_ROWS, sheet=first, sheets=sheets, option=option)
    else:
        message = _(
            "no header row in the first {n} rows of '{sheet}', the workbook's first sheet; its "
            "sheets are {sheets}: move the list's sheet to the front"
        ).format(n=HEADER_SEARCH_ROWS, sheet=first, sheets=sheets)
    return cell_problem(path, first, message)


def _csv_grid(path: Path, raw: bytes) -> Grid:
    return [
        (line, [from_csv_cell(v.strip()) for v in values])
        for line, values in csv_records(path, decoded(path, raw))
    ]


def _normal(header: str) -> str:
    """A header as compared: brackets half-width, no spaces, lower case."""
    return (
        header.replace("（", "(").replace("）", ")").replace(" ", "").replace("\u3000", "").lower()
    )


def _header(
    path: Path, sheet: str | None, grid: Grid, columns: Columns
) -> tuple[int, list[str | None], list[str]]:
    """The header row's index in ``grid``, each of its cells' column key (None for a column
    not known), and its texts."""
    aliases = {_normal(a): key for key, names in columns.items() for a in names}
    for index, (_number, values) in enumerate(grid[:HEADER_SEARCH_ROWS]):
        keys = [aliases.get(_normal(v)) for v in values]
        if sum(k is not None for k in keys) >= 2:
            return index, keys, values
    known = "、".join(names[0] for names in columns.values())
    message = _("no header row found in the first {n} rows (columns: {known})")
    message = message.format(n=HEADER_SEARCH_ROWS, known=known)
    raise NoHeader([cell_problem(path, sheet, message)])


def _table(
    path: Path, sheet: str | None, grid: Grid, merged: list[Merge], columns: Columns
) -> Table:
    index, keys, values = _header(path, sheet, grid, columns)
    number = grid[index][0]
    headers = {k: v for k, v in zip(keys, values, strict=True) if k is not None}
    position = {k: i for i, k in enumerate(keys) if k is not None}
    footnotes = {n: text for n, cells in grid[index + 1 :] if (text := footnote(cells))}
    notes = [cell_problem(path, sheet, _footnote_note(t), n) for n, t in footnotes.items()]
    body = [(n, cells) for n, cells in grid[index + 1 :] if n not in footnotes]
    merged = [m for m in merged if m[0] not in footnotes]
    problems, merge_notes = _merges(path, sheet, merged, number, position, headers, body)
    rows: list[Row] = []
    for row_number, cells in body:
        values_by_key = {k: (cells[i] if i < len(cells) else "") for k, i in position.items()}
        if not any(values_by_key.values()) or only_numbered(values_by_key, NUMBER_KEY):
            continue
        rows.append(Row(row_number, values_by_key))
    last = rows[-1].number if rows else number
    used = {r.number for r in rows}
    notes += merge_notes + [
        cell_problem(path, sheet, _("the row is empty and was skipped"), n)
        for n, _cells in body
        if number < n < last and n not in used
    ]
    notes = in_row_order(notes)
    if problems:
        raise InputError(problems)
    return Table(path, sheet, headers, rows, notes)


def in_row_order(found: list[Problem]) -> list[Problem]:
    """What was found in one list, in the list's row order (user test of issue 30: an import's
    notes came as they were made, row 3, then 26, then 15): the rows' own first, then those in
    another file (last year's instance), then those of the whole list (a count)."""
    return sorted(found, key=_row_order)


def _row_order(problem: Problem) -> tuple[int, str, int]:
    """Where ``problem`` sorts in :func:`in_row_order`."""
    if problem.sheet is None:
        return 1, str(problem.file), problem.line or 0
    return (0 if problem.line is not None else 2), "", problem.line or 0


def _footnote_note(text: str) -> str:
    """What a skipped footnote row is told by: its first words."""
    shown = text if len(text) <= FOOTNOTE_SHOWN else text[:FOOTNOTE_SHOWN] + "…"
    return _("a footnote ('{text}'), skipped").format(text=shown)


def _merges(
    path: Path,
    sheet: str | None,
    merged: list[Merge],
    header_row: int,
    position: dict[str, int],
    headers: dict[str, str],
    body: Grid,
) -> tuple[list[Problem], list[Problem]]:
    """Merged cells below the header: across columns an error (which column is meant?); down
    one column filled into each row it covers, in place, and noted, one note a column with its
    ranges in row order (a county merged over each county's schools is the usual layout, not
    nine surprises). Only the rows the sheet has are visited, however far a range reaches
    (``body`` is in row order)."""
    numbers = [n for n, _cells in body]
    by_number = dict(body)
    column_key = {i: k for k, i in position.items()}
    problems: list[Problem] = []
    filled: dict[str, list[tuple[int, int, str]]] = {}
    for first_row, last_row, first_col, last_col in sorted(merged):
        if last_row <= header_row:
            continue
        key = column_key.get(first_col - 1)
        label = headers.get(key or "", f"column {first_col}")
        if first_col != last_col:
            message = _("cells merged across columns; unmerge them (取消合并) and fill each cell")
            problems.append(cell_problem(path, sheet, message, first_row, label))
            continue
        top = by_number.get(first_row, [])
        value = top[first_col - 1] if len(top) >= first_col else ""
        for index in range(bisect_right(numbers, first_row), bisect_right(numbers, last_row)):
            cells = body[index][1]
            if len(cells) >= first_col:
                cells[first_col - 1] = value
        if key is not None:
            filled.setdefault(label, []).append((first_row, last_row, value))
    notes = [
        cell_problem(path, sheet, _merged_note(ranges), ranges[0][0], label)
        for label, ranges in filled.items()
    ]
    return problems, notes


def _merged_note(ranges: list[tuple[int, int, str]]) -> str:
    """What the merged cells of one column gave each row they cover."""
    spans = [
        _("{first}–{last} ('{value}')").format(first=first, last=last, value=value)
        for first, last, value in ranges
    ]
    return _("rows {spans} are merged cells; each row takes its merged cell's value").format(
        spans=listing(spans)
    )
