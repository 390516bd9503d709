"""The workbook calamine reads: a zip written here of only what the guard streamed
(:mod:`pairing_planner.instance.spreadsheets.workbook_guard`), never the file someone sent.

The guard cannot be sure to find in the file what calamine would find there: calamine looks
parts up by rules of its own (a relationship ``/worksheets/s.xml`` is the part
``worksheets/s.xml``, ``xl/worksheets/s.xml`` is ``xl/xl/worksheets/s.xml``), its zip
library reads ``\\`` as ``/``, and when it cannot read a zip as .xlsx it tries it as .xlsb and
as OpenDocument (a 3.5 KB file whose .xlsx parts passed the guard was read through its
``content.xml``, 440 MB), and first as an old .xls. So calamine is given this copy: the
workbook's sheet list and relationships written here, naming each sheet's part by a name of
its own; the shared strings written again, one plain string each; the styles and each sheet
as the guard streamed them, packed again as they stream (deflate level 1: 0.15 s for the
36 MB of the Shandong preset's ``calendar.xlsx``).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO
from xml.sax.saxutils import quoteattr

from pairing_planner.instance.spreadsheets.workbook_part_scans import MAIN

RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
SHARED_STRINGS = "xl/sharedStrings.xml"
STYLES = "xl/styles.xml"


def sheet_part(number: int) -> str:
    """The copy's name for the part of the workbook's sheet ``number`` (1-based)."""
    return f"xl/worksheets/sheet{number}.xml"


class WorkbookCopy:
    """A zip in memory: its sheet list and relationships at once, each other part added as
    it is streamed."""

    def __init__(self, sheets: list[str], date1904: bool) -> None:
        self._buffer = io.BytesIO()
        with zipfile.ZipFile(self._buffer, "w") as book:
            book.writestr("_rels/.rels", _relationships([("officeDocument", "xl/workbook.xml")]))
            book.writestr("xl/workbook.xml", _sheet_list(sheets, date1904))
            book.writestr(
                "xl/_rels/workbook.xml.rels",
                _relationships(
                    [("worksheet", sheet_part(n)[3:]) for n in range(1, len(sheets) + 1)]
                    + [("sharedStrings", SHARED_STRINGS[3:]), ("styles", STYLES[3:])]
                ),
            )

    @contextmanager
    def part(self, name: str) -> Iterator[IO[bytes]]:
        """A part named ``name`` to write into."""
        with (
            zipfile.ZipFile(self._buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as book,
            book.open(name, "w") as part,
        ):
            yield part

    def zipped(self) -> bytes:
        """The copy as a zip file's bytes."""
        return self._buffer.getvalue()


def _sheet_list(sheets: list[str], date1904: bool) -> str:
    """The workbook part: sheet ``n`` named ``sheets[n - 1]``, relationship ``rId{n}``."""
    listed = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(sheets, start=1)
    )
    dates = '<workbookPr date1904="1"/>' if date1904 else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
        f'xmlns:r="{RELATIONS}">{dates}<sheets>{listed}</sheets></workbook>'
    )


def _relationships(targets: list[tuple[str, str]]) -> str:
    """Relationships ``rId1``, ``rId2``, … of the given types, to the given targets."""
    listed = "".join(
        f'<Relationship Id="rId{n}" Type="{RELATIONS}/{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, start=1)
    )
    start = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
    return f"{start}{listed}</Relationships>"
