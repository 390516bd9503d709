"""Import without friction (issue 30, part D): the lists a bureau really sends — merged
county cells, the same sheet saved as CSV, 菏泽市成武县 in one cell, 初中部 and 完中, a sheet
of instructions before the list, footnotes, pre-numbered rows, phones Excel turned into
1.38E+10 — read or refused with a message that says what to do; a closing line on what was
written; a spreadsheet given to ``plan check``; calendar dates as clerks type them."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner

from pairing_planner import load_instance
from pairing_planner.cli import main
from pairing_planner.errors import InputError
from pairing_planner.instance.bureau_files.calendar_table import read_calendar_table
from pairing_planner.instance.bureau_files.school_lists import RECIPIENT_COLUMNS, import_lists
from pairing_planner.instance.spreadsheets.list_rows import serial_number
from pairing_planner.instance.spreadsheets.tables import read_table
from tests.conftest import INSTANCES

HEZE = load_instance(INSTANCES / "heze.yaml")
TEMPLATE = str(INSTANCES / "heze.yaml")
TEMPLATE_TEXT = (INSTANCES / "heze.yaml").read_text(encoding="utf-8")
STAGE_ZH = {"junior": "初中", "senior": "高中", "primary": "小学"}
HEADERS = ["序号", "县（市、区）", "学段", "学校名称"]
ROWS = [
    [str(i), HEZE.places[r.place].name, STAGE_ZH[r.stages[0]], r.name]
    for i, r in enumerate(HEZE.data.recipients, start=1)
]
"""The Heze attachment's 21 recipients, in its order (counties in runs)."""


def _sheet(
    path: Path,
    rows: list[list[object]],
    *,
    headers: list[str] = HEADERS,
    merge: tuple[int, int, int, int, str] | None = None,
    instructions: str = "",
) -> Path:
    """A workbook whose sheet 名单 holds the header row, then ``rows`` (with ``merge``, a
    range of 0-based rows and columns and its value); after a sheet ``instructions`` when
    given."""
    book = xlsxwriter.Workbook(str(path))
    if instructions:
        book.add_worksheet(instructions).write(0, 0, "请各县于3月1日前报送")
    sheet = book.add_worksheet("名单")
    sheet.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    if merge is not None:
        sheet.merge_range(*merge)
    book.close()
    return path


def _runs() -> list[tuple[int, int]]:
    """The first and last index of each county's run of schools in :data:`ROWS`."""
    runs: list[tuple[int, int]] = []
    for i, row in enumerate(ROWS):
        if runs and ROWS[runs[-1][0]][1] == row[1]:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _merged_attachment(path: Path) -> Path:
    """The attachment's layout: a title row, the header, and 县（市、区） merged over each
    county's schools, the merges written last county first (as an edited sheet stores them)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("附件")
    sheet.write_row(0, 0, ["附件1：被帮扶学校名单"])
    sheet.write_row(1, 0, HEADERS)
    for first, last in reversed(_runs()):
        if last > first:
            sheet.merge_range(first + 2, 1, last + 2, 1, ROWS[first][1])
        else:
            sheet.write(first + 2, 1, ROWS[first][1])
    for i, row in enumerate(ROWS, start=2):
        sheet.write(i, 0, row[0])
        sheet.write_row(i, 2, row[2:])
    book.close()
    return path


def _invoke(*args: str, lang: str = "en"):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["--lang", lang, *args])


def _flat(text: str) -> str:
    """Output with the console's line wrapping undone."""
    return " ".join(text.split())


def test_merged_county_cells_give_one_note_in_row_order(tmp_path: Path) -> None:
    """Nine county merges, stored last first, are one note at the first merged row, listing
    the ranges in row order with the county each row takes; the schools are in their counties."""
    table = read_table(_merged_attachment(tmp_path / "名单.xlsx"), RECIPIENT_COLUMNS)
    merged = [n for n in table.notes if n.field == "县（市、区）"]
    assert len(merged) == 1
    (note,) = merged
    assert note.line == 3
    spans = [f"{first + 3}–{last + 3} ('{ROWS[first][1]}')" for first, last in _runs()]
    spans = [s for s, (first, last) in zip(spans, _runs(), strict=True) if last > first]
    assert note.message.startswith("rows " + ", ".join(spans))
    data = import_lists(HEZE, recipients=table).data
    assert [r.place for r in data.recipients] == [r.place for r in HEZE.data.recipients]


