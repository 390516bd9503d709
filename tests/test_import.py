"""``plan import``: school lists as bureaus keep them (.xlsx with the attachment's layout, or
.csv) into an instance that solves like the hand-written one, contacts kept apart, and every
problem named by file, sheet, row and column."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from click.testing import CliRunner

from pairing_planner import SolveOptions, load_instance, solve, verify_plan
from pairing_planner.cli import main
from pairing_planner.errors import InputError
from pairing_planner.instance.bureau_files.contacts import read_contacts
from pairing_planner.instance.bureau_files.provenance import Source
from pairing_planner.instance.bureau_files.school_lists import (
    HELPER_COLUMNS,
    RECIPIENT_COLUMNS,
    import_lists,
)
from pairing_planner.instance.schema.models import InstanceData
from pairing_planner.instance.schema.school_models import School
from pairing_planner.instance.spreadsheets.tables import read_table
from tests.conftest import INSTANCES

HEZE = load_instance(INSTANCES / "heze.yaml")
STAGE_ZH = {"junior": "初中", "senior": "高中", "primary": "小学"}
ATTACHMENT = ["序号", "县（市、区）", "学段", "学校名称", "负责人", "联系电话"]


def _person(i: int) -> tuple[str, str]:
    """A made-up person and number (built here, so no number stands in a tracked file)."""
    return f"联系人{i:02d}", "1" + str(38_0000_0000 + i * 7_919)


def _recipient_rows() -> list[list[str]]:
    return [
        [str(i), HEZE.places[r.place].name, STAGE_ZH[r.stages[0]], r.name, *_person(i)]
        for i, r in enumerate(HEZE.data.recipients, start=1)
    ]


def _helper_rows() -> list[list[str]]:
    return [
        [
            h.id,
            HEZE.places[h.place].name,
            STAGE_ZH[h.stages[0]],
            h.name,
            str(h.lat),
            str(h.lon),
            str(h.score),
            "、".join(h.strengths),
        ]
        for h in HEZE.data.helpers
    ]


HELPER_HEADERS = ["编号", "市", "学段", "学校名称", "纬度", "经度", "办学水平", "优势学科"]


def _workbook(path: Path, sheets: dict[str, tuple[list[str], list[list[str]]]]) -> Path:
    """A workbook as a bureau makes it: a title row above each sheet's header row."""
    book = xlsxwriter.Workbook(str(path))
    for name, (headers, rows) in sheets.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, [f"附件：{name}"])
        sheet.write_row(1, 0, headers)
        for i, row in enumerate(rows, start=2):
            sheet.write_row(i, 0, row)
    book.close()
    return path


def _attachment(folder: Path, rows: list[list[str]] | None = None) -> Path:
    return _workbook(
        folder / "名单.xlsx",
        {
            "菏泽被帮扶学校名单": (ATTACHMENT, _recipient_rows() if rows is None else rows),
            "帮扶学校": (HELPER_HEADERS, _helper_rows()),
        },
    )


def _imported(book: Path, sheet: str = "菏泽被帮扶学校名单"):  # type: ignore[no-untyped-def]
    return import_lists(
        HEZE,
        recipients=read_table(book, RECIPIENT_COLUMNS, sheet),
        helpers=read_table(book, HELPER_COLUMNS, "帮扶学校"),
        name="heze-imported",
        contacts="heze-imported.contacts.csv",
    )


def test_the_attachment_imports_to_the_same_plan_as_the_instance(tmp_path: Path) -> None:
    """The 21 rows in the attachment's layout and a helpers sheet give the instance's schools,
    places and the same plan, pair for pair, at the same cost; persons and numbers are only
    in the contacts file."""
    book = _attachment(tmp_path)
    code = CliRunner().invoke(
        main,
        [
            "import",
            str(INSTANCES / "heze.yaml"),
            "--recipients",
            str(book),
            "--recipients-sheet",
            "菏泽被帮扶学校名单",
            "--helpers",
            str(book),
            "--helpers-sheet",
            "帮扶学校",
            "-o",
            str(tmp_path / "heze-imported.yaml"),
        ],
    )
    assert code.exit_code == 0, code.output
    assert "巨野县高级中学" in code.output and "row 15" in code.output
    imported = load_instance(tmp_path / "heze-imported.yaml")
    assert [r.name for r in imported.data.recipients] == [r.name for r in HEZE.data.recipients]
    assert [r.place for r in imported.data.recipients] == [r.place for r in HEZE.data.recipients]
    text = (tmp_path / "heze-imported.yaml").read_text(encoding="utf-8")
    contacts = read_contacts(imported)
    for i, recipient in enumerate(imported.data.recipients, start=1):
        person, phone = _person(i)
        assert contacts[recipient.id].phone == phone and phone not in text
        assert person not in text
    ours, theirs = solve(imported, SolveOptions(jobs=1)), solve(HEZE, SolveOptions(jobs=1))
    assert ours.status == theirs.status == "RELAXED"
    assert ours.plans[0].objective == pytest.approx(theirs.plans[0].objective)
    named = [(p.helper, imported.recipients[p.recipient].name) for p in ours.plans[0].pairs]
    expected = [(p.helper, HEZE.recipients[p.recipient].name) for p in theirs.plans[0].pairs]
    assert sorted(named) == sorted(expected)
    plan = ours.plans[0]
    pairs = [(p.helper, p.recipient) for p in plan.pairs]
    verdict = verify_plan(imported, pairs, plan.relaxations)
    rounding = 0.005 * 2 * len(pairs)  # per pair and term, the model rounds to 0.01
    assert verdict.ok and verdict.objective == pytest.approx(plan.objective, abs=rounding)


