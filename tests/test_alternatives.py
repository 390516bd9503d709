"""Alternative plans against brute force: the K best, at distance ≥ D, and within a budget."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from pairing_planner import Instance, SolveOptions, solve, verify_plan
from pairing_planner.objective import SCALE
from pairing_planner.prepare.candidates import candidate_pairs
from pairing_planner.result.plan import Plan
from pairing_planner.solving.decomposition.merge_parts import cheapest_choices
from tests.conftest import build, instance_dict, random_school

Assignment = tuple[str, ...]
"""The helper of each recipient, in recipient order."""


def _instance(seed: int) -> Instance:
    """4 helpers with capacities 1–3, 6 recipients (one in a poverty village), distance only."""
    rng = random.Random(seed)
    helpers = [random_school(rng, "h", i, 2) | {"capacity": rng.randint(1, 3)} for i in range(4)]
    recipients = [random_school(rng, "r", i, 2) | {"poverty_village": i == 0} for i in range(6)]
    rules = [
        {"kind": "coverage", "clause": "S1"},
        {"kind": "capacity", "clause": "S1"},
        {"kind": "poverty_one_to_one", "clause": "S4"},
    ]
    return build(instance_dict(helpers, recipients, rules))


def _feasible(instance: Instance) -> dict[Assignment, int]:
    """Every feasible assignment (judged by the verifier) with its cost in model units; the
    seeds below all have some (seed 4 has none and is left out)."""
    recipients = list(instance.recipients)
    found = {}
    for choice in itertools.product(list(instance.helpers), repeat=len(recipients)):
        pairs = list(zip(choice, recipients, strict=True))
        if verify_plan(instance, pairs).ok:
            found[choice] = sum(round(instance.distance_km(h, r) * SCALE) for h, r in pairs)
    return found


def _assignment(instance: Instance, plan: Plan) -> Assignment:
    helper = {p.recipient: p.helper for p in plan.pairs}
    return tuple(helper[r] for r in instance.recipients)


def _distance(a: Assignment, b: Assignment) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))


def _cost(plan: Plan) -> int:
    return round(plan.objective * SCALE)


SEEDS = (0, 1, 2, 3, 5, 6)


@pytest.mark.parametrize("seed", SEEDS)
def test_k_best_distinct_plans(seed: int) -> None:
    """D = 1: the K plans' costs are the K smallest costs of all feasible plans."""
    instance = _instance(seed)
    feasible = _feasible(instance)
    assert len(feasible) >= 6
    k = 6
    plans = solve(instance, SolveOptions(plans=k, time_limit=60)).plans
    assert len(plans) == k
    assert [_cost(p) for p in plans] == sorted(feasible.values())[:k]
    assert len({_assignment(instance, p) for p in plans}) == k
    assert all(p.status == "OPTIMAL" for p in plans)


@pytest.mark.parametrize("seed", SEEDS)
def test_plans_at_distance_two(seed: int) -> None:
    """D = 2: plans differ pairwise in ≥ 2 recipients, and each is the cheapest feasible plan
    at distance ≥ 2 from the plans before it."""
    instance = _instance(seed)
    feasible = _feasible(instance)
    plans = solve(instance, SolveOptions(plans=4, min_diff=2, time_limit=60)).plans
    chosen = [_assignment(instance, p) for p in plans]
    for a, b in itertools.combinations(chosen, 2):
        assert _distance(a, b) >= 2
    for k, plan in enumerate(plans):
        allowed = [c for a, c in feasible.items() if all(_distance(a, b) >= 2 for b in chosen[:k])]
        assert _cost(plan) == min(allowed)
    if len(plans) < 4:
        earlier = chosen
        assert not [a for a in feasible if all(_distance(a, b) >= 2 for b in earlier)]


@pytest.mark.parametrize("seed", SEEDS)
def test_within_budget_and_most_different(seed: int) -> None:
    """--within 10: every plan within 10 % of plan 1, each as far as possible (least distance
    to the earlier plans) from the plans before it, as brute force finds."""
    instance = _instance(seed)
    feasible = _feasible(instance)
    plans = solve(instance, SolveOptions(plans=3, within=10, time_limit=60)).plans
    budget = int(_cost(plans[0]) * 1.1)
    assert _cost(plans[0]) == min(feasible.values())
    chosen = [_assignment(instance, p) for p in plans]
    for k in range(1, len(plans)):
        assert _cost(plans[k]) <= budget
        least = min(_distance(chosen[k], b) for b in chosen[:k])
        best = max(
            min(_distance(a, b) for b in chosen[:k])
            for a, c in feasible.items()
            if c <= budget and a not in chosen[:k]
        )
        assert least == best


