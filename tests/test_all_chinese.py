"""Chinese everywhere under ``--lang zh`` (issue 30): every command's help with ``--lang``
before and after ``--help``, click's own errors, the live progress lines, the change report
and every export read back (sheet names, headers, cell values) hold no English word but ids,
file names, option names, clause ids and units."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import click
import docx
import openpyxl
import pytest
from click.testing import CliRunner
from rich.console import Console

from pairing_planner import load_instance
from pairing_planner.api import load_calendar
from pairing_planner.cli import main
from pairing_planner.cli.language import language_on_the_line
from pairing_planner.errors import InputError
from pairing_planner.i18n import use_language
from pairing_planner.instance.bureau_files.calendar_table import read_calendar_table
from pairing_planner.instance.schema.models import Term
from pairing_planner.io.plans import read_plan
from pairing_planner.io.sheet_names import CHANGES, RELAXATIONS
from pairing_planner.report.live_progress import LiveProgress
from pairing_planner.result.solver_progress import SolverProgress
from tests.conftest import INSTANCES

COMMANDS = sorted(main.commands)
HEZE = str(INSTANCES / "heze.yaml")
ENGLISH_LOCALE = {"COLUMNS": "300", "LANG": "C.UTF-8", "LC_ALL": None, "PLAN_LANG": None}
"""An English machine: the Chinese must come from --lang alone."""

LATIN = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]|[A-Za-z]")
"""A word in Latin letters."""

ALLOWED = re.compile(
    r"""
    (?:[\w.\-]*/)+[\w.\-]*                                      # paths
    | [\w.\-]+\.(?:yaml|json|csv|xlsx|png|svg|ics|parquet|docx)\b  # file names
    | \b[a-z]+-K\b                                              # a result's folders: calendar-K
    | \.(?:yaml|json|csv|xlsx|ics|png|svg|parquet|docx)\b      # formats named by extension
    | -{1,2}[a-z][a-z\-]*                                       # options (-o, --out)
    | '[^'\n]*'                                                 # a value quoted back
    | \bplan\b(?:\s+(?:check|solve|verify|compare|export|calendar|progress|plot|import
                      |generate|serve)\b)?
                                                                # the commands' names
    | \b[TSMHR]\d+\b                                            # the notice's clause ids
    | \bCP-SAT\b | \bOR-Tools\b | \bExcel\b | \bJSON\b | \bCSV\b | \bYAML\b | \bDask\b
                                                                # tools' and formats' names
    | \bsha256\b | \b[0-9a-f]{64}\b                              # a checksum, and its kind
    | \b(?:km|s)\b                                              # units
    | \[[A-Z ]+(?:\]\.\.\.|\])                                  # [OPTIONS], [ARGS]...
    | \b[A-Z][A-Z_]*(?:\ [A-Z]+)*\b                             # metavars: INSTANCE, A,B, H:R
    | [\d.,]*[<>]=?x\b | \bx[<>]=?                                # click's ranges: 1<=x<=100
    | %[A-Za-z]                                                 # a date format: [%Y-%m-%d]
    | \$PLAN_LANG
    | \bCtrl-C\b                                                # a key the planner presses
    """,
    re.VERBOSE,
)
"""What may stay in Latin letters in Chinese output, and why: what a planner types (paths,
options, the command's name, a value echoed in quotes), the notice's own clause ids, names of
tools and formats that have no Chinese name, units, and click's metavars (the argument's
placeholder names, as the help's usage line shows them)."""


def english_words(text: str, allowed: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """The Latin words of ``text`` outside what :data:`ALLOWED` lets stay, and ``allowed``
    (ids and data of the instance at hand)."""
    for token in sorted(allowed, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z]){re.escape(token)}(?![A-Za-z])", " ", text)
    return LATIN.findall(ALLOWED.sub(" ", text))


def typed(command: click.Command) -> set[str]:
    """What a planner types to a command, as is: the values its options take
    (``[school|city|county]``), the cost terms' ids (``--front distance,score_gap``) and the
    defaults it shows (the result folder ``results``, plan serve's ``workbench``)."""
    options = [p for p in command.params if isinstance(p.type, click.Choice)]
    values = {str(v) for p in options for v in p.type.choices}  # type: ignore[attr-defined]
    defaults = {str(p.default) for p in command.params if isinstance(p.default, str | Path)}
    return values | {term.value for term in Term} | defaults


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("where", ["before", "after"])
def test_help_is_chinese_wherever_lang_stands(name: str, where: str) -> None:
    """``plan X --help --lang zh`` is as Chinese as ``plan --lang zh X --help`` (it was
    English: --help acted before --lang was read)."""
    args = (
        ["--lang", "zh", name, "--help"] if where == "before" else [name, "--help", "--lang", "zh"]
    )
    result = CliRunner().invoke(main, args, env=ENGLISH_LOCALE, prog_name="plan")
    assert result.exit_code == 0 and "用法" in result.output and "选项" in result.output
    assert english_words(result.output, typed(main.commands[name])) == [], result.output


@pytest.mark.parametrize(
    "args",
    [
        ["import", HEZE, "--recipients", "nope.xlsx", "-o", "x.yaml"],
        ["import", HEZE, "--recipients", HEZE],
        ["solve", "--plans", "x"],
        ["solve", "--plans", "0"],
        ["solve", "--time-limit", "x"],
        ["solve", "--differ-by", "x"],
        ["solve", "--bogus"],
        ["solve", "--plans"],
        ["solve", "a.yaml", "b.yaml"],
        ["sovle"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("where", ["before", "after"])
def test_click_errors_are_chinese(args: list[str], where: str) -> None:
    """click's own errors (a missing option, a path that does not exist, a bad number, an
    unknown option or command) and its hint and usage lines come in Chinese, exit 2."""
    line = ["--lang", "zh", *args] if where == "before" else [*args, "--lang", "zh"]
    result = CliRunner().invoke(main, line, env=ENGLISH_LOCALE, prog_name="plan")
    assert result.exit_code == 2, result.output
    assert "错误" in result.output or "用法" in result.output, result.output
    assert english_words(result.output, {"school", "city", "county"}) == [], result.output


def test_english_stays_english() -> None:
    """Without --lang zh, click's errors are click's English."""
    result = CliRunner().invoke(main, ["solve", "--plans", "x"], env={"LANG": "C.UTF-8"})
    assert "Error: Invalid value for '--plans': 'x' is not a valid integer range." in result.output


def test_lang_is_found_anywhere_on_the_line() -> None:
    """The last --lang before ``--`` decides; a value that is not a language is left to click."""
    assert language_on_the_line(["solve", "--help", "--lang", "zh"]) == "zh"
    assert language_on_the_line(["--lang=en", "solve", "--lang", "zh"]) == "zh"
    assert language_on_the_line(["--lang", "fr", "solve"]) is None
    assert language_on_the_line(["solve", "--", "--lang", "zh"]) is None


def test_live_progress_lines_are_chinese() -> None:
    """The live lines a terminal shows during a solve (parts done, no plan yet, the best plan
    with its bound and gap) are Chinese under zh; they were English always."""
    with use_language("zh"):
        waiting = LiveProgress(Console())
        lines = [waiting.render().plain]
        best = LiveProgress(Console())
        best(SolverProgress(plan=1, objective=6900.5, bound=6884.7, seconds=1.2))
        lines.append(best.render().plain)
        parts = LiveProgress(Console())
        parts.part(1, 2)
        lines.append(parts.render().plain)
    assert "尚无方案" in lines[0] and "下界 6884.70" in lines[1] and "1/2" in lines[2]
    assert [english_words(line) for line in lines] == [[], [], []], lines


def _ids(*names: str) -> set[str]:
    """The ids of the shipped instances ``names`` (schools, places, the instance's own):
    ids stay as the file writes them, in any language."""
    found: set[str] = set()
    for name in names:
        instance = load_instance(INSTANCES / f"{name}.yaml")
        found |= {instance.data.name, *instance.places, *instance.helpers, *instance.recipients}
    return found


def _sheets(path: Path) -> dict[str, list[list[str]]]:
    """Every sheet of a workbook, its name and its cells as text; a cell under a header
    naming an id (…编号) is left out, as an id."""
    book = openpyxl.load_workbook(path)
    found = {}
    for sheet in book.worksheets:
        rows = [
            [("" if c is None else str(c)) for c in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        ids = {i for i, header in enumerate(rows[0] if rows else []) if header.endswith("编号")}
        found[sheet.title] = [[c for i, c in enumerate(row) if i not in ids] for row in rows]
    return found


def _docx_text(path: Path) -> str:
    """A Word document's paragraphs and table cells."""
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Results solved in English and in Chinese, a re-plan against a baseline with a pair
    forbidden, and each export of them written under ``--lang zh``."""
    tmp = tmp_path_factory.mktemp("exports")
    runner = CliRunner()

    def plan(*args: str, lang: str = "zh") -> str:
        result = runner.invoke(main, ["--lang", lang, *args], env=ENGLISH_LOCALE)
        assert result.exit_code in (0, 1), result.output
        if lang == "zh":
            (tmp / "printed").mkdir(exist_ok=True)
            n = len(list((tmp / "printed").iterdir()))
            (tmp / "printed" / f"{n}-{args[0]}.txt").write_text(result.output, encoding="utf-8")
        return result.output

    heze, stated = str(INSTANCES / "heze.yaml"), str(INSTANCES / "heze-as-stated.yaml")
    plan("solve", heze, "--out", str(tmp / "en"), lang="en")
    plan("solve", stated, "--out", str(tmp / "zh"), "--plans", "2", "--explain")
    plan("compare", str(tmp / "zh" / "heze-as-stated"))
    plan("generate", "--preset", "county", "-o", str(tmp / "generated.yaml"))
    plan("check", str(tmp / "generated.yaml"))
    baseline = tmp / "zh" / "heze-as-stated"
    first = (baseline / "plan-1.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    forbidden = f"{first.split(',')[5]}:{first.split(',')[1]}"
    replanned = tmp / "replan"
    plan(
        "solve",
        stated,
        "--out",
        str(replanned),
        "--baseline",
        str(baseline / "plans.json"),
        "--forbid",
        forbidden,
    )
    relaxed = str(tmp / "en" / "heze")
    files = {
        "ledger": tmp / "ledger.xlsx",
        "list.xlsx": tmp / "list.xlsx",
        "list.docx": tmp / "list.docx",
        "report.docx": tmp / "report.docx",
        "pairs.csv": tmp / "pairs.csv",
        "changes ledger": tmp / "changes.xlsx",
    }
    plan("export", relaxed, "--to", str(files["ledger"]))
    plan("export", relaxed, "--to", str(files["list.xlsx"]), "--form", "list")
    plan("export", relaxed, "--to", str(files["list.docx"]))
    plan("export", relaxed, "--to", str(files["report.docx"]), "--form", "report")
    plan("export", relaxed, "--to", str(files["pairs.csv"]))
    plan("export", str(replanned / "heze-as-stated"), "--to", str(files["changes ledger"]))
    compared = runner.invoke(
        main, ["--lang", "zh", "compare", str(baseline), "--csv"], env=ENGLISH_LOCALE
    )
    (tmp / "compare.csv").write_text(compared.output, encoding="utf-8")
    files["compare.csv"] = tmp / "compare.csv"
    files["plan-1.csv"] = baseline / "plan-1.csv"
    plan(
        "calendar", str(baseline), "--calendar", str(INSTANCES / "calendar-2016-illustrative.yaml")
    )
    files["calendar.xlsx"] = baseline / "calendar-1" / "calendar.xlsx"
    files["printed"] = tmp / "printed"
    return files


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ledger", "list.xlsx", "changes ledger", "calendar.xlsx"])
def test_every_sheet_is_chinese(exported: dict[str, Path], name: str) -> None:
    """A workbook exported under zh: its sheet names, headers and cells (ids aside) are
    Chinese, from a plan solved in English too (its relaxation, stored in English, is worded
    again; the provenance's parameters are named in words)."""
    sheets = _sheets(exported[name])
    ids = _ids("heze", "heze-as-stated")
    for sheet, rows in sheets.items():
        text = "\n".join([sheet] + ["\t".join(row) for row in rows])
        assert english_words(text, ids) == [], (sheet, text)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["list.docx", "report.docx"])
def test_printed_lists_are_chinese(exported: dict[str, Path], name: str) -> None:
    """The printed list and R4 report of a plan solved in English, exported under zh: the
    relaxed plan's note is worded in Chinese."""
    text = _docx_text(exported[name])
    assert "济宁市" in text and english_words(text, _ids("heze")) == [], text


@pytest.mark.slow
@pytest.mark.parametrize("name", ["pairs.csv", "plan-1.csv", "compare.csv"])
def test_csv_files_are_chinese_with_a_bom(exported: dict[str, Path], name: str) -> None:
    """A CSV written under zh (export --to X.csv, a result's plan-K.csv, compare --csv) has
    Chinese headers and stages and starts with a BOM, so that Excel reads it as UTF-8."""
    raw = exported[name].read_bytes()
    assert raw.startswith(codecs.BOM_UTF8), raw[:40]
    lines = raw.decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    kept = [i for i, h in enumerate(header) if not h.endswith("编号")]
    cells = [",".join(c for i, c in enumerate(line.split(",")) if i in kept) for line in lines]
    assert english_words("\n".join(cells), _ids("heze", "heze-as-stated")) == [], lines[:3]


@pytest.mark.slow
def test_chinese_files_read_back(exported: dict[str, Path]) -> None:
    """plan verify reads the Chinese ledger (its relaxations by their id columns) and the
    Chinese plan-K.csv."""
    heze, stated = str(INSTANCES / "heze.yaml"), str(INSTANCES / "heze-as-stated.yaml")
    runner = CliRunner()
    ledger = runner.invoke(main, ["--lang", "zh", "verify", heze, str(exported["ledger"])])
    assert ledger.exit_code == 0 and "声明的放宽" in ledger.output, ledger.output
    csv = runner.invoke(main, ["--lang", "zh", "verify", stated, str(exported["plan-1.csv"])])
    assert csv.exit_code == 0, csv.output
    assert read_plan(exported["ledger"]).relaxations[0].kind == "city_quota"


@pytest.mark.slow
def test_a_ledger_of_before_issue_30_reads_back(exported: dict[str, Path], tmp_path: Path) -> None:
    """A relaxations sheet headed as before (规则类型, 对象 holding the ids) still reads."""
    book = openpyxl.load_workbook(exported["ledger"])
    sheet = book[RELAXATIONS.zh]
    for cell in sheet[1]:
        cell.value = {"规则类型编号": "规则类型", "对象编号": "对象"}.get(
            str(cell.value), cell.value
        )
    book.save(tmp_path / "old.xlsx")
    declared = read_plan(tmp_path / "old.xlsx").relaxations
    assert [(r.kind, r.subject) for r in declared] == [("city_quota", "jining/junior")]


@pytest.mark.slow
def test_change_reasons_are_chinese(exported: dict[str, Path]) -> None:
    """The 变动 sheet of a re-plan: the forced move's reason names the rule that forbids the
    old pair in Chinese, with its note (the template's notes are Chinese)."""
    rows = _sheets(exported["changes ledger"])[CHANGES.zh]
    text = "\n".join("\t".join(row) for row in rows)
    assert "被迫更换" in text and "R2" in text, text
    assert english_words(text, _ids("heze-as-stated")) == [], text


BAD_JSON = {"cut.json": '{"format": 2, "plans": [', "list.json": "[1]", "other.json": '{"a": 1}'}
"""plans.json files a planner may hand over broken: cut short, or not a result at all."""


@pytest.mark.parametrize("name", sorted(BAD_JSON))
def test_a_broken_plans_json_is_said_in_chinese(name: str, tmp_path: Path) -> None:
    """pydantic's "Invalid JSON: EOF while parsing…" and "Input should be an object" came
    through as they were; now a sentence in Chinese that says what to do, exit 2."""
    path = tmp_path / name
    path.write_text(BAD_JSON[name], encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--lang", "zh", "verify", HEZE, str(path)], env=ENGLISH_LOCALE
    )
    assert result.exit_code == 2 and "错误" in result.output, result.output
    assert english_words(result.output) == [], result.output


def test_a_calendar_sheet_naming_a_city_by_name_is_told_at_its_column(tmp_path: Path) -> None:
    """市 = 菏泽市 in a school-calendar sheet: the error is at column 市 and says to write the
    city's id (it said "String should match pattern" at column 结束)."""
    sheet = tmp_path / "校历.csv"
    sheet.write_text(
        "类型,名称,开始,结束,市,学校\n"
        "学期,第一学期,2016-09-01,2017-01-20,,\n"
        "考试,中考,2017-06-12,2017-06-16,菏泽市,\n",
        encoding="utf-8",
    )
    with use_language("zh"):
        with pytest.raises(InputError) as raised:
            read_calendar_table(sheet)
        [problem] = raised.value.problems
        assert problem.field == "市" and "市的编号" in problem.message, str(problem)
        assert "heze" not in problem.message, str(problem)
        assert english_words(str(problem), set()) == [], str(problem)


@pytest.mark.slow
def test_what_the_commands_print_is_chinese(exported: dict[str, Path]) -> None:
    """What solve (with --explain, and the change report of a re-plan against a baseline),
    compare, generate, check, export and calendar print under zh: no English word."""
    printed = {p.stem: p.read_text(encoding="utf-8") for p in exported["printed"].iterdir()}
    assert len(printed) == 12 and any("与原方案" in text for text in printed.values())
    ids = _ids("heze", "heze-as-stated") | {"ur-50-0"}
    for name, text in printed.items():
        assert english_words(text, ids) == [], (name, text)


@pytest.mark.parametrize("text", ['{"format": 1, "activities": [', "[1]"])
def test_a_broken_calendar_json_is_said_in_chinese(text: str, tmp_path: Path) -> None:
    """A calendar.json cut short or not a calendar: said in Chinese (it added Python's own
    'Expecting property name enclosed in double quotes…')."""
    path = tmp_path / "calendar.json"
    path.write_text(text, encoding="utf-8")
    with use_language("zh"), pytest.raises(InputError) as raised:
        load_calendar(path)
    with use_language("zh"):
        message = str(raised.value.problems[0])
    assert "plan calendar" in message and english_words(message) == [], message
