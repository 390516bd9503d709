"""What a bureau planner's test of issue 30 found in inputs and messages (part 30E): each
test reproduces one finding of that test, in its order."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from pairing_planner.api import require_known_schools
from pairing_planner.cli import main
from pairing_planner.diagnosis.checks import warning_lines
from pairing_planner.errors import InputError
from pairing_planner.i18n import use_language
from pairing_planner.instance.bureau_files.calendar_file import load_calendar_file
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.spreadsheets.clerk_dates import not_a_date
from pairing_planner.io.calendar_sheet import read_calendar_sheet
from pairing_planner.io.sheet_names import RELAXATIONS
from pairing_planner.prepare.replan import apply_replan, changes_of
from pairing_planner.report.frames import baseline_changes_frame
from pairing_planner.report.ledger import write_ledger
from pairing_planner.result.plan import Pair, Plan, Replan


def _plan(pairs: list[tuple[str, str]]) -> Plan:
    """A plan of these pairs (their costs play no part in a change report)."""
    return Plan(
        rank=1,
        status="OPTIMAL",
        objective=0.0,
        bound=0.0,
        seconds=0.0,
        pairs=[Pair(h, r, 0.0, {}, 0.0) for h, r in pairs],
        term_costs={},
    )


def test_a_change_report_names_removed_schools_and_new_schools_helpers(
    heze_as_stated: Instance, tmp_path: Path
) -> None:
    """Finding 2: a baseline given as a plan CSV or ledger names its schools in its rows, so
    a school closed since is named, not shown by id; a new school's row says its helper."""
    instance = heze_as_stated
    helpers, recipients = list(instance.helpers.values()), list(instance.recipients.values())
    kept, new = recipients[0], recipients[1]
    baseline = tmp_path / "plan-1.csv"
    with baseline.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["helper_id", "recipient_id", "helper", "recipient"])
        writer.writerow([helpers[0].id, kept.id, helpers[0].name, kept.name])
        writer.writerow([helpers[1].id, "r-gone", helpers[1].name, "吴店镇中心中学"])
    replanned = apply_replan(instance, Replan(baseline=str(baseline)))
    changes = changes_of(replanned, _plan([(helpers[0].id, kept.id), (helpers[2].id, new.id)]))
    assert changes is not None
    with use_language("zh"):
        frame = baseline_changes_frame(replanned, changes)
    rows = {row["school_id"]: row for row in frame.to_dict("records")}
    assert rows["r-gone"]["school"] == "吴店镇中心中学"
    assert rows[new.id]["new"] == helpers[2].name
    assert rows[new.id]["why"] == "原方案中没有"


def _calendar_sheet(path: Path, blocked: list[tuple[str, str]]) -> Path:
    """A school-calendar sheet of two terms and one blocked week per (市, 学校) given."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["类型", "名称", "开始", "结束", "市", "学校"])
    sheet.append(["学期", "第一学期", "2016年9月1日", "2017年1月20日"])
    sheet.append(["学期", "第二学期", "2017/2/13", "2017.7.7"])
    for n, (city, school) in enumerate(blocked, start=1):
        sheet.append(["考试", f"考试{n}", f"2017.6.{n}", f"2017.6.{n}", city, school])
    book.save(path)
    return path


def test_a_school_calendar_names_cities_and_schools_as_the_clerk_knows_them(
    heze: Instance, tmp_path: Path
) -> None:
    """Finding 4: 菏泽市, 菏泽 and a school's name are read as the ids they name."""
    school = next(r for r in heze.recipients.values() if r.name == "曹县第一中学")
    sheet = _calendar_sheet(
        tmp_path / "校历.xlsx", [("菏泽市", ""), ("菏泽", ""), ("heze", ""), ("", school.name)]
    )
    calendar = load_calendar_file(sheet, heze.data)
    assert [(b.city, b.school) for b in calendar.blocked] == [
        ("heze", None),
        ("heze", None),
        ("heze", None),
        (None, school.id),
    ]