def test_gap_and_changes_are_reported(heze_as_stated: Instance) -> None:
    """Each later plan states its cost gap to plan 1 and which recipients and cities changed."""
    plans = solve(heze_as_stated, SolveOptions(plans=3, within=5)).plans
    first = plans[0]
    for plan in plans[1:]:
        assert plan.gap_to_first == pytest.approx(plan.objective - first.objective, abs=0.01)
        helpers = dict(first.helpers_of())
        assert plan.changed_recipients == sorted(
            r for r, hs in plan.helpers_of().items() if helpers[r] != hs
        )
        assert "within 5 %" in plan.constraints
        assert plan.time_budget > 0


def _two_counties(seed: int) -> Instance:
    """Two counties of 2 helpers and 3 recipients each, pairs only within a county: two
    independent parts (one recipient in a poverty village)."""
    rng = random.Random(seed)
    helpers, recipients = [], []
    for county in range(2):
        place = {"place": f"c0k{county}"}
        helpers += [
            random_school(rng, "h", 10 * county + i, 1) | place | {"capacity": rng.randint(2, 3)}
            for i in range(2)
        ]
        recipients += [
            random_school(rng, "r", 10 * county + i, 1)
            | place
            | {"poverty_village": county == i == 0}
            for i in range(3)
        ]
    rules = [
        {"kind": "coverage", "clause": "S1"},
        {"kind": "capacity", "clause": "S1"},
        {"kind": "scope", "clause": "S2", "within": "same_county"},
        {"kind": "poverty_one_to_one", "clause": "S4"},
    ]
    return build(instance_dict(helpers, recipients, rules, cities=1))


@pytest.mark.parametrize("seed", range(4))
def test_k_best_plans_merged_from_parts(seed: int) -> None:
    """Solved part by part, the K best distinct plans are merged from each part's own: their
    costs are the K smallest of all feasible plans (brute force), all distinct and proven.
    --within maximises the difference over the whole plan and solves one model."""
    instance = _two_counties(seed)
    feasible = _feasible(instance)
    k = 6
    assert len(feasible) >= k
    result = solve(instance, SolveOptions(plans=k, time_limit=60, jobs=1))
    assert "Solved in 2 group" in result.message
    plans = result.plans
    assert [_cost(p) for p in plans] == sorted(feasible.values())[:k]
    assert len({_assignment(instance, p) for p in plans}) == k
    assert all(p.status == "OPTIMAL" and p.rank == i + 1 for i, p in enumerate(plans))
    assert all(verify_plan(instance, [(q.helper, q.recipient) for q in p.pairs]).ok for p in plans)
    spread = solve(instance, SolveOptions(plans=3, within=10, time_limit=60))
    assert "each on its own" not in spread.message


def test_cheapest_choices_match_brute_force() -> None:
    """One entry per list, the cheapest combinations first, as sorting every combination
    gives (their totals; ties may come in any order)."""
    rng = random.Random(3)
    for _trial in range(30):
        costs = [sorted(rng.randint(0, 9) for _ in range(rng.randint(1, 4))) for _ in range(4)]
        wanted = rng.randint(1, 12)
        every = sorted(sum(c) for c in itertools.product(*costs))
        chosen = cheapest_choices(costs, wanted)
        assert [sum(costs[j][i] for j, i in enumerate(c)) for c in chosen] == every[:wanted]
        assert len(set(chosen)) == len(chosen)


def _counties(seed: int, counties: int) -> Instance:
    """``counties`` (up to 4) counties of 2 helpers (capacity 2) and 2 recipients, in two
    cities, pairs only within a county: one independent part each."""
    rng = random.Random(seed)
    helpers, recipients = [], []
    for county in range(counties):
        place = {"place": f"c{county // 2}k{county % 2}"}
        helpers += [
            random_school(rng, "h", 10 * county + i, 1) | place | {"capacity": 2} for i in range(2)
        ]
        recipients += [random_school(rng, "r", 10 * county + i, 1) | place for i in range(2)]
    rules = [
        {"kind": "coverage", "clause": "S1"},
        {"kind": "capacity", "clause": "S1"},
        {"kind": "scope", "clause": "S2", "within": "same_county"},
    ]
    return build(instance_dict(helpers, recipients, rules, cities=2))


