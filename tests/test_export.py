"""Exports: the ledger workbook, CSV and JSON; reading the ledger back and verifying it."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pairing_planner import (
    InputError,
    Instance,
    Result,
    SolveOptions,
    load_instance,
    read_plan,
    solve,
    verify_plan,
)
from pairing_planner.report.export import export_plan
from pairing_planner.report.ledger import CONTACTS, DUTY, PAIRS, PROVENANCE
from tests.conftest import INSTANCES, build, fake_contacts, instance_dict, random_school
from tests.solved import solved_once


@pytest.fixture(scope="module")
def solved(heze_as_stated: Instance) -> Result:
    return solve(heze_as_stated, SolveOptions(plans=2))


def test_ledger_has_four_sheets_and_reads_back(
    heze_as_stated: Instance, solved: Result, tmp_path: Path
) -> None:
    """With contacts (from the bureau's file beside the instance): pairs, duties, contacts,
    provenance; openpyxl and pandas read it; the pairs sheet verifies."""
    copy, secrets = fake_contacts(tmp_path)
    path = export_plan(
        load_instance(copy),
        solved,
        solved.plans[0],
        tmp_path / "l.xlsx",
        with_contacts=True,
        school_year=2016,
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [s.en for s in (PAIRS, DUTY, CONTACTS, PROVENANCE)]
    assert book[PAIRS.en].freeze_panes == "A2"
    assert book[DUTY.en].data_validations.dataValidation
    sheets = pd.read_excel(path, sheet_name=None)
    assert len(sheets[PAIRS.en]) == 20
    assert len(sheets[DUTY.en]) == 20 * 3
    assert set(sheets[DUTY.en]["clause"]) == {"H1", "H2"}
    assert sheets[DUTY.en]["minimum"].tolist()[:3] == [2, 5, 1]
    assert set(sheets[DUTY.en]["school_year"]) == {"2016–2017"}
    people = {p for p in secrets if not p.isdigit()}
    assert set(sheets[DUTY.en]["person_responsible"]) <= people and len(people) > 0
    assert verify_plan(heze_as_stated, read_plan(path).pairs).ok
    contacts = sheets[CONTACTS.en].astype(str)
    assert set(contacts["phone"]) <= set(secrets) and len(contacts) == 20 + 20


def test_contacts_file_missing_or_wrong_is_a_clear_error(
    heze_as_stated: Instance, solved: Result, tmp_path: Path
) -> None:
    """The shipped instance names a contacts file no repository holds: asking for contacts
    says where it should be; a row naming an unknown school gives the file and line; a YAML
    file keyed by school id works as well as a CSV."""
    with pytest.raises(InputError, match=r"heze\.contacts\.csv is not there"):
        export_plan(
            heze_as_stated, solved, solved.plans[0], tmp_path / "a.xlsx", with_contacts=True
        )
    copy, _secrets = fake_contacts(tmp_path)
    table = tmp_path / "heze.contacts.csv"
    table.write_text(table.read_text(encoding="utf-8") + "nobody,某人,0\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        export_plan(
            load_instance(copy), solved, solved.plans[0], tmp_path / "b.xlsx", with_contacts=True
        )
    problem = caught.value.problems[0]
    assert "'nobody'" in str(problem) and problem.line == 62
    yaml_copy = copy.read_text(encoding="utf-8").replace("heze.contacts.csv", "heze.contacts.yaml")
    copy.write_text(yaml_copy, encoding="utf-8")
    (tmp_path / "heze.contacts.yaml").write_text(
        "r01: {person: 某人, phone: '0530-0000'}\n", encoding="utf-8"
    )
    path = export_plan(
        load_instance(copy), solved, solved.plans[0], tmp_path / "c.xlsx", with_contacts=True
    )
    contacts = pd.read_excel(path, sheet_name=CONTACTS.en, dtype=str).fillna("")
    assert contacts.set_index("school_id").loc["r01", "phone"] == "0530-0000"


def test_edited_ledger_names_the_broken_rule(
    heze_as_stated: Instance, solved: Result, tmp_path: Path
) -> None:
    """A planner gives one school the helper of another: verify names capacity and quota."""
    path = export_plan(heze_as_stated, solved, solved.plans[0], tmp_path / "l.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[PAIRS.en]
    header = [cell.value for cell in sheet[1]]
    col = header.index("helper_id") + 1
    sheet.cell(row=3, column=col).value = sheet.cell(row=2, column=col).value
    book.save(path)
    kinds = {v.kind for v in verify_plan(heze_as_stated, read_plan(path).pairs).violations}
    assert "capacity" in kinds and "city_quota" in kinds


def test_no_contacts_without_asking(
    heze_as_stated: Instance, solved: Result, tmp_path: Path
) -> None:
    """Without with_contacts the ledger has three sheets; contacts only go into a ledger."""
    path = export_plan(heze_as_stated, solved, solved.plans[0], tmp_path / "l.xlsx")
    assert CONTACTS.en not in openpyxl.load_workbook(path).sheetnames
    with pytest.raises(InputError, match=r"only into the \.xlsx"):
        export_plan(heze_as_stated, solved, solved.plans[0], tmp_path / "l.csv", with_contacts=True)


def test_csv_and_json(heze_as_stated: Instance, solved: Result, tmp_path: Path) -> None:
    """CSV rows are the plan's pairs; JSON is the plans.json schema holding the one plan."""
    plan = solved.plans[1]
    csv = export_plan(heze_as_stated, solved, plan, tmp_path / "p.csv")
    assert sorted(pd.read_csv(csv)["recipient_id"]) == sorted(p.recipient for p in plan.pairs)
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")
    plain = export_plan(heze_as_stated, solved, plan, tmp_path / "q.csv", bom=False)
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_plan(csv).pairs == read_plan(plain).pairs
    document = json.loads(
        export_plan(heze_as_stated, solved, plan, tmp_path / "p.json").read_text()
    )
    assert [p["rank"] for p in document["plans"]] == [2]
    assert Result.from_json(json.dumps(document)).plans[0].pairs == plan.pairs


def test_unknown_format_is_refused(
    heze_as_stated: Instance, solved: Result, tmp_path: Path
) -> None:
    """An extension we cannot write gets a clear message."""
    with pytest.raises(InputError, match=r"cannot export to .\.ods."):
        export_plan(heze_as_stated, solved, solved.plans[0], tmp_path / "p.ods")


def test_a_relaxed_plan_s_ledger_carries_its_relaxations(tmp_path: Path) -> None:
    """The printed attachment's relaxed plan: the ledger marks the bent pairs, lists the
    relaxations on a sheet of their own, and plan verify reports them as declared from the
    workbook as it does from plans.json (exit 0); without that sheet the plan fails."""
    from click.testing import CliRunner

    from pairing_planner.cli import main
    from pairing_planner.report.ledger import RELAXATIONS

    heze = INSTANCES / "heze.yaml"
    runner = CliRunner()
    assert runner.invoke(main, ["solve", str(heze), "--out", str(tmp_path)]).exit_code == 0
    ledger = tmp_path / "ledger.xlsx"
    export = ["export", str(tmp_path / "heze"), "--to", str(ledger)]
    assert runner.invoke(main, export).exit_code == 0
    sheets = pd.read_excel(ledger, sheet_name=None, dtype=str)
    assert list(sheets[RELAXATIONS.en]["clause"]) == ["S6"]
    bent = sheets[PAIRS.en]["bends"].fillna("")
    assert set(bent) == {"", "S6: city over its quota"} and (bent != "").sum() == 2
    verified = runner.invoke(main, ["verify", str(heze), str(ledger)])
    assert verified.exit_code == 0 and "declared relaxation" in verified.stdout
    book = openpyxl.load_workbook(ledger)
    del book[RELAXATIONS.en]
    book.save(ledger)
    assert runner.invoke(main, ["verify", str(heze), str(ledger)]).exit_code == 1


def test_result_csvs_open_in_excel(
    heze_as_stated: Instance, solved: Result, tmp_path: Path
) -> None:
    """plan-K.csv starts with the byte-order mark Excel needs, and verifies as it is."""
    from pairing_planner import write_result

    folder = write_result(heze_as_stated, solved, tmp_path)
    csv = folder / "plan-1.csv"
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")
    assert verify_plan(heze_as_stated, read_plan(csv).pairs).ok


def test_provenance_reads_plainly(heze: Instance, tmp_path: Path) -> None:
    """The ledger's provenance: the export date, a relaxed plan called relaxed and whether
    its bend is proven least (not the OPTIMAL of its least relaxation), and parameters
    without None or False."""
    from datetime import date

    result = solved_once(heze)
    path = export_plan(heze, result, result.plans[0], tmp_path / "l.xlsx")
    facts = pd.read_excel(path, sheet_name=PROVENANCE.en, dtype=str).set_index("field")["value"]
    assert str(facts["exported"]).startswith(date.today().isoformat())
    assert facts["status"].startswith("relaxed, ") and "OPTIMAL" not in facts["status"]
    assert not {"None", "False", "True"} & set(facts)


def test_a_ledger_in_chinese_reads_back(heze: Instance, tmp_path: Path) -> None:
    """Under zh the ledger is a 台账 a clerk reads: Chinese headers, school year and terms, the
    relaxation marked on the pairs that bend it; plan verify reads its pairs and declared
    relaxations back from the Chinese headers."""
    from pairing_planner.i18n import use_language

    result = solved_once(heze)
    with use_language("zh"):
        path = export_plan(heze, result, result.plans[0], tmp_path / "台账.xlsx", school_year=2016)
    sheets = pd.read_excel(path, sheet_name=None)
    pairs, duties = sheets[PAIRS.zh], sheets[DUTY.zh]
    assert {"被帮扶学校编号", "帮扶学校编号", "被帮扶学校", "依据条款"} <= set(pairs.columns)
    assert {"学年", "学期", "负责人", "计划日期", "完成情况"} <= set(duties.columns)
    assert set(duties["学期"]) == {"全年"} and set(duties["学年"]) == {"2016–2017"}
    bent = pairs[pairs["放宽"].fillna("") != ""]
    assert len(bent) >= 2 and set(bent["帮扶学校所在市"]) == {"济宁市"}
    stated = read_plan(path)
    verdict = verify_plan(heze, stated.pairs, stated.relaxations)
    assert verdict.ok and len(verdict.declared) == 1


def test_a_per_term_duty_has_a_row_in_each_term(tmp_path: Path) -> None:
    """M1 (one joint meeting every semester) is due in both terms; the other UR duties once a
    year."""
    from pairing_planner.report.ledger import ledger_frames

    rng = random.Random(3)
    helper = random_school(rng, "h", 0, 1) | {"capacity": 1}
    recipient = random_school(rng, "r", 0, 1) | {"place": helper["place"]}
    instance = build(instance_dict([helper], [recipient], [{"kind": "coverage", "clause": "S2"}]))
    result = solve(instance)
    duties = ledger_frames(instance, result, result.plans[0], False, 2020)[DUTY]
    m1 = duties[duties["clause"] == "M1"]
    assert list(m1["term"]) == ["first term", "second term"] and set(m1["minimum"]) == {1}
    assert set(duties[duties["clause"] != "M1"]["term"]) == {"whole year"}


def test_the_official_list_prints_on_a4_in_the_attachment_s_layout(
    heze: Instance, tmp_path: Path
) -> None:
    """The pairing list: the attachment's columns with each school's helper, every recipient
    once, set up for A4 landscape with the header row repeated; the R4 report has a sheet per
    helper city (in the instance's order) holding exactly that city's pairs; the .docx holds
    the same rows in a ruled table whose header repeats on every page."""
    import docx

    from pairing_planner.i18n import use_language

    result = solved_once(heze)
    plan = result.plans[0]
    with use_language("zh"):
        listed = export_plan(heze, result, plan, tmp_path / "名单.xlsx", form="list")
        report = export_plan(heze, result, plan, tmp_path / "r4.xlsx", form="report")
        printed = export_plan(heze, result, plan, tmp_path / "名单.docx")
    sheet = openpyxl.load_workbook(listed).worksheets[0]
    assert sheet["A1"].value == "支持菏泽教育发展结对帮扶学校名单"
    assert [c.value for c in sheet[3]] == [
        "序号",
        "县（市、区）",
        "学段",
        "被帮扶学校",
        "帮扶学校所在市",
        "帮扶学校",
        "备注",
    ]
    rows = [[c.value or "" for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [r[3] for r in rows] == [r.name for r in heze.data.recipients]
    assert {
        (heze.helpers[p.helper].name, heze.recipients[p.recipient].name) for p in plan.pairs
    } == {(r[5], r[3]) for r in rows}
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, sheet.print_title_rows) == ("landscape", 9, "$3:$3")
    book = openpyxl.load_workbook(report)
    cities = [heze.places[c].name for c in heze.places if heze.places[c].kind.value == "city"]
    assert book.sheetnames == [c for c in cities if c in book.sheetnames]
    for name in book.sheetnames:
        helpers = {
            r[5] for r in ([c.value for c in row] for row in book[name].iter_rows(min_row=4))
        }
        assert all(h.startswith(name) for h in helpers)
    assert sum(book[n].max_row - 3 for n in book.sheetnames) == len(plan.pairs)
    table = docx.Document(str(printed)).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == [
        [str(v) for v in r] for r in rows
    ]
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")


def test_a_printed_form_needs_a_printable_file(
    heze_as_stated: Instance, solved: Result, tmp_path: Path
) -> None:
    """A list is .xlsx or .docx, a ledger never .docx: anything else is refused, nothing written."""
    for name, form in (("x.csv", "list"), ("x.docx", "ledger")):
        with pytest.raises(InputError, match="written as"):
            export_plan(heze_as_stated, solved, solved.plans[0], tmp_path / name, form=form)  # type: ignore[arg-type]
        assert not (tmp_path / name).exists()


def test_library_export_replaces_a_file_only_when_asked(
    heze_as_stated: Instance, solved: Result, tmp_path: Path
) -> None:
    """A notebook's export_plan keeps a file that is there (the planner's own, perhaps)
    unless force is given, as `plan export` does."""
    target = tmp_path / "mine.csv"
    target.write_text("the planner's own notes\n", encoding="utf-8")
    with pytest.raises(InputError, match="--force"):
        export_plan(heze_as_stated, solved, solved.plans[0], target)
    assert target.read_text(encoding="utf-8") == "the planner's own notes\n"
    export_plan(heze_as_stated, solved, solved.plans[0], target, force=True)
    assert read_plan(target).pairs == [(p.helper, p.recipient) for p in solved.plans[0].pairs]


def test_a_plan_without_pairs_exports_with_its_headers(
    heze_as_stated: Instance, solved: Result, tmp_path: Path
) -> None:
    """A plan with no pair (lists read wrongly can leave none) still makes a ledger and a CSV
    with their headers, and the CSV reads back as an empty plan rather than a file lacking
    columns."""
    empty = replace(solved.plans[0], pairs=[])
    ledger = export_plan(heze_as_stated, solved, empty, tmp_path / "l.xlsx")
    sheet = openpyxl.load_workbook(ledger).worksheets[0]
    assert sheet.max_row == 1 and sheet.max_column > 5
    csv = export_plan(heze_as_stated, solved, empty, tmp_path / "p.csv")
    assert read_plan(csv).pairs == []
    assert read_plan(ledger).pairs == []
