"""A school list's county written once for several schools, as a merged sheet saved as CSV
leaves it: the county cell of the first school, blanks below.

Excel writes a merged cell's value into its top row alone when it saves a CSV, so the
attachment's layout (县（市、区） merged over each county's schools) arrives with most counties
blank, and every blank was an error (issue 30). A school whose row names no place at all
(no county, no city, no place id) takes the place of the school above it, and one note lists
the rows so taken; a row that names a city alone keeps it (a city's own school).
"""

from __future__ import annotations

from dataclasses import replace

from pairing_planner.i18n import listing, ngettext
from pairing_planner.instance.spreadsheets.tables import Row, Table, in_row_order

PLACE_KEYS = ("place", "county", "city")
"""The cells that say where a school is."""


def filled_down(table: Table) -> Table:
    """``table`` with each row that names no place given the place cells of the row above,
    and a note naming those rows; the table itself when none is blank, it has no county
    column, or it is a workbook's sheet: there a merged cell is filled where it is read, so a
    blank is a county nobody wrote (a row deleted under a merged cell leaves one), which
    must be said at its row, not taken from the school above."""
    if "county" not in table.headers or table.sheet:
        return table
    rows: list[Row] = []
    taken: list[int] = []
    for row in table.rows:
        above = _place_of(rows[-1].cells) if rows else {}
        if above and row.cells.get("name") and not _place_of(row.cells):
            row = Row(row.number, {**row.cells, **above})
            taken.append(row.number)
        rows.append(row)
    if not taken:
        return table
    message = ngettext(
        "row {rows} names no county; it takes the county of the row above it, as a sheet "
        "with merged county cells saved as CSV leaves it blank: check it",
        "rows {rows} name no county; each takes the county of the row above it, as a sheet "
        "with merged county cells saved as CSV leaves them blank: check them",
        len(taken),
    ).format(rows=listing([str(n) for n in taken]))
    note = table.problem(message, taken[0], "county")
    return replace(table, rows=rows, notes=in_row_order([*table.notes, note]))


def _place_of(cells: dict[str, str]) -> dict[str, str]:
    """The row's filled place cells."""
    return {key: cells[key] for key in PLACE_KEYS if cells.get(key)}
