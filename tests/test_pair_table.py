"""The pair table: it restricts candidates, sets costs, and its mistakes are named by line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pairing_planner import InputError, SolveOptions, load_instance, solve, verify_plan

DATA = Path(__file__).parent / "data"


def _with_table(tmp_path: Path, rows: str) -> Path:
    text = (DATA / "ok_small.yaml").read_text(encoding="utf-8")
    text = text.replace("  min_lead: 30", "  min_lead: 30\n  pair_table: pairs.csv")
    text = text.replace("load_balance: 5.0}", "load_balance: 5.0, pair_table: 1.0}")
    (tmp_path / "small.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "pairs.csv").write_text("helper,recipient,cost\n" + rows, encoding="utf-8")
    return tmp_path / "small.yaml"


def test_table_restricts_and_prices_pairs(tmp_path: Path) -> None:
    """Only listed pairs are used, and their table cost is in the objective."""
    rows = "h1,r2,3\nh2,r1,0\nh3,r3,1\nh1,r4,2\nh2,r4,50\n"
    instance = load_instance(_with_table(tmp_path, rows))
    plan = solve(instance, SolveOptions(plans=1)).plans[0]
    pairs = sorted((p.helper, p.recipient) for p in plan.pairs)
    assert pairs == [("h1", "r2"), ("h1", "r4"), ("h2", "r1"), ("h3", "r3")]
    assert plan.term_costs["pair_table"] == 6.0
    assert verify_plan(instance, pairs).ok
    assert not verify_plan(instance, [("h2", "r2"), ("h1", "r1"), ("h3", "r3"), ("h1", "r4")]).ok


@pytest.mark.parametrize(
    ("rows", "line", "message"),
    [
        ("h1,r2,3\nh9,r1,0\n", 3, "'h9' is not a helper"),
        ("h1,r2,3\nh1,r2,4\n", 3, "listed twice"),
        ("h1,r2,x\n", 2, "'x' is not a number"),
        ("h1,r2,-1\n", 2, "≥ 0"),
    ],
)
def test_table_mistakes_are_named(tmp_path: Path, rows: str, line: int, message: str) -> None:
    """Unknown schools, duplicate pairs and bad costs: the CSV line and the problem."""
    with pytest.raises(InputError) as caught:
        load_instance(_with_table(tmp_path, rows))
    problem = caught.value.problems[0]
    assert problem.file is not None and problem.file.name == "pairs.csv"
    assert (problem.line, message in problem.message) == (line, True)


def test_table_without_columns(tmp_path: Path) -> None:
    """A table without the three columns says which are missing."""
    path = _with_table(tmp_path, "")
    shutil.copy(path, tmp_path / "copy.yaml")
    (tmp_path / "pairs.csv").write_text("helper;recipient;cost\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks the column"):
        load_instance(path)