@pytest.mark.parametrize("seed", range(3))
def test_plans_at_distance_two_from_parts(seed: int) -> None:
    """D = 2 over four independent counties: solved part by part (parts opened as needed),
    each plan is still the cheapest at distance ≥ 2 from the plans before it (brute force
    over the candidate pairs), and proven so."""
    instance = _counties(seed, 4)
    recipients = list(instance.recipients)
    candidates = candidate_pairs(instance)
    options = [[h for h, to in candidates if to == r] for r in recipients]
    every = {}
    for choice in itertools.product(*options):
        pairs = list(zip(choice, recipients, strict=True))
        if verify_plan(instance, pairs).ok:
            every[choice] = sum(round(instance.distance_km(h, r) * SCALE) for h, r in pairs)
    result = solve(instance, SolveOptions(plans=4, min_diff=2, time_limit=60, jobs=1))
    assert "Solved in 4 group" in result.message and len(result.plans) == 4
    chosen = [_assignment(instance, p) for p in result.plans]
    for k, plan in enumerate(result.plans):
        allowed = [c for a, c in every.items() if all(_distance(a, b) >= 2 for b in chosen[:k])]
        assert _cost(plan) == min(allowed) and plan.status == "OPTIMAL"
        assert verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs]).ok


def test_plans_apart_stop_when_no_further_plan_exists() -> None:
    """Asked for more plans at distance ≥ 3 than two counties allow: the solve stops, says
    only so many exist (exhausted), and brute force finds no plan at distance ≥ 3 from all."""
    instance = _counties(1, 2)
    recipients = list(instance.recipients)
    candidates = candidate_pairs(instance)
    options = [[h for h, to in candidates if to == r] for r in recipients]
    result = solve(instance, SolveOptions(plans=20, min_diff=3, time_limit=60, jobs=1))
    assert result.exhausted and 1 < len(result.plans) < 20
    assert f"Only {len(result.plans)} plan(s) exist" in result.message
    chosen = [_assignment(instance, p) for p in result.plans]
    for choice in itertools.product(*options):
        pairs = list(zip(choice, recipients, strict=True))
        if verify_plan(instance, pairs).ok:
            assert any(_distance(choice, b) < 3 for b in chosen)


def _twins(seed: int) -> Instance:
    """4 helpers of capacity 2 and 6 recipients, four of them at their county's seat (no
    coordinates of their own): those of a county are interchangeable. Distance only."""
    rng = random.Random(seed)
    helpers = [random_school(rng, "h", i, 1) | {"capacity": 2} for i in range(4)]
    recipients = [random_school(rng, "r", i, 1) for i in range(6)]
    for i, recipient in enumerate(recipients[:4]):
        recipient.pop("lat"), recipient.pop("lon")
        recipient["place"] = f"c0k{i % 2}"
    rules = [{"kind": "coverage", "clause": "S1"}, {"kind": "capacity", "clause": "S1"}]
    return build(instance_dict(helpers, recipients, rules, cities=1))


def _orbit(instance: Instance, groups: list[tuple[str, ...]], assignment: Assignment) -> Assignment:
    """The assignment with each group's helpers sorted: the same for all its swaps."""
    helper = dict(zip(instance.recipients, assignment, strict=True))
    for group in groups:
        for recipient, chosen in zip(group, sorted(helper[r] for r in group), strict=True):
            helper[recipient] = chosen
    return tuple(helper[r] for r in instance.recipients)


@pytest.mark.parametrize("min_diff", [1, 2])
def test_heze_as_stated_offers_three_plans_a_planner_calls_different(
    heze_as_stated: Instance, min_diff: int
) -> None:
    """The schools sharing a seat (成武县's two senior highs, 开发区 and 高新区, 牡丹区's two) are
    named; no two of the three plans only swap them, and each is verified — also at a least
    difference of 2, where a swap of two schools counts 2 (before, four copies of one plan)."""
    result = solve(heze_as_stated, SolveOptions(plans=3, min_diff=min_diff))
    groups = [tuple(g) for g in result.interchangeable]
    assert {("r07", "r08"), ("r20", "r21"), ("r01", "r02")} == set(groups)
    found = {_orbit(heze_as_stated, groups, _assignment(heze_as_stated, p)) for p in result.plans}
    assert len(result.plans) == 3 and len(found) == 3
    for plan in result.plans:
        assert plan.variants == 8
        assert verify_plan(heze_as_stated, [(p.helper, p.recipient) for p in plan.pairs]).ok


