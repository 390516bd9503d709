"""At 80 columns no school name is broken across lines (issue 30: 牡丹区第二 / 十二中学), in
Chinese and English: solve's plans, check's findings, verify, compare, progress and the change
report of the shipped Heze instances; a wide terminal uses its width."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len
from rich.text import Text

from pairing_planner import Instance, load_instance, solve
from pairing_planner.cli import main
from pairing_planner.i18n import use_language
from pairing_planner.report.console import PlainConsole
from pairing_planner.report.line_breaks import Names, pieces, wrapped_lines
from pairing_planner.report.terminal import render_result
from pairing_planner.solving.options import SolveOptions
from tests.conftest import INSTANCES, build, instance_dict

LANGUAGES = ["zh", "en"]


def _names(instance: Instance) -> list[str]:
    return [s.name for s in [*instance.helpers.values(), *instance.recipients.values()]]


def _whole(text: str, name: str) -> int:
    """How many times ``name`` stands whole on a line of ``text``."""
    return sum(line.count(name) for line in text.splitlines())


def _unbroken(narrow: str, wide: str, instance: Instance) -> dict[str, tuple[int, int]]:
    """The school names the narrow output holds whole on a line fewer times than the wide
    one does, with both counts: each time a name is shown it is whole (one whole line among
    several broken ones passed before)."""
    shown = {n: _whole(wide, n) for n in _names(instance) if n in wide}
    assert shown, "the wide output names no school"
    return {
        n: (_whole(narrow, n), times) for n, times in shown.items() if _whole(narrow, n) != times
    }


def _run(args: list[str], width: int, lang: str) -> str:
    env = {"COLUMNS": str(width), "LC_ALL": None, "LANG": "C.UTF-8", "PLAN_LANG": None}
    ran = CliRunner(env=env).invoke(main, ["--lang", lang, *args])
    assert ran.exit_code in (0, 1), ran.output
    return ran.stdout


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["heze", "heze-as-stated"])
def test_a_plan_and_its_diagnosis_break_no_name(name: str, lang: str) -> None:
    """The plan table (or one block per pair where it cannot fit), the warnings, the
    diagnosis and the relaxations keep every name on one line at 80 columns."""
    instance = load_instance(INSTANCES / f"{name}.yaml")
    with use_language(lang):  # type: ignore[arg-type]
        result = solve(instance, SolveOptions(time_limit=20))
        outputs = []
        for width in (80, 400):
            out = StringIO()
            render_result(PlainConsole(file=out, width=width), instance, result, explain=True)
            outputs.append(out.getvalue())
    narrow, wide = outputs
    assert _unbroken(narrow, wide, instance) == {}
    assert max(len(line) for line in narrow.splitlines()) <= 80
    pairs = result.plans[0].pairs
    assert all(instance.recipients[p.recipient].name in wide for p in pairs)


def test_heze_as_stated_is_a_table_at_80_columns_in_chinese(heze_as_stated: Instance) -> None:
    """Short headers (县区) and no helper-city column where each helper's name says its city
    let Heze's plan stay a table at 80 columns."""
    with use_language("zh"):
        result = solve(heze_as_stated, SolveOptions(time_limit=20))
        out = StringIO()
        render_result(PlainConsole(file=out, width=80), heze_as_stated, result, explain=False)
    table = out.getvalue()
    assert "┃ 县区" in table and "县（市、区）" not in table and "帮扶学校所在市" not in table


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["heze", "heze-2019"])
def test_check_findings_break_no_name(name: str, lang: str) -> None:
    """plan check's findings wrap between words, never inside a school's name."""
    path = str(INSTANCES / f"{name}.yaml")
    narrow, wide = (_run(["check", path], width, lang) for width in (80, 400))
    assert _unbroken(narrow, wide, load_instance(path)) == {}


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Heze as stated solved with three plans, and again as a second result of one plan."""
    out = tmp_path_factory.mktemp("results")
    stated = str(INSTANCES / "heze-as-stated.yaml")
    CliRunner().invoke(main, ["solve", stated, "--plans", "3", "--out", str(out / "a")])
    CliRunner().invoke(main, ["solve", stated, "--out", str(out / "b")])
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_verify_and_compare_break_no_name(solved: Path, tmp_path: Path, lang: str) -> None:
    """A plan edited to overload a helper, verified, and two plans compared, at 80 columns."""
    instance = load_instance(INSTANCES / "heze-as-stated.yaml")
    rows = list(csv.reader((solved / "a/heze-as-stated/plan-1.csv").open(encoding="utf-8-sig")))
    for row in rows[2:4]:
        row[5:8] = rows[1][5:8]
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    verify = ["verify", str(INSTANCES / "heze-as-stated.yaml"), str(edited)]
    compare = ["compare", str(solved / "a/heze-as-stated"), "--plans", "1,3"]
    for args in (verify, compare):
        narrow, wide = (_run(args, width, lang) for width in (80, 400))
        assert _unbroken(narrow, wide, instance) == {}


@pytest.fixture(scope="module")
def calendar_sheet(solved: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The calendar.xlsx of the one-plan result, scheduled once for both languages (the
    command runs in neither's words: its sheet is the same)."""
    out = tmp_path_factory.mktemp("calendar")
    result = solved / "b/heze-as-stated"
    calendar = ["calendar", str(result), "--school-year", "2016", "--out", str(out)]
    assert CliRunner().invoke(main, calendar).exit_code == 0
    return out / "calendar.xlsx"


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_progress_and_the_change_report_break_no_name(
    solved: Path, calendar_sheet: Path, tmp_path: Path, lang: str
) -> None:
    """The overdue duties by school, and a re-plan's change report, at 80 columns."""
    stated = str(INSTANCES / "heze-as-stated.yaml")
    result = solved / "b/heze-as-stated"
    sheet = str(calendar_sheet)
    progress = ["progress", stated, sheet, "--today", "2017-03-01"]
    narrow, wide = (_run(progress, width, lang) for width in (80, 400))
    assert _unbroken(narrow, wide, load_instance(stated)) == {}
    heze = str(INSTANCES / "heze.yaml")
    baseline = str(result / "plans.json")
    replan = ["solve", heze, "--baseline", baseline, "--out", str(tmp_path / "replan")]
    narrow = _run(replan, 80, lang)
    wide = _run([*replan, "--force"], 400, lang)
    assert _unbroken(narrow, wide, load_instance(heze)) == {}


