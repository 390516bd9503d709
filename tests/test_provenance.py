"""Provenance (issue 29): each imported school remembers the list, sheet and row it was typed
in, the instance (or the tables beside it) keeps it, and ``plan check``, ``plan solve`` and
``plan verify`` cite it beside the instance line, so the clerk is sent to 名单.xlsx row 14,
not only to a generated 菏泽2016.yaml:821."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import xlsxwriter
from click.testing import CliRunner, Result
from ruamel.yaml import YAML

from pairing_planner import SolveOptions, load_instance, solve
from pairing_planner.cli import main
from pairing_planner.diagnosis.checks import check_instance
from pairing_planner.instance.bureau_files.provenance import Source, source_file
from tests.conftest import INSTANCES
from tests.folder_helpers import ENGLISH

LISTS = INSTANCES / "lists"
JUYE_ROW = 14
"""The row of 巨野县高级中学, marked 初中, in the shipped recipients' list (the attachment's
row 13 below the header)."""


def _run(*args: str) -> Result:
    return CliRunner(env=ENGLISH).invoke(main, [*args], catch_exceptions=False)


def _import(folder: Path, recipients: Path, *extra: str, out: str = "菏泽2016.yaml") -> Path:
    """``plan import`` of ``recipients`` and the shipped helpers with the Heze template into
    ``folder``; the instance's path."""
    target = folder / out
    args = ["import", str(INSTANCES / "heze.yaml"), "--recipients", str(recipients)]
    args += ["--helpers", str(LISTS / "heze-helpers.csv"), *extra, "-o", str(target)]
    assert _run(*args).exit_code == 0
    return target


def _copied_lists(folder: Path) -> Path:
    """The shipped recipients' list copied beside the instance, as a bureau keeps it."""
    return Path(shutil.copy(LISTS / "heze-recipients.csv", folder / "heze-recipients.csv"))


def _stage_finding(output: str) -> str:
    """The line of ``plan check``'s table that holds the 巨野县高级中学 stage warning."""
    return next(line for line in output.splitlines() if "巨野县高级中学" in line and "S5" in line)


def test_check_cites_the_csv_row_beside_the_instance_line(tmp_path: Path) -> None:
    """The stage warning on 巨野县高级中学 names the generated file's line and the CSV's row."""
    out = _import(tmp_path, _copied_lists(tmp_path))
    found = _run("check", str(out))
    assert found.exit_code == 1  # the attachment as printed: S6 conflicts
    line = _stage_finding(found.output)
    instance = load_instance(out)
    school = next(i for i, r in enumerate(instance.data.recipients) if r.name == "巨野县高级中学")
    at = instance.line_of(("recipients", school, "stages"))
    assert f"{out}:{at} (heze-recipients.csv, row {JUYE_ROW})" in line


def test_check_json_gives_the_source(tmp_path: Path) -> None:
    """``plan check --json``: a school's finding carries its source, a count's none."""
    out = _import(tmp_path, _copied_lists(tmp_path))
    findings = json.loads(_run("check", str(out), "--json").output)
    stage = next(f for f in findings if f["code"] == "stage-name")
    assert stage["source"] == {"file": "heze-recipients.csv", "row": JUYE_ROW}
    assert all(f["source"] is None for f in findings if f["code"] == "expected-count")


def test_no_absolute_path_goes_into_the_instance(tmp_path: Path) -> None:
    """A list outside the instance's folder is named by its file name alone; one inside it
    relative to it; never by an absolute path."""
    (tmp_path / "out").mkdir()
    out = _import(tmp_path / "out", LISTS / "heze-recipients.csv")
    text = out.read_text(encoding="utf-8")
    assert str(INSTANCES) not in text
    assert str(tmp_path) not in text
    assert load_instance(out).data.recipients[0].source == Source(file="heze-recipients.csv", row=2)
    (tmp_path / "lists").mkdir()
    inside = tmp_path / "lists" / "名单.csv"
    shutil.copy(LISTS / "heze-recipients.csv", inside)
    assert source_file(inside, tmp_path / "菏泽2016.yaml") == "lists/名单.csv"
    assert source_file(inside, tmp_path / "out" / "菏泽2016.yaml") == "名单.csv"


def test_solve_warnings_and_diagnosis_cite_the_row(tmp_path: Path) -> None:
    """A solve's warnings cite the list row of 巨野县高级中学; a primary school no helper
    may serve is a structural conflict of the diagnosis, cited at its row."""
    rows = (LISTS / "heze-recipients.csv").read_text(encoding="utf-8-sig").splitlines()
    rows.append("22,曹县,小学,曹县示例小学,,")
    listed = tmp_path / "名单.csv"
    listed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    instance = load_instance(_import(tmp_path, listed))
    result = solve(instance, SolveOptions(strict=True, time_limit=5))
    assert any(
        f"(名单.csv, row {JUYE_ROW}): 巨野县高级中学" in warning for warning in result.warnings
    )
    assert result.diagnosis is not None
    unserved = [s for s in result.diagnosis.structural if "曹县示例小学" in s]
    # a part solved apart is an instance in memory: the list row alone, without a file line
    assert unserved and re.search(r"名单\.csv, row 23\)?: 曹县示例小学 has no", unserved[0])


