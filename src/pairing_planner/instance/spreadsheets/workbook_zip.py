"""A workbook's zip directory, checked against
:mod:`pairing_planner.instance.spreadsheets.file_caps` before any part is unpacked, and its parts
found by name as the reader finds them.

An .xlsx file is a zip of XML parts. Python's zip reader never yields more bytes than the
directory declares (it stops there and the CRC check fails), so checking the declared sizes
and compression ratios bounds what any later read unpacks. A part is found as calamine finds
it: a ``\\`` in a stored name read as ``/`` (its zip library does so), letters compared
without case; two stored names that meet so are refused, since either could be the one read.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _
from pairing_planner.instance.spreadsheets.file_caps import (
    MAX_PART_BYTES,
    MAX_PARTS,
    MAX_RATIO,
    MAX_SHARED_STRINGS_BYTES,
    MAX_SHEET_BYTES,
    MAX_UNPACKED_BYTES,
    RATIO_FROM_BYTES,
)

SHARED_STRINGS = "xl/sharedstrings.xml"
WORKSHEETS = "xl/worksheets/"
"""Names as :func:`part_key` gives them: the parts whose size caps differ from the rest."""
RESAVE = N_("open it in Excel and save it again as an Excel workbook (.xlsx)")
"""What a clerk does about a workbook that cannot be read (translated where used)."""


def damaged(path: Path, exc: Exception) -> InputError:
    """A workbook that passed the caps but cannot be read: the reader's reason, and what to
    do."""
    message = _("the workbook is damaged ({reason}); {fix}").format(reason=exc, fix=_(RESAVE))
    return InputError([Problem(message, path)])


def part_key(name: str) -> str:
    """A part's name as the reader compares it: ``\\`` as ``/``, without case."""
    return name.replace("\\", "/").lower()


class WorkbookZip:
    """``raw``, the bytes of the workbook at ``path``, opened as a zip whose directory passed
    the caps (else an :class:`InputError` naming the file and what to do)."""

    def __init__(self, path: Path, raw: bytes) -> None:
        self.path = path
        self.zip = _opened(path, raw)
        self._parts = _parts(path, self.zip)

    def part(self, name: str) -> zipfile.ZipInfo | None:
        """The part ``name`` names, found as the reader finds it (None: there is none)."""
        return self._parts.get(part_key(name))

    def sheet_part(self, target: str) -> zipfile.ZipInfo | None:
        """The part a sheet's relationship ``target`` names, resolved as calamine 0.37
        resolves it (tried on every form: ``/worksheets/s.xml`` is the part
        ``worksheets/s.xml``, ``xl/worksheets/s.xml`` is ``xl/xl/worksheets/s.xml``): a
        leading ``/`` dropped, else ``xl/`` put before, then found as :meth:`part` finds
        names. Where calamine would find another part or none, no harm follows: it reads
        only the copy of what was checked
        (:mod:`pairing_planner.instance.spreadsheets.workbook_copy`)."""
        return self.part(target[1:] if target.startswith("/") else "xl/" + target)


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


def _parts(path: Path, book: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The parts by :func:`part_key`, once each passed the directory's caps."""
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
        key = part_key(info.filename)
        if key in parts:
            message = _("the workbook holds two parts named {part}; {fix}")
            raise InputError([Problem(message.format(part=info.filename, fix=_(RESAVE)), path)])
        _check_part(path, info, _part_cap(key))
        parts[key] = info
        total += info.file_size
    if total > MAX_UNPACKED_BYTES:
        message = _(
            "the workbook's parts unpack to {size:,} bytes together, above the {cap:,} a "
            "workbook may unpack to; {fix}"
        )
        message = message.format(size=total, cap=MAX_UNPACKED_BYTES, fix=_(RESAVE))
        raise InputError([Problem(message, path)])
    return parts


def _part_cap(key: str) -> int:
    if key == SHARED_STRINGS:
        return MAX_SHARED_STRINGS_BYTES
    if key.startswith(WORKSHEETS):
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
