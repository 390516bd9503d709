"""Review findings on ``plan progress`` (issue 30): each county under its own city when a
sheet holds several, a bad date named at its own column, the dates a clerk types read as
they are in a school calendar, and the unclear done marks capped on their own."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pairing_planner import Instance
from pairing_planner.errors import InputError
from pairing_planner.i18n import use_language
from pairing_planner.io.calendar_sheet import TrackedActivity, read_calendar_sheet
from pairing_planner.report.console import PlainConsole
from pairing_planner.report.duty_progress import UNCLEAR_SHOWN, progress, render_progress
from pairing_planner.report.plots import progress_figure
from tests.conftest import build, instance_dict

LISTED = ["c1k0", "c0k1", "c1k1", "c0k0", "c1k0"]
"""The recipients' counties in the list's order: the cities interleaved, City 1 first."""


@pytest.fixture(scope="module")
def two_cities() -> Instance:
    """Two cities of two counties each, a recipient (and its helper) in each county."""
    helpers = [
        {"id": f"h{n}", "name": f"Helper {n}", "place": place, "stages": ["primary"]}
        for n, place in enumerate(LISTED)
    ]
    recipients = [
        {"id": f"r{n}", "name": f"Recipient {n}", "place": place, "stages": ["primary"]}
        for n, place in enumerate(LISTED)
    ]
    coverage = [{"kind": "coverage", "clause": "S5", "mode": "exactly_one"}]
    return build(instance_dict(helpers, recipients, coverage))


def _rows(instance: Instance, statuses: list[str]) -> list[TrackedActivity]:
    """One duty per recipient, from 5 to 9 September 2016, with the given statuses."""
    return [
        TrackedActivity(f"a{n}", f"h{n}", r, "H1", date(2016, 9, 5), date(2016, 9, 9), status)
        for n, (r, status) in enumerate(zip(instance.recipients, statuses, strict=False))
    ]


def test_each_county_sits_under_its_own_city(two_cities: Instance) -> None:
    """Program, then each city followed by its own counties, in the list's order (every
    county sat under the last city: all cities came first, then all counties)."""
    found = progress(two_cities, _rows(two_cities, ["open"] * len(LISTED)), date(2017, 3, 1))
    out = StringIO()
    with use_language("en"):
        render_progress(PlainConsole(file=out, width=80), found)
    names = ["City 1", "County 1.0", "County 1.1", "City 0", "County 0.1", "County 0.0"]
    shown = [" " * 2 + name if name.startswith("City") else " " * 4 + name for name in names]
    lines = out.getvalue().splitlines()
    at = [next(n for n, line in enumerate(lines) if f"│ {name} " in line) for name in shown]
    assert at == list(range(at[0], at[0] + len(names)))
    assert list(found.table["name"])[1:] == names
    assert list(found.table["duties"])[1:] == [3, 2, 1, 2, 1, 1]


def _sheet(folder: Path, headers: list[str], dates: list[tuple[Any, Any]]) -> Path:
    """A calendar sheet of one duty per row (r0 helped by h0), start and end as given."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "活动安排"
    sheet.append(headers)
    for n, (start, end) in enumerate(dates):
        sheet.append([f"a{n}", "h0", "r0", "H1", start, end, ""])
    book.save(folder / "calendar.xlsx")
    return folder / "calendar.xlsx"


IDS = ["activity_id", "helper_id", "recipient_id", "clause", "start", "end", "done"]
CHINESE = ["活动编号", "帮扶学校编号", "被帮扶学校编号", "条款", "开始", "结束", "完成情况"]


@pytest.mark.parametrize(("headers", "end"), [(IDS, "end"), (CHINESE, "结束")])
def test_a_bad_end_date_is_named_at_the_end_column(
    tmp_path: Path, headers: list[str], end: str
) -> None:
    """A bad end date is said at the end column as the sheet heads it (it was said at the
    start column, with the start's value), and a row with both wrong says both."""
    sheet = _sheet(tmp_path, headers, [("2017-02-13", "2017-02-31"), ("soon", "later")])
    with pytest.raises(InputError) as raised:
        read_calendar_sheet(sheet)
    found = [(p.line, p.field, p.sheet) for p in raised.value.problems]
    assert found == [(2, end, "活动安排"), (3, headers[4], "活动安排"), (3, end, "活动安排")]
    messages = [p.message for p in raised.value.problems]
    assert "2017-02-31" in messages[0] and "later" in messages[2]


def test_the_dates_a_clerk_types_are_read(tmp_path: Path) -> None:
    """2017/2/13, 2017年2月13日 and 2017.2.13 (full-width digits too) are read as in a school
    calendar, as are Excel's date cells (a time of day ignored)."""
    typed = [
        ("2017/2/13", "2017年2月17日"),
        ("2017.2.13", "２０１７年２月１７日"),
        (datetime(2017, 2, 13), datetime(2017, 2, 17, 8, 30)),
    ]
    rows = read_calendar_sheet(_sheet(tmp_path, IDS, typed))
    assert {(r.start, r.end) for r in rows} == {(date(2017, 2, 13), date(2017, 2, 17))}


def test_the_unclear_marks_are_capped_on_their_own(two_cities: Instance) -> None:
    """Past :data:`UNCLEAR_SHOWN` the unclear marks are counted, not named (the cap was the
    overdue list's)."""
    extra = 3
    rows = [
        TrackedActivity(
            f"a{n}", "h0", "r0", "H1", date(2016, 9, 5), date(2016, 9, 9), "unclear", "?", n + 2
        )
        for n in range(UNCLEAR_SHOWN + extra)
    ]
    out = StringIO()
    with use_language("en"):
        render_progress(
            PlainConsole(file=out, width=400), progress(two_cities, rows, date(2016, 9, 1))
        )
    text = out.getvalue()
    assert f"row {UNCLEAR_SHOWN + 1}: ?" in text and f"row {UNCLEAR_SHOWN + 2}: ?" not in text
    assert f"… {extra} more" in text


def test_the_chart_says_what_the_table_says(two_cities: Instance) -> None:
    """Two cities are a bar each in the list's order; the done share is 已完成 as the table
    heads it (the legend said 完成情况, the sheet's column)."""
    found = progress(two_cities, _rows(two_cities, ["done", "open"] * 3), date(2017, 3, 1))
    with use_language("zh"):
        axes = progress_figure(found).axes[0]
    assert [t.get_text() for t in axes.get_xticklabels()] == ["City 1", "City 0"]
    assert axes.get_xlabel() == "市"
    assert [t.get_text() for t in axes.get_legend().get_texts()] == ["已完成", "部分完成", "逾期"]