def _workbook(path: Path) -> Path:
    """The shipped recipients' list as a workbook: a title row above the header, in a sheet
    called 附件, so a school's row is one more than in the CSV."""
    rows = [r.split(",") for r in (LISTS / "heze-recipients.csv").read_text("utf-8-sig").split()]
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("附件")
    sheet.write_row(0, 0, ["附件：菏泽市被帮扶学校名单"])
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return path


def test_a_workbook_row_is_cited_with_its_sheet_in_english_and_chinese(tmp_path: Path) -> None:
    """From an .xlsx the sheet is named too: "名单.xlsx, sheet 附件, row 15", and in Chinese
    "（名单.xlsx [附件]，第 15 行）"."""
    book = _workbook(tmp_path / "名单.xlsx")
    out = _import(tmp_path, book, "--recipients-sheet", "附件")
    row = JUYE_ROW + 1
    assert f"(名单.xlsx, sheet 附件, row {row})" in _stage_finding(_run("check", str(out)).output)
    chinese = _run("--lang", "zh", "check", str(out)).output
    line = next(x for x in chinese.splitlines() if "巨野县高级中学" in x and "S5" in x)
    assert f"（名单.xlsx [附件]，第 {row} 行）" in line


def test_verify_cites_the_rows_of_a_violations_schools(tmp_path: Path) -> None:
    """A plan that pairs a senior helper with a junior school: the violation names where both
    schools were typed."""
    out = _import(tmp_path, _copied_lists(tmp_path))
    plan = tmp_path / "plan.csv"
    instance = load_instance(out)
    helper = next(h.id for h in instance.data.helpers if h.name == "济宁市示例帮扶高中乙")
    recipient = next(r.id for r in instance.data.recipients if r.name == "牡丹区吴店镇中心中学")
    plan.write_text(f"helper_id,recipient_id\n{helper},{recipient}\n", encoding="utf-8")
    found = _run("verify", str(out), str(plan))
    assert found.exit_code == 1
    line = next(x for x in found.output.splitlines() if "stage match" in x)
    assert "(heze-helpers.csv, row" in line
    assert "(heze-recipients.csv, row 3)" in line


def test_a_long_list_keeps_its_source_through_the_tables(tmp_path: Path) -> None:
    """A list of over 1,000 schools goes to tables beside the instance; they carry each
    school's list row, so findings cite the bureau's list, not the generated table."""
    rows = ["序号,县（市、区）,学段,学校名称"]
    rows += [f"{i},曹县,初中,曹县示例初级中学{i}" for i in range(1, 1_000)]
    rows.append("1000,单县,初中,单县示例高级中学")
    listed = tmp_path / "全市名单.csv"
    listed.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = _import(tmp_path, listed, out="heze-big.yaml")
    table = tmp_path / "heze-big-recipients.csv"
    assert "source_row" in table.read_text(encoding="utf-8-sig").splitlines()[0]
    instance = load_instance(out)
    assert instance.data.recipients[-1].source == Source(file="全市名单.csv", row=1_001)
    stage = next(f for f in check_instance(instance) if f.code == "stage-name")
    assert stage.source == Source(file="全市名单.csv", row=1_001)


def test_a_referenced_table_is_itself_the_source(tmp_path: Path) -> None:
    """A table an instance references, with no source columns, is where its schools were
    typed: its own rows are cited."""
    shutil.copy(LISTS / "heze-recipients.csv", tmp_path / "受援学校.csv")
    data = YAML(typ="safe").load((INSTANCES / "heze.yaml").read_text(encoding="utf-8"))
    data["recipients"] = {"table": "受援学校.csv"}
    instance_file = tmp_path / "heze-table.yaml"
    with instance_file.open("w", encoding="utf-8") as stream:
        YAML(typ="safe", pure=True).dump(data, stream)
    instance = load_instance(instance_file)
    stage = next(f for f in check_instance(instance) if f.code == "stage-name")
    assert stage.source == Source(file="受援学校.csv", row=JUYE_ROW)


def test_a_hand_written_instance_cites_no_source(tmp_path: Path) -> None:
    """heze.yaml lists its schools itself: findings give its line and no list row."""
    instance = load_instance(INSTANCES / "heze.yaml")
    assert all(school.source is None for school in instance.data.recipients)
    stage = next(f for f in check_instance(instance) if f.code == "stage-name")
    assert stage.source is None and stage.line is not None
    line = _stage_finding(_run("check", str(INSTANCES / "heze.yaml")).output)
    assert f"heze.yaml:{stage.line} " in line and "row" not in line
