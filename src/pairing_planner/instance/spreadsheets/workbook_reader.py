"""The sheets of a workbook someone sent, as rows of text: every reader of an .xlsx file
(school lists, calendars, a ledger or calendar sheet read back) goes through here.

Each sheet is first checked by :mod:`pairing_planner.instance.spreadsheets.workbook_guard` against
the caps, and only then loaded, from the copy the guard wrote of what it checked, by calamine
(python-calamine, a Rust reader: 20,000 rows of six columns in 0.26 s, where openpyxl took
2.2 s read-only and 3.5 s in full). A merged range is not expanded here: its top-left cell
holds the value and the guard lists the ranges, so a reader that fills merged cells visits
only the rows the sheet really has.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.spreadsheets.file_caps import read_table_bytes
from pairing_planner.instance.spreadsheets.sheet_scan import Merge
from pairing_planner.instance.spreadsheets.workbook_guard import CheckedWorkbook
from pairing_planner.instance.spreadsheets.workbook_zip import damaged

if TYPE_CHECKING:
    import pandas as pd

Grid = list[tuple[int, list[str]]]
"""Rows of cell texts, each with its row number as Excel shows it."""

Value = int | float | str | bool | time | date | datetime | timedelta
"""What calamine gives for a cell."""


@dataclass(frozen=True)
class Sheet:
    """A sheet's rows (from row 1 to its last, columns from A), and its merged ranges."""

    name: str
    rows: Grid
    merges: list[Merge]

    def frame(self) -> pd.DataFrame:
        """The sheet as pandas reads one: its first row the headers, every cell text ("" when
        empty), each row as wide as the headers."""
        import pandas as pd

        if not self.rows:
            return pd.DataFrame(dtype=str)
        headers = self.rows[0][1]
        width = len(headers)
        body = [(cells + [""] * width)[:width] for _n, cells in self.rows[1:]]
        return pd.DataFrame(body, columns=headers, dtype=str)


class Workbook:
    """A workbook's sheet names, in its order, and each sheet read on demand."""

    def __init__(self, path: Path, raw: bytes) -> None:
        self.path = path
        self._checked = CheckedWorkbook(path, raw)
        self.names = self._checked.names

    def sheet(self, name: str | None = None) -> Sheet:
        """Sheet ``name`` (default: the first), checked, then read."""
        if name is None:
            name = self.names[0]
        if name not in self.names:
            message = _("no sheet '{sheet}' in the workbook (sheets: {names})")
            message = message.format(sheet=name, names="、".join(self.names))
            raise InputError([Problem(message, self.path)])
        merges = self._checked.sheet(name)
        return Sheet(name, self._rows(name), merges)

    def _rows(self, name: str) -> Grid:
        """The sheet's rows as text. calamine yields rows from the first and columns from
        the sheet's first used one, which ``start`` gives."""
        from python_calamine import CalamineError, CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(self._checked.copy()))
            sheet = book.get_sheet_by_name(name)
            lead = [""] * (sheet.start or (0, 0))[1]
            return [
                (number, lead + [cell_text(v) for v in values])
                for number, values in enumerate(sheet.iter_rows(), start=1)
            ]
        except (CalamineError, ValueError, OSError) as exc:
            raise damaged(self.path, exc) from None


def open_workbook(path: Path) -> Workbook:
    """The workbook at ``path``, its size and zip directory checked (:mod:`pairing_planner.
    instance.spreadsheets.workbook_guard`); its sheets are checked as each is read."""
    return Workbook(path, read_table_bytes(path))


def cell_text(value: Value) -> str:
    """A cell as text: whole numbers without '.0' (a phone, a row number), a date as
    2016-09-01, text stripped."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
