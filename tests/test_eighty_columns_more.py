"""What a planner testing at 80 columns under ``--lang zh`` found left of issue 30: import
notes in the list's row order; row ranges (第 3–4 行), counts (21 所) and sample commands
never broken across lines; a relaxed plan that stays a table at 80 columns, its bends under
each pair; and every command that prints a table, on the Heze instance as printed and the
urban-rural sample, within 80 display columns with no school name broken."""

from __future__ import annotations

import csv
import itertools
import re
from io import StringIO
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner
from rich.cells import cell_len
from rich.text import Text

from pairing_planner import Instance, load_instance, solve
from pairing_planner.cli import main
from pairing_planner.i18n import use_language
from pairing_planner.report.console import PlainConsole
from pairing_planner.report.line_breaks import COMMANDS, Names, pieces, wrapped_lines
from pairing_planner.report.terminal import render_result
from pairing_planner.result.plan import Result
from pairing_planner.solving.options import SolveOptions
from tests.conftest import INSTANCES
from tests.test_eighty_columns import _unbroken

HEZE = str(INSTANCES / "heze.yaml")
UR = str(INSTANCES / "ur-sample-city.yaml")


def _run(args: list[str], width: int = 80, lang: str = "zh") -> tuple[int, str, str]:
    """``plan --lang LANG ARGS`` in a terminal ``width`` columns wide: exit code, stdout,
    stderr."""
    env = {"COLUMNS": str(width), "LC_ALL": None, "LANG": "C.UTF-8", "PLAN_LANG": None}
    ran = CliRunner(env=env).invoke(main, ["--lang", lang, *args])
    return ran.exit_code, ran.stdout, ran.stderr


def _too_wide(text: str, width: int = 80) -> list[str]:
    """The lines of ``text`` wider than ``width`` display columns (a Chinese character is 2),
    but for a path alone on its line: one with no space, which the terminal folds and the
    planner copies whole (a cut put a break inside it)."""
    return [line for line in text.splitlines() if cell_len(line) > width and " " in line.strip()]


def _list(path: Path, *, footnote_row: bool = True) -> Path:
    """A recipients' sheet as a county sends it: a title, the header, 单县 merged over rows
    3–4, a senior high marked 初中 on row 5 (noted), and a footnote on row 7 (skipped)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("附件")
    sheet.write_row(0, 0, ["附件1：被帮扶学校名单"])
    sheet.write_row(1, 0, ["序号", "县（市、区）", "学段", "学校名称"])
    sheet.merge_range(2, 1, 3, 1, "单县")
    rows = [
        ["1", None, "高中", "单县第二中学"],
        ["2", None, "初中", "单县开发区实验中学"],
        ["3", "巨野县", "初中", "巨野县高级中学"],
        ["4", "曹县", "高中", "曹县第一中学"],
    ]
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row):
            if value is not None:
                sheet.write(i, j, value)
    if footnote_row:
        sheet.write(6, 0, "注：请于3月1日前报送，联系电话请填写手机号码")
    book.close()
    return path


def _note_rows(stderr: str, lang: str) -> list[int]:
    """The row each note of ``stderr`` is at, in the order printed."""
    flat = " ".join(stderr.split())
    pattern = r"第 (\d+) 行" if lang == "zh" else r", row (\d+)"
    label = "提示：" if lang == "zh" else "note:"
    return [int(m) for n in flat.split(label)[1:] for m in re.findall(pattern, n)[:1]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_import_notes_come_in_the_lists_row_order(tmp_path: Path, lang: str) -> None:
    """The merged county (row 3), the stage kept as written (row 5) and the footnote (row 7)
    are said in that order, the recipients' list before the helpers' (they came as read:
    3, 7, 5). A path wider than the terminal wraps where it must, inside a file's name when
    the temporary folder's name is long enough: the order is read with the breaks taken out."""
    recipients = _list(tmp_path / "名单.xlsx")
    helpers = tmp_path / "帮扶.csv"
    helpers.write_text(
        "学校名称,县（市、区）,学段,帮扶学校数\n济南示例中学,济南市,初中,2\n\n"
        "济宁示例中学,济宁市,初中,2\n",
        encoding="utf-8",
    )
    args = ["import", HEZE, "--recipients", str(recipients), "--helpers", str(helpers)]
    code, _out, err = _run([*args, "-o", str(tmp_path / "x.yaml")], lang=lang)
    assert code == 0, err
    assert _note_rows(err, lang) == [3, 5, 7, 3]
    flat = "".join(err.split())
    assert flat.index("名单.xlsx") < flat.index("帮扶.csv")


