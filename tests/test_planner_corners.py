"""Corners a bureau planner found testing issue 30 under ``--lang zh`` at 80 columns: help
wrapped by the columns a Chinese character takes, --explain's numbers labelled, the
ledger's parameters as number cells, verify's cost as solve prints it, no English left in
--version, --today, --front and rule lists, and an imported instance titled by its list."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from pairing_planner.cli import main

COMMANDS = sorted(main.commands)


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
