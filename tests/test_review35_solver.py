"""Part 35L's review of the solver changes (issue 31): the kept-plan memo handed down, not a
process-wide global, and keyed by the problem's content; twin helpers counted as one plan
with or without a capacity rule; one helper's room; the time budget's loose ends."""

from __future__ import annotations

import random
from itertools import product
from typing import Any

import pytest
import yaml

from pairing_planner import Instance, SolveOptions, instance_from_data, solve, verify_plan
from pairing_planner.clock import Deadline
from pairing_planner.diagnosis.check_memo import CheckMemo
from pairing_planner.diagnosis.conflict import minimal_conflict
from pairing_planner.prepare.candidates import candidate_pairs
from pairing_planner.prepare.problem import problem_data
from pairing_planner.prepare.replan import apply_replan
from pairing_planner.result.plan import Diagnosis, Replan
from tests.conftest import INSTANCES, build, instance_dict, random_school
from tests.load_free import by_work


def heze_with(change: dict[str, Any]) -> Instance:
    """Heze as printed with the rules ``change`` alters (index → new fields): the same
    school ids, another problem."""
    data = yaml.safe_load((INSTANCES / "heze.yaml").read_text(encoding="utf-8"))
    for index, fields in change.items():
        data["rules"][index] |= fields
    return instance_from_data(data)


def test_the_memo_of_one_problem_never_answers_another(heze: Instance) -> None:
    """Two instances with the same school ids and rules that differ in a parameter get
    apart kept plans; a forbid or a lock of the same instance shares them (what a warm
    re-solve reads)."""
    memo = CheckMemo()
    mine = memo.of(problem_data(heze))
    at_least = heze_with({0: {"mode": "at_least_one"}})
    fewer = heze_with({4: {"quotas": {"jinan": 0}}})
    assert memo.of(problem_data(at_least)) is not mine
    assert memo.of(problem_data(fewer)) is not mine
    pair = candidate_pairs(heze)[0]
    for change in (
        Replan(forbid=(f"{pair[0]}:{pair[1]}",)),
        Replan(lock=(f"{pair[0]}:{pair[1]}",)),
    ):
        assert memo.of(problem_data(apply_replan(heze, change))) is mine


def conflict_of(diagnosis: Diagnosis) -> tuple[object, ...]:
    return tuple(sorted(r.label for r in diagnosis.conflict)), diagnosis.minimal


def two_stage_city(second: str) -> Instance:
    """One city of two helpers teaching both stages, quotas of one junior and one senior
    helper, and two recipients: a junior one and one of ``second``. With ``senior`` it has a
    plan; with ``junior`` none (no helper serves a senior school), though every rule instance
    is worded the same: only the recipients' stages differ."""
    helpers = [school("h", i, ["junior", "senior"]) for i in range(2)]
    recipients = [school("r", 0, ["junior"]), school("r", 1, [second])]
    rules = [
        {"kind": "coverage", "clause": "S1"},
        {"kind": "capacity", "clause": "S1"},
        {"kind": "city_quota", "clause": "S6", "stage": "junior", "quotas": {"c0": 1}},
        {"kind": "city_quota", "clause": "S7", "stage": "senior", "quotas": {"c0": 1}},
    ]
    return build(instance_dict(helpers, recipients, rules, cities=1))


def school(prefix: str, i: int, stages: list[str]) -> dict[str, Any]:
    return {
        "id": f"{prefix}{i}",
        "name": f"{prefix}{i}",
        "place": "c0k0",
        "stages": stages,
        "lat": 36.0,
        "lon": 116.0 + i / 10,
        "score": 60,
    }


