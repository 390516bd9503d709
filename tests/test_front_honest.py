"""The trade-off front says what it knows (issue 29): on rules that conflict, the diagnosis and
the front of the least-relaxed plans; a front the time cut short says how many of its points
are proven and that more may exist; a point without a plan never closes it.

Cutting a front short is simulated by the solve that finds a point (the first solve of the
point after the ``k``-th ends without a plan, as the time limit or Ctrl-C ends it), never by
a wall-clock limit a test machine may or may not reach."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pairing_planner import Instance, SolveOptions, trade_off
from pairing_planner.cli import main
from pairing_planner.i18n import use_language
from pairing_planner.result.plan import Plan
from pairing_planner.solving.methods import trade_off_front as front
from tests.conftest import INSTANCES
from tests.solved import solved_once

TERMS = ("distance", "score_gap")


def _terms(plan: Plan) -> tuple[float, float]:
    return plan.term_costs["distance"], plan.term_costs["score_gap"]


def _cut_after(points: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each point takes two solves; every solve after the first ``points`` points' ends with
    no plan and no proof, as one the time limit cut."""
    solve_once = front.solve_once
    calls = {"n": 0}

    def cut(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > 2 * points:
            return None, "UNKNOWN", False
        return solve_once(*args, **kwargs)

    monkeypatch.setattr(front, "solve_once", cut)


@pytest.mark.slow
def test_the_front_of_conflicting_rules_is_of_least_relaxed_plans(heze: Instance) -> None:
    """Heze as printed (12 junior highs, 11 junior-high helper slots): the diagnosis as plain
    plan solve gives it, then the whole front of the plans that bend the rules as little as
    possible: every point bends them by the least penalty, no point beats another on both
    terms, and the weighted optimum among least-relaxed plans (plain plan solve's relaxed
    plan) is one of them. Before: an empty table, 0 plans, exit 1, no diagnosis."""
    with use_language("en"):
        result = trade_off(heze, TERMS, SolveOptions(plans=50, time_limit=120))
        relaxed = solved_once(heze, SolveOptions(time_limit=60)).plans[0]
    assert result.status == "RELAXED" and result.front == list(TERMS)
    assert result.diagnosis is not None and result.diagnosis.structural
    assert result.plans
    least = sum(r.amount * r.penalty for r in relaxed.relaxations)
    for plan in result.plans:
        assert plan.relaxations
        assert sum(r.amount * r.penalty for r in plan.relaxations) == least
    points = [_terms(p) for p in result.plans]
    assert all(a[0] < b[0] and a[1] > b[1] for a, b in pairwise(points))
    if all(p.status == "OPTIMAL" for p in result.plans) and relaxed.status == "OPTIMAL":
        assert "More points may exist" not in result.message
        assert _terms(relaxed) in points
    else:
        assert "another run" in result.message


def test_plan_solve_front_on_conflicting_rules_prints_the_diagnosis(tmp_path: Path) -> None:
    """The command: the diagnosis first, then the points with the rule each bends, RELAXED,
    exit 0, the points written as plans."""
    args = ["--lang", "en", "solve", str(INSTANCES / "heze.yaml"), "--front", ",".join(TERMS)]
    done = CliRunner().invoke(main, [*args, "--plans", "2", "--out", str(tmp_path)])
    assert done.exit_code == 0, done.output
    text = " ".join(done.output.split())
    assert text.index("No plan keeps every rule.") < text.index("Trade-off")
    assert "bends" in text and "(S6)" in text and "RELAXED · 2 plan(s)" in text
    assert (tmp_path / "heze" / "plan-2.csv").is_file()


def test_a_front_cut_short_says_how_many_points_are_proven(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Heze as stated has 12 points; cut after 3, the front returns those 3, says 3 of them
    are proven and that more may exist, and is not called complete."""
    _cut_after(3, monkeypatch)
    with use_language("en"):
        result = trade_off(heze_as_stated, TERMS, SolveOptions(plans=20, time_limit=60))
    assert len(result.plans) == 3
    proven = sum(p.status == "OPTIMAL" for p in result.plans)
    assert f"{proven} of its 3 point(s) are proven" in result.message
    assert "more points may exist" in result.message


def test_a_point_without_a_plan_never_closes_the_front(
    heze_as_stated: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the very first point's solve ends without a plan (and without a proof that none
    exists), the front has no point and says the time ran out: status UNKNOWN, no diagnosis,
    never "infeasible" (before: a complete front of 0 plans)."""
    _cut_after(0, monkeypatch)
    with use_language("en"):
        result = trade_off(heze_as_stated, TERMS, SolveOptions(plans=20, time_limit=60))
    assert result.plans == [] and result.status == "UNKNOWN" and result.diagnosis is None
    assert "0 of its 0 point(s) are proven" in result.message


def test_a_front_ended_by_proof_is_complete(heze_as_stated: Instance) -> None:
    """A front walked to its end, every point proven, says nothing of more points; one that
    stops at the points asked for says more may exist (ask for more plans), and two points
    are its two ends (issue 30)."""
    with use_language("en"):
        few = trade_off(heze_as_stated, TERMS, SolveOptions(plans=2, time_limit=60))
        whole = trade_off(heze_as_stated, TERMS, SolveOptions(plans=50, time_limit=60))
    assert len(few.plans) == 2 and "ask for more plans" in few.message
    if all(p.status == "OPTIMAL" for p in whole.plans):
        assert "more points may exist" not in whole.message.lower()
        ends = [whole.plans[0], whole.plans[-1]]
        assert [_terms(p) for p in ends] == [_terms(p) for p in few.plans]
    else:
        assert "another run" in whole.message


def test_a_front_is_reproduced_as_a_front(heze_as_stated: Instance) -> None:
    """plan solve --reproduce of a front solves the front again (before: a plain solve, so no
    front was ever reproduced); the same points, pair for pair, when every one is proven."""
    from pairing_planner.api import reproduce

    first = trade_off(heze_as_stated, TERMS, SolveOptions(plans=4, time_limit=60))
    again = reproduce(first, heze_as_stated)
    assert again.same or any(p.status != "OPTIMAL" for p in first.plans)
