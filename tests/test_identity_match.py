"""Re-plan, compare and verify match schools by identity (issue 29): an id taken from a row
number names another school once the clerk renumbers the list, and a plan read against an
instance must say so, naming both schools, instead of pinning pairs onto the wrong ones."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from pairing_planner import (
    InputError,
    Instance,
    Replan,
    Result,
    SolveOptions,
    export_plan,
    load_instance,
    read_plan,
    solve,
    write_result,
)
from pairing_planner.i18n import use_language
from pairing_planner.instance.bureau_files.school_names import canonical
from pairing_planner.result.identity import identity_mismatches
from pairing_planner.result.plan import SchoolIdentity
from tests.conftest import INSTANCES
from tests.folder_helpers import plan, run

HEZE = INSTANCES / "heze-as-stated.yaml"
R03 = "  - id: r03\n    name: 曹县第一中学\n    place: caoxian\n"
R07 = "  - id: r07\n    name: 成武县第一中学\n    place: chengwu\n"


@pytest.fixture(scope="module")
def year_one(tmp_path_factory: pytest.TempPathFactory) -> tuple[Instance, Result, Path]:
    """The 20 schools S5 states, solved once; its result folder (plans.json, plan-1.csv)."""
    instance = load_instance(HEZE)
    result = solve(instance, SolveOptions(time_limit=60))
    folder = write_result(instance, result, tmp_path_factory.mktemp("year1"))
    return instance, result, folder


def renumbered(tmp_path: Path) -> Path:
    """Next year's list as a clerk renumbers it: 曹县第一中学 and 成武县第一中学 swap ids
    (r03 and r07), every other school as before."""
    text = HEZE.read_text(encoding="utf-8").replace("name: heze-as-stated", "name: heze2017", 1)
    assert R03 in text and R07 in text
    swapped = text.replace(R03, "@r03").replace(R07, "@r07")
    swapped = swapped.replace(
        "@r03", R03.replace("曹县第一中学", "成武县第一中学").replace("caoxian", "chengwu")
    )
    swapped = swapped.replace(
        "@r07", R07.replace("成武县第一中学", "曹县第一中学").replace("chengwu", "caoxian")
    )
    path = tmp_path / "heze2017.yaml"
    path.write_text(swapped, encoding="utf-8")
    return path


def test_plans_json_records_each_school_s_name_and_place(
    year_one: tuple[Instance, Result, Path],
) -> None:
    """Format 2: every school a plan names, with the name and place the instance gives it."""
    _instance, result, folder = year_one
    written = json.loads((folder / "plans.json").read_text(encoding="utf-8"))
    assert written["format"] == 2
    named = {s for p in result.plans[0].pairs for s in (p.helper, p.recipient)}
    assert set(written["schools"]) == named
    r03 = {"name": "曹县第一中学", "place": "caoxian", "division": "371721", "code": None}
    assert written["schools"]["r03"] == r03


def test_a_baseline_whose_ids_name_other_schools_is_refused(
    year_one: tuple[Instance, Result, Path], tmp_path: Path
) -> None:
    """Both swapped schools named as each file has them, exit 2; --lock-baseline too."""
    _instance, _result, folder = year_one
    later = renumbered(tmp_path)
    for extra in ([], ["--lock-baseline"]):
        code, err = run(
            "solve", str(later), "--baseline", str(folder / "plans.json"),
            "--out", str(tmp_path / "out"), *extra,
        )  # fmt: skip
        assert code == 2
        assert "r03 is 曹县第一中学 (caoxian) in plans.json but 成武县第一中学 (chengwu) in " in err
        assert "r07 is 成武县第一中学 (chengwu) in plans.json but 曹县第一中学 (caoxian)" in err
        assert "--trust-ids" in err
    assert not (tmp_path / "out" / "heze2017").exists()


def test_trust_ids_solves_and_is_recorded(
    year_one: tuple[Instance, Result, Path], tmp_path: Path
) -> None:
    """--trust-ids takes the ids as they are; the result records it, so --reproduce applies
    the baseline as it was applied."""
    _instance, _result, folder = year_one
    later = renumbered(tmp_path)
    out = tmp_path / "out"
    done = plan(
        "solve", str(later), "--baseline", str(folder / "plans.json"), "--trust-ids",
        "--out", str(out), "--quiet",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    written = json.loads((out / "heze2017" / "plans.json").read_text(encoding="utf-8"))
    assert written["replan"]["trust_ids"] is True
    assert written["schools"]["r03"]["name"] == "成武县第一中学"


def test_trust_ids_needs_a_baseline(tmp_path: Path) -> None:
    """--trust-ids alone is a usage error."""
    code, err = run("solve", str(HEZE), "--trust-ids", "--out", str(tmp_path))
    assert code == 2 and "--trust-ids need --baseline" in err


def test_a_baseline_naming_the_same_schools_replans_as_before(
    year_one: tuple[Instance, Result, Path],
) -> None:
    """The same schools under the same ids, one name retyped with full-width digits and a
    space: every pair kept, no warning about identities."""
    instance, result, folder = year_one
    again = solve(instance, SolveOptions(time_limit=60), replan=Replan(str(folder / "plans.json")))
    changes = again.plans[0].changes
    assert changes is not None and changes.moved == []
    assert len(changes.kept) == len(result.plans[0].pairs)
    assert not [w for w in again.warnings if "cannot be checked" in w]
    retyped = {"r01": SchoolIdentity("牡丹区第２２ 中学", "mudan")}
    assert canonical("牡丹区第２２ 中学") == "牡丹区第二十二中学"
    assert identity_mismatches(instance, {"r03": SchoolIdentity("曹县第一中学", "caoxian")}) == []
    assert identity_mismatches(instance, retyped) == []


def test_an_old_baseline_without_names_warns(
    year_one: tuple[Instance, Result, Path], tmp_path: Path
) -> None:
    """A plans.json of format 1 (no schools) re-plans, with a warning that its ids cannot be
    checked, printed and kept in the result."""
    _instance, _result, folder = year_one
    old = json.loads((folder / "plans.json").read_text(encoding="utf-8"))
    del old["schools"]
    old["format"] = 1
    baseline = tmp_path / "old.json"
    baseline.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    done = plan("solve", str(HEZE), "--baseline", str(baseline), "--out", str(tmp_path / "o"))
    assert done.exit_code == 0, done.output
    shown = " ".join(done.stdout.split())
    assert "old.json does not name its schools" in shown and "cannot be checked" in shown
    written = json.loads((tmp_path / "o" / "heze-as-stated" / "plans.json").read_text("utf-8"))
    assert "cannot be checked" in written["warnings"][0]


def test_a_csv_baseline_with_another_school_s_name_is_refused(
    year_one: tuple[Instance, Result, Path], tmp_path: Path
) -> None:
    """A plan CSV baseline is checked by its name columns, the row named."""
    instance, _result, folder = year_one
    rows = _csv_rows(folder / "plan-1.csv")
    rows[2]["recipient"] = "单县第二中学"
    baseline = _write_csv(tmp_path / "old.csv", rows)
    with pytest.raises(InputError) as refused:
        solve(instance, SolveOptions(time_limit=60), replan=Replan(str(baseline)))
    (problem,) = refused.value.problems
    assert problem.line == 4 and problem.field == "recipient"
    assert f"{rows[2]['recipient_id']} is 单县第二中学 in old.csv but " in problem.message


def test_compare_refuses_a_result_whose_schools_were_changed(
    year_one: tuple[Instance, Result, Path], tmp_path: Path
) -> None:
    """plan compare of two results: one whose recorded name of r03 is not the instance's is
    refused (exit 2) naming the school; unchanged, they compare (exit 0)."""
    _instance, _result, folder = year_one
    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(folder, a)
    shutil.copytree(folder, b)
    assert plan("compare", str(a), str(b)).exit_code == 0
    data = json.loads((b / "plans.json").read_text(encoding="utf-8"))
    data["schools"]["r03"]["name"] = "单县第二中学"
    (b / "plans.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, err = run("compare", str(a), str(b))
    assert code == 2
    assert "r03 is 单县第二中学 in plans.json but 曹县第一中学 in heze-as-stated.yaml" in err


def test_verify_reads_the_name_and_plan_columns_of_a_csv(
    year_one: tuple[Instance, Result, Path], tmp_path: Path
) -> None:
    """A plan CSV whose helper name, recipient county or plan number was edited fails
    (exit 1), each row named; the file as written verifies."""
    _instance, _result, folder = year_one
    assert plan("verify", str(HEZE), str(folder / "plan-1.csv")).exit_code == 0
    rows = _csv_rows(folder / "plan-1.csv")
    other = next(r["helper"] for r in rows if r["helper"] != rows[0]["helper"])
    rows[0]["helper"] = other
    rows[1]["county"] = "单县"
    rows[2]["plan"] = "2"
    edited = _write_csv(tmp_path / "edited.csv", rows)
    done = plan("verify", str(HEZE), str(edited))
    shown = " ".join(done.stdout.split())
    assert done.exit_code == 1
    assert f"row 2: its helper school column says {other}, but {rows[0]['helper_id']}" in shown
    assert "row 3: its county column says 单县" in shown
    assert "row 4 says plan 2, the other rows plan 1" in shown


def test_verify_reads_the_name_column_of_a_ledger(
    year_one: tuple[Instance, Result, Path], tmp_path: Path
) -> None:
    """The issue's ledger, in Chinese: a senior high's name typed over a junior school's
    helper (帮扶学校) fails verification at its row (exit 1); untouched, it verifies."""
    instance, result, _folder = year_one
    with use_language("zh"):
        ledger = export_plan(instance, result, result.plans[0], tmp_path / "台账.xlsx")
    assert plan("verify", str(HEZE), str(ledger)).exit_code == 0
    book = openpyxl.load_workbook(ledger)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    helper, stage = header.index("帮扶学校") + 1, header.index("学段") + 1
    junior = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, stage).value == "初中")
    senior = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, stage).value == "高中")
    typed = sheet.cell(senior, helper).value
    sheet.cell(junior, helper).value = typed
    book.save(ledger)
    assert set(read_plan(ledger).pairs) == {(p.helper, p.recipient) for p in result.plans[0].pairs}
    done = plan("verify", str(HEZE), str(ledger))
    shown = " ".join(done.stdout.split())
    assert done.exit_code == 1
    assert f"row {junior}: its helper school column says {typed}" in shown
    assert "school named" in shown
    chinese = plan("verify", str(HEZE), str(ledger), "--lang", "zh")
    assert "学校名称与编号" in chinese.stdout and "identity" not in chinese.stdout


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_county_renamed_since_is_the_same_place(
    year_one: tuple[Instance, Result, Path],
) -> None:
    """A school of 定陶县 (371727), recorded next year under 定陶区 (371703, the division it
    became) by the list the clerk sent, is the same school: places compare by the division
    they are part of today, and a school of another county is still a mismatch."""
    instance, _result, _folder = year_one
    school = instance.school("r05")
    assert school is not None and school.place == "dingtao"
    renamed = SchoolIdentity(school.name, "371703", "371703")
    assert identity_mismatches(instance, {"r05": renamed}) == []
    moved = SchoolIdentity(school.name, "caoxian", "371721")
    assert [m.column for m in identity_mismatches(instance, {"r05": moved})] == ["place"]
