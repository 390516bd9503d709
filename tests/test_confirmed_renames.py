"""Confirmed renames pass the re-plan, and a wrong id is caught (issue 29, part I).

A school that keeps last year's id under another name (its 学校标识码 unchanged, or the clerk's
编号 column) records last year's name (``formerly``), and last year's plan, which names it as
it was, is read as naming it; an id that names last year's school of another county is
refused; a school's number in Arabic digits is the same name as in Chinese numerals."""

from __future__ import annotations

from pathlib import Path

import pytest

from pairing_planner import load_instance
from pairing_planner.instance.bureau_files.school_names import canonical
from pairing_planner.instance.schema.school_models import Recipient
from pairing_planner.instance.yaml_files.dump import school_table
from pairing_planner.result.identity import PlanRow, identity_mismatches, row_mismatches
from pairing_planner.result.plan import SchoolIdentity
from tests.conftest import INSTANCES
from tests.folder_helpers import plan

HEADER = "序号,编号,学校标识码,县（市、区）,学段,学校名称"
YEAR_1 = [
    "1,,3717220001,单县,初中,单县开发区实验中学",
    "2,,3717230002,成武县,高中,成武县第二中学",
    "3,,,牡丹区,初中,牡丹区第二十二中学",
]


def _list(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8-sig")
    return path


def _import(out: Path, rows: list[str], previous: Path | None = None) -> tuple[int, str]:
    """``plan import`` of Heze's template with ``rows`` as its recipients: exit code, output."""
    listed = _list(out.with_suffix(".csv"), rows)
    args = ["import", str(INSTANCES / "heze.yaml"), "--recipients", str(listed), "-o", str(out)]
    done = plan(*args, *([] if previous is None else ["--previous", str(previous)]))
    return done.exit_code, " ".join(done.output.split())


def _recipient(path: Path, name: str) -> Recipient:
    return next(r for r in load_instance(path).data.recipients if r.name == name)


def _year_1(tmp_path: Path) -> Path:
    y1 = tmp_path / "y1.yaml"
    code, output = _import(y1, YEAR_1)
    assert code == 0, output
    return y1


def test_a_rename_by_code_records_last_years_name(tmp_path: Path) -> None:
    """Same 学校标识码, another name: the id stays, the import says renamed, and the school
    records its former name in the YAML."""
    y1 = _year_1(tmp_path)
    rows = [YEAR_1[0].replace("单县开发区", "单县经济开发区"), *YEAR_1[1:]]
    code, output = _import(tmp_path / "y2.yaml", rows, previous=y1)
    assert code == 0, output
    assert "keeps the id 'r-3717220001' of last year's 单县开发区实验中学: renamed" in output
    school = _recipient(tmp_path / "y2.yaml", "单县经济开发区实验中学")
    assert school.id == "r-3717220001"
    assert school.formerly == ["单县开发区实验中学"]
    assert _recipient(tmp_path / "y2.yaml", "成武县第二中学").formerly is None


def test_a_rename_confirmed_by_the_id_column_keeps_every_former_name(tmp_path: Path) -> None:
    """No code: the clerk writes last year's id in 编号; a second rename the year after keeps
    both former names, oldest first."""
    y1 = tmp_path / "y1.yaml"
    assert _import(y1, ["1,,,单县,初中,单县开发区实验中学"])[0] == 0
    old = _recipient(y1, "单县开发区实验中学").id
    y2 = tmp_path / "y2.yaml"
    code, output = _import(y2, [f"1,{old},,单县,初中,单县经济开发区实验中学"], previous=y1)
    assert code == 0, output
    assert "renamed" in output
    y3 = tmp_path / "y3.yaml"
    code, output = _import(y3, [f"1,{old},,单县,初中,单县经开区实验中学"], previous=y2)
    assert code == 0, output
    assert _recipient(y3, "单县经开区实验中学").formerly == [
        "单县开发区实验中学",
        "单县经济开发区实验中学",
    ]


def test_the_identity_check_takes_a_former_name_and_a_same_code(tmp_path: Path) -> None:
    """A recorded name the school had before, or a recorded name beside the same code, names
    the school; a name that matches neither is still a mismatch, in plans.json and in a row."""
    y1 = _year_1(tmp_path)
    rows = [YEAR_1[0].replace("单县开发区", "单县经济开发区"), *YEAR_1[1:]]
    assert _import(tmp_path / "y2.yaml", rows, previous=y1)[0] == 0
    instance = load_instance(tmp_path / "y2.yaml")
    school = _recipient(tmp_path / "y2.yaml", "单县经济开发区实验中学")
    was = SchoolIdentity("单县开发区实验中学", school.place)
    other = SchoolIdentity("单县第二中学", school.place)
    coded = SchoolIdentity("单县第二中学", school.place, None, "3717220001")
    assert identity_mismatches(instance, {school.id: was}) == []
    assert identity_mismatches(instance, {school.id: coded}) == []
    assert [m.stated for m in identity_mismatches(instance, {school.id: other})] == ["单县第二中学"]
    cells = {"recipient_id": school.id, "recipient": "单县开发区实验中学"}
    assert row_mismatches(instance, [PlanRow(2, cells)]) == []
    cells = {"recipient_id": school.id, "recipient": "单县第二中学"}
    assert len(row_mismatches(instance, [PlanRow(2, cells)])) == 1


@pytest.mark.slow
def test_a_confirmed_rename_passes_the_replan(tmp_path: Path) -> None:
    """The user test: year 2 renames a school and confirms it by 编号; solve --baseline of
    year 1's plan exits 0 without --trust-ids (it exited 2)."""
    y1 = tmp_path / "y1.yaml"
    assert (
        _import(y1, ["1,,,单县,初中,单县开发区实验中学", "2,,,成武县,高中,成武县第一中学"])[0] == 0
    )
    results = tmp_path / "results"
    done = plan("solve", str(y1), "--out", str(results), "--quiet", "--time-limit", "5")
    assert done.exit_code == 0, done.output
    old = _recipient(y1, "单县开发区实验中学").id
    y2 = tmp_path / "y2.yaml"
    rows = [f"1,{old},,单县,初中,单县经济开发区实验中学", "2,,,成武县,高中,成武县第一中学"]
    assert _import(y2, rows, previous=y1)[0] == 0
    baseline = results / "y1" / "plans.json"
    args = ["--baseline", str(baseline), "--out", str(results), "--quiet", "--time-limit", "5"]
    done = plan("solve", str(y2), *args)
    assert done.exit_code == 0, done.output


def test_an_id_of_another_countys_school_is_refused_at_its_cell(tmp_path: Path) -> None:
    """The closed 成武县第二中学's id on the new 牡丹区第二十三中学's row: exit 2 at the row's
    编号, naming both schools and their counties (it was taken as a rename)."""
    y1 = _year_1(tmp_path)
    old = _recipient(y1, "成武县第二中学").id
    rows = [YEAR_1[0], YEAR_1[2], f"4,{old},,牡丹区,初中,牡丹区第二十三中学"]
    code, output = _import(tmp_path / "y2.yaml", rows, previous=y1)
    assert code == 2, output
    assert "row 4" in output and "编号" in output
    assert (
        f"the id '{old}' is last year's 成武县第二中学 of 成武县, but this row is "
        "牡丹区第二十三中学 of 牡丹区: a school does not move county" in output
    )
    assert "renamed" not in output


def test_an_id_of_a_school_listed_in_another_row_is_refused(tmp_path: Path) -> None:
    """The clerk copied the id of 牡丹区第二十二中学, also listed, onto a new school of its
    county: refused at the row's id cell naming the row that school is in (it said renamed,
    called the listed school closed and gave it a new id)."""
    y1 = _year_1(tmp_path)
    old = _recipient(y1, "牡丹区第二十二中学").id
    rows = [*YEAR_1, f"4,{old},,牡丹区,初中,牡丹区第二十三中学"]
    code, output = _import(tmp_path / "y2.yaml", rows, previous=y1)
    assert code == 2
    assert (
        f"row 5: column '编号': the id '{old}' is last year's 牡丹区第二十二中学, which" in output
    )
    assert "this list has in row 4" in output
    assert "renamed" not in output and "not in this list" not in output


def test_an_id_of_another_school_than_the_row_is_refused(tmp_path: Path) -> None:
    """A row that is last year's 牡丹区第二十二中学 by its name, given the id of another
    school of its county last year (closed since): refused, both named."""
    rows = [*YEAR_1, "4,,,牡丹区,初中,牡丹区吴店镇中心中学"]
    y1 = tmp_path / "y1.yaml"
    assert _import(y1, rows)[0] == 0
    closed = _recipient(y1, "牡丹区吴店镇中心中学").id
    own = _recipient(y1, "牡丹区第二十二中学").id
    rows = [*YEAR_1[:2], f"3,{closed},,牡丹区,初中,牡丹区第二十二中学"]
    code, output = _import(tmp_path / "y2.yaml", rows, previous=y1)
    assert code == 2, output
    assert (
        f"row 4: column '编号': 牡丹区第二十二中学 is last year's 牡丹区第二十二中学 ('{own}') "
        f"by its name or code, but its id is '{closed}', last year's 牡丹区吴店镇中心中学"
    ) in output


def test_an_id_of_a_school_of_other_stages_is_taken_with_a_note(tmp_path: Path) -> None:
    """Same county, another stage: schools do change stage, so the id is taken, and a note
    names both schools with their stages."""
    y1 = _year_1(tmp_path)
    old = _recipient(y1, "单县开发区实验中学").id
    rows = [f"1,{old},,单县,高中,单县开发区高级中学", *YEAR_1[1:]]
    code, output = _import(tmp_path / "y2.yaml", rows, previous=y1)
    assert code == 0, output
    assert (
        f"单县开发区高级中学 (senior) keeps the id '{old}' of last year's 单县开发区实验中学 "
        "(junior): the stages differ" in output
    )


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("牡丹区第２２中学", "牡丹区第二十二中学", True),
        ("牡丹区第22中学", "牡丹区第二十二中学", True),
        ("城关1中", "城关一中", True),
        ("实验2小", "实验二小", True),
        ("第1实验小学", "第一实验小学", True),
        ("101中学", "一百零一中学", True),
        ("第10中学", "第十中学", True),
        ("第110中学", "第一百一十中学", True),
        ("十里铺小学", "10里铺小学", False),
        ("五一中学", "第五十一中学", False),
        ("实验中学2校区", "实验中学二校区", False),
    ],
)
def test_a_schools_number_reads_alike_in_either_numerals(one: str, other: str, same: bool) -> None:
    """A number after 第 or before 中/小 in Arabic digits is the Chinese numeral; Chinese
    numerals stay as written (十里铺 has no number, 五一 is a name)."""
    assert (canonical(one) == canonical(other)) is same