def test_a_blank_county_note_keeps_its_place_among_the_rows(tmp_path: Path) -> None:
    """A CSV saved from a merged sheet: the row filled from above (row 3) comes before the
    stage note of row 4, and the footnote (row 5) after it."""
    path = tmp_path / "名单.csv"
    path.write_text(
        "序号,县（市、区）,学段,学校名称\n1,单县,高中,单县第二中学\n2,,初中,单县开发区实验中学\n"
        "3,巨野县,初中,巨野县高级中学\n注：本表由各县填报\n",
        encoding="utf-8",
    )
    code, _out, err = _run(["import", HEZE, "--recipients", str(path), "-o", str(tmp_path / "x")])
    assert code == 0, err
    assert _note_rows(err, "zh") == [3, 4, 5]


RANGES = re.compile(r"\d+(?:–\d+)? 行")
"""A row or a range of rows and its 行, as a note writes them."""


def test_a_row_range_and_a_count_are_never_split() -> None:
    """At every width, 第 3–4 行, each further range (5–6 行) and 21 所 stand whole on one
    line: cut, they read as numbers of nothing."""
    text = (
        "提示： 名单.xlsx [附件]，第 3 行: 列“县（市、区）”: 第 3–4 行（“牡丹区”）、5–6 行"
        "（“曹县”）、7–8 行（“定陶县”）、9–11 行（“成武县”）为合并单元格；文件中列出 21 所"
    )
    for width in range(16, 90):
        lines = [line.plain for line in wrapped_lines(Text(text), width)]
        assert all(cell_len(line) <= width for line in lines)
        whole = [m for line in lines for m in RANGES.findall(line)]
        assert len(whole) == len(RANGES.findall(text)), (width, lines)
        assert any("21 所" in line for line in lines), (width, lines)
        assert any("第 3–4 行" in line for line in lines), (width, lines)


def test_a_sample_command_stays_on_one_line() -> None:
    """A command in a hint is one piece (copied whole), with its options, placeholders and
    files; the words after it are not part of it; prose that says "plan" is not a command."""
    found = pieces("请先用 plan import TEMPLATE --recipients 名单.xlsx -o 名单.yaml 转成实例")
    assert "plan import TEMPLATE --recipients 名单.xlsx -o 名单.yaml" in found
    english = pieces("turn it into one with plan import --previous (TEMPLATE: an instance")
    assert "plan import --previous" in english and "(TEMPLATE:" in english
    assert "plan" in pieces("the plan that bends S6")
    assert "plan check results/x.yaml" in pieces("Next: plan check results/x.yaml")


