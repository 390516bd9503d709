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
from click.testing import CliRunner
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba

from pairing_planner import Instance, activity_calendar, solve, track_progress, write_calendar
from pairing_planner.cli import main
from pairing_planner.i18n import _, use_language
from pairing_planner.io.calendar_sheet import TrackedActivity
from pairing_planner.report.console import PlainConsole
from pairing_planner.report.duty_progress import (
    OVERDUE_SHOWN,
    DutyProgress,
    progress,
    render_progress,
)
from pairing_planner.report.frames import pairs_frame
from pairing_planner.report.ledger import LEDGER_HEADERS
from pairing_planner.report.plots import PROGRESS_SHADES, progress_figure
from tests.conftest import INSTANCES
from tests.solved import solved_once
from tests.test_charts_legible import _boxes, assert_legible

H1_DUTIES = {
    "zh": ("选派中层以上干部到帮扶学校", "选派青年骨干教师到帮扶学校学习"),
    "en": ("middle-level or higher managers sent to the helper", "young key teachers sent"),
}
ALTERNATIVE_COLUMNS = ("best_alternative", "alternative_cost_change", "alternative_not_taken")
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


def _county_progress(instance: Instance) -> DutyProgress:
    """Heze as stated per county: its first county's duties all done, one of them late, so
    that its bar is full and its count sits right above it; other counties partly done and
    late with nothing done."""
    first = instance.county_of(next(iter(instance.recipients.values())))
    rows, start = [], date(2016, 9, 5)
    for n, recipient in enumerate(instance.recipients.values()):
        ours = instance.county_of(recipient) == first
        statuses = ("done", "done", "open") if ours else ("done", "partly", "open")
        rows += [
            TrackedActivity(f"a{n}-{k}", "h", recipient.id, "H1", start, start, status)
            for k, status in enumerate(statuses)
        ]
    return progress(instance, rows, date(2017, 3, 1))


def test_the_progress_chart_is_named_in_per_cent_with_partly_done_and_clear_counts(
    heze_as_stated: Instance,
) -> None:
    """The chart names the instance, counts in per cent, draws partly done duties in a shade
    of their own, and heads each bar with its count clear of the bar and of the frame (2/3
    touched 巨野县's full bar); every text inside the figure and apart."""
    found = _county_progress(heze_as_stated)
    with use_language("zh"):
        figure = progress_figure(found)
    boxes = _boxes(figure)
    assert_legible(figure, boxes)
    axes = figure.axes[0]
    assert heze_as_stated.data.title.strip() in axes.get_title().replace("\n", "")
    assert {t.get_text() for t in axes.get_yticklabels()} >= {"0%", "50%", "100%"}
    shades = {tuple(p.get_facecolor()) for p in axes.patches if p.get_height() > 0}
    assert to_rgba(PROGRESS_SHADES["partly"]) in shades
    renderer = FigureCanvasAgg(figure).get_renderer()
    frame = axes.get_window_extent(renderer)
    counts = [t for t in axes.texts if "/" in t.get_text()]
    tops: dict[float, float] = {}
    for bar in axes.patches:
        box = bar.get_window_extent(renderer)
        tops[round(box.x0 + box.width / 2)] = max(
            tops.get(round(box.x0 + box.width / 2), 0), box.y1
        )
    for count in counts:
        box = count.get_window_extent(renderer)
        top = tops[round(box.x0 + box.width / 2)]
        assert top < box.y0 and box.y1 < frame.y1, count.get_text()


@pytest.mark.parametrize(("lang", "written"), [("zh", "已写入"), ("en", "Written to")])
def test_progress_plot_says_the_file_written(
    chinese_sheet: Path, tmp_path: Path, lang: str, written: str
) -> None:
    """``--plot`` ends saying the file was written, as the other writers do (it said only the
    file's name)."""
    target = tmp_path / "进度3.png"
    args = ["--lang", lang, "progress", str(INSTANCES / "heze-as-stated.yaml")]
    ran = CliRunner().invoke(main, [*args, str(chinese_sheet), "--plot", str(target)])
    assert ran.exit_code == 0, ran.output
    said = "".join(ran.stderr.split())
    assert f"{written}{target}".replace(" ", "") in said and target.exists()


def test_the_other_helper_says_why_the_plan_did_not_take_it(heze: Instance) -> None:
    """Each pair's other possible helper comes with this pair's change alone and why the plan
    kept its own (a negative 改用其成本变化 stood there with no word why): a cheaper one names
    what keeps it away, a dearer one says it costs more; the ledger heads the three columns
    另一可选帮扶学校, 单对成本变化, 未选原因."""
    with use_language("zh"):
        frame = pairs_frame(heze, solved_once(heze).plans[0])
        heads = [_(LEDGER_HEADERS[c]) for c in ALTERNATIVE_COLUMNS]
    assert heads == ["另一可选帮扶学校", "单对成本变化", "未选原因"]
    offered = frame[frame["best_alternative"] != ""]
    cheaper = offered[offered["alternative_cost_change"] < 0]
    assert len(cheaper) > 0
    assert (cheaper["alternative_not_taken"].str.len() > 0).all()
    assert not cheaper["alternative_not_taken"].eq("该校成本更高").any()
    dearer = offered[offered["alternative_cost_change"] >= 0]
    assert dearer["alternative_not_taken"].eq("该校成本更高").all()
