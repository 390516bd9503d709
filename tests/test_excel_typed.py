"""Excel-typed cells (issue 30, part C): dates as date cells with a date format, numbers as
number cells, 学期 by name, sheets named in the language asked, activity ids a clerk reads;
and the readers (verify and --baseline of a ledger, progress of calendar.xlsx) still taking
the bilingual sheet names of files written before."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from pairing_planner import (
    Instance,
    Result,
    SolveOptions,
    activity_calendar,
    read_plan,
    solve,
    track_progress,
    verify_plan,
)
from pairing_planner.i18n import Language, use_language
from pairing_planner.io.calendar_sheet import read_calendar_sheet
from pairing_planner.io.sheet_names import (
    CALENDAR,
    DUTY,
    PAIRS,
    PROVENANCE,
    RELAXATIONS,
    SheetName,
)
from pairing_planner.report.activity_ids import activity_ids
from pairing_planner.report.calendar_files import calendar_files
from pairing_planner.report.excel import DATE_FORMAT
from pairing_planner.report.export import export_plan
from pairing_planner.result.calendar import CalendarResult
from pairing_planner.result.plan import Relaxation

READABLE_ID = re.compile(r"^\d{2}-H[12]-\d$")
"""An activity id of the Heze instances' calendars (20 recipients): '08-H1-2'."""


@pytest.fixture(scope="module")
def solved(heze_as_stated: Instance) -> Result:
    return solve(heze_as_stated, SolveOptions(time_limit=20))


@pytest.fixture(scope="module")
def calendar(heze_as_stated: Instance, solved: Result) -> CalendarResult:
    return activity_calendar(heze_as_stated, solved.plans[0], school_year=2016, time_limit=20)


def _column(sheet: openpyxl.worksheet.worksheet.Worksheet, header: str) -> list[openpyxl.cell.Cell]:
    """The cells under ``header`` in row 1."""
    headers = [c.value for c in sheet[1]]
    return [row[headers.index(header)] for row in sheet.iter_rows(min_row=2)]


def _calendar_sheet(
    instance: Instance, calendar: CalendarResult, folder: Path, language: Language
) -> Path:
    folder.mkdir()
    with use_language(language):
        calendar_files(instance, calendar, folder, ics=False)
    return folder / "calendar.xlsx"


@pytest.mark.parametrize(
    ("language", "start", "term", "terms"),
    [
        ("zh", "开始", "学期", {"第一学期", "第二学期"}),
        ("en", "start", "term", {"first term", "second term"}),
    ],
)
def test_calendar_dates_are_date_cells_and_terms_have_names(
    heze_as_stated: Instance,
    calendar: CalendarResult,
    tmp_path: Path,
    language: Language,
    start: str,
    term: str,
    terms: set[str],
) -> None:
    """calendar.xlsx: its one sheet named in the language asked, 开始/结束 date cells in
    yyyy-mm-dd holding the placed dates (Excel's date filters work on them), 学期 by name in
    both terms, people and distance number cells."""
    path = _calendar_sheet(heze_as_stated, calendar, tmp_path / language, language)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [CALENDAR.written(language)]
    sheet = book.worksheets[0]
    starts = _column(sheet, start)
    assert {c.data_type for c in starts} == {"d"}
    assert {c.number_format for c in starts} == {DATE_FORMAT}
    placed = sorted(p.start for p in calendar.placements)
    assert sorted(c.value.date() for c in starts) == placed
    assert {c.value for c in _column(sheet, term)} == terms
    people = "人数" if language == "zh" else "people"
    assert {c.data_type for c in _column(sheet, people)} == {"n"}


def test_ledger_sheets_are_named_in_the_language_asked(
    heze_as_stated: Instance, solved: Result, tmp_path: Path
) -> None:
    """结对, 任务, 来源 under zh; pairs, duties, provenance in English; never the bilingual
    "pairs 结对". The export date is a date cell, the plan number a number cell."""
    for language in ("zh", "en"):
        with use_language(language):  # type: ignore[arg-type]
            path = export_plan(
                heze_as_stated, solved, solved.plans[0], tmp_path / f"{language}.xlsx"
            )
        book = openpyxl.load_workbook(path)
        expected = [s.written(language) for s in (PAIRS, DUTY, PROVENANCE)]  # type: ignore[arg-type]
        assert book.sheetnames == expected
        facts = book[PROVENANCE.written(language)]  # type: ignore[arg-type]
        exported, plan = facts["B2"], facts["B5"]
        assert exported.data_type == "d" and exported.number_format == DATE_FORMAT
        assert exported.value == datetime.combine(date.today(), datetime.min.time())
        assert plan.data_type == "n" and plan.value == 1
        minimum = _column(
            book[DUTY.written(language)], "至少（次）" if language == "zh" else "minimum"
        )  # type: ignore[arg-type]
        assert {c.data_type for c in minimum} == {"n"}