def test_a_csv_from_excel_in_gbk_imports(tmp_path: Path) -> None:
    """A CSV that Excel on a Chinese Windows saved (GB18030, no title row, the header 县市区
    and the county names spaced as the notice prints them: 曹 县) reads the same."""
    rows = [
        [r[0], {"曹县": "曹 县", "单县": "单 县"}.get(r[1], r[1]), *r[2:]]
        for r in _recipient_rows()
    ]
    header = ["序号", "县市区", *ATTACHMENT[2:]]
    lines = [",".join(header), *(",".join(row) for row in rows)]
    path = tmp_path / "名单.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    table = read_table(path, RECIPIENT_COLUMNS)
    imported = import_lists(HEZE, recipients=table)
    assert [r.name for r in imported.data.recipients] == [r.name for r in HEZE.data.recipients]
    assert [r.place for r in imported.data.recipients] == [r.place for r in HEZE.data.recipients]


def test_a_county_not_in_the_template_comes_from_the_division_table(tmp_path: Path) -> None:
    """定陶区 (the district 定陶县 became) is the template's 定陶县, and 莱城区 (of 莱芜市,
    merged into Jinan in 2019) is found by name, with its seat, in the template's 莱芜市."""
    rows = [
        ["1", "定陶区", "初中", "定陶区示例初中", "", ""],
        ["2", "莱城区", "初中", "莱城区示例初中", "", ""],
    ]
    table = read_table(_attachment(tmp_path, rows), RECIPIENT_COLUMNS, "菏泽被帮扶学校名单")
    data = import_lists(HEZE, recipients=table).data
    places = {p.id: p for p in data.places}
    first, second = (places[r.place] for r in data.recipients)
    assert (first.id, first.name, first.adcode, first.city) == (
        "dingtao",
        "定陶县",
        "371727",
        "heze",
    )
    assert (second.name, places[second.city or ""].name) == ("莱城区", "莱芜市")
    assert second.lat > 36.0


def test_bad_rows_are_named_by_sheet_row_and_column(tmp_path: Path) -> None:
    """A misspelt county (with what it may have meant), an empty row, a cell merged down a
    column and a stage that contradicts the name: each named by its sheet row."""
    rows = _recipient_rows()[:6]
    rows[1][1] = "牡舟区"
    rows[3][2] = "高中"  # 曹县第一初级中学
    rows.insert(3, ["", "", "", "", "", ""])
    book = tmp_path / "bad.xlsx"
    workbook = xlsxwriter.Workbook(str(book))
    sheet = workbook.add_worksheet("名单")
    sheet.write_row(0, 0, ATTACHMENT)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    sheet.merge_range(5, 1, 6, 1, "定陶县")
    workbook.close()
    table = read_table(book, RECIPIENT_COLUMNS, "名单")
    notes = [str(n) for n in table.notes]
    assert any("[名单], row 5" in n and "empty" in n for n in notes)
    assert any("row 6" in n and "rows 6–7" in n and "column '县（市、区）'" in n for n in notes)
    with pytest.raises(InputError) as caught:
        import_lists(HEZE, recipients=table)
    (problem,) = caught.value.problems
    assert (problem.file, problem.sheet) == (book, "名单")
    assert problem.line == 3 and problem.field == "县（市、区）"
    assert "牡舟区" in problem.message and "牡丹区" in problem.message
    (stage,) = [n for n in caught.value.notes if n.field == "学段"]
    assert stage.line == 6 and "初级中学" in stage.message and "高中" in stage.message


def test_a_merge_across_columns_and_a_bad_stage_are_errors(tmp_path: Path) -> None:
    """What cannot be read without guessing stops the import, every row listed."""
    book = tmp_path / "merged.xlsx"
    workbook = xlsxwriter.Workbook(str(book))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ATTACHMENT)
    sheet.write_row(1, 0, ["1", "曹县", "大学", "曹县示例学校", "", ""])
    sheet.merge_range(2, 1, 2, 2, "曹县")
    sheet.write_row(2, 3, ["曹县示例学校二"])
    workbook.close()
    with pytest.raises(InputError) as caught:
        read_table(book, RECIPIENT_COLUMNS)
    assert [(p.line, p.field) for p in caught.value.problems] == [(3, "县（市、区）")]
    lines = [",".join(ATTACHMENT), "1,曹县,大学,曹县示例学校,,"]
    (tmp_path / "stage.csv").write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_lists(HEZE, recipients=read_table(tmp_path / "stage.csv", RECIPIENT_COLUMNS))
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (2, "学段") and "大学" in problem.message


