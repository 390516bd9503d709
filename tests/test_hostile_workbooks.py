"""Workbooks that once got past the guard (a review of issue 28's caps): a sheet's part named
so that the guard found none while calamine found one, shared-text numbers calamine reads
otherwise than the guard did, a file calamine reads as another format, names of attributes
and nesting the XML parser keeps, attributes and parts counted apart. Each is refused with an
input error naming the file (exit 2), or read as the guard checked it."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import hostile_files as hostile
from benchmarks.import_lists import measured
from pairing_planner.errors import InputError
from pairing_planner.instance.spreadsheets import xml_stream
from pairing_planner.instance.spreadsheets.file_caps import MAX_TEXT_CHARS
from pairing_planner.instance.spreadsheets.workbook_reader import open_workbook
from tests.conftest import INSTANCES

INSTANCE = INSTANCES / "heze-as-stated.yaml"
ROWS = hostile.school_rows(3)


def _refused(path: Path) -> str:
    """What reading ``path``'s first sheet is refused with, the file named."""
    with pytest.raises(InputError) as caught:
        open_workbook(path).sheet()
    (problem,) = caught.value.problems
    assert problem.file == path
    return str(problem)


@pytest.mark.parametrize(
    ("target", "stored"),
    [
        ("/worksheets/sheet1.xml", "worksheets/sheet1.xml"),
        ("xl/worksheets/sheet1.xml", "xl/xl/worksheets/sheet1.xml"),
        ("worksheets/sheet1.xml", "xl\\worksheets\\sheet1.xml"),
    ],
)
def test_a_sheet_is_checked_wherever_its_part_is_named(
    target: str, stored: str, tmp_path: Path
) -> None:
    """One cell at XFD1048576 in a part named as calamine finds it and the guard did not:
    the guard streamed nothing and calamine aborted asking for 549 GB (exit 134); now the
    cell is refused, exit 2, in a fresh process holding little."""
    path = hostile.far_cell(tmp_path, target, stored)
    run = measured(["verify", str(INSTANCE), str(path)])
    assert run.code == 2 and "row 1048576: a cell or row lies beyond row 250,000" in run.printed
    assert run.peak_mb is not None and run.peak_mb < 250


def test_a_sheet_whose_part_is_not_there_is_refused(tmp_path: Path) -> None:
    """A relationship naming a part the workbook does not hold is refused by the guard, not
    left to the reader to look up by rules of its own."""
    path = hostile.workbook(
        tmp_path / "missing.xlsx", hostile.sheet_xml(ROWS), target="worksheets/elsewhere.xml"
    )
    said = _refused(path)
    assert "holds no part for its sheet '名单'" in said and "worksheets/elsewhere.xml" in said


def test_two_parts_that_meet_as_the_reader_reads_names_are_refused(tmp_path: Path) -> None:
    """``xl\\worksheets\\sheet1.xml`` is ``xl/worksheets/sheet1.xml`` to calamine: either
    could be read."""
    sheet = hostile.sheet_xml(ROWS)
    path = hostile.workbook(
        tmp_path / "twice.xlsx", sheet, extra={"xl\\worksheets\\sheet1.xml": sheet.encode()}
    )
    assert "two parts named" in _refused(path)


def test_only_what_the_guard_checked_is_read(tmp_path: Path) -> None:
    """A file calamine could not read as .xlsx, it read as OpenDocument, through a part the
    guard never looked at (its row repeated 20 million times held 440 MB); the reader now
    reads the copy of what the guard checked: the sheet's own rows."""
    path = hostile.opendocument_inside(tmp_path, rows=3)
    rows = open_workbook(path).sheet().rows
    assert [cells for _number, cells in rows] == [list(hostile.HEADER), *ROWS]


def _shared_cells(value: str, cells: int) -> str:
    """``cells`` rows of one shared-text cell whose ``<v>`` holds ``value`` (raw XML)."""
    rows = (f'<row r="{n}"><c r="A{n}" t="s"><v>{value}</v></c></row>' for n in range(2, cells + 2))
    return hostile.sheet_xml([], extra_rows="".join(rows))


@pytest.mark.parametrize("value", ["+0", " 0", "0 ", "0x1", "٠"])
def test_a_shared_text_number_that_is_not_plain_digits_is_refused(
    value: str, tmp_path: Path
) -> None:
    """calamine shows string 0 for a number it cannot read (``+0`` among them), which the
    guard did not count: 20,000 such cells showing a 30,000-character string held 2.9 GB in
    import, 4.1 GB in verify."""
    path = hostile.workbook(
        tmp_path / "number.xlsx",
        _shared_cells(value, 1),
        extra={hostile.SHARED: hostile.shared_strings(["x"])},
    )
    assert "shared-text number" in _refused(path)