def test_the_official_list_numbers_are_numbers(
    heze_as_stated: Instance, solved: Result, tmp_path: Path
) -> None:
    """序号 is a number cell (no "number stored as text"), 1 to the last row; the Word list
    shows the same numbers."""
    import docx

    with use_language("zh"):
        listed = export_plan(
            heze_as_stated, solved, solved.plans[0], tmp_path / "名单.xlsx", form="list"
        )
        printed = export_plan(heze_as_stated, solved, solved.plans[0], tmp_path / "名单.docx")
    sheet = openpyxl.load_workbook(listed).worksheets[0]
    numbers = [row[0] for row in sheet.iter_rows(min_row=4)]
    assert [c.value for c in numbers] == list(range(1, len(numbers) + 1))
    assert {c.data_type for c in numbers} == {"n"}
    table = docx.Document(str(printed)).tables[0]
    assert [r.cells[0].text for r in table.rows[1:]] == [str(c.value) for c in numbers]


def _rename(path: Path, names: dict[SheetName, str]) -> None:
    """Give the sheets of ``path`` the names a file written before issue 30 had."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for name, old in names.items():
            if sheet.title in name.read:
                sheet.title = old
    book.save(path)


def test_readers_take_the_old_bilingual_names(
    heze_as_stated: Instance, solved: Result, calendar: CalendarResult, tmp_path: Path
) -> None:
    """A ledger written last year ("pairs 结对", "relaxations 放宽") still verifies with its
    declared relaxations; the pairs sheet is found by name even when a clerk moved it behind
    another; a calendar sheet named "calendar 活动安排" is still read by progress."""
    plan = solved.plans[0]
    declared = Relaxation("capacity", "S6", "taian-j2", 1, "S6: helper serves 2 schools", 10)
    relaxed = replace(plan, relaxations=[declared])
    ledger = export_plan(heze_as_stated, solved, relaxed, tmp_path / "old.xlsx")
    _rename(ledger, {PAIRS: "pairs 结对", RELAXATIONS: "relaxations 放宽"})
    book = openpyxl.load_workbook(ledger)
    book.move_sheet("pairs 结对", offset=1)
    book.save(ledger)
    assert openpyxl.load_workbook(ledger).sheetnames[:2] == ["duties", "pairs 结对"]
    stated = read_plan(ledger)
    assert sorted(stated.pairs) == sorted((p.helper, p.recipient) for p in plan.pairs)
    assert stated.relaxations == [replace(declared, message=stated.relaxations[0].message)]
    assert verify_plan(heze_as_stated, stated.pairs).ok
    sheet = _calendar_sheet(heze_as_stated, calendar, tmp_path / "calendar", "zh")
    _rename(sheet, {CALENDAR: "calendar 活动安排"})
    rows = read_calendar_sheet(sheet)
    assert len(rows) == len(calendar.placements)
    assert {(r.start, r.end) for r in rows} == {(p.start, p.end) for p in calendar.placements}


def test_progress_reads_the_typed_calendar_back(
    heze_as_stated: Instance, calendar: CalendarResult, tmp_path: Path
) -> None:
    """plan progress reads the date cells of the new calendar.xlsx: every duty counted, and
    those ending before the day asked overdue."""
    sheet = _calendar_sheet(heze_as_stated, calendar, tmp_path / "c", "zh")
    today = date(2017, 3, 1)
    found = track_progress(heze_as_stated, sheet, today)
    program = found.table[found.table["level"] == "program"].iloc[0]
    assert program["duties"] == len(calendar.placements)
    assert len(found.overdue) == sum(p.end < today for p in calendar.placements) > 0


def test_activity_ids_are_readable_distinct_and_do_not_follow_the_weeks(
    heze_as_stated: Instance, calendar: CalendarResult, tmp_path: Path
) -> None:
    """'08-H1-2': the recipient's number in the instance's list, the clause, a sequence; one
    per activity; the same for a calendar whose weeks are moved, and in the sheet."""
    ids = activity_ids(heze_as_stated, calendar)
    assert len(set(ids.values())) == len(calendar.placements)
    assert all(READABLE_ID.match(i) for i in ids.values())
    number = {r: n for n, r in enumerate(heze_as_stated.recipients, start=1)}
    for placement in calendar.placements:
        activity = placement.activity
        assert ids[activity.id].startswith(f"{number[activity.recipient]:02d}-{activity.clause}-")
    week = timedelta(days=7)
    moved = replace(
        calendar,
        placements=[
            replace(p, start=p.start + week, end=p.end + week) for p in calendar.placements
        ],
    )
    assert activity_ids(heze_as_stated, moved) == ids
    sheet = openpyxl.load_workbook(_calendar_sheet(heze_as_stated, calendar, tmp_path / "c", "en"))
    assert {c.value for c in _column(sheet.worksheets[0], "activity_id")} == set(ids.values())