def test_a_school_calendar_names_what_it_does_not_find_with_the_nearest_name(
    heze: Instance, tmp_path: Path
) -> None:
    """Finding 4: a name the instance lacks is refused at its cell, the close one offered."""
    sheet = _calendar_sheet(tmp_path / "校历.xlsx", [("荷泽市", ""), ("", "曹县第一中")])
    with use_language("zh"), pytest.raises(InputError) as raised:
        load_calendar_file(sheet, heze.data)
    problems = raised.value.problems
    assert [p.field for p in problems] == ["市", "学校"]
    city, school = (p.message for p in problems)
    assert "不是本实例中的市" in city and "'菏泽市'" in city
    assert "不是本实例中的学校" in school and "'曹县第一中学'" in school


def test_progress_given_the_ledger_says_to_give_calendar_xlsx(tmp_path: Path) -> None:
    """Finding 5: the ledger given for the calendar sheet is recognised and the right file
    named; another sheet's missing columns are named as calendar.xlsx heads them."""
    ledger, other = tmp_path / "台账.xlsx", tmp_path / "其他.xlsx"
    book = openpyxl.Workbook()
    pairs = book.active
    assert pairs is not None
    pairs.title = "结对"
    pairs.append(["帮扶学校编号", "被帮扶学校编号"])
    book.save(ledger)
    pairs.title = "Sheet"
    book.save(other)
    with use_language("zh"), pytest.raises(InputError) as raised:
        read_calendar_sheet(ledger)
    assert "这是结对台账" in raised.value.problems[0].message
    assert "calendar.xlsx" in raised.value.problems[0].message
    with use_language("zh"), pytest.raises(InputError) as raised:
        read_calendar_sheet(other)
    message = raised.value.problems[0].message
    assert "活动编号、条款、开始、结束、完成情况" in message and "calendar.xlsx" in message


def test_a_usage_error_wraps_at_the_terminal_width() -> None:
    """Finding 9: click's error line under 用法 was 101 columns wide at 80."""
    runner = CliRunner(env={"COLUMNS": "80"})
    args = ["progress", "a.yaml", "b.xlsx", "--today", "3月15日", "--lang", "zh"]
    found = runner.invoke(main, args)
    assert found.exit_code == 2
    assert "不是日期：3月15日" in found.stderr.replace("\n", "")
    assert max(cell_len(line) for line in found.stderr.splitlines()) <= 80


def test_a_missing_argument_says_what_it_is() -> None:
    """Finding 9: a missing TEMPLATE says it is an instance file, with an example."""
    found = CliRunner().invoke(
        main, ["import", "--recipients", __file__, "-o", "x.yaml", "--lang", "en"]
    )
    assert found.exit_code == 2
    assert "missing TEMPLATE: the instance file" in found.stderr
    assert "instances/heze.yaml" in found.stderr


@pytest.mark.parametrize("name", ["solve", "progress", "calendar", "import"])
def test_help_names_values_in_chinese(name: str) -> None:
    """Finding 10: the placeholders of --help under zh are Chinese (路径, 整数, 数值), the
    dates --today takes are the forms it reads, and a recipient is 被帮扶学校 throughout."""
    shown = CliRunner().invoke(main, [name, "--help", "--lang", "zh"]).output
    for english in ("INTEGER", "NUMBER", "PATH", "TEXT", "FILE", "ADDRESS", "YYYY", "受援"):
        assert english not in shown, (name, english)
    if name == "progress":
        assert "2017年3月15日" in shown.replace("\n", "")