def test_a_line_breaks_between_names_and_after_closing_marks() -> None:
    """Names are pieces of their own; 、 and ） stay with what they close; at every width a
    line holding the start of a name holds all of it and never starts with a closing mark."""
    schools = ["牡丹区第二十二中学", "曹县第一初级中学"]
    names = Names(schools)
    text = "这些学校（牡丹区第二十二中学、曹县第一初级中学）只能由 11 个市帮扶。"
    found = pieces(text, names)
    assert "（牡丹区第二十二中学、" in found and "".join(found) == text
    for width in range(22, 60):
        lines = [line.plain for line in wrapped_lines(Text(text), width, names)]
        assert all(cell_len(line) <= width for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert not any(line[:1] in "、）。" for line in lines)
        assert all(n in line for n in schools for line in lines if n[:3] in line), lines


def test_a_helper_city_column_when_names_do_not_say_it() -> None:
    """A helper whose name does not hold its city keeps the helper-city column; a wide
    terminal shows the plan as a table."""
    helper = {"id": "h0", "name": "Central school", "place": "c0k0", "stages": ["primary"]}
    recipient = {"id": "r0", "name": "Village school", "place": "c0k1", "stages": ["primary"]}
    coverage = [{"kind": "coverage", "clause": "S5", "mode": "exactly_one"}]
    instance = build(instance_dict([helper], [recipient], coverage))
    out = StringIO()
    render_result(PlainConsole(file=out, width=200), instance, solve(instance), explain=False)
    assert "helper city" in out.getvalue() and "┃ recipient" in out.getvalue()


def test_a_name_broken_once_is_found_though_whole_elsewhere(heze_as_stated: Instance) -> None:
    """The check itself: a name shown twice, whole once and broken once at 80 columns, is
    found (any one whole line passed it before)."""
    name = _names(heze_as_stated)[0]
    narrow = f"{name}\n{name[:3]}\n{name[3:]}\n"
    assert _unbroken(narrow, f"{name} {name}\n", heze_as_stated) == {name: (1, 2)}