@pytest.mark.parametrize("value", ["0&#49;", "0<!-- -->1", "1</v><v>0"])
def test_a_shared_text_is_counted_at_what_calamine_shows(value: str, tmp_path: Path) -> None:
    """calamine takes a ``<v>``'s first piece of text (``0&#49;`` and ``0<!-- -->1`` are 0 to
    it, 01 to the XML parser) and a cell's last ``<v>``: string 0 of 30,000 characters in
    1,100 cells is 33 million characters, counted so and refused."""
    strings = hostile.shared_strings(["长" * 30_000, "x"])
    path = hostile.workbook(
        tmp_path / "shown.xlsx", _shared_cells(value, 1_100), extra={hostile.SHARED: strings}
    )
    assert f"more than {MAX_TEXT_CHARS:,} characters together" in _refused(path)


def test_names_of_attributes_are_capped(tmp_path: Path) -> None:
    """Tags of new attribute names (300,000 here; six million, 13 MB packed, held 1.3 GB in
    the XML parser and passed): refused at the cap on names, in a fresh process."""
    path = hostile.many_attribute_names(tmp_path, 300_000)
    run = measured(["verify", str(INSTANCE), str(path)])
    assert run.code == 2 and "more than 1,000 names of elements and attributes" in run.printed
    assert run.peak_mb is not None and run.peak_mb < 250


def test_nesting_is_capped(tmp_path: Path) -> None:
    """Elements open inside one another, which the XML parser keeps: 50,000 deep (more than
    one chunk of the stream opens) is refused."""
    assert "nests elements more than 1,000 deep" in _refused(hostile.nested(tmp_path, 50_000))


def _attributed_cells(attributes: int) -> str:
    """A sheet of one row of 100 inline cells, each with ``attributes`` attributes besides."""
    extra = " ".join(f'a{n}="1"' for n in range(attributes))
    cells = "".join(
        f'<c r="{hostile.column(n)}2" t="inlineStr" {extra}><is><t>x</t></is></c>'
        for n in range(1, 101)
    )
    return hostile.sheet_xml([], extra_rows=f'<row r="2">{cells}</row>')


def test_attributes_count_toward_the_element_cap(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With the cap at 1,000: 100 cells of 40 attributes each (four attributes count as an
    element) pass it; without their attributes they are within it."""
    monkeypatch.setattr(xml_stream, "MAX_XML_ELEMENTS", 1_000)
    plain = hostile.workbook(tmp_path / "plain.xlsx", _attributed_cells(0))
    assert len(open_workbook(plain).sheet().rows) == 2
    attributed = hostile.workbook(tmp_path / "attributed.xlsx", _attributed_cells(40))
    assert "more than 1,000 XML elements in the parts read for one sheet" in _refused(attributed)


def _padded_everywhere(path: Path, elements: int) -> Path:
    """The workbook, its relationships, shared strings and sheet, each padded with
    ``elements`` empty elements."""
    padding = "<x/>" * elements
    book = hostile.PARTS[hostile.WORKBOOK].replace("</workbook>", f"{padding}</workbook>")
    extra = {
        hostile.WORKBOOK: book.encode(),
        hostile.RELATIONSHIPS: hostile.relationships("worksheets/sheet1.xml", padding).encode(),
        hostile.SHARED: hostile.shared_strings([], padding),
    }
    sheet = hostile.sheet_xml(ROWS).replace("</worksheet>", f"{padding}</worksheet>")
    return hostile.workbook(path, sheet, extra=extra)


def test_one_element_cap_for_all_the_parts_read_for_a_sheet(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With the cap at 1,000: 200 elements of padding in each of four parts are read, 300 in
    each are refused, though no part alone passes the cap (each part had a cap of its own:
    1,999,000 in each, 11 s, read)."""
    monkeypatch.setattr(xml_stream, "MAX_XML_ELEMENTS", 1_000)
    assert len(open_workbook(_padded_everywhere(tmp_path / "200.xlsx", 200)).sheet().rows) == 4
    said = _refused(_padded_everywhere(tmp_path / "300.xlsx", 300))
    assert "more than 1,000 XML elements in the parts read for one sheet" in said
