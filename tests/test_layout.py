"""A layout a newcomer reads (issue 31): no module so long that it holds several concerns, and
the solver's progress and the duties' progress named apart."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "pairing_planner"
MOST_LINES = 400


def test_no_module_is_over_400_lines() -> None:
    """A module over 400 lines holds more than one concern: split it by what it does."""
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    }
    assert long == {}


def test_solver_and_duty_progress_have_distinct_names() -> None:
    """A search's progress and the duties' progress were both ``Progress``: every import of
    one had to be read twice. Each now names what it tracks."""
    classes: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and node.name.endswith("Progress"):
                classes.setdefault(node.name, []).append(str(path.relative_to(PACKAGE)))
    assert "Progress" not in classes
    assert classes["SolverProgress"] == ["result/solver_progress.py"]
    assert classes["DutyProgress"] == ["report/duty_progress.py"]
