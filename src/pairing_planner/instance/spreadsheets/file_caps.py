"""The largest spreadsheet or CSV the tool reads, so that a hostile file is refused cheaply.

A bureau feeds the tool lists it got from schools. A 5.7 KB workbook whose one merged range
reached the last cell of Excel's grid once held 2.9 GB for a minute, and a 1 MB zip of one
1 GB cell held 2 GB (issue 28). Every table file (school lists, calendars, plans, the ledger
and the calendar sheet read back) is therefore measured against these caps *before* it is
loaded: a workbook by its zip directory and by streaming its sheet's XML
(:mod:`pairing_planner.instance.spreadsheets.workbook_guard`), a CSV by its bytes and while its rows
are parsed (:mod:`pairing_planner.instance.spreadsheets.csv_records`). Refusing a file at any cap
takes at most a few seconds and a few hundred MB (docs/security.md gives the measured cost).

Each cap is generous for any real list: a province lists tens of thousands of schools, and
the largest table the tool itself writes, the generated whole of China, has 180,000 rows of
11 columns (17.6 MB). The caps are stated here and nowhere else; docs/security.md and
docs/import.md give them to planners.
"""

from __future__ import annotations

from pathlib import Path

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _

MIB = 1024 * 1024

MAX_TABLE_BYTES = 64 * MIB
"""Largest table file (.xlsx or .csv) read: China's generated 180,000-school table is 17.6
MB; the file is read into memory whole, so this bounds what reading costs before any check."""

MAX_ROWS = 250_000
"""Highest row a table may use, as Excel numbers rows (a CSV: its lines). All of China's
generated recipients fit with room; Excel's own grid reaches 1,048,576, which a merged range
or a stray cell at the bottom of a sheet claims at once."""

MAX_COLUMNS = 200
"""Highest column a table may use (GR). The readers know 16 columns; a bureau's sheet may
carry dozens more of its own. Excel's grid reaches 16,384 (XFD)."""

MAX_CELLS = 4_000_000
"""Cells a table may span: a workbook's rows × columns up to its last cell (the rectangle a
reader fills), a CSV's fields. 250,000 rows of 16 columns; China's table has 2 million. It
bounds the memory of the rows read (about 100 bytes a cell) and the time to stream them."""

MAX_CELL_CHARS = 32_767
"""Longest text of one cell: Excel's own limit, so no file Excel wrote exceeds it."""

MAX_TEXT_CHARS = 32_000_000
"""Characters in all the cells of one sheet together, a shared string counted at each cell
that uses it: a reader copies it into every one. A province of 200,000 schools takes about
12 million; one shared string of 32,767 characters in a million cells would take 33 billion."""

MAX_MERGES = 10_000
"""Merged ranges in one sheet: a list that merges each county's cell down its schools has
one per county (a province: about 140)."""

MAX_MERGED_CELLS = 1_000_000
"""Cells all the merged ranges of a sheet cover together; reading fills a merged cell into
each row it covers, but only rows that exist are visited."""

MAX_PARTS = 1_000
"""Files inside a workbook (it is a zip): one sheet's workbook has about ten."""

MAX_SHEET_BYTES = 256 * MIB
"""Largest worksheet XML once unpacked: a sheet at the row and cell caps takes about 160 MB."""

MAX_SHARED_STRINGS_BYTES = 64 * MIB
"""Largest shared-strings XML once unpacked; a reader holds it whole in memory. A province's
list has a few MB."""

MAX_PART_BYTES = 16 * MIB
"""Largest other part (styles, theme, workbook, relationships) once unpacked: a reader
parses them whole; Excel's run to a few hundred KB."""

MAX_UNPACKED_BYTES = 384 * MIB
"""All parts of a workbook together, unpacked."""

MAX_RATIO = 100
"""Highest compression ratio (unpacked ÷ packed) of a part larger than
:data:`RATIO_FROM_BYTES`: sheet XML packs 5–20 times, a zip bomb a thousand times."""

RATIO_FROM_BYTES = 1 * MIB
"""Parts smaller than this unpacked may pack as tightly as they like: they cost nothing."""

MAX_XML_ELEMENTS = 3_000_000
"""Elements streamed for one sheet, every part read for it together (the workbook, its
relationships, shared strings and styles, and the sheet), four attributes counted as one
element: a row is one element with two attributes, a cell two (``<c><v>``) with two or three
as Excel writes them. Streaming costs up to about 2 µs an element so counted, whatever the
mix, so this bounds the check of any sheet at about 6 s here. Below it: the largest workbook
the tool writes and reads back, the Shandong preset's ``calendar.xlsx`` (60,000 activities
in 17 columns: 2.48 million), a list of 130,000 schools in six columns (22.5 a row), a
ledger of 50,000 pairs (about 60 a pair). Above it: the national preset's ledger (180,000
pairs, 5.6 million elements), whose plan ``verify`` reads from ``plans.json`` or a plan CSV
instead."""

MAX_XML_NAMES = 1_000
"""Distinct names of elements and attributes in one part: Excel's parts use a few dozen to
two hundred. The XML parser keeps each name it meets until the part ends (13 MB of tags of
distinct attribute names held 1.3 GB); an element repeats no attribute, so this also caps
an element's attributes."""

MAX_NAME_CHARS = 256
"""Longest name of an element or attribute: Excel's run to about 30 characters."""

MAX_XML_DEPTH = 1_000
"""Elements open inside one another: a sheet nests about six deep. The XML parser keeps
every open tag (two million nested tags held 250 MB). Checked after each 64 KiB the stream
feeds, within which at most 22,000 more can open."""

MAX_TOKEN_BYTES = 1 * MIB
"""Longest stretch of a part's XML that ends in no tag or text: one tag, one text, one
comment. A cell's text at the cap takes 128 KB; a tag of three million attributes (35 MB)
made the XML parser hold 800 MB before anything could look at it."""


LONG_CELL = N_("the cell holds more than {cap:,} characters, Excel's own limit")
BEYOND_ROWS = N_(
    "a cell or row lies beyond row {cap:,}, the last a table may use; delete the rows below "
    "the list (select them, 删除) and save again"
)
BEYOND_COLUMNS = N_(
    "a cell lies beyond column {cap}, the last a table may use; delete the columns to the "
    "right of the list (select them, 删除) and save again"
)
"""What a clerk reads at the caps a workbook and a CSV share (translated where shown)."""


def column_letters(column: int) -> str:
    """A column number as Excel names it (1 → A, 200 → GR)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_table_bytes(path: Path) -> bytes:
    """The bytes of a table file, refused unread when larger than :data:`MAX_TABLE_BYTES`."""
    if not path.is_file():
        raise InputError([Problem(_("the file is not there"), path)])
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        message = _(
            "the file has {size:,} bytes, above the {cap:,} a table may have; keep only the "
            "list in it, or split it"
        )
        raise InputError([Problem(message.format(size=size, cap=MAX_TABLE_BYTES), path)])
    return path.read_bytes()
