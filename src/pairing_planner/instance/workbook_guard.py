"""A workbook inspected before it is loaded, against :mod:`pairing_planner.instance.file_caps`.

An .xlsx file is a zip of XML parts. What a reader loads from it is far larger than the file:
a 5.7 KB workbook whose one merged range reached Excel's last cell held 2.9 GB, a 1 MB zip
of one 1 GB cell held 2 GB (issue 28). So before any reader loads a sheet, this module

1. opens the file as a zip (anything else, an empty file or an old .xls among it, is "not
   an .xlsx workbook"), and checks its directory: the number of parts, each part's unpacked
   size and compression ratio, and their sum. Python's zip reader never yields more bytes
   than the directory declares (it stops there and the CRC check fails), so the declared
   sizes bound what any later read unpacks;
2. streams the sheet's XML with expat, a chunk at a time, never holding the part: its
   declared ``<dimension>``, each ``<mergeCell>`` (how many, the cells they cover, how far
   they reach), each row and cell (how far they reach, the rectangle they span), the text of
   each cell and of all of them (a shared string counted at every cell that shows it), and
   the number of elements, stopping at the first cap passed. A DTD, which no workbook has,
   is refused (no entity is ever expanded), and so is a tag or text still unfinished a
   megabyte after it began: expat holds a tag whole, every attribute of it, before any
   handler sees it.

The parts are found as the reader that loads the sheet afterwards finds them (calamine: the
workbook at ``xl/workbook.xml``, its relationships, ``xl/sharedStrings.xml``, names compared
without case), so what is checked is what is read; two parts whose names differ only in case
are refused, since a reader may take either.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from xml.parsers import expat

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _
from pairing_planner.instance.file_caps import (
    BEYOND_COLUMNS,
    BEYOND_ROWS,
    LONG_CELL,
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_MERGED_CELLS,
    MAX_MERGES,
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_SHARED_STRINGS_BYTES,
    MAX_SHEET_BYTES,
    MAX_TEXT_CHARS,
    MAX_TOKEN_BYTES,
    MAX_UNPACKED_BYTES,
    MAX_XML_ELEMENTS,
    RATIO_FROM_BYTES,
    column_letters,
)

Merge = tuple[int, int, int, int]
"""A merged range: first row, last row, first column, last column (1-based)."""

WORKBOOK = "xl/workbook.xml"
RELATIONSHIPS = "xl/_rels/workbook.xml.rels"
SHARED_STRINGS = "xl/sharedstrings.xml"
WORKSHEETS = "xl/worksheets/"
"""The parts the reader looks for, in lower case: parts are found by name without case."""
RESAVE = N_("open it in Excel and save it again as an Excel workbook (.xlsx)")
"""What a clerk does about a workbook that cannot be read (translated where used)."""
TOO_MANY_ELEMENTS = N_(
    "the workbook holds more than {cap:,} XML elements in one part, more than a table within "
    "the caps has; save the list as CSV (UTF-8), which is read without this cap, or split it"
)
CHUNK = 1 << 16
"""Bytes of a part unpacked and parsed at a time: small against :data:`MAX_TOKEN_BYTES`,
which is checked after each."""


class CheckedWorkbook:
    """``raw``, the bytes of ``path``, opened as a workbook whose zip directory passed the
    caps (else an :class:`InputError` naming the file and what to do): its sheets by name,
    in the workbook's order, each checked by :meth:`sheet` before a reader loads it."""

    def __init__(self, path: Path, raw: bytes) -> None:
        self.path = path
        self._zip = _opened(path, raw)
        self._parts = _parts(path, self._zip)
        self.sheets = self._sheet_parts()
        self._shared: array[int] | None = None

    def sheet(self, name: str) -> list[Merge]:
        """Stream sheet ``name``'s XML against the caps; its merged ranges, for the reader to
        fill."""
        part = self.sheets[name]
        scan = _SheetScan(self.path, name, self._shared_lengths())
        if part is not None:
            self._stream(part, scan)
        return scan.merges

    def _sheet_parts(self) -> dict[str, str | None]:
        """Sheet names and their parts, as the reader resolves them (None: no such part;
        the reader then finds no cells)."""
        relations = _Relationships(self.path)
        if RELATIONSHIPS in self._parts:
            self._stream(RELATIONSHIPS, relations)
        sheets = _SheetList(self.path)
        if WORKBOOK in self._parts:
            self._stream(WORKBOOK, sheets)
        if not sheets.found:
            raise InputError([Problem(_("the workbook has no sheet"), self.path)])
        parts: dict[str, str | None] = {}
        for name, relation in sheets.found:
            target = relations.targets.get(relation, "")
            if target.startswith("/xl/"):
                target = target[1:]
            elif not target.startswith("xl/"):
                target = "xl/" + target
            parts.setdefault(name, target.lower() if target.lower() in self._parts else None)
        return parts

    def _shared_lengths(self) -> array[int]:
        """The length of each shared string, read once."""
        if self._shared is None:
            scan = _SharedStrings(self.path)
            if SHARED_STRINGS in self._parts:
                self._stream(SHARED_STRINGS, scan)
            self._shared = scan.lengths
        return self._shared

    def _stream(self, part: str, scan: _Scan) -> None:
        """Feed ``part`` to ``scan`` a chunk at a time; a DTD or malformed XML refused."""
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.ordered_attributes = True
        parser.StartElementHandler = scan.start
        parser.CharacterDataHandler = scan.text
        parser.StartDoctypeDeclHandler = lambda *_args: self._refuse_dtd(part)
        info = self._parts[part]
        fed = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    parser.Parse(chunk, False)
                    fed += len(chunk)
                    if fed - parser.CurrentByteIndex > MAX_TOKEN_BYTES:
                        raise self._long_token(info)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            message = _("its part {part} is not well-formed XML ({reason}); {fix}")
            message = message.format(part=info.filename, reason=exc, fix=_(RESAVE))
            raise InputError([Problem(message, self.path)]) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise damaged(self.path, exc) from None
        scan.finish()

    def _long_token(self, info: zipfile.ZipInfo) -> InputError:
        """A tag, text or comment still unfinished :data:`MAX_TOKEN_BYTES` after it began
        (the parser reports where its last event began): refused before the parser holds it
        whole, with every attribute a tag may carry."""
        message = _(
            "its part {part} holds one tag or text of more than {cap:,} bytes, longer than any "
            "of a table; {fix}"
        )
        message = message.format(part=info.filename, cap=MAX_TOKEN_BYTES, fix=_(RESAVE))
        return InputError([Problem(message, self.path)])

    def _refuse_dtd(self, part: str) -> None:
        message = _("its part {part} declares a DTD, which no workbook does; it is not read")
        raise InputError([Problem(message.format(part=self._parts[part].filename), self.path)])