def _units(instance: Instance, assignment: Assignment, differ_by: str) -> dict[str, object]:
    """What a plan is made of, unit by unit: each county's recipients' helpers, or each
    city's set of helper schools in use."""
    pairs = list(zip(assignment, instance.recipients, strict=True))
    units: dict[str, object] = {}
    if differ_by == "city":
        for city in {instance.city_of(h).id for h in instance.helpers.values()}:
            used = {h for h, _r in pairs if instance.city_of(instance.helpers[h]).id == city}
            units[city] = frozenset(used)
        return units
    for helper, recipient in pairs:
        place = instance.recipients[recipient].place
        units.setdefault(place, []).append((recipient, helper))  # type: ignore[union-attr]
    return {k: tuple(sorted(v)) for k, v in units.items()}  # type: ignore[arg-type]


@pytest.mark.parametrize("differ_by", ["city", "county"])
@pytest.mark.parametrize("seed", (0, 1, 2))
def test_plans_differ_in_cities_or_counties(seed: int, differ_by: str) -> None:
    """--differ-by city|county with D = 1: each further plan is the cheapest of all feasible
    plans (brute force) whose cities' helper schools, or counties' helpers, differ from every
    earlier plan's in at least one unit."""
    instance = _instance(seed)
    feasible = _feasible(instance)
    options = SolveOptions(plans=3, time_limit=60, differ_by=differ_by)  # type: ignore[arg-type]
    plans = solve(instance, options).plans
    earlier: list[Assignment] = []
    for plan in plans:
        mine = _assignment(instance, plan)
        allowed = [
            cost
            for a, cost in feasible.items()
            if all(
                any(
                    _units(instance, a, differ_by)[u] != _units(instance, e, differ_by)[u]
                    for u in _units(instance, a, differ_by)
                )
                for e in earlier
            )
        ]
        assert _cost(plan) == min(allowed)
        assert mine in feasible
        earlier.append(mine)


def _two_terms(seed: int) -> Instance:
    """The K-best instance with distance and score_gap both weighted: a trade-off to see."""
    rng = random.Random(seed)
    helpers = [random_school(rng, "h", i, 2) | {"capacity": rng.randint(1, 3)} for i in range(4)]
    recipients = [random_school(rng, "r", i, 2) for i in range(6)]
    rules = [{"kind": "coverage", "clause": "S1"}, {"kind": "capacity", "clause": "S1"}]
    data = instance_dict(helpers, recipients, rules, weights={"distance": 1.0, "score_gap": 3.0})
    data["objective"]["min_lead"] = 40
    return build(data)


@pytest.mark.parametrize("seed", (0, 1, 2, 5))
def test_the_trade_off_is_every_non_dominated_point(seed: int) -> None:
    """The front between distance and score gap equals brute force: every plan no other
    beats on both terms, none dominated, least distance first, each proven."""
    from pairing_planner import trade_off
    from pairing_planner.prepare.costs import pair_costs

    instance = _two_terms(seed)
    costs = pair_costs(instance, candidate_pairs(instance))
    points = set()
    for choice in itertools.product(list(instance.helpers), repeat=len(instance.recipients)):
        pairs = list(zip(choice, instance.recipients, strict=True))
        if all(p in costs.cost for p in pairs) and verify_plan(instance, pairs).ok:
            a = sum(round(1.0 * costs.values_of(p)["distance"] * SCALE) for p in pairs)
            b = sum(round(3.0 * costs.values_of(p)["score_gap"] * SCALE) for p in pairs)
            points.add((a, b))
    front = sorted(
        p for p in points if not any(q != p and q[0] <= p[0] and q[1] <= p[1] for q in points)
    )
    result = trade_off(instance, ("distance", "score_gap"), SolveOptions(plans=50, time_limit=60))
    found = [
        (round(p.term_costs["distance"] * SCALE), round(p.term_costs["score_gap"] * SCALE))
        for p in result.plans
    ]
    assert found == front and all(p.status == "OPTIMAL" for p in result.plans)
    assert result.front == ["distance", "score_gap"]


