"""Corners a bureau planner found testing issue 30 under ``--lang zh`` at 80 columns: help
wrapped by the columns a Chinese character takes, --explain's numbers labelled, the
ledger's parameters as number cells, verify's cost as solve prints it, no English left in
--version, --today, --front and rule lists, and an imported instance titled by its list."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from pairing_planner import Instance, Result, SolveOptions, load_instance, solve, verify_plan
from pairing_planner.cli import main
from pairing_planner.cli.param_types import ClerkDate
from pairing_planner.i18n import use_language
from pairing_planner.io.sheet_names import PROVENANCE
from pairing_planner.report.export import export_plan
from tests.conftest import INSTANCES

COMMANDS = sorted(main.commands)
HEZE = str(INSTANCES / "heze.yaml")


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_fits_eighty_columns(command: list[str], lang: str) -> None:
    """Every command's --help fits 80 columns, a Chinese character counted as two (click
    counted one: 140 columns in import --help under zh)."""
    result = CliRunner().invoke(
        main, ["--lang", lang, *command, "--help"], env={"COLUMNS": "80"}, catch_exceptions=False
    )
    assert result.exit_code == 0
    widths = {line: cell_len(line) for line in result.output.splitlines()}
    assert max(widths.values()) <= 80, [line for line, w in widths.items() if w > 80]
    assert ("选项：\n" if lang == "zh" else "Options:\n") in result.output


@pytest.fixture(scope="module")
def heze_explained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """``plan solve heze.yaml --explain`` (the attachment as printed: a diagnosis, then a
    relaxed plan pair by pair) in each language, on one long line a pair."""
    out = tmp_path_factory.mktemp("explained")
    printed: dict[str, str] = {}
    for lang in ("zh", "en"):
        args = ["solve", HEZE, "--explain", "--lang", lang, "--out", str(out / lang)]
        result = CliRunner().invoke(main, args, env={"COLUMNS": "400"}, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        printed[lang] = result.output
    return printed


@pytest.mark.parametrize(
    ("lang", "pattern"),
    [
        (
            "zh",
            r"；次优选择：\S+（成本 [+-]\d+\.\d\d，距离 [+-]\d+\.\d km"
            r"(；无法改配：[^（）]+（S\d+）)?）",
        ),
        (
            "en",
            r"; best other: \S+ \(cost [+-]\d+\.\d\d, distance [+-]\d+\.\d km(; not free: .+)?\)",
        ),
    ],
)
def test_explain_names_its_numbers(heze_explained: dict[str, str], lang: str, pattern: str) -> None:
    """--explain says which number is the cost and which the distance of the best other
    helper (it printed "济宁市示例帮扶初中甲 -126.91, -118.9 km")."""
    lines = [line for line in heze_explained[lang].splitlines() if " ← " in line]
    assert len(lines) == 21
    assert all(re.search(pattern, line) for line in lines), lines


def test_rule_lists_joined_as_the_language_joins(heze_explained: dict[str, str]) -> None:
    """The conflicting rules are joined by ； under zh, never an ASCII "; " beside it."""
    conflict = [line for line in heze_explained["zh"].splitlines() if " ×" in line]
    assert len(conflict) == 3
    assert all("；" in line and ";" not in line and "：" in line for line in conflict), conflict
    english = [line for line in heze_explained["en"].splitlines() if " ×" in line]
    assert all("; " in line and "；" not in line for line in english), english


@pytest.fixture(scope="module")
def heze_as_stated_solved(heze_as_stated: Instance) -> Result:
    """The 20 schools S5 states, solved to a proven optimum."""
    return solve(heze_as_stated, SolveOptions(time_limit=20))


def test_ledger_parameters_are_number_cells(
    heze_as_stated: Instance, heze_as_stated_solved: Result, tmp_path: Path
) -> None:
    """The 来源 sheet's numeric parameters are number cells (方案个数 '1' and 时限（秒）
    '10.0' were text, flagged by Excel); choices and switches stay words."""
    with use_language("zh"):
        path = export_plan(
            heze_as_stated,
            heze_as_stated_solved,
            heze_as_stated_solved.plans[0],
            tmp_path / "台账.xlsx",
        )
    facts = openpyxl.load_workbook(path)[PROVENANCE.written("zh")]
    cells = {row[0].value: row[1] for row in facts.iter_rows()}
    numbers = ["方案个数", "时限（秒）", "求解器随机种子", "求解器线程数"]
    assert all(cells[n].data_type == "n" for n in numbers), {n: cells[n].value for n in numbers}
    assert cells["时限（秒）"].value == heze_as_stated_solved.parameters["time_limit"]
    assert cells["严格（不给放宽的方案）"].value in ("是", "否")


@pytest.mark.parametrize("name", ["heze", "heze-as-stated"])
def test_verify_prints_the_cost_solve_printed(name: str) -> None:
    """verify's recomputed cost is the cost solve printed, term by term: a cost is defined
    in hundredths per pair and term, as the model counts it (verify summed unrounded terms
    and said 6815.32 where solve said 6815.33, 6884.66 where it said 6884.67)."""
    instance = load_instance(INSTANCES / f"{name}.yaml")
    plan = solve(instance, SolveOptions(time_limit=20)).plans[0]
    verdict = verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs], plan.relaxations)
    assert verdict.ok, verdict.violations
    assert f"{verdict.objective:.2f}" == f"{plan.objective:.2f}"
    assert verdict.term_costs == pytest.approx(plan.term_costs, abs=1e-9)


@pytest.mark.parametrize(
    ("args", "said", "not_said"),
    [
        (["--version"], "plan，版本 ", "version"),
        (["progress", "--help"], "--today 日期", "%Y"),
        (["solve", "--help"], "（例如 距离,水平差距）", "score_gap"),
    ],
)
def test_no_english_left_under_zh(args: list[str], said: str, not_said: str) -> None:
    """--version, --today's metavar and --front's example in Chinese under zh."""
    result = CliRunner().invoke(
        main,
        ["--lang", "zh", *args],
        prog_name="plan",
        env={"COLUMNS": "200"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert said in result.output and not_said not in result.output, result.output


@pytest.mark.parametrize("typed", ["2017-03-01", "2017/3/1", "2017.3.1", "2017年3月1日"])
def test_today_is_read_as_a_clerk_types_it(typed: str) -> None:
    """--today takes a date as the progress sheet's dates are read."""
    assert ClerkDate().convert(typed, None, None) == date(2017, 3, 1)


def test_a_bad_today_is_said_in_chinese(tmp_path: Path) -> None:
    """A bad --today is refused in the planner's language, with the forms that are dates
    (click said "does not match the format '%Y-%m-%d'" under zh)."""
    args = ["--lang", "zh", "progress", HEZE, str(tmp_path / "x.xlsx"), "--today", "2017-13-01"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 2
    assert "不是日期：2017-13-01" in result.output and "match" not in result.output


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("zh", "支持菏泽教育发展 — heze-recipients"),
        ("en", "Heze support — heze-recipients"),
    ],
)
def test_an_imported_instance_has_a_title_of_its_own(tmp_path: Path, lang: str, title: str) -> None:
    """An imported list's instance is titled by its program and its list, never by the
    template's title, which counts the template's own schools ("…附件名单原样（21 所）")."""
    out = tmp_path / "imported.yaml"
    recipients = str(INSTANCES / "lists" / "heze-recipients.csv")
    args = ["--lang", lang, "import", HEZE, "--recipients", recipients, "-o", str(out)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert load_instance(out).data.title == title
    checked = CliRunner().invoke(main, ["--lang", lang, "check", str(out)], env={"COLUMNS": "200"})
    assert title in checked.output and "21" not in checked.output.splitlines()[0]
