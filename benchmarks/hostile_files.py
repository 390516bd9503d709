"""The hostile spreadsheets and CSVs of issue 28, built by hand: a workbook is a zip of XML
written here with :mod:`zipfile` (no spreadsheet library could write most of them), so each
file is tiny on disk whatever it claims. ``tests/test_hostile_files.py`` asserts that each is
refused (exit 2, the file named) within the caps; ``benchmarks/import_lists.py`` measures
what refusing each costs.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = ("序号", "县（市、区）", "学段", "学校名称")
"""The attachment's columns a recipients' list needs."""

COUNTIES = ("牡丹区", "曹县", "单县", "成武县", "巨野县", "郓城县", "鄄城县", "东明县", "定陶区")
STAGES = ("小学", "初中", "高中")

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
PARTS = {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId1" Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}">'
        '<sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId1" Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}
"""Every part of a one-sheet workbook but the sheet (its sheet is named 名单)."""

SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'


def column(number: int) -> str:
    """Column ``number`` as Excel names it (1 → A)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def school_row(number: int) -> list[str]:
    """School ``number`` in the attachment's layout: number, county, stage, school name."""
    county = COUNTIES[number % len(COUNTIES)]
    return [str(number), county, STAGES[number % len(STAGES)], f"{county}第{number}学校"]


def school_rows(count: int) -> list[list[str]]:
    """``count`` schools, numbered from 1."""
    return [school_row(i) for i in range(1, count + 1)]


def row_xml(number: int, values: Sequence[str]) -> str:
    """One ``<row>`` of inline-text cells."""
    cells = "".join(
        f'<c r="{column(i)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
        for i, v in enumerate(values, start=1)
        if v
    )
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(
    rows: Sequence[Sequence[str]],
    *,
    merges: Sequence[str] = (),
    dimension: str | None = None,
    extra_rows: str = "",
) -> str:
    """A worksheet: the header, ``rows`` of inline text, then ``extra_rows`` (raw XML), its
    merged ranges and declared dimension as given."""
    parts = [SHEET_START]
    if dimension is not None:
        parts.append(f'<dimension ref="{dimension}"/>')
    parts.append("<sheetData>")
    parts += [row_xml(n, r) for n, r in enumerate([HEADER, *rows], start=1)]
    parts += [extra_rows, "</sheetData>"]
    if merges:
        refs = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
        parts.append(f'<mergeCells count="{len(merges)}">{refs}</mergeCells>')
    parts.append("</worksheet>")
    return "".join(parts)


def workbook(
    path: Path,
    sheet: str | Iterable[bytes],
    *,
    compression: int = zipfile.ZIP_DEFLATED,
    extra: dict[str, bytes] | None = None,
) -> Path:
    """A one-sheet workbook at ``path``: ``sheet`` is its XML, or chunks of it streamed into
    the zip (for sheets larger than memory should hold); ``extra`` adds parts."""
    with zipfile.ZipFile(path, "w", compression) as book:
        for name, text in PARTS.items():
            book.writestr(name, text)
        if isinstance(sheet, str):
            book.writestr(SHEET, sheet)
        else:
            with book.open(SHEET, "w", force_zip64=True) as stream:
                for chunk in sheet:
                    stream.write(chunk)
        for name, data in (extra or {}).items():
            book.writestr(name, data)
    return path


def merged_to_the_end(folder: Path) -> Path:
    """The issue's 5.7 KB workbook: 28 schools and one merged range ``A30:XFD1048576``, to
    the last cell of Excel's grid (2.9 GB and killed at 60 s before)."""
    return workbook(
        folder / "merged-to-the-end.xlsx", sheet_xml(school_rows(28), merges=["A30:XFD1048576"])
    )


def merged_down(folder: Path) -> Path:
    """One column merged from row 30 to Excel's last row, ``B30:B1048576`` (55 s, 1.9 GB)."""
    return workbook(
        folder / "merged-down.xlsx", sheet_xml(school_rows(28), merges=["B30:B1048576"])
    )


