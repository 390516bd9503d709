"""A workbook inspected before it is loaded, against
:mod:`pairing_planner.instance.spreadsheets.file_caps`.

An .xlsx file is a zip of XML parts. What a reader loads from it is far larger than the file:
a 5.7 KB workbook whose one merged range reached Excel's last cell held 2.9 GB, a 1 MB zip
of one 1 GB cell held 2 GB (issue 28). So before any reader loads a sheet, the guard

1. checks the zip's directory (:mod:`pairing_planner.instance.spreadsheets.workbook_zip`);
2. streams the parts read for the sheet (:mod:`pairing_planner.instance.spreadsheets.xml_stream`):
the workbook's relationships and sheet list, its shared strings and styles
   (:mod:`pairing_planner.instance.spreadsheets.workbook_part_scans`), and the sheet
   (:mod:`pairing_planner.instance.spreadsheets.sheet_scan`), stopping at the first cap passed;
3. writes what it streamed into a copy (:mod:`pairing_planner.instance.spreadsheets.workbook_copy`),
   which is all the reader is ever given: what is checked is what is read.

A sheet whose part the workbook does not hold is refused: the reader would look for it by
rules of its own.
"""

from __future__ import annotations

from array import array
from pathlib import Path

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.spreadsheets.sheet_scan import Merge, SheetScan, longest_shown
from pairing_planner.instance.spreadsheets.workbook_copy import (
    SHARED_STRINGS,
    STYLES,
    WorkbookCopy,
    sheet_part,
)
from pairing_planner.instance.spreadsheets.workbook_part_scans import (
    Counted,
    Relationships,
    SharedStrings,
    SheetList,
)
from pairing_planner.instance.spreadsheets.workbook_zip import RESAVE, WorkbookZip
from pairing_planner.instance.spreadsheets.xml_stream import Budget, Scan, stream

WORKBOOK = "xl/workbook.xml"
RELATIONSHIPS = "xl/_rels/workbook.xml.rels"
"""Where calamine finds the sheet list and its relationships."""


class CheckedWorkbook:
    """``raw``, the bytes of ``path``, opened as a workbook whose zip directory passed the
    caps (else an :class:`InputError` naming the file and what to do): its sheet names, in
    the workbook's order (the first of a name repeated), each checked by :meth:`sheet` into
    the copy a reader loads (:meth:`copy`)."""

    def __init__(self, path: Path, raw: bytes) -> None:
        self.path = path
        self._book = WorkbookZip(path, raw)
        self._spent = Budget()
        relations = Relationships()
        self._stream_named(RELATIONSHIPS, relations)
        listed = SheetList()
        self._stream_named(WORKBOOK, listed)
        self._targets: dict[str, str] = {}
        for name, relation in listed.found:
            self._targets.setdefault(name, relations.targets.get(relation, ""))
        if not self._targets:
            raise InputError([Problem(_("the workbook has no sheet"), path)])
        self.names = list(self._targets)
        self._copy = WorkbookCopy(self.names, listed.date1904)
        self._shown: array[int] | None = None
        self._merges: dict[str, list[Merge]] = {}

    def sheet(self, name: str) -> list[Merge]:
        """Stream sheet ``name``'s XML against the caps, into the copy; its merged ranges,
        for the reader to fill."""
        if name not in self._merges:
            shown = self._shared_strings()
            target = self._targets[name]
            info = self._book.sheet_part(target)
            if info is None:
                message = _(
                    "the workbook holds no part for its sheet '{sheet}' (its relationship "
                    "names '{target}'); {fix}"
                )
                message = message.format(sheet=name, target=target[:80], fix=_(RESAVE))
                raise InputError([Problem(message, self.path)])
            scan = SheetScan(self.path, name, shown)
            with self._copy.part(sheet_part(self.names.index(name) + 1)) as copy:
                stream(self._book, info, scan, Budget(self._spent.spent), copy)
            self._merges[name] = scan.merges
        return self._merges[name]

    def copy(self) -> bytes:
        """The workbook a reader loads: only the sheets :meth:`sheet` checked, and what they
        need."""
        return self._copy.zipped()

    def _shared_strings(self) -> array[int]:
        """The shared strings and the styles, streamed once into the copy, their elements
        charged to every sheet's budget; for each index, the longest string it may show."""
        if self._shown is None:
            lengths = array("q")
            info = self._book.part(SHARED_STRINGS)
            if info is not None:
                with self._copy.part(SHARED_STRINGS) as copy:
                    strings = SharedStrings(self.path, copy)
                    stream(self._book, info, strings, self._spent)
                lengths = strings.lengths
            styles = self._book.part(STYLES)
            if styles is not None:
                with self._copy.part(STYLES) as copy:
                    stream(self._book, styles, Counted(), self._spent, copy)
            self._shown = longest_shown(lengths)
        return self._shown

    def _stream_named(self, name: str, scan: Scan) -> None:
        """Stream part ``name``, if the workbook holds it, to ``scan``."""
        info = self._book.part(name)
        if info is not None:
            stream(self._book, info, scan, self._spent)
