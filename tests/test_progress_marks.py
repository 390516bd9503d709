"""``plan progress`` as a bureau reads it (issue 30): ticks and 是/完成/对 read as done, x/否/未
as not, other marks named; the done count headed 已完成; counties in the list's order; the
overdue duties listed by school and last day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pairing_planner import Instance, activity_calendar, solve, track_progress, write_calendar
from pairing_planner.cli import main
from tests.conftest import INSTANCES

DONE_MARKS = ["√", "✓", "✔", "是", "完成", "对", "ｙｅｓ"]
NOT_DONE_MARKS = ["x", "X", "×", "否", "未", ""]


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Heze-as-stated calendar sheet with the done column filled in by a clerk: the
    first rows marked done in every way, then not done, then one mark nobody can read."""
    from pairing_planner import load_instance

    instance = load_instance(INSTANCES / "heze-as-stated.yaml")
    folder = tmp_path_factory.mktemp("calendar")
    found = activity_calendar(instance, solve(instance).plans[0], school_year=2016)
    write_calendar(instance, found, folder)
    book = openpyxl.load_workbook(folder / "calendar.xlsx")
    rows = list(book.active.iter_rows())
    done = [c.value for c in rows[0]].index("done")
    for row, mark in zip(rows[1:], [*DONE_MARKS, *NOT_DONE_MARKS, "已做"], strict=False):
        row[done].value = mark
    book.save(folder / "calendar.xlsx")
    return folder / "calendar.xlsx"


def test_every_way_of_marking_done_is_read(sheet: Path, heze_as_stated: Instance) -> None:
    """√ ✓ ✔ 是 完成 对 (and full-width letters) count as done; x × 否 未 and an empty cell
    as not; 已做 is named as not understood and counted as not done."""
    found = track_progress(heze_as_stated, sheet, date(2016, 9, 1))
    program = found.table[found.table["level"] == "program"].iloc[0]
    assert program["done"] == len(DONE_MARKS)
    assert [(r.row, r.mark) for r in found.unclear] == [
        (2 + len(DONE_MARKS + NOT_DONE_MARKS), "已做")
    ]


def test_counties_come_in_the_lists_order(sheet: Path, heze_as_stated: Instance) -> None:
    """Counties as the instance lists its schools (牡丹区 first, 高新区 last), not sorted by
    character code (东明县 first)."""
    found = track_progress(heze_as_stated, sheet, date(2016, 9, 1))
    counties = list(found.table[found.table["level"] == "county"]["name"])
    listed = [heze_as_stated.county_of(r).name for r in heze_as_stated.recipients.values()]
    assert counties == list(dict.fromkeys(listed))
    assert counties[0] == "牡丹区" and counties[-1] == "高新区"


def test_the_report_names_overdue_duties_and_heads_the_count(
    sheet: Path, heze_as_stated: Instance
) -> None:
    """The terminal report: the count headed 已完成 (完成情况 is the sheet's column, not a
    count), the mark not understood with its row, and each overdue duty with its last day
    and both schools, earliest first."""
    found = track_progress(heze_as_stated, sheet, date(2017, 3, 1))
    args = ["--lang", "zh", "progress", str(INSTANCES / "heze-as-stated.yaml"), str(sheet)]
    ran = CliRunner(env={"COLUMNS": "80"}).invoke(main, [*args, "--today", "2017-03-01"])
    assert ran.exit_code == 0, ran.output
    assert "已完成" in ran.stdout and "完成情况" not in ran.stdout
    assert "第 15 行：已做" in ran.stdout
    first = found.overdue[0]
    recipient = heze_as_stated.recipients[first.recipient].name
    helper = heze_as_stated.helpers[first.helper].name
    lines = ran.stdout.splitlines()
    heading = next(n for n, text in enumerate(lines) if text.strip() == "逾期任务")
    entry = " ".join(lines[heading + 1 : heading + 5])
    assert first.end.isoformat() in entry and recipient in entry and helper in entry
    assert [r.end for r in found.overdue] == sorted(r.end for r in found.overdue)
    assert f"另有 {len(found.overdue) - 20} 项逾期任务" in ran.stdout