def zip_bomb(folder: Path, mib: int = 1024) -> Path:
    """A workbook whose one cell holds ``mib`` MiB of one letter: about a thousandth of it on
    disk (the issue's 0.98 MB file of a 1 GB cell held 1.96 GB)."""

    def chunks() -> Iterator[bytes]:
        yield (SHEET_START + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>').encode()
        block = b"A" * (1 << 20)
        for _ in range(mib):
            yield block
        yield b"</t></is></c></row></sheetData></worksheet>"

    return workbook(folder / "zip-bomb.xlsx", chunks())


def many_attributes(folder: Path, count: int = 3_000_000) -> Path:
    """A workbook whose one cell tag carries ``count`` attributes (35 MB of XML packed into
    about 9 MB for three million): an XML parser holds a tag whole, 800 MB for this one,
    before any handler sees it."""

    def chunks() -> Iterator[bytes]:
        yield (SHEET_START + '<sheetData><row r="1"><c r="A1"').encode()
        for start in range(0, count, 100_000):
            yield b"".join(b' a%d=""' % n for n in range(start, min(count, start + 100_000)))
        yield b"/></row></sheetData></worksheet>"

    return workbook(folder / "many-attributes.xlsx", chunks())


def rows_beyond(folder: Path, rows: int = 1_000_000) -> Path:
    """A workbook of ``rows`` real rows of schools, streamed into the zip (20 MB for a
    million): past the row cap, and past what a reader should stream."""

    def chunks() -> Iterator[bytes]:
        yield (SHEET_START + "<sheetData>" + row_xml(1, HEADER)).encode()
        for start in range(1, rows + 1, 10_000):
            numbers = range(start, min(rows, start + 9_999) + 1)
            yield "".join(row_xml(n + 1, school_row(n)) for n in numbers).encode()
        yield b"</sheetData></worksheet>"

    return workbook(folder / "million-rows.xlsx", chunks())


def empty_workbook(folder: Path) -> Path:
    """An empty file named .xlsx (``BadZipFile``, exit 3 before)."""
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def not_a_workbook(folder: Path) -> Path:
    """A CSV named .xlsx (``BadZipFile``, exit 3 before)."""
    path = folder / "not-a-workbook.xlsx"
    path.write_text(",".join(HEADER) + "\n1,曹县,初中,曹县第一中学\n", encoding="utf-8")
    return path


def long_field_csv(folder: Path, chars: int = 200_000) -> Path:
    """A list whose second school's name is ``chars`` characters long (csv's "field larger
    than field limit", exit 3 before, above 131,072)."""
    path = folder / "long-field.csv"
    rows = school_rows(2)
    rows[1][3] = "校" * chars
    _write_csv(path, [HEADER, *rows])
    return path


def open_quote_csv(folder: Path, mib: int = 60) -> Path:
    """A list whose second row opens a quote never closed, before ``mib`` MiB of ``x,``: the
    csv module stops at its field limit, and finding the field's column by a regular
    expression that backtracks held 7.3 GB for 63 MB."""
    path = folder / "open-quote.csv"
    with path.open("wb") as handle:
        handle.write((",".join(HEADER) + "\r\n").encode() + b'1,"')
        block = b"x," * (1 << 19)
        for _ in range(mib):
            handle.write(block)
    return path


def cr_only_plan(folder: Path, pairs: Sequence[tuple[str, str]]) -> Path:
    """A plan CSV whose lines end in CR alone, as old Excel for the Mac wrote (exit 3 in
    verify before)."""
    path = folder / "cr-only-plan.csv"
    lines = ["helper_id,recipient_id", *(f"{h},{r}" for h, r in pairs)]
    path.write_bytes(("\r".join(lines) + "\r").encode())
    return path


def many_rows_csv(folder: Path, rows: int = 1_000_000) -> Path:
    """A list of ``rows`` schools as CSV (28 MB for a million)."""
    path = folder / "many-rows.csv"
    _write_csv(path, [HEADER, *(school_row(n) for n in range(1, rows + 1))])
    return path


def _write_csv(path: Path, rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