def test_a_number_retyped_in_arabic_digits_keeps_the_id(tmp_path: Path) -> None:
    """牡丹区第２２中学 this year is last year's 牡丹区第二十二中学: same identity, same id, not
    closed and new, and not a rename."""
    y1 = _year_1(tmp_path)
    rows = [*YEAR_1[:2], YEAR_1[2].replace("第二十二", "第２２")]
    code, output = _import(tmp_path / "y2.yaml", rows, previous=y1)
    assert code == 0, output
    old = _recipient(y1, "牡丹区第二十二中学").id
    assert _recipient(tmp_path / "y2.yaml", "牡丹区第２２中学").id == old
    assert "not in this list" not in output and "renamed" not in output
    code, output = _import(tmp_path / "y3.yaml", rows)
    assert code == 0, output
    assert _recipient(tmp_path / "y3.yaml", "牡丹区第２２中学").id == old


def test_former_names_travel_in_a_table_and_a_list_column(tmp_path: Path) -> None:
    """A table of schools has a formerly column when a school was renamed; a list's 曾用名
    column is read as the school's former names."""
    rows = ["1,,,单县,初中,单县经济开发区实验中学,单县开发区实验中学、单县实验中学"]
    listed = tmp_path / "y.csv"
    listed.write_text("\n".join([HEADER + ",曾用名", *rows]) + "\n", encoding="utf-8-sig")
    args = ["import", str(INSTANCES / "heze.yaml"), "--recipients", str(listed)]
    done = plan(*args, "-o", str(tmp_path / "y.yaml"))
    assert done.exit_code == 0, done.output
    data = load_instance(tmp_path / "y.yaml").data
    assert data.recipients[0].formerly == ["单县开发区实验中学", "单县实验中学"]
    table = school_table(data, "recipients").splitlines()
    assert "formerly" in table[0].split(",")
    assert "单县开发区实验中学、单县实验中学" in table[1]
