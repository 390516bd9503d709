"""A worksheet's XML, streamed (:mod:`pairing_planner.instance.spreadsheets.xml_stream`) against the
caps of :mod:`pairing_planner.instance.spreadsheets.file_caps`: where its rows, cells, merged ranges
and declared dimension reach, the rectangle its cells span, the text of each cell and of all of
them. What a reader loads is that rectangle, and that text: a 5.7 KB workbook whose one
merged range reached Excel's last cell held 2.9 GB, and one cell at XFD1048576 asks calamine
for 549 GB (issue 28).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
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
    MAX_MERGED_CELLS,
    MAX_MERGES,
    MAX_ROWS,
    MAX_TEXT_CHARS,
    column_letters,
)
from pairing_planner.instance.spreadsheets.workbook_part_scans import local
from pairing_planner.instance.spreadsheets.workbook_zip import RESAVE

Merge = tuple[int, int, int, int]
"""A merged range: first row, last row, first column, last column (1-based)."""

INDEX_DIGITS = 18
"""Digits of a shared-string index looked at: more than any workbook's strings number."""


def longest_shown(lengths: array[int]) -> array[int]:
    """For each shared-string index, the longest string a cell of that index may show.

    calamine takes a cell's index from the first piece of text in its ``<v>``: a comment or a
    character reference inside it ends the piece (``0&#49;`` is 0 to calamine, 1 to this
    parser), and an index it cannot read is 0. So the index of ``<v>`` 1234 may be 1234, 123,
    12, 1 or 0: each is counted at the longest of its leading digits' strings."""
    shown = array("q", lengths)
    for index in range(1, len(shown)):
        shown[index] = max(shown[index], shown[index // 10])
    return shown


class SheetScan:
    """A sheet's XML streamed: where its rows, cells, merged ranges and declared dimension
    reach, the rectangle its cells span, the text of each cell and of all of them.

    Positions follow the reader's rules: a ``<row>`` without ``r`` is the one after the last,
    a ``<c>`` without ``r`` the column after the last cell of its row. A shared-string cell
    (``t="s"``) counts the string its last ``<v>`` points to (:func:`longest_shown`), known
    when the next cell begins; an index that is not plain digits is refused. :meth:`start`,
    :meth:`end` and :meth:`text` run for every element and text of the sheet (millions), so
    each does the least it can: the handler of an element name is looked up once per name, a
    cell's column letters are converted once per letters, the rectangle checked only when it
    grows."""

    def __init__(self, path: Path, sheet: str, shown: array[int]) -> None:
        self.path = path
        self.sheet = sheet
        self.shown = shown
        self.merges: list[Merge] = []
        self.merged_cells = 0
        self.last_row = 0
        self.last_column = 0
        self.row = 0
        self.next_column = 1
        self.elements = 0
        self.attributes = 0
        self.ended = 0
        self.run = 0
        self.chars = 0
        self.cell_type: str | None = None
        self.cell_at = (0, 0)
        self.collecting = False
        self.index = ""
        self.columns: dict[str, int] = {}
        self.known: dict[str, Callable[[dict[str, str]], None]] = {
            "c": self._cell,
            "v": self._value,
            "row": self._row,
            "mergeCell": self._merge,
            "dimension": self._dimension,
        }
        self.handlers: dict[str, Callable[[dict[str, str]], None] | None] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        self.attributes += len(attrs)
        self.run = 0
        try:
            handler = self.handlers[name]
        except KeyError:
            handler = self.handlers[name] = self.known.get(local(name))
        if handler is not None:
            handler(attrs)

    def end(self, name: str) -> None:
        self.ended += 1
        self.collecting = False

    def text(self, data: str) -> None:
        length = len(data)
        self.run += length
        if self.run > MAX_CELL_CHARS:
            raise self._refused(_(LONG_CELL).format(cap=MAX_CELL_CHARS), *self.cell_at)
        if self.collecting:
            self.index += data
        elif self.cell_type != "s":
            self.chars += length
            if self.chars > MAX_TEXT_CHARS:
                raise self._too_much_text()

    def finish(self) -> None:
        """The last cell counted."""
        if self.cell_type == "s":
            self._close_cell()

    def _row(self, attrs: dict[str, str]) -> None:
        if self.cell_type == "s":
            self._close_cell()
        given = attrs.get("r")
        self.row = self._position(given)[0] if given else self.row + 1
        self.next_column = 1
        if self.row > MAX_ROWS:
            raise self._refused(_(BEYOND_ROWS).format(cap=MAX_ROWS), self.row)

    def _cell(self, attrs: dict[str, str]) -> None:
        if self.cell_type == "s":
            self._close_cell()
        given = attrs.get("r")
        row, column = self._position(given) if given else (self.row, self.next_column)
        self.next_column = column + 1
        self.cell_type = attrs.get("t")
        self.cell_at = (row, column)
        if row > self.last_row or column > self.last_column:
            self._reach(row, column)

    def _value(self, attrs: dict[str, str]) -> None:
        """A ``<v>``: a shared-string cell's index is its text (the last ``<v>`` counts)."""
        if self.cell_type == "s":
            self.collecting = True
            self.index = ""

    def _close_cell(self) -> None:
        """A shared-string cell counted at the longest string its index may show."""
        index = self.index
        if index:
            if not (index.isdigit() and index.isascii()):
                message = _(
                    "the cell's shared-text number '{index}' is not one Excel writes; {fix}"
                )
                message = message.format(index=index[:20], fix=_(RESAVE))
                raise self._refused(message, *self.cell_at)
            number = int(index[:INDEX_DIGITS])
            shown = self.shown
            if number >= len(shown):
                number = self._within(number)
            if shown:
                self.chars += shown[number]
                if self.chars > MAX_TEXT_CHARS:
                    raise self._too_much_text()
        self.cell_type = None
        self.index = ""

    def _within(self, number: int) -> int:
        """The index, among its leading digits', of a string there is (0 when there is
        none)."""
        while number and number >= len(self.shown):
            number //= 10
        return number

    def _too_much_text(self) -> InputError:
        message = _(
            "the sheet's cells hold more than {cap:,} characters together (a shared text "
            "counted in each cell that shows it); keep only the list in the sheet"
        )
        return self._refused(message.format(cap=MAX_TEXT_CHARS), *self.cell_at)

    def _reach(self, row: int, column: int) -> None:
        """The farthest cell so far at (``row``, ``column``): within the caps, and the
        rectangle from A1 to it within :data:`MAX_CELLS`."""
        if row > MAX_ROWS:
            raise self._refused(_(BEYOND_ROWS).format(cap=MAX_ROWS), row, column)
        if column > MAX_COLUMNS:
            message = _(BEYOND_COLUMNS).format(cap=column_letters(MAX_COLUMNS))
            raise self._refused(message, row, column)
        self.last_row = max(self.last_row, row)
        self.last_column = max(self.last_column, column)
        if self.last_row * self.last_column > MAX_CELLS:
            message = _(
                "the sheet's cells span {rows:,} rows by {columns:,} columns, above the "
                "{cap:,} cells a table may span; delete what lies below and to the right of "
                "the list (select it, 删除) and save again"
            )
            message = message.format(rows=self.last_row, columns=self.last_column, cap=MAX_CELLS)
            raise self._refused(message, row, column)

    def _merge(self, attrs: dict[str, str]) -> None:
        reference = attrs.get("ref") or ""
        first, _colon, last = reference.partition(":")
        corners = (self._position(first), self._position(last or first))
        top, bottom = sorted(corner[0] for corner in corners)
        left, right = sorted(corner[1] for corner in corners)
        if bottom > MAX_ROWS or right > MAX_COLUMNS:
            message = _(
                "the merged range {ref} reaches beyond the {rows:,} rows and {columns} columns "
                "a table may use; unmerge it (取消合并) and save again"
            )
            message = message.format(
                ref=reference, rows=MAX_ROWS, columns=column_letters(MAX_COLUMNS)
            )
            raise self._refused(message, top, left)
        self.merges.append((top, bottom, left, right))
        self.merged_cells += (bottom - top + 1) * (right - left + 1)
        if len(self.merges) > MAX_MERGES or self.merged_cells > MAX_MERGED_CELLS:
            message = _(
                "the sheet has more merged cells than a table may ({merges:,} ranges of "
                "{cells:,} cells at most); unmerge them (取消合并) and fill each cell"
            )
            message = message.format(merges=MAX_MERGES, cells=MAX_MERGED_CELLS)
            raise self._refused(message, top, left)

    def _dimension(self, attrs: dict[str, str]) -> None:
        reference = attrs.get("ref") or ""
        row, column = self._position(reference.rpartition(":")[2])
        if row > MAX_ROWS or column > MAX_COLUMNS:
            message = _(
                "the sheet declares cells up to {ref}, beyond the {rows:,} rows and {columns} "
                "columns a table may use; delete what lies below and to the right of the "
                "list (select it, 删除) and save again"
            )
            message = message.format(
                ref=reference, rows=MAX_ROWS, columns=column_letters(MAX_COLUMNS)
            )
            raise self._refused(message)

    def _position(self, reference: str) -> tuple[int, int]:
        """(row, column) of ``B12``, or of a row's ``12`` (column 0)."""
        letters = reference.rstrip("0123456789")
        digits = reference[len(letters) :]
        column = self.columns.get(letters)
        if column is None:
            column = self._column(letters, reference)
        if not digits or len(digits) > 7:
            raise self._malformed(reference)
        return int(digits), column

    def _column(self, letters: str, reference: str) -> int:
        """The number of column ``letters`` (A → 1), remembered."""
        if len(letters) > 3 or not (letters.isascii() and (letters.isalpha() or not letters)):
            raise self._malformed(reference)
        number = 0
        for letter in letters.upper():
            number = number * 26 + ord(letter) - ord("A") + 1
        self.columns[letters] = number
        return number

    def _malformed(self, reference: str) -> InputError:
        message = _("the cell reference '{ref}' is not one Excel writes; {fix}")
        return self._refused(message.format(ref=reference[:40], fix=_(RESAVE)), self.row or None)

    def _refused(self, message: str, row: int | None = None, column: int = 0) -> InputError:
        where = column_letters(column) if column else None
        return InputError([Problem(message, self.path, row, where, sheet=self.sheet)])
