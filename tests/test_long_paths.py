"""A path wider than the terminal is printed whole (issue 30: every line the console prints
wraps through the line breaker; a path with no space in it was cut, and what did not fit the
line was cropped away: ``…/small.y field 'objective.weights'``, the file's line lost)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pairing_planner.cli import main
from pairing_planner.report.line_breaks import line_spans
from tests.conftest import INSTANCES


def test_a_path_wider_than_the_line_is_its_own_line_whole() -> None:
    path = "/tmp/" + "a-folder-with-a-long-name/" * 4 + "small.yaml:27:"
    text = f"error: {path} field 'objective.weights': too large"
    lines = [text[a:b] for a, b in line_spans(text, (80, 80))]
    assert lines == ["error:", path, "field 'objective.weights': too large"]


def test_an_error_naming_a_long_path_keeps_its_file_and_line(tmp_path: Path) -> None:
    """plan check at 80 columns: the message names the file and its line, whole."""
    folder = tmp_path / ("a-folder-with-a-long-name-" * 4)
    folder.mkdir()
    source = (INSTANCES / "heze-as-stated.yaml").read_text(encoding="utf-8")
    assert "distance: 1.0" in source
    bad = folder / "small.yaml"
    bad.write_text(source.replace("distance: 1.0", "distance: 1e15", 1), encoding="utf-8")
    line = source.splitlines().index(next(x for x in source.splitlines() if "distance: 1.0" in x))
    ran = CliRunner().invoke(main, ["check", str(bad)], env={"COLUMNS": "80"})
    assert ran.exit_code == 2
    assert f"{bad}:{line + 1}:" in ran.stderr.splitlines()