def test_a_blank_county_in_a_workbook_is_an_error_at_its_row(tmp_path: Path) -> None:
    """In a workbook a merged county cell is filled where it is read, so a county left blank
    (a row deleted under a merged cell leaves one) is nobody's county: an error at its row,
    not the county of the school above (a user test: 开发区广州路中学 was planned in 郓城县
    without a warning)."""
    rows = [list(r) for r in ROWS]
    rows[-2][1] = ""
    code = _invoke(
        "import", TEMPLATE, "--recipients", str(_sheet(tmp_path / "名单.xlsx", rows)),
        "-o", str(tmp_path / "out.yaml"),
    )  # fmt: skip
    printed = _flat(code.output)
    assert code.exit_code == 2, printed
    assert f"row {len(ROWS)}: column '县（市、区）'" in printed
    assert "row above" not in printed and not (tmp_path / "out.yaml").exists()


def test_a_merged_sheet_saved_as_csv_fills_blank_counties_from_above(tmp_path: Path) -> None:
    """Saved as CSV, the merged counties are blank below each county's first school: each
    blank takes the county above, said once, naming the rows; a row naming only a city keeps
    it (a city's own school)."""
    path = tmp_path / "名单.csv"
    blanks: list[int] = []
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADERS)
        for i, row in enumerate(ROWS):
            first = i == 0 or ROWS[i - 1][1] != row[1]
            writer.writerow([row[0], row[1] if first else "", *row[2:]])
            if not first:
                blanks.append(i + 2)
    imported = import_lists(HEZE, recipients=read_table(path, RECIPIENT_COLUMNS))
    assert [r.place for r in imported.data.recipients] == [r.place for r in HEZE.data.recipients]
    (note,) = [n for n in imported.notes if n.field == "县（市、区）"]
    assert note.line == blanks[0]
    assert f"rows {', '.join(map(str, blanks))} name no county" in note.message
    with_city = tmp_path / "city.csv"
    with_city.write_text(
        "市,县（市、区）,学段,学校名称\n菏泽市,曹县,初中,曹县示例初中\n菏泽市,,高中,菏泽市示例高中\n",
        encoding="utf-8",
    )
    data = import_lists(HEZE, recipients=read_table(with_city, RECIPIENT_COLUMNS)).data
    assert [r.place for r in data.recipients] == ["caoxian", "heze"]


@pytest.mark.parametrize(
    "cell", ["菏泽市成武县", "山东省菏泽市成武县", "菏泽成武县", "菏泽市 成武县"]
)
def test_a_county_after_its_city_in_one_cell_is_read(tmp_path: Path, cell: str) -> None:
    """An address-like county cell is read as its city and county."""
    book = _sheet(tmp_path / "名单.xlsx", [["1", cell, "初中", "成武县第一初级中学"]])
    data = import_lists(HEZE, recipients=read_table(book, RECIPIENT_COLUMNS)).data
    assert [HEZE.places[r.place].name for r in data.recipients] == ["成武县"]


def test_a_county_after_another_city_than_its_row_names_is_refused(tmp_path: Path) -> None:
    """A 市 column that says 济宁市 beside 菏泽市成武县 is not overruled: an error at the county."""
    book = _sheet(
        tmp_path / "名单.xlsx",
        [["济宁市", "菏泽市成武县", "初中", "成武县第一初级中学"]],
        headers=["市", *HEADERS[1:]],
    )
    with pytest.raises(InputError) as caught:
        import_lists(HEZE, recipients=read_table(book, RECIPIENT_COLUMNS))
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (2, "县（市、区）")


def test_stage_words_of_bureau_lists_are_read(tmp_path: Path) -> None:
    """初中部 is 初中, 高中部 and 普通高中 are 高中, 完中 is 完全中学 (初中 and 高中)."""
    words = {"初中部": ["junior"], "高中部": ["senior"], "普通高中": ["senior"]}
    words["完中"] = ["junior", "senior"]
    rows = [["", "曹县", word, f"曹县示例学校{i}"] for i, word in enumerate(words)]
    data = import_lists(
        HEZE, recipients=read_table(_sheet(tmp_path / "x.xlsx", rows), RECIPIENT_COLUMNS)
    ).data
    assert [list(r.stages) for r in data.recipients] == list(words.values())