def test_interleaved_diagnoses_sharing_one_memo_are_the_cold_ones() -> None:
    """A notebook diagnosing an instance with a plan, then one with the same school ids and
    rule words that has none, and so on, with one memo: each answer is the one a diagnosis
    without a memo gives. Before, the second kept the first's plan and answered "a plan
    exists": its conflict went unfound."""
    memo = CheckMemo()
    for instance in [two_stage_city("senior"), two_stage_city("junior")] * 2:
        pairs = candidate_pairs(instance)
        cold = minimal_conflict(instance, pairs, Deadline.after(600))
        warm = minimal_conflict(instance, pairs, Deadline.after(600), kept=memo)
        assert conflict_of(warm) == conflict_of(cold)
    assert conflict_of(cold) == (("City 0 must supply exactly 1 senior helper school",), True)


def twins_instance(caps: tuple[int, int, int] | None) -> Instance:
    """Two helpers alike in all but id and a third, four recipients of which r2 and r3 stand
    at one place; ``caps`` the helpers' capacities under a capacity rule, None for none."""
    rng = random.Random(11)
    twin = random_school(rng, "h", 0, 1)
    helpers = [twin, twin | {"id": "h1", "name": "H school 1"}, random_school(rng, "h", 2, 1)]
    if caps is not None:
        helpers = [h | {"capacity": c} for h, c in zip(helpers, caps, strict=True)]
    recipients = [random_school(rng, "r", i, 1) for i in range(3)]
    recipients.append(recipients[2] | {"id": "r3", "name": "R school 3"})
    rules = [{"kind": "coverage", "clause": "S1"}]
    rules += [] if caps is None else [{"kind": "capacity", "clause": "S1"}]
    return build(instance_dict(helpers, recipients, rules, cities=1))


Pairs = frozenset[tuple[str, str]]


def orbit(pairs: Pairs) -> frozenset[Pairs]:
    """Every plan ``pairs`` becomes by swapping h0 with h1 and r2 with r3."""
    helper_swaps = [{}, {"h0": "h1", "h1": "h0"}]
    recipient_swaps = [{}, {"r2": "r3", "r3": "r2"}]
    return frozenset(
        frozenset((hs.get(h, h), rs.get(r, r)) for h, r in pairs)
        for hs in helper_swaps
        for rs in recipient_swaps
    )


@pytest.mark.parametrize("caps", [None, (2, 2, 2), (1, 1, 2), (3, 3, 1)])
def test_the_k_best_plans_are_every_plan_up_to_swaps(
    caps: tuple[int, int, int] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Brute force: every valid plan of the instance (each recipient one helper), grouped by
    swaps of the twin helpers and of the twin recipients, is one plan of the K best asked
    for all of them, no two of which are swaps of each other, and the optimum is the cheapest
    plan's. Without a capacity rule the twins were two plans each (variants 1)."""
    by_work(monkeypatch)
    instance = twins_instance(caps)
    recipients = list(instance.recipients)
    valid: dict[Pairs, float] = {}
    for helpers in product(instance.helpers, repeat=len(recipients)):
        pairs = list(zip(helpers, recipients, strict=True))
        verdict = verify_plan(instance, pairs)
        if verdict.ok:
            valid[frozenset(pairs)] = verdict.objective
    orbits = {orbit(p) for p in valid}
    result = solve(instance, SolveOptions(plans=len(valid) + 1, seed=0, time_limit=600))
    found = [orbit(frozenset((q.helper, q.recipient) for q in p.pairs)) for p in result.plans]
    assert len(found) == len(set(found)) == len(orbits)
    assert set(found) == orbits
    assert result.plans[0].objective == pytest.approx(min(valid.values()), abs=0.01)
    assert ["h0", "h1"] in result.interchangeable


def test_a_helpers_room_is_its_capacity_structure_or_every_recipient() -> None:
    """One room for every method: what the capacity structures allow, whatever the field
    says; every recipient where no capacity rule caps it; a model's most load never above
    the helper's candidates."""
    capped, free = twins_instance((2, 2, 1)), twins_instance(None)
    assert [problem_data(capped).room(h) for h in ("h0", "h2")] == [2, 1]
    assert problem_data(free).room("h2") == len(free.recipients) == 4
    assert problem_data(free, [("h0", "r0"), ("h0", "r1")]).most_load("h0") == 2
