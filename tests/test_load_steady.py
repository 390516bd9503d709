"""Results that do not change with the machine's load (issue 31, part 31H): a stage the wall
clock can cut has guaranteed deterministic work (solving/effort), so a loaded machine, which
spends the clock before the search, gives the same plans as a quiet one. A time limit far
too short for the search stands in for the load here."""

from __future__ import annotations

from pairing_planner import Instance
from pairing_planner.prepare.candidates import candidate_pairs
from pairing_planner.result.plan import Plan
from pairing_planner.solving.execution.guaranteed_work import guaranteed_work, series_work
from pairing_planner.solving.methods.one_model import solve as solve_model
from pairing_planner.solving.options import SolveOptions


def _pairs(plans: list[Plan]) -> list[set[tuple[str, str]]]:
    return [{(p.helper, p.recipient) for p in plan.pairs} for plan in plans]


def test_a_series_within_a_percentage_is_proven_whatever_the_clock_leaves(
    heze_as_stated: Instance,
) -> None:
    """docs/alternatives.md's five plans within 2 % of the best: their 404 pairs need a little
    more work (2.02 units) than the default limit guarantees (2.0); the series still gets
    that work, shared, and finds and proves the same five plans with 0.01 s as with 30 s
    (before: none guaranteed, and under load no plan at all)."""
    work = series_work(len(candidate_pairs(heze_as_stated)), 5, guaranteed_work(10.0))
    roomy = solve_model(heze_as_stated, SolveOptions(plans=5, within=2, time_limit=30), work=work)
    short = solve_model(heze_as_stated, SolveOptions(plans=5, within=2, time_limit=0.01), work=work)
    assert len(roomy.plans) == len(short.plans) == 5
    assert [p.status for p in short.plans] == ["OPTIMAL"] * 5
    assert _pairs(short.plans) == _pairs(roomy.plans)