def test_a_trade_off_is_written_and_taken_like_any_result(tmp_path: Path) -> None:
    """plan solve --front writes its points as plans; compare, verify, export and plot take
    them; a term the instance does not weigh is refused (exit 2)."""
    from click.testing import CliRunner

    from pairing_planner.cli import main
    from tests.conftest import INSTANCES

    runner = CliRunner()
    instance = str(INSTANCES / "heze-as-stated.yaml")
    out = str(tmp_path)
    args = ["solve", instance, "--front", "distance,score_gap", "--plans", "3", "--out", out]
    solved = runner.invoke(main, args)
    assert solved.exit_code == 0, solved.output
    folder = tmp_path / "heze-as-stated"
    assert "score gap" in solved.output and (folder / "plan-3.csv").is_file()
    for command in (
        ["compare", str(folder), "--plans", "1,3"],
        ["verify", instance, str(folder / "plans.json"), "--plan", "2"],
        ["export", str(folder), "--plan", "3", "--to", str(tmp_path / "p.xlsx")],
        ["plot", str(folder), "--kind", "front", "--to", str(tmp_path / "front.png")],
    ):
        done = runner.invoke(main, command)
        assert done.exit_code == 0, (command, done.output)
    terms = "distance,uncovered_needs"
    wrong = runner.invoke(main, [*args[:2], "--front", terms, "--out", out, "--force"])
    assert wrong.exit_code == 2 and "weighs" in wrong.output


def _helper_twins(seed: int) -> Instance:
    """Two helpers of capacity one at the same spot of one county (interchangeable), two of
    capacity two elsewhere, and four recipients; distance only."""
    rng = random.Random(seed)
    helpers = [random_school(rng, "h", i, 1) | {"capacity": 2} for i in range(4)]
    for twin in helpers[:2]:
        twin |= {"place": "c0k0", "lat": 36.1, "lon": 116.3, "capacity": 1}
    recipients = [random_school(rng, "r", i, 1) for i in range(4)]
    rules = [{"kind": "coverage", "clause": "S1"}, {"kind": "capacity", "clause": "S1"}]
    return build(instance_dict(helpers, recipients, rules, cities=1))


def _helper_orbit(
    instance: Instance, groups: list[tuple[str, ...]], assignment: Assignment
) -> Assignment:
    """The assignment with each group's helpers taking its served recipients in order."""
    helper = dict(zip(instance.recipients, assignment, strict=True))
    order = list(instance.recipients).index
    for group in groups:
        served = sorted((r for r, h in helper.items() if h in group), key=order)
        for recipient, twin in zip(served, group, strict=False):
            helper[recipient] = twin
    return tuple(helper[r] for r in instance.recipients)


CASES = {
    "recipients": (_twins, [("r0", "r2"), ("r1", "r3")], _orbit),
    "helpers": (_helper_twins, [("h0", "h1")], _helper_orbit),
}
"""Instances with interchangeable recipients or helpers, their groups, and the class of a
plan (the plan with each group sorted)."""


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("seed", (0, 1, 2))
def test_k_best_modulo_interchangeable_schools(case: str, seed: int) -> None:
    """Schools at one spot are found interchangeable; the K best plans are the K cheapest
    classes of plans that only swap them (brute force), one plan each, each verified and
    saying how many plans its class holds."""
    make, groups, orbit = CASES[case]
    instance = make(seed)
    feasible = _feasible(instance)
    classes: dict[Assignment, list[Assignment]] = {}
    for assignment in feasible:
        classes.setdefault(orbit(instance, groups, assignment), []).append(assignment)
    costs = sorted(feasible[members[0]] for members in classes.values())
    k = min(5, len(classes))
    result = solve(instance, SolveOptions(plans=k, time_limit=60, jobs=1))
    assert [tuple(g) for g in result.interchangeable] == groups
    assert [_cost(p) for p in result.plans] == costs[:k]
    found = [orbit(instance, groups, _assignment(instance, p)) for p in result.plans]
    assert len(set(found)) == k
    for plan, mine in zip(result.plans, found, strict=True):
        assert plan.variants == len(classes[mine])
        assert verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs]).ok