def _opened(path: Path, raw: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        message = _(
            "this is not an .xlsx workbook: an .xlsx file is a zip archive and this one is "
            "not (an empty or damaged file, an old .xls, a CSV renamed, or a workbook with a "
            "password); open it in Excel and save it as an Excel workbook (.xlsx) without a "
            "password"
        )
        raise InputError([Problem(message, path)]) from None


def damaged(path: Path, exc: Exception) -> InputError:
    """A workbook that passed the caps but cannot be read: the reader's reason, and what to
    do."""
    message = _("the workbook is damaged ({reason}); {fix}").format(reason=exc, fix=_(RESAVE))
    return InputError([Problem(message, path)])


def _parts(path: Path, book: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The parts by lower-case name, once each passed the directory's caps."""
    infos = book.infolist()
    if len(infos) > MAX_PARTS:
        message = _(
            "the workbook holds {n:,} parts, above the {cap:,} a workbook may hold (one of a "
            "list holds about ten); copy the list into a new workbook and save that"
        )
        raise InputError([Problem(message.format(n=len(infos), cap=MAX_PARTS), path)])
    parts: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename.lower()
        if name in parts:
            message = _("the workbook holds two parts named {part}; {fix}")
            raise InputError([Problem(message.format(part=info.filename, fix=_(RESAVE)), path)])
        _check_part(path, info, _part_cap(name))
        parts[name] = info
        total += info.file_size
    if total > MAX_UNPACKED_BYTES:
        message = _(
            "the workbook's parts unpack to {size:,} bytes together, above the {cap:,} a "
            "workbook may unpack to; {fix}"
        )
        message = message.format(size=total, cap=MAX_UNPACKED_BYTES, fix=_(RESAVE))
        raise InputError([Problem(message, path)])
    return parts


def _part_cap(name: str) -> int:
    if name == SHARED_STRINGS:
        return MAX_SHARED_STRINGS_BYTES
    if name.startswith(WORKSHEETS):
        return MAX_SHEET_BYTES
    return MAX_PART_BYTES


def _check_part(path: Path, info: zipfile.ZipInfo, cap: int) -> None:
    """One part's declared size, compression ratio, method and encryption."""
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        message = _("its part {part} is encrypted or packed in a way Excel does not write; {fix}")
        raise InputError([Problem(message.format(part=info.filename, fix=_(RESAVE)), path)])
    if info.file_size > cap:
        message = _(
            "its part {part} unpacks to {size:,} bytes, above the {cap:,} such a part may "
            "have; copy the list into a new workbook and save that"
        )
        message = message.format(part=info.filename, size=info.file_size, cap=cap)
        raise InputError([Problem(message, path)])
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
        message = _(
            "its part {part} unpacks {ratio:,.0f} times larger than it is packed (sheets pack "
            "5–20 times, a zip bomb a thousand times); it is not read"
        )
        raise InputError([Problem(message.format(part=info.filename, ratio=ratio), path)])


class _Scan(Protocol):
    """What streaming one XML part looks at."""

    def start(self, name: str, attrs: list[str]) -> None: ...

    def text(self, data: str) -> None: ...

    def finish(self) -> None: ...


def _local(name: str) -> str:
    """An element's name without its namespace prefix, as the reader compares it."""
    return name.rpartition(":")[2]


def _attribute(attrs: list[str], key: str) -> str | None:
    """Attribute ``key`` of an element whose attributes expat gave as [name, value, …]."""
    keys = attrs[0::2]
    return attrs[2 * keys.index(key) + 1] if key in keys else None


@dataclass
class _Relationships:
    """The workbook's relationships: target by id."""

    path: Path
    targets: dict[str, str] = field(default_factory=dict)
    elements: int = 0

    def start(self, name: str, attrs: list[str]) -> None:
        self.elements = _counted(self.path, self.elements)
        if _local(name) == "Relationship":
            self.targets[_attribute(attrs, "Id") or ""] = _attribute(attrs, "Target") or ""

    def text(self, data: str) -> None:
        """Relationships hold no text worth reading."""

    def finish(self) -> None:
        """Nothing is left to check at the end."""


@dataclass
class _SheetList:
    """The workbook's sheets in order: name and relationship id."""

    path: Path
    found: list[tuple[str, str]] = field(default_factory=list)
    elements: int = 0

    def start(self, name: str, attrs: list[str]) -> None:
        self.elements = _counted(self.path, self.elements)
        if _local(name) == "sheet":
            relation = _attribute(attrs, "r:id") or _attribute(attrs, "relationships:id")
            self.found.append((_attribute(attrs, "name") or "", relation or ""))

    def text(self, data: str) -> None:
        """The sheet list's text (defined names) is not read."""

    def finish(self) -> None:
        """Nothing is left to check at the end."""


@dataclass
class _SharedStrings:
    """Each shared string's length (``<si>``: its runs together), none over a cell's cap."""

    path: Path
    lengths: array[int] = field(default_factory=lambda: array("q"))
    elements: int = 0

    def start(self, name: str, attrs: list[str]) -> None:
        self.elements = _counted(self.path, self.elements)
        if _local(name) == "si":
            self.lengths.append(0)

    def text(self, data: str) -> None:
        if self.lengths:
            self.lengths[-1] += len(data)
            if self.lengths[-1] > MAX_CELL_CHARS:
                message = _(
                    "shared string {n:,} holds more than {cap:,} characters, Excel's own limit "
                    "for a cell"
                )
                message = message.format(n=len(self.lengths), cap=MAX_CELL_CHARS)
                raise InputError([Problem(message, self.path)])

    def finish(self) -> None:
        """Every string was checked as it came."""


def _counted(path: Path, elements: int) -> int:
    """One more element streamed, refused past :data:`MAX_XML_ELEMENTS`."""
    if elements >= MAX_XML_ELEMENTS:
        message = _(TOO_MANY_ELEMENTS).format(cap=MAX_XML_ELEMENTS)
        raise InputError([Problem(message, path)])
    return elements + 1


class _SheetScan:
    """A sheet's XML streamed: where its rows, cells, merged ranges and declared dimension
    reach, the rectangle its cells span, the text of each cell and of all of them.

    Positions follow the reader's rules: a ``<row>`` without ``r`` is the one after the last,
    a ``<c>`` without ``r`` the column after the last cell of its row. A shared-string cell
    counts the length of the string its ``<v>`` points to, known when the next cell begins.
    :meth:`start` and :meth:`text` run for every element and text of the sheet (millions),
    so each does the least it can: a cell's column letters are converted once per letters,
    and the rectangle is checked only when it grows."""

    def __init__(self, path: Path, sheet: str, shared: array[int]) -> None:
        self.path = path
        self.sheet = sheet
        self.shared = shared
        self.merges: list[Merge] = []
        self.merged_cells = 0
        self.last_row = 0
        self.last_column = 0
        self.row = 0
        self.next_column = 1
        self.elements = 0
        self.run = 0
        self.chars = 0
        self.cell_type: str | None = None
        self.cell_at = (0, 0)
        self.collecting = False
        self.index = ""
        self.columns: dict[str, int] = {}
        self.others = {
            "row": self._row,
            "mergeCell": self._merge,
            "dimension": self._dimension,
        }

    def start(self, name: str, attrs: list[str]) -> None:
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            raise self._refused(_(TOO_MANY_ELEMENTS).format(cap=MAX_XML_ELEMENTS), self.row)
        self.run = 0
        self.collecting = False
        if ":" in name:
            name = _local(name)
        if name == "c":
            self._cell(attrs)
        elif name == "v":
            self.collecting = self.cell_type == "s"
        elif name in self.others:
            self.others[name](attrs)

    def text(self, data: str) -> None:
        self.run += len(data)
        if self.run > MAX_CELL_CHARS:
            raise self._refused(_(LONG_CELL).format(cap=MAX_CELL_CHARS), *self.cell_at)
        if self.collecting:
            self.index += data
        elif self.cell_type != "s":
            self.chars += len(data)
            if self.chars > MAX_TEXT_CHARS:
                raise self._too_much_text()

    def finish(self) -> None:
        """The last cell counted."""
        self._close_cell()

    def _row(self, attrs: list[str]) -> None:
        self._close_cell()
        given = _attribute(attrs, "r")
        self.row = self._position(given)[0] if given else self.row + 1
        self.next_column = 1
        if self.row > MAX_ROWS:
            raise self._refused(_(BEYOND_ROWS).format(cap=MAX_ROWS), self.row)

    def _cell(self, attrs: list[str]) -> None:
        if self.cell_type == "s":
            self._close_cell()
        keys = attrs[0::2]
        given = attrs[2 * keys.index("r") + 1] if "r" in keys else None
        row, column = self._position(given) if given else (self.row, self.next_column)
        self.next_column = column + 1
        self.cell_type = attrs[2 * keys.index("t") + 1] if "t" in keys else None
        self.cell_at = (row, column)
        if row > self.last_row or column > self.last_column:
            self._reach(row, column)

    def _close_cell(self) -> None:
        """A shared-string cell counted at the length of the string it shows."""
        if self.cell_type == "s" and self.index:
            number = self.index.strip()
            if number.isascii() and number.isdigit() and int(number) < len(self.shared):
                self._count_text(self.shared[int(number)])
        self.cell_type = None
        self.index = ""

    def _count_text(self, chars: int) -> None:
        self.chars += chars
        if self.chars > MAX_TEXT_CHARS:
            raise self._too_much_text()

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

    def _merge(self, attrs: list[str]) -> None:
        reference = _attribute(attrs, "ref") or ""
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

    def _dimension(self, attrs: list[str]) -> None:
        reference = _attribute(attrs, "ref") or ""
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