def test_a_duplicated_row_is_named_by_its_rows_and_name(tmp_path: Path) -> None:
    """A school pasted twice under a new 序号: both rows and the school's name, never an id
    the clerk did not type."""
    rows = [*ROWS[:9], ["10", *ROWS[3][1:]]]
    result = _invoke(
        "import", TEMPLATE, "--recipients", str(_sheet(tmp_path / "名单.xlsx", rows)),
        "-o", str(tmp_path / "x.yaml"),
    )  # fmt: skip
    flat = _flat(result.output)
    assert result.exit_code == 2, result.output
    assert "row 11" in flat and "row 5" in flat and ROWS[3][3] in flat
    assert "r-" not in flat and "'r" not in flat


def test_an_extra_first_sheet_names_the_sheets_and_the_option(tmp_path: Path) -> None:
    """Instructions before the list: the error names the workbook's sheets and
    --recipients-sheet, which then reads it."""
    book_path = _sheet(tmp_path / "名单.xlsx", list(ROWS), instructions="填表说明")
    args = ["import", TEMPLATE, "--recipients", str(book_path), "-o", str(tmp_path / "x.yaml")]
    result = _invoke(*args)
    flat = _flat(result.output)
    assert result.exit_code == 2
    assert "填表说明, 名单" in flat and "--recipients-sheet" in flat
    result = _invoke(*args, "--recipients-sheet", "名单")
    assert result.exit_code == 0, result.output


def test_footnote_rows_are_skipped_with_a_note(tmp_path: Path) -> None:
    """注：…, 说明：… and 备注 under the list, one of them merged across the row, are
    skipped, each with a note; no error."""
    rows: list[list[object]] = [
        *ROWS[:3],
        ["注：学段按2016年秋季学期统计。"],
        ["说明：本表由各县填报"],
    ]
    book_path = _sheet(tmp_path / "名单.xlsx", rows, merge=(6, 0, 6, 3, "备注"))
    imported = import_lists(HEZE, recipients=read_table(book_path, RECIPIENT_COLUMNS))
    assert len(imported.data.recipients) == 3
    footnotes = [n for n in imported.notes if "footnote" in n.message]
    assert [n.line for n in footnotes] == [5, 6, 7]
    assert "注：学段按2016年秋季学期统计。" in footnotes[0].message


