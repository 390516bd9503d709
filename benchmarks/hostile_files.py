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


def relationships(target: str, padding: str = "") -> str:
    """The workbook's relationships: its sheet's part named ``target``, then ``padding``."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId1" Type="{RELATIONS}/worksheet" Target="{escape(target)}"/>'
        f"{padding}</Relationships>"
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
    "xl/_rels/workbook.xml.rels": relationships("worksheets/sheet1.xml"),
}
"""Every part of a one-sheet workbook but the sheet (its sheet is named 名单)."""

SHEET = "xl/worksheets/sheet1.xml"
WORKBOOK = "xl/workbook.xml"
RELATIONSHIPS = "xl/_rels/workbook.xml.rels"
SHARED = "xl/sharedStrings.xml"
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
    target: str = "worksheets/sheet1.xml",
    stored: str = SHEET,
) -> Path:
    """A one-sheet workbook at ``path``: ``sheet`` is its XML, or chunks of it streamed into
    the zip (for sheets larger than memory should hold), stored as ``stored`` and named by
    the relationship ``target``; ``extra`` adds parts, or replaces them."""
    parts: dict[str, str | bytes] = {**PARTS, RELATIONSHIPS: relationships(target)}
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", compression) as book:
        for name, text in parts.items():
            book.writestr(name, text)
        if isinstance(sheet, str):
            book.writestr(stored, sheet)
        else:
            with book.open(stored, "w", force_zip64=True) as stream:
                for chunk in sheet:
                    stream.write(chunk)
    return path


def shared_strings(texts: Iterable[str], padding: str = "") -> bytes:
    """A shared-strings part of ``texts``, then ``padding``."""
    items = "".join(f"<si><t>{escape(t)}</t></si>" for t in texts)
    return f'<sst xmlns="{MAIN}">{items}{padding}</sst>'.encode()


def far_cell(folder: Path, target: str, stored: str) -> Path:
    """A 2 KB workbook of one cell at XFD1048576, its part stored as ``stored`` and named by
    ``target`` in ways the guard once resolved otherwise than calamine (``/worksheets/…``,
    ``xl/worksheets/…`` for ``xl/xl/worksheets/…``, a part stored with ``\\``): the guard
    found no part and streamed nothing, calamine asked for 549 GB and aborted (exit 134)."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row>'
    name = stored.replace("/", "-").replace("\\", "_")
    return workbook(
        folder / f"far-{name}.xlsx", sheet_xml([], extra_rows=far), target=target, stored=stored
    )


def plus_index(folder: Path, cells: int = 20_000) -> Path:
    """Cells whose shared-text number is ``+0``, which calamine reads as 0: each shows a
    string of 30,000 characters the guard did not count (600 million characters for 20,000
    cells)."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>+0</v></c></row>' for n in range(2, cells + 2)
    )
    strings = shared_strings(["长" * 30_000])
    return workbook(
        folder / "plus-index.xlsx", sheet_xml([], extra_rows=rows), extra={SHARED: strings}
    )


def opendocument_inside(folder: Path, rows: int = 20_000_000) -> Path:
    """A workbook whose parts pass the guard but which calamine cannot read as .xlsx (a sheet
    ``state`` it does not know), so it reads the file as OpenDocument: its ``content.xml``, one
    row repeated ``rows`` times (440 MB for 3.5 KB)."""
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="名单">'
        f'<table:table-row table:number-rows-repeated="{rows}">'
        '<table:table-cell office:value-type="string"><text:p>ods</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'
    )
    workbook_part = PARTS[WORKBOOK].replace('sheetId="1"', 'sheetId="1" state="odd"')
    extra = {
        WORKBOOK: workbook_part.encode(),
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "META-INF/manifest.xml": manifest.encode(),
        "content.xml": content.encode(),
    }
    return workbook(folder / "opendocument-inside.xlsx", sheet_xml(school_rows(3)), extra=extra)


def many_attribute_names(folder: Path, count: int = 6_000_000) -> Path:
    """Tags of 50,000 attributes each, every attribute's name new: 13 MB packed for six
    million, which the XML parser held in tables of names, 1.3 GB, while the guard let the
    file through."""

    def chunks() -> Iterator[bytes]:
        yield SHEET_START.encode()
        for start in range(0, count, 50_000):
            names = range(start, min(count, start + 50_000))
            yield b"<sheetPr " + b" ".join(b'a%08x=""' % n for n in names) + b"/>"
        yield b"<sheetData>" + row_xml(1, HEADER).encode() + b"</sheetData></worksheet>"

    return workbook(folder / "many-attribute-names.xlsx", chunks())


def filler_in_every_part(folder: Path, elements: int = 1_999_000) -> Path:
    """The workbook, its relationships, shared strings and sheet each padded with
    ``elements`` empty elements, each part under a cap counted part by part (11 s, read),
    stored unpacked: packed they would pass the ratio cap."""
    padding = "<x/>" * elements
    extra = {
        WORKBOOK: PARTS[WORKBOOK].replace("</workbook>", f"{padding}</workbook>").encode(),
        RELATIONSHIPS: relationships("worksheets/sheet1.xml", padding).encode(),
        SHARED: shared_strings([], padding),
    }
    sheet = sheet_xml(school_rows(3)).replace(
        "</worksheet>", f"<extLst>{padding}</extLst></worksheet>"
    )
    return workbook(
        folder / "filler-in-every-part.xlsx", sheet, compression=zipfile.ZIP_STORED, extra=extra
    )


def one_cell_repeated(folder: Path, cells: int = 1_400_000) -> Path:
    """``cells`` cells that all name cell B7, stored unpacked (31 MB): the rectangle stays
    seven rows by two columns, and each costs the guard's stream more than any other element
    does: the costliest refusal, at the element cap."""

    def chunks() -> Iterator[bytes]:
        yield (SHEET_START + '<sheetData><row r="7">').encode()
        for start in range(0, cells, 100_000):
            yield b'<c r="B7"><v>1</v></c>' * min(100_000, cells - start)
        yield b"</row></sheetData></worksheet>"

    return workbook(folder / "one-cell-repeated.xlsx", chunks(), compression=zipfile.ZIP_STORED)


def nested(folder: Path, depth: int = 2_000_000) -> Path:
    """Elements opened inside one another ``depth`` deep, stored unpacked (packed, they pass
    the ratio cap): the XML parser keeps each open tag (250 MB for two million)."""

    def chunks() -> Iterator[bytes]:
        yield (SHEET_START + "<sheetData>").encode()
        for start in range(0, depth, 100_000):
            yield b"<x>" * min(100_000, depth - start)
        for start in range(0, depth, 100_000):
            yield b"</x>" * min(100_000, depth - start)
        yield b"</sheetData></worksheet>"

    return workbook(folder / "nested.xlsx", chunks(), compression=zipfile.ZIP_STORED)


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
