"""Corners a bureau planner found testing issue 30 under ``--lang zh`` at 80 columns: help
wrapped by the columns a Chinese character takes, --explain's numbers labelled, the
ledger's parameters as number cells, verify's cost as solve prints it, no English left in
--version, --today, --front and rule lists, and an imported instance titled by its list."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from pairing_planner.cli import main
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
            r"；次优选择：\S+（成本 [+-]\d+\.\d\d，距离 [+-]\d+\.\d km(；无法改配：[^）]+\))?）",
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
