"""One XML part of a workbook streamed to a scan, a chunk at a time, never held whole, within
the caps that bound what streaming itself costs
(:mod:`pairing_planner.instance.spreadsheets.file_caps`).

expat parses in C; what costs is Python's handler for each element (about a microsecond) and
what expat keeps while it parses. So, after each chunk:

- the elements streamed for the sheet, every part read for it together and four attributes
  counted as one element (:class:`Budget`), stay within :data:`MAX_XML_ELEMENTS`: time;
- the part names at most :data:`MAX_XML_NAMES` distinct elements and attributes, none longer
  than :data:`MAX_NAME_CHARS`: expat keeps each name it meets in tables it never frees (13 MB
  of tags of distinct attribute names held 1.3 GB); an element repeats no attribute, so no
  element has more attributes than that;
- elements open inside one another stay within :data:`MAX_XML_DEPTH`: expat keeps every open
  tag;
- the parser's last event began at most :data:`MAX_TOKEN_BYTES` back: expat holds a tag, a
  text or a comment whole before any handler sees it.

A DTD, which no workbook has, is refused: no entity is ever expanded.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, NoReturn, Protocol
from xml.parsers import expat

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _
from pairing_planner.instance.spreadsheets.file_caps import (
    MAX_NAME_CHARS,
    MAX_TOKEN_BYTES,
    MAX_XML_DEPTH,
    MAX_XML_ELEMENTS,
    MAX_XML_NAMES,
)
from pairing_planner.instance.spreadsheets.workbook_zip import RESAVE, WorkbookZip, damaged

CHUNK = 1 << 16
"""Bytes of a part unpacked and parsed at a time: small against :data:`MAX_TOKEN_BYTES`,
which is checked after each."""

TOO_MANY_ELEMENTS = N_(
    "the workbook holds more than {cap:,} XML elements in the parts read for one sheet (four "
    "attributes counted as one element), more than a table within the caps has; save the list "
    "as CSV (UTF-8), which is read without this cap, or split it"
)
DTD = N_("its part {part} declares a DTD, which no workbook does; it is not read")
MALFORMED = N_("its part {part} is not well-formed XML ({reason}); {fix}")
LONG_TOKEN = N_(
    "its part {part} holds one tag or text of more than {cap:,} bytes, longer than any of a "
    "table; {fix}"
)
TOO_DEEP = N_(
    "its part {part} nests elements more than {cap:,} deep, deeper than any workbook's; {fix}"
)
MANY_NAMES = N_(
    "its part {part} uses more than {cap:,} names of elements and attributes, or one longer "
    "than {chars:,} characters, more than any workbook's; {fix}"
)


class Scan(Protocol):
    """What streaming one part looks at. ``start`` counts each element in ``elements`` and
    its attributes in ``attributes``, ``end`` each element closed in ``ended``: the stream
    checks them after each chunk."""

    elements: int
    attributes: int
    ended: int

    def start(self, name: str, attrs: dict[str, str]) -> None: ...

    def end(self, name: str) -> None: ...

    def text(self, data: str) -> None: ...

    def finish(self) -> None: ...


@dataclass
class Budget:
    """What streaming the parts read for one sheet cost so far, all of them together (the
    workbook, its relationships, shared strings and styles, and the sheet), in elements, four
    attributes counted as one. An element costs 0.5 to 2 µs to stream here (an empty one the
    least, a cell's ``<c>`` with its reference the most), an attribute 0.3 to 0.4 µs: so
    counted, a part of any mix costs at most about 2 µs an element."""

    spent: int = 0

    def after(self, scan: Scan) -> int:
        """What the budget would have spent with ``scan``'s elements and attributes."""
        return self.spent + scan.elements + scan.attributes // 4


def stream(
    book: WorkbookZip,
    info: zipfile.ZipInfo,
    scan: Scan,
    budget: Budget,
    copy: IO[bytes] | None = None,
) -> None:
    """Feed part ``info`` of ``book`` to ``scan`` a chunk at a time, and each chunk to
    ``copy``; what it cost charged to ``budget``. A cap passed, a DTD or malformed XML is an
    :class:`InputError` naming the file and the part."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.CharacterDataHandler = scan.text
    parser.StartDoctypeDeclHandler = lambda *_args: _refuse(book, info, DTD)
    fed = names = 0
    try:
        with book.zip.open(info) as part:
            while chunk := part.read(CHUNK):
                parser.Parse(chunk, False)
                if copy is not None:
                    copy.write(chunk)
                fed += len(chunk)
                if fed - parser.CurrentByteIndex > MAX_TOKEN_BYTES:
                    _refuse(book, info, LONG_TOKEN, cap=MAX_TOKEN_BYTES)
                if len(parser.intern) != names:
                    names = _names(book, info, parser.intern)
                if scan.elements - scan.ended > MAX_XML_DEPTH:
                    _refuse(book, info, TOO_DEEP, cap=MAX_XML_DEPTH)
                if budget.after(scan) > MAX_XML_ELEMENTS:
                    message = _(TOO_MANY_ELEMENTS).format(cap=MAX_XML_ELEMENTS)
                    raise InputError([Problem(message, book.path)])
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        _refuse(book, info, MALFORMED, reason=exc)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise damaged(book.path, exc) from None
    budget.spent = budget.after(scan)
    scan.finish()


def _names(book: WorkbookZip, info: zipfile.ZipInfo, names: dict[str, str]) -> int:
    """How many names the parser has met, within :data:`MAX_XML_NAMES` and
    :data:`MAX_NAME_CHARS`."""
    if len(names) > MAX_XML_NAMES or max(map(len, names)) > MAX_NAME_CHARS:
        _refuse(book, info, MANY_NAMES, cap=MAX_XML_NAMES, chars=MAX_NAME_CHARS)
    return len(names)


def _refuse(book: WorkbookZip, info: zipfile.ZipInfo, message: str, **values: object) -> NoReturn:
    """Refuse the workbook for ``message`` (translated, given the part and ``values``)."""
    text = _(message).format(part=info.filename, fix=_(RESAVE), **values)
    raise InputError([Problem(text, book.path)]) from None
