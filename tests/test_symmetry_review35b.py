"""Swaps of interchangeable schools after the review of part 35L (issue 31, part 35Y): the
helpers' order cut off a relaxed model's least-penalty plan (two twin helpers serving one
school), and K-best offered two plans that only swap twins (both orders held for both)."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from typing import Any

import pytest

from pairing_planner import Instance, SolveOptions, instance_from_data, solve, verify_plan
from pairing_planner.objective import SCALE
from pairing_planner.prepare.problem import problem_data
from pairing_planner.prepare.symmetry import (
    Group,
    interchangeable,
    interchangeable_helpers,
    swap_images,
    variants,
)
from pairing_planner.result.plan import Plan, Result
from pairing_planner.solving.methods import least_penalty
from tests.load_free import by_work

Pairs = frozenset[tuple[str, str]]
CITIES = [
    {"id": "ca", "name": "甲市", "kind": "city", "lat": 36.0, "lon": 117.0},
    {"id": "cb", "name": "乙市", "kind": "city", "lat": 36.5, "lon": 118.0},
    {"id": "cr", "name": "丙市", "kind": "city", "lat": 35.0, "lon": 116.0},
    {"id": "k1", "name": "一县", "kind": "county", "city": "cr", "lat": 35.1, "lon": 116.1},
    {"id": "k2", "name": "二县", "kind": "county", "city": "cr", "lat": 34.8, "lon": 115.7},
]


def instance(
    helpers: list[dict[str, Any]],
    recipients: list[dict[str, Any]],
    rules: list[dict[str, Any]],
    weights: dict[str, float] | None = None,
) -> Instance:
    """An instance of the cities above, coverage exactly one and stages matched."""
    base = [
        {"kind": "coverage", "clause": "S5", "mode": "exactly_one"},
        {"kind": "stage_match", "clause": "S5"},
    ]
    return instance_from_data(
        {
            "format": 1,
            "name": "t",
            "title": "t",
            "source": "test",
            "program": "UR",
            "places": CITIES,
            "helpers": helpers,
            "recipients": recipients,
            "rules": base + rules,
            "objective": {"weights": weights or {"distance": 1.0}, "min_lead": 90},
            "solve": {"plans": 1, "time_limit": 60, "seed": 0, "workers": 1},
        }
    )


def helper(i: int, **more: Any) -> dict[str, Any]:
    school = {"id": f"h{i}", "name": f"帮扶{i}", "place": "ca", "stages": ["junior"]}
    return school | {"lat": 36.0, "lon": 117.0} | more


def recipient(i: int, **more: Any) -> dict[str, Any]:
    return {"id": f"r{i}", "name": f"受援{i}", "place": "k1", "stages": ["junior"]} | more


def penalty(plan: Plan) -> float:
    return sum(r.amount * r.penalty for r in plan.relaxations)


@pytest.mark.parametrize("decompose", [True, False])
def test_two_plans_of_a_relaxed_model_keep_its_least_penalty(
    decompose: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One school, two twin helpers of a city that must send two: the least penalty (60)
    has both twins serve it, which the helpers' order forbade; with --plans 2 the result
    was INFEASIBLE, 0 plans, beside a note of penalty 60 proven least."""
    by_work(monkeypatch)
    twins = instance(
        [helper(0), helper(1)],
        [recipient(0, place="k2")],
        [
            {"kind": "capacity", "clause": "S6"},
            {"kind": "city_quota", "clause": "S8", "stage": "junior", "quotas": {"ca": 2}}
            | {"penalty": 100},
        ],
    )
    one = solve(twins, SolveOptions(plans=1, decompose=decompose, time_limit=60))
    two = solve(twins, SolveOptions(plans=2, decompose=decompose, time_limit=60))
    assert one.status == two.status == "RELAXED"
    assert two.plans and two.plans[0].least_bend_proven
    assert penalty(two.plans[0]) == penalty(one.plans[0]) == 60


def test_no_plan_under_a_found_least_penalty_is_a_fault(monkeypatch: pytest.MonkeyPatch) -> None:
    """A search capped at a penalty a plan was found at cannot prove none: if it does, the
    tool is at fault (exit 3), and the planner is never told INFEASIBLE."""
    real = least_penalty.sequence

    def none_found(*args: Any, **kwargs: Any) -> Result:
        return replace(real(*args, **kwargs), status="INFEASIBLE", plans=[])

    monkeypatch.setattr(least_penalty, "sequence", none_found)
    quota = {"kind": "city_quota", "clause": "S8", "stage": "junior", "quotas": {"ca": 2}}
    one_short = instance([helper(0)], [recipient(0)], [quota | {"penalty": 10}])
    with pytest.raises(RuntimeError, match="penalty 10"):
        least_penalty.solve_relaxed(one_short, SolveOptions(time_limit=60))


