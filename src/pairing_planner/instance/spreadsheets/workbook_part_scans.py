"""The small XML parts of a workbook, scanned as
:mod:`pairing_planner.instance.spreadsheets.xml_stream` streams them: the relationships that name
each sheet's part, the sheet list, the shared strings, and any other part only counted (styles).

Elements are compared by their local name and attributes by their whole name, as calamine
compares them. The shared strings are written again, one plain ``<t>`` each, into the copy
calamine reads (:mod:`pairing_planner.instance.spreadsheets.workbook_copy`), so that the n-th string
it reads is the n-th counted here whatever the part held: an ``<si>`` without text, runs,
phonetic guides, a ``<t>`` inside another.
"""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.spreadsheets.file_caps import MAX_CELL_CHARS

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def local(name: str) -> str:
    """An element's name without its namespace prefix, as the reader compares it."""
    return name.rpartition(":")[2]


class Counted:
    """A part only counted, for the stream's caps: each element opened and closed, and its
    attributes. The scans below look at some elements besides."""

    def __init__(self) -> None:
        self.elements = 0
        self.attributes = 0
        self.ended = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        self.attributes += len(attrs)
        self.element(local(name), attrs)

    def end(self, name: str) -> None:
        self.ended += 1

    def element(self, name: str, attrs: dict[str, str]) -> None:
        """An element, by its local name: nothing to look at."""

    def text(self, data: str) -> None:
        """Text: nothing to look at."""

    def finish(self) -> None:
        """Nothing is left to check at the end."""


class Relationships(Counted):
    """The workbook's relationships: target by id."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: dict[str, str] = {}

    def element(self, name: str, attrs: dict[str, str]) -> None:
        if name == "Relationship":
            self.targets[attrs.get("Id") or ""] = attrs.get("Target") or ""


class SheetList(Counted):
    """The workbook's sheets in order (name and relationship id), and whether its dates
    count from 1904 (``<workbookPr date1904>``, "1" or "true" as calamine reads it)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.date1904 = False

    def element(self, name: str, attrs: dict[str, str]) -> None:
        if name == "sheet":
            relation = attrs.get("r:id") or attrs.get("relationships:id")
            self.found.append((attrs.get("name") or "", relation or ""))
        elif name == "workbookPr":
            self.date1904 = attrs.get("date1904") in ("1", "true")


class SharedStrings(Counted):
    """Each shared string's length, none over a cell's cap, and the string written to
    ``copy``: the text of its ``<t>`` elements outside phonetic guides (``<rPh>``), as Excel
    shows it."""

    def __init__(self, path: Path, copy: IO[bytes]) -> None:
        super().__init__()
        self.path = path
        self.lengths: array[int] = array("q")
        self._copy = copy
        self._pieces: list[str] = []
        self._inside = {"t": 0, "rPh": 0}
        copy.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode())

    def element(self, name: str, attrs: dict[str, str]) -> None:
        if name == "si":
            self._write()
            self.lengths.append(0)
        elif name in self._inside:
            self._inside[name] += 1

    def end(self, name: str) -> None:
        self.ended += 1
        name = local(name)
        if name in self._inside:
            self._inside[name] -= 1

    def text(self, data: str) -> None:
        if self.lengths and self._inside["t"] and not self._inside["rPh"]:
            self._pieces.append(data)
            self.lengths[-1] += len(data)
            if self.lengths[-1] > MAX_CELL_CHARS:
                message = _(
                    "shared string {n:,} holds more than {cap:,} characters, Excel's own limit "
                    "for a cell"
                )
                message = message.format(n=len(self.lengths), cap=MAX_CELL_CHARS)
                raise InputError([Problem(message, self.path)])

    def finish(self) -> None:
        self._write()
        self._copy.write(b"</sst>")

    def _write(self) -> None:
        """The string read so far, if any, into the copy."""
        if self.lengths:
            text = escape("".join(self._pieces), {"\r": "&#13;"})
            self._copy.write(f'<si><t xml:space="preserve">{text}</t></si>'.encode())
            self._pieces.clear()