def test_import_refuses_to_overwrite_and_exits_2_on_bad_rows(tmp_path: Path) -> None:
    """Exit 2 with the row named and nothing written; an existing output needs --force."""
    rows = _recipient_rows()
    rows[0][1] = "牡舟区"
    book = _attachment(tmp_path, rows)
    out = tmp_path / "x.yaml"
    args = ["import", str(INSTANCES / "heze.yaml"), "--recipients", str(book), "-o", str(out)]
    result = CliRunner().invoke(main, args)
    flat = " ".join(result.output.split())
    assert result.exit_code == 2 and "row 3" in flat and "Traceback" not in flat
    assert not out.exists()
    out.write_text("kept", encoding="utf-8")
    book = _attachment(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "kept"


def test_an_instance_may_reference_its_lists_as_tables(tmp_path: Path) -> None:
    """``recipients: {table: …}`` reads a bureau's list (here the attachment's layout, by
    county name) beside the instance: the same schools and places as listed inline, and a
    sha256 that changes when the table does."""
    text = (INSTANCES / "heze.yaml").read_text(encoding="utf-8")
    start = text.index("\nrecipients:\n")
    end = text.index("\nrules:\n")
    referenced = text[:start] + "\nrecipients: {table: 名单.csv}\n" + text[end:]
    (tmp_path / "heze.yaml").write_text(referenced, encoding="utf-8")
    lines = [",".join(ATTACHMENT), *(",".join(row) for row in _recipient_rows())]
    table = tmp_path / "名单.csv"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    loaded = load_instance(tmp_path / "heze.yaml")
    typed = [r.model_copy(update={"source": None}) for r in loaded.data.recipients]
    assert _but_ids(typed) == _but_ids(HEZE.data.recipients)
    assert typed[0].id == "r-371702-mudanqudiershierzhongxue"  # county and name, not 序号
    assert [r.source.row for r in loaded.data.recipients if r.source] == list(range(2, 23))
    assert loaded.data.places == HEZE.data.places
    before = loaded.sha256
    table.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8-sig")
    assert load_instance(tmp_path / "heze.yaml").sha256 != before


def _but_ids(schools: Sequence[School]) -> list[dict[str, Any]]:
    """Schools without their ids: a list without an id column gives ids made from each
    school's identity (issue 29), an instance its own."""
    return [school.model_dump(exclude={"id"}) for school in schools]


def test_generate_with_tables_loads_the_same_instance(tmp_path: Path) -> None:
    """``plan generate --tables`` writes the schools to CSV tables the instance references;
    it loads to the very instance the inline file gives."""
    runner = CliRunner()
    inline, tables = tmp_path / "inline.yaml", tmp_path / "t" / "county.yaml"
    tables.parent.mkdir()
    assert runner.invoke(main, ["generate", "--preset", "city", "-o", str(inline)]).exit_code == 0
    args = ["generate", "--preset", "city", "--tables", "-o", str(tables)]
    assert runner.invoke(main, args).exit_code == 0
    assert sorted(p.name for p in tables.parent.iterdir()) == [
        "county-helpers.csv",
        "county-recipients.csv",
        "county.yaml",
    ]
    from_tables, listed = load_instance(tables).data, load_instance(inline).data
    assert from_tables.recipients[4].source == Source(file="county-recipients.csv", row=6)
    assert _without_sources(from_tables) == listed


def _without_sources(data: InstanceData) -> InstanceData:
    """``data`` as if its schools had been typed into the instance (issue 29: a table an
    instance references is its schools' source)."""
    return data.model_copy(
        update={
            key: [s.model_copy(update={"source": None}) for s in getattr(data, key)]
            for key in ("recipients", "helpers")
        }
    )


def test_a_broken_table_reference_names_the_file_and_row(tmp_path: Path) -> None:
    """A reference that is not {table: FILE}, a missing table, and a table whose rows are
    not clean (an empty row) are errors naming the file and line or row."""
    text = (INSTANCES / "heze.yaml").read_text(encoding="utf-8")
    start, end = text.index("\nrecipients:\n"), text.index("\nrules:\n")
    path = tmp_path / "heze.yaml"
    for reference, words in (
        ("{file: x.csv}", "{table: FILE}"),
        ("{table: missing.csv}", "not there"),
        ("{table: gap.csv}", "empty"),
    ):
        path.write_text(text[:start] + f"\nrecipients: {reference}\n" + text[end:], "utf-8")
        rows = [",".join(row) for row in _recipient_rows()]
        lines = [",".join(ATTACHMENT), *rows[:3], ",,,,,", *rows[3:]]
        (tmp_path / "gap.csv").write_text("\n".join(lines), encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_instance(path)
        assert words in str(caught.value), str(caught.value)