def test_twin_helpers_serving_twin_recipients_are_offered_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The review's dup.yaml: three twin recipients, twins h1, h2 and a farther h0, room 2
    each. Plan 2 was {r0 → h1; r1, r2 → h2}, a swap of plan 1 {r0, r1 → h1; r2 → h2}."""
    by_work(monkeypatch)
    far = helper(0, lat=36.5, lon=117.5, capacity=2)
    dup = instance(
        [far, helper(1, capacity=2), helper(2, capacity=2)],
        [recipient(i) for i in range(3)],
        [{"kind": "capacity", "clause": "S1"}],
    )
    result = solve(dup, SolveOptions(plans=2, time_limit=60))
    first, second = ({(p.helper, p.recipient) for p in plan.pairs} for plan in result.plans)
    problem = problem_data(dup)
    groups, helper_groups = interchangeable(problem), interchangeable_helpers(problem)
    assert frozenset(second) not in swap_images(groups, list(first), helper_groups)
    assert "h0" in {h for h, _r in second}


def test_swap_images_are_the_other_plans_a_plan_stands_for() -> None:
    """As many images as :func:`variants` counts, itself left out."""
    pairs = [("h1", "r0"), ("h1", "r1"), ("h2", "r2")]
    images = swap_images([("r0", "r1", "r2")], pairs, [("h1", "h2")])
    assert len(images) + 1 == variants([("r0", "r1", "r2")], pairs, [("h1", "h2")]) == 6
    assert frozenset(pairs) not in images


def random_instance(rng: random.Random) -> Instance:
    """The review's generator: 2-4 helpers and 2-4 recipients, half copies of an earlier
    one (twins), capacities 1-3, S4, quotas, locks, load-balance weights."""
    helpers: list[dict[str, Any]] = []
    for i in range(rng.randint(2, 4)):
        if helpers and rng.random() < 0.5:
            helpers.append(rng.choice(helpers) | {"id": f"h{i}", "name": f"帮扶{i}"})
            continue
        stages = rng.choice([["junior"], ["senior"], ["junior", "senior"]])
        where = {"lat": 36.0 + rng.choice([0, 0.3, 0.6]), "lon": 117.0 + rng.choice([0, 0.4])}
        room = {"capacity": rng.randint(1, 3), "score": rng.choice([70, 80, 90])}
        helpers.append(helper(i, place=rng.choice(["ca", "cb"]), stages=stages) | where | room)
    recipients: list[dict[str, Any]] = []
    for i in range(rng.randint(2, 4)):
        if recipients and rng.random() < 0.5:
            recipients.append(rng.choice(recipients) | {"id": f"r{i}", "name": f"受援{i}"})
            continue
        poor = {"poverty_village": rng.random() < 0.25}
        stage = [rng.choice(["junior", "senior"])]
        recipients.append(recipient(i, place=rng.choice(["k1", "k2"]), stages=stage) | poor)
    rules: list[dict[str, Any]] = []
    if rng.random() < 0.8:
        rules.append({"kind": "capacity", "clause": "S1"})
    if rng.random() < 0.4:
        rules.append({"kind": "poverty_one_to_one", "clause": "S4"})
    if rng.random() < 0.5:
        quotas = {c: rng.randint(0, 2) for c in ["ca", "cb"]}
        rules.append(
            {"kind": "city_quota", "clause": "S8", "stage": rng.choice(["junior", "senior"])}
            | {"quotas": quotas, "closed": rng.random() < 0.5}
        )
    if rng.random() < 0.3:
        h, r = rng.choice(helpers), rng.choice(recipients)
        if set(h["stages"]) & set(r["stages"]):
            rules.append({"kind": "lock", "clause": "R2", "pairs": [[h["id"], r["id"]]]})
    weights = {"distance": 1.0}
    if rng.random() < 0.6:
        weights["load_balance"] = rng.choice([5.0, 50.0, 500.0])
    if rng.random() < 0.3:
        weights["score_gap"] = 1.0
    return instance(helpers, recipients, rules, weights)


def classes(inst: Instance, groups: list[Group]) -> dict[Pairs, int]:
    """Every valid plan (each recipient one candidate helper) by its swap class (the least
    of its images), with the class's cost in objective units."""
    problem = problem_data(inst)
    candidates = {r: [h for h, rr in problem.pairs if rr == r] for r in inst.recipients}
    found: dict[Pairs, int] = {}
    for helpers in itertools.product(*candidates.values()):
        pairs = list(zip(helpers, candidates, strict=True))
        verdict = verify_plan(inst, pairs)
        if verdict.ok:
            found[canonical(frozenset(pairs), groups)] = round(verdict.objective * SCALE)
    return found


def canonical(pairs: Pairs, groups: list[Group]) -> Pairs:
    """The least image of ``pairs`` under every order of every group."""
    images = [pairs, *swap_images(groups, list(pairs))]
    return min(images, key=sorted)


@pytest.mark.parametrize("decompose", [True, False])
def test_the_k_best_plans_are_one_of_each_swap_class(
    decompose: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Brute force over small random instances: K-best asked for every plan offers each swap
    class of valid plans once (none two plans that only swap twins), its first at the
    brute-force optimum, and the classes' costs in order."""
    by_work(monkeypatch)
    rng = random.Random(35)
    checked = twins = 0
    while checked < 30:
        inst = random_instance(rng)
        problem = problem_data(inst)
        groups = [*interchangeable(problem), *interchangeable_helpers(problem)]
        valid = classes(inst, groups)
        if not valid:
            continue
        checked += 1
        twins += bool(groups)
        result = solve(inst, SolveOptions(plans=len(valid) + 1, decompose=decompose, seed=0))
        found = [
            canonical(frozenset((q.helper, q.recipient) for q in p.pairs), groups)
            for p in result.plans
        ]
        assert len(found) == len(set(found)) == len(valid)
        assert set(found) == set(valid)
        costs = [round(p.objective * SCALE) for p in result.plans]
        assert costs == sorted(valid.values())
    assert twins >= 10
