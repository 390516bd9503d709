"""The last three findings of issue 30's desk test (part 30F): an overdue H1 duty named by its
own duty, activity id and sheet row (finding 7); the progress chart named, in per cent, with
partly-done duties and its counts legible (finding 16); the ledger's other helper said for
what it is (finding 20)."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import openpyxl
import pytest

from pairing_planner import Instance, activity_calendar, solve, track_progress, write_calendar
from pairing_planner.i18n import use_language
from pairing_planner.report.console import PlainConsole
from pairing_planner.report.tracking import OVERDUE_SHOWN, render_progress

H1_DUTIES = {
    "zh": ("选派中层以上干部到帮扶学校", "选派青年骨干教师到帮扶学校学习"),
    "en": ("middle-level or higher managers sent to the helper", "young key teachers sent"),
}
ROW_WORDS = {"zh": "{id}（第 {row} 行）", "en": "{id} (row {row})"}


@pytest.fixture(scope="module")
def chinese_sheet(heze_as_stated: Instance, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Heze as stated's calendar.xlsx written under --lang zh (headed 活动编号, 任务, …), no duty
    marked done."""
    folder = tmp_path_factory.mktemp("calendar")
    with use_language("zh"):
        found = activity_calendar(heze_as_stated, solve(heze_as_stated).plans[0], school_year=2016)
        write_calendar(heze_as_stated, found, folder)
    return folder / "calendar.xlsx"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_overdue_h1_duty_is_named_by_its_own_duty_id_and_row(
    heze_as_stated: Instance, chinese_sheet: Path, lang: str
) -> None:
    """Each overdue H1 activity shows the one duty its row names (not both of H1's), its
    活动编号 and the row as Excel numbers it, in the language asked whatever the sheet's."""
    found = track_progress(heze_as_stated, chinese_sheet, date(2017, 1, 1))
    sheet = openpyxl.load_workbook(chinese_sheet).worksheets[0]
    heads = [c.value for c in sheet[1]]
    late = [r for r in found.overdue[:OVERDUE_SHOWN] if r.clause == "H1"]
    assert late
    out = StringIO()
    with use_language(lang):  # type: ignore[arg-type]
        render_progress(PlainConsole(file=out, width=250), found)
    lines = out.getvalue().splitlines()
    managers, teachers = H1_DUTIES[lang]
    for row in late:
        named = ROW_WORDS[lang].format(id=row.activity_id, row=row.row)
        line = next(text for text in lines if named in text)
        written = sheet.cell(row.row, heads.index("任务") + 1).value
        own, other = (managers, teachers) if "干部" in written else (teachers, managers)
        assert own in line and other not in line
        assert sheet.cell(row.row, heads.index("活动编号") + 1).value == row.activity_id
