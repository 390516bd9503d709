"""The problem data (issue 31): rules declare structures, S4 is one exclusive set that every
method reads, and the CP-SAT builder posts one row per structure row."""

from __future__ import annotations

from typing import Any

from pairing_planner.algorithms.greedy import greedy_pairs
from pairing_planner.cpsat.build import build_model
from pairing_planner.prepare.problem import lock_label, problem_data
from pairing_planner.rules.structures import Exclusive, Lock
from tests.conftest import build, instance_dict

COVERAGE = {"kind": "coverage", "clause": "S1"}
CAPACITY = {"kind": "capacity", "clause": "S1"}
S4 = {"kind": "poverty_one_to_one", "clause": "S4"}


def _instance(rules: list[dict[str, Any]], senior_recipient: bool = False) -> Any:
    helpers = [
        {"id": f"h{i}", "name": f"H{i}", "place": "c0k0", "stages": ["junior"], "capacity": 2}
        | {"lat": 36.0 + 0.01 * i, "lon": 116.0}
        for i in range(3)
    ]
    recipients = [
        {"id": f"r{i}", "name": f"R{i}", "place": "c0k0", "stages": ["junior"]}
        | {"lat": 36.0 + 0.01 * i, "lon": 116.05, "poverty_village": i == 0}
        for i in range(4)
    ]
    if senior_recipient:
        recipients[3]["stages"] = ["senior"]
    return build(instance_dict(helpers, recipients, rules))


def test_s4_is_one_exclusive_set_declared_by_its_rule() -> None:
    """The poverty-village school is exclusive under S4, and nothing is without the rule."""
    with_s4 = problem_data(_instance([COVERAGE, CAPACITY, S4]))
    assert with_s4.exclusive == {"r0"}
    assert [s.recipients for s in with_s4.of(Exclusive)] == [("r0",)]
    assert problem_data(_instance([COVERAGE, CAPACITY])).exclusive == frozenset()


def test_greedy_keeps_the_exclusive_helper_to_its_school() -> None:
    """Greedy reads the exclusive set: r0's helper serves no one else."""
    instance = _instance([COVERAGE, CAPACITY, S4])
    chosen = greedy_pairs(problem_data(instance))
    assert chosen is not None
    helper = next(h for h, r in chosen if r == "r0")
    assert [r for h, r in chosen if h == helper] == ["r0"]


def test_every_row_is_posted_once() -> None:
    """One rule instance per coverage recipient, helper with a candidate, exclusive school
    and locked pair."""
    lock = {"kind": "lock", "clause": "R2", "pairs": [["h1", "r2"]]}
    built = build_model(_instance([COVERAGE, CAPACITY, S4, lock]))
    kinds = [r.kind for r in built.ctx.rule_instances]
    assert kinds.count("coverage") == 4
    assert kinds.count("capacity") == 3
    assert kinds.count("poverty_one_to_one") == 1
    assert kinds.count("lock") == 1


def test_a_locked_pair_that_is_no_candidate_names_the_rule_that_excludes_it() -> None:
    """A junior helper locked to a senior high: the label names the stage rule (S6)."""
    stage = {"kind": "stage_match", "clause": "S6"}
    lock = {"kind": "lock", "clause": "R2", "pairs": [["h0", "r3"]]}
    problem = problem_data(_instance([COVERAGE, stage, lock], senior_recipient=True))
    (locked,) = problem.of(Lock)
    label = lock_label(problem, locked, ("h0", "r3")).text()
    assert "H0" in label and "R3" in label and "S6" in label