def test_every_command_of_plan_is_known_as_one() -> None:
    """The commands a hint may name include every command of the ``plan`` group."""
    assert set(main.commands) <= set(COMMANDS.split("|"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plan_check_of_a_sheet_prints_its_command_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """``plan check 名单.xlsx`` at 80 columns: the ``plan import`` command it suggests is on
    one line, so it can be copied; nothing is wider than 80 columns."""
    monkeypatch.chdir(tmp_path)
    _list(tmp_path / "名单.xlsx")
    code, _out, err = _run(["check", "名单.xlsx"], lang=lang)
    assert code == 2
    command = "plan import TEMPLATE --recipients 名单.xlsx -o 名单.yaml"
    assert any(command in line for line in err.splitlines()), err
    assert _too_wide(err) == []


def test_import_notes_at_80_columns_break_no_range(tmp_path: Path) -> None:
    """The merged-cell note of the Heze-like sheet, and the stage note naming a school, at 80
    columns under zh: every range whole with its 行, the school's name whole."""
    code, _out, err = _run(
        [
            "import",
            HEZE,
            "--recipients",
            str(_list(tmp_path / "名单.xlsx")),
            "-o",
            str(tmp_path / "x.yaml"),
        ]
    )
    assert code == 0
    assert _too_wide(err) == []
    assert "第 3–4 行" in err and "第 7 行" in err
    assert any("巨野县高级中学" in line for line in err.splitlines())


@pytest.fixture(scope="module")
def relaxed_heze() -> tuple[Instance, Result]:
    """The Heze attachment as printed, solved: a RELAXED plan that bends S6 twice."""
    instance = load_instance(HEZE)
    return instance, solve(instance, SolveOptions(time_limit=20))


def _rendered(instance: Instance, result: Result, width: int, lang: str = "zh") -> str:
    out = StringIO()
    with use_language(lang):  # type: ignore[arg-type]
        render_result(PlainConsole(file=out, width=width), instance, result, explain=False)
    return out.getvalue()


def test_a_relaxed_plan_is_a_table_at_80_columns(relaxed_heze: tuple[Instance, Result]) -> None:
    """At 80 columns under zh, the relaxed Heze plan is a table (it was one block per pair:
    its bends column needed 87 columns), each bent pair followed by a line saying how it
    bends; nothing is wider than 80 columns and no name is broken."""
    instance, result = relaxed_heze
    narrow, wide = _rendered(instance, result, 80), _rendered(instance, result, 400)
    assert "┃ 被帮扶学校" in narrow and "┃ 放宽" not in narrow
    assert _too_wide(narrow) == []
    assert _unbroken(narrow, wide, instance) == {}
    lines = narrow.splitlines()
    bent = [i for i, line in enumerate(lines) if "S6：本市超出名额" in line]
    assert len(bent) == 2
    for i in bent:
        assert lines[i].startswith("│   S6") and "济宁市示例帮扶初中" in lines[i - 1]


@pytest.mark.parametrize(
    ("width", "header", "mark"), [(87, "┃ 放宽", "│ S6 "), (120, "┃ 放宽", "S6：本市超出名额 │")]
)
def test_a_wider_terminal_keeps_the_bends_column(
    relaxed_heze: tuple[Instance, Result], width: int, header: str, mark: str
) -> None:
    """From 87 columns the bends have their column again (the clause), and from 120 the words
    too: a wide terminal uses its width."""
    instance, result = relaxed_heze
    text = _rendered(instance, result, width)
    assert header in text and mark in text
    assert _too_wide(text, width) == []


def test_a_relaxed_plan_too_narrow_for_either_is_blocks(
    relaxed_heze: tuple[Instance, Result],
) -> None:
    """Narrower than either table (60 columns), each pair is a block that says its bends."""
    instance, result = relaxed_heze
    text = _rendered(instance, result, 60)
    assert "┃" not in text and "放宽 S6" in text
    assert _too_wide(text, 60) == []


COUNTERS = set("所个项行秒组条次周对名位天公")
"""What follows a number as its counter or unit in the tool's Chinese (21 所, 18746 公里)."""


def _junctions(text: str) -> list[tuple[str, str]]:
    """Each place where a line of ``text`` goes on on the next: two lines of running text,
    or of one table cell (a row's lines share their column borders)."""
    found = []
    for above, below in itertools.pairwise(text.splitlines()):
        if above.count("│") == below.count("│") > 0:
            found += [
                (a.strip(), b.strip())
                for a, b in zip(above.split("│"), below.split("│"), strict=True)
            ]
        elif "│" not in above + below:
            found.append((above.strip(), below.strip()))
    return found


def _split(text: str, instance: Instance) -> list[str]:
    """The school names ``text`` cuts at a line's end, and the counts it cuts from their
    counter (帮扶学校 431 / 所), as each junction shows them."""
    schools = [*instance.helpers.values(), *instance.recipients.values()]
    names = {s.name for s in schools}
    by_pair = _by_pair(names)
    found = []
    for above, below in _junctions(text):
        if above[-1:].isdigit() and below[:1] in COUNTERS:
            found.append(f"{above} / {below}")
        joint, cut = above[-20:] + below[:20], len(above[-20:])
        across = by_pair.get(joint[cut - 1 : cut + 1], set()) if cut else set()
        found += [f"{above} / {below}" for n in across if _spans(joint, n, cut, names)]
    return found


def _by_pair(names: set[str]) -> dict[str, set[str]]:
    """The names holding each two characters in a row: a name cut at a junction holds the two
    characters either side of the cut, so only those names are tried (trying all 1,200 of
    the sample's names at each junction took most of the sweep's time)."""
    pairs: dict[str, set[str]] = {}
    for name in names:
        for i in range(len(name) - 1):
            pairs.setdefault(name[i : i + 2], set()).add(name)
    return pairs


def _spans(joint: str, name: str, cut: int, names: set[str]) -> bool:
    """Whether ``name`` stands in ``joint`` across position ``cut``, unless what stands
    before the cut is a name of its own and what follows it a number (济南示例1县城区小学1,
    then 7 on the next line, is not 济南示例1县城区小学17 cut)."""
    at = joint.find(name, max(0, cut - len(name) + 1))
    if not 0 <= at < cut < at + len(name):
        return False
    head, tail = name[: cut - at], name[cut - at :]
    return not (tail.isdigit() and head in names)


def _sweep(args: list[str], instance: Instance) -> None:
    """``args`` at 80 columns under zh: every line fits 80 columns, and no school name nor
    count is cut where a line goes on on the next."""
    code, out, err = _run(args)
    assert code in (0, 1), err
    text = out + err
    assert _too_wide(text) == [], args
    assert _split(text, instance) == [], args


def _edited(plan_csv: Path, tmp_path: Path) -> Path:
    """``plan_csv`` with the first pair's helper given to the next two: a helper overloaded."""
    rows = list(csv.reader(plan_csv.open(encoding="utf-8-sig")))
    for row in rows[2:4]:
        row[5:8] = rows[1][5:8]
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return edited


SWEPT = [(HEZE, 20), (UR, 2)]
"""The instances swept and the seconds each solve and the calendar are given: Heze's relaxed
plan is proven in 20 s and its calendar in one; no search proves the sample's plan in 20 s
either (gap < 0.1 %), so its two solves and its calendar run to their limits (most of the
test's time) for tables alike in all but their figures: 2 s gives every table a plan."""


@pytest.mark.slow
@pytest.mark.parametrize(("path", "seconds"), SWEPT)
def test_every_table_at_80_columns_under_zh(path: str, seconds: int, tmp_path: Path) -> None:
    """check, solve (relaxed for Heze), solve --explain, compare, calendar, progress and
    verify (a valid plan, an edited one, and with its calendar) at 80 columns under zh, on
    the Heze attachment as printed and the 800-school urban-rural sample."""
    instance = load_instance(path)
    a, b = tmp_path / "a", tmp_path / "b"
    _sweep(["check", path], instance)
    solved = ["solve", path, "--time-limit", str(seconds)]
    _sweep([*solved, "--out", str(a)], instance)
    _sweep([*solved, "--explain", "--out", str(b)], instance)
    result = a / instance.data.name
    _sweep(["compare", str(result), str(b / instance.data.name)], instance)
    calendar = tmp_path / "calendar"
    scheduled = ["calendar", str(result), "--school-year", "2016", "--out", str(calendar)]
    _sweep([*scheduled, "--time-limit", str(seconds)], instance)
    _sweep(["progress", path, str(calendar / "calendar.xlsx"), "--today", "2017-03-01"], instance)
    plans = str(result / "plans.json")
    _sweep(["verify", path, plans], instance)
    _sweep(["verify", path, str(_edited(result / "plan-1.csv", tmp_path))], instance)
    _sweep(["verify", path, plans, "--calendar", str(calendar / "calendar.json")], instance)


def test_the_sweep_finds_a_cut_name_and_a_cut_count(heze: Instance) -> None:
    """The sweep's own check: a name cut at a line's end, in running text or in a table
    cell, and a count cut from its counter are found; a name whole before a number is not."""
    name = heze.data.recipients[0].name
    cell = f"│ {name[:4]} │ 1 │\n│ {name[4:]} │   │\n"
    assert _split(f"帮扶 {name[:3]}\n{name[3:]}\n", heze) != []
    assert _split(cell, heze) != [] and _split("帮扶学校 431\n所\n", heze) != []
    assert _split(f"{name}\n12 所\n", heze) == []


def test_a_name_list_keeps_its_names_and_glue_together() -> None:
    """Names found by the instance and a count glued to its counter work together: the
    school's name is one piece, and so is 2 所."""
    names = Names(["巨野县高级中学"])
    found = pieces("巨野县高级中学帮扶 2 所学校", names)
    assert "巨野县高级中学" in found and "2 所" in found