def test_a_plan_of_another_instance_is_said_once(heze: Instance, tmp_path: Path) -> None:
    """Finding 11: a plan whose recipients the instance mostly lacks is one problem saying
    the plan belongs to another instance, not one per school; a single typo is still named."""
    helper = next(iter(heze.helpers))
    others = [(helper, f"r-other-{n}") for n in range(19)]
    with use_language("en"), pytest.raises(InputError) as raised:
        require_known_schools(heze, others, tmp_path / "plan-1.csv")
    [problem] = raised.value.problems
    assert "does not have 19 of the 20 schools" in problem.message
    assert "another instance" in problem.message
    typo = [(helper, r) for r in list(heze.recipients)[1:]] + [(helper, "r-typo")]
    with use_language("en"), pytest.raises(InputError) as raised:
        require_known_schools(heze, typo, tmp_path / "plan-1.csv")
    [problem] = raised.value.problems
    assert "the recipient school 'r-typo'" in problem.message


def test_progress_given_a_csv_says_it_reads_xlsx(tmp_path: Path) -> None:
    """Finding 12: a .csv was called "not an .xlsx workbook, perhaps a CSV renamed"."""
    sheet = tmp_path / "进度.csv"
    sheet.write_text("活动编号,完成情况\n08-H1-1,是\n", encoding="utf-8")
    with use_language("zh"), pytest.raises(InputError) as raised:
        read_calendar_sheet(sheet)
    message = raised.value.problems[0].message
    assert message.startswith("plan progress 只读 .xlsx 工作簿，不读 .csv 文件")


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("2017年2月30日", "不是日期：2017年2月30日；2017年2月只有 28 天"),
        ("2016/2/30", "不是日期：2016/2/30；2016年2月只有 29 天"),
        ("2017-13-01", "不是日期：2017-13-01；月份应为 1 至 12"),
    ],
)
def test_a_day_the_month_lacks_is_said_so(typed: str, said: str) -> None:
    """Finding 13: 2017年2月30日 was told to be written as 2017-02-13."""
    with use_language("zh"):
        assert not_a_date(typed) == said


@pytest.mark.slow
def test_a_calendar_that_succeeds_says_its_footnote_was_skipped(tmp_path: Path) -> None:
    """Finding 14: the note on a footnote skipped under the school calendar came only when
    the run failed; a run that succeeds says it too."""
    small = str(Path(__file__).parent / "data" / "ok_small.yaml")
    runner = CliRunner()
    solved = runner.invoke(main, ["solve", small, "--out", str(tmp_path), "--quiet"])
    assert solved.exit_code == 0, solved.output
    sheet = _calendar_sheet(tmp_path / "校历.xlsx", [])
    book = openpyxl.load_workbook(sheet)
    book.active.append(["注：以上日期以省教育厅通知为准。"])  # type: ignore[union-attr]
    book.save(sheet)
    result = next(p for p in tmp_path.iterdir() if p.is_dir())
    args = ["calendar", str(result), "--calendar", str(sheet), "--lang", "zh", "--no-ics"]
    args += ["--time-limit", "2"]
    ran = runner.invoke(main, args)
    assert ran.exit_code == 0, ran.output
    assert "注：以上日期以省教育厅通知为准" in ran.stderr and "已跳过" in ran.stderr


def test_a_clause_is_cited_in_the_languages_brackets(heze: Instance) -> None:
    """Finding 19: "…文件中列出 19 所 (S5)", a half-width bracket in a Chinese sentence."""
    with use_language("zh"):
        lines = warning_lines(heze, set(heze.recipients))
    assert any(line.endswith("（S5）") for line in lines), lines
    assert not any(" (S" in line for line in lines), lines


def test_the_relaxations_sheets_ids_are_hidden(tmp_path: Path) -> None:
    """Finding 19: the 放宽 sheet showed city_quota and weihai/senior where a clerk reads; they
    are kept for plan verify, hidden, beside the words."""
    frame = pd.DataFrame(
        [{"rule": "市名额", "subject_name": "威海市高中", "kind": "city_quota", "subject": "x/y"}]
    )
    path = tmp_path / "台账.xlsx"
    with use_language("zh"):
        write_ledger(path, {RELAXATIONS: frame})
    sheet = openpyxl.load_workbook(path)["放宽"]
    columns = sheet.column_dimensions
    assert not columns["A"].hidden and not columns["B"].hidden
    assert columns["C"].hidden and columns["D"].hidden