def test_a_phone_in_scientific_notation_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    """A phone Excel saved as 1.38E+10 has lost its digits: exit 2 at its row and the 联系电话
    column, saying to retype it as text; nothing is written."""
    path = tmp_path / "名单.csv"
    lines = [",".join([*HEADERS, "联系电话"])]
    lines += [",".join([*row, "1.38123E+10" if i == 2 else ""]) for i, row in enumerate(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "x.yaml"
    result = _invoke("import", TEMPLATE, "--recipients", str(path), "-o", str(out), lang="zh")
    flat = _flat(result.output)
    assert result.exit_code == 2, result.output
    assert "第 4 行" in flat and "联系电话" in flat and "1.38123E+10" in flat and "文本" in flat
    assert not out.exists() and not (tmp_path / "x.contacts.csv").exists()


@pytest.mark.parametrize(
    ("text", "number"),
    [("3", 3), ("3.", 3), ("3、", 3), ("２", 2), ("１２", 12), ("一", 1), ("十二", 12),
     ("二十一", 21), ("一百零五", 105), ("一〇五", 105), ("第三", None), ("x", None), ("", None)],
)  # fmt: skip
def test_a_serial_number_is_read_as_typed(text: str, number: int | None) -> None:
    """序号 in Arabic digits with a trailing dot, full-width, or Chinese numerals."""
    assert serial_number(text) == number


def test_pre_numbered_empty_rows_are_not_schools(tmp_path: Path) -> None:
    """A template numbered in advance ("3.", "２", "二十") below the schools: those rows hold no
    school, and give no error; a numbered row between schools is noted as empty."""
    rows: list[list[object]] = [["1.", *ROWS[0][1:]], ["２"], ["三", *ROWS[1][1:]], ["二十"]]
    imported = import_lists(
        HEZE, recipients=read_table(_sheet(tmp_path / "x.xlsx", rows), RECIPIENT_COLUMNS)
    )
    assert [r.name for r in imported.data.recipients] == [ROWS[0][3], ROWS[1][3]]
    assert [n.line for n in imported.notes if "empty" in n.message] == [3]


def test_the_last_line_says_what_was_or_was_not_written(tmp_path: Path) -> None:
    """Bad input ends with 'nothing was written' (in Chinese too), and no file is there; a
    good list ends with what was written and where."""
    bad = _sheet(tmp_path / "bad.xlsx", [["1", "牡舟区", "初中", "某中学"]])
    out = tmp_path / "x.yaml"
    for lang, words in (("en", "Nothing was written"), ("zh", "未写入任何文件")):
        result = _invoke("import", TEMPLATE, "--recipients", str(bad), "-o", str(out), lang=lang)
        assert result.exit_code == 2
        assert result.output.strip().splitlines()[-1].startswith(words)
    assert not out.exists()
    good = _sheet(tmp_path / "good.xlsx", ROWS)
    result = _invoke("import", TEMPLATE, "--recipients", str(good), "-o", str(out))
    assert result.exit_code == 0 and out.exists()
    assert f"21 recipients and 40 helpers written to {out}" in _flat(result.output)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_check_of_a_spreadsheet_points_to_import(tmp_path: Path, lang: str) -> None:
    """``plan check 名单.xlsx``: a school list is turned into an instance by plan import."""
    book = _sheet(tmp_path / "名单.xlsx", ROWS)
    result = _invoke("check", str(book), lang=lang)
    flat = _flat(result.output)
    assert result.exit_code == 2
    assert "plan import TEMPLATE --recipients 名单.xlsx -o 名单.yaml" in flat
    assert "UTF-8" not in flat


def test_one_sheet_for_both_lists_is_refused(tmp_path: Path) -> None:
    """The same sheet as recipients and helpers (no --helpers-sheet) is refused, naming the
    options; the same CSV too."""
    book = str(_sheet(tmp_path / "名单.xlsx", ROWS))
    out = str(tmp_path / "x.yaml")
    result = _invoke("import", TEMPLATE, "--recipients", book, "--helpers", book, "-o", out)
    flat = _flat(result.output)
    assert result.exit_code == 2 and "--helpers-sheet" in flat and "the first sheet" in flat
    table = tmp_path / "名单.csv"
    table.write_text(",".join(HEADERS) + "\n" + ",".join(ROWS[0]) + "\n", encoding="utf-8")
    result = _invoke(
        "import", TEMPLATE, "--recipients", str(table), "--helpers", str(table), "-o", out
    )
    assert result.exit_code == 2 and "its own file" in _flat(result.output)


@pytest.mark.parametrize(
    "typed",
    [
        "2017年2月13日",
        "2017/2/13",
        "2017.2.13",
        "2017-02-13",
        "２０１７年２月１３日",
        "2017年2月13",
    ],
)
def test_calendar_dates_are_read_as_clerks_type_them(tmp_path: Path, typed: str) -> None:
    """A calendar sheet's dates in the ways a clerk writes them."""
    sheet = tmp_path / "校历.csv"
    sheet.write_text(
        f"类型,名称,开始,结束\n学期,第一学期,2016年9月1日,2017/1/20\n学期,第二学期,{typed},2017.7.7\n",
        encoding="utf-8",
    )
    calendar = read_calendar_table(sheet)
    assert [(t.start, t.end) for t in calendar.terms] == [
        (date(2016, 9, 1), date(2017, 1, 20)),
        (date(2017, 2, 13), date(2017, 7, 7)),
    ]


def test_a_calendar_date_that_is_none_names_the_forms(tmp_path: Path) -> None:
    """2017年2月30日 is no date: the row and column are named, and the days February has."""
    sheet = tmp_path / "校历.csv"
    sheet.write_text(
        "类型,名称,开始,结束\n学期,第一学期,2016.9.1,2017.1.20\n学期,第二学期,2017年2月30日,2017/7/7\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_calendar_table(sheet)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (3, "开始") and "28" in problem.message


def test_calendar_help_says_a_sheet_is_taken() -> None:
    """``plan calendar --help`` says .xlsx and .csv calendars are read, in Chinese too."""
    for lang in ("en", "zh"):
        result = _invoke("calendar", "--help", lang=lang)
        assert ".xlsx" in result.output and ".csv" in result.output, result.output


def test_a_table_an_instance_references_is_not_filled_from_above(tmp_path: Path) -> None:
    """Filling a blank county is for a bureau's list being imported: a table an instance
    references must be whole, and a row naming no place stays an error naming it."""
    text = TEMPLATE_TEXT
    start, end = text.index("\nrecipients:\n"), text.index("\nrules:\n")
    path = tmp_path / "heze.yaml"
    path.write_text(text[:start] + "\nrecipients: {table: 名单.csv}\n" + text[end:], "utf-8")
    rows = [list(row) for row in ROWS]
    rows[1][1] = ""
    lines = [",".join(HEADERS), *(",".join(row) for row in rows)]
    (tmp_path / "名单.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_instance(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (3, "县（市、区）")
