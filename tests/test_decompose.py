"""Decomposition and the min-cost-flow path agree with one CP-SAT model, and verify. The
model's optimum is proven by work, not wall time (:mod:`tests.load_free`): a loaded machine may
leave a solve unproven, never falsely proven."""

from __future__ import annotations

import random
import time

import pytest
from ortools.sat.python import cp_model

from pairing_planner import (
    Instance,
    SolveOptions,
    instance_from_data,
    load_instance,
    solve,
    verify_plan,
)
from pairing_planner.algorithms.flow import flow_takes, solve_by_flow
from pairing_planner.instance.generators.urban_rural import GeneratorSettings, generate_ur
from pairing_planner.prepare.candidates import candidate_pairs, candidates
from pairing_planner.prepare.parts import split
from pairing_planner.prepare.problem import ProblemData, problem_data
from pairing_planner.solving.execution.part_tasks import PartTask, floor_rate, staggered
from pairing_planner.solving.methods import least_penalty as relaxed_module
from pairing_planner.solving.methods.least_penalty import solve_relaxed
from tests.conftest import ROOT, build, instance_dict, random_school
from tests.load_free import assert_no_false_proof, proven_optimum


@pytest.mark.parametrize("seed", range(3))
def test_decomposed_equals_monolithic(seed: int) -> None:
    """Generated UR instances (with S4): part by part, with one job and two, the optimum of
    the whole model when the merged plan is proven (its bound then its objective), never
    below it, and the merged plan passes the verifier."""
    settings = GeneratorSettings(cities=2, counties_per_city=3, recipients=120, seed=seed)
    instance = instance_from_data(generate_ur(settings))
    whole = proven_optimum(instance)
    assert whole is not None
    for jobs in (1, 2):
        result = solve(instance, SolveOptions(jobs=jobs, time_limit=60))
        merged = result.plans[0]
        assert_no_false_proof(instance, merged, whole)
        if result.status == "OPTIMAL":
            assert merged.status == "OPTIMAL" and merged.bound == merged.objective
        assert merged.seconds > 0 and merged.time_budget <= 60
        assert len(merged.pairs) == len(instance.recipients)


def test_parts_respect_quotas(heze_as_stated) -> None:  # type: ignore[no-untyped-def]
    """A city quota binds its helpers into one part: Heze splits by stage into two parts,
    each keeping only its own stage's quota."""
    parts = split(heze_as_stated, candidates(heze_as_stated))
    assert sorted(len(p.instance.recipients) for p in parts) == [9, 11]
    for part in parts:
        stages = {s for r in part.instance.data.recipients for s in r.stages}
        quota_stages = {r.stage for r in part.instance.data.rules if r.kind == "city_quota"}
        assert quota_stages == stages


@pytest.mark.parametrize("seed", range(5))
def test_flow_equals_cp_sat(seed: int) -> None:
    """Coverage and capacity only, with convex load costs: min-cost flow and CP-SAT give the
    same optimum, and the flow plan verifies."""
    rng = random.Random(seed)
    helpers = [random_school(rng, "h", i, 2) | {"capacity": rng.randint(1, 4)} for i in range(8)]
    recipients = [random_school(rng, "r", i, 2) for i in range(15)]
    rules = [{"kind": "coverage", "clause": "S1"}, {"kind": "capacity", "clause": "S1"}]
    weights = {"distance": 1.0, "load_balance": 30.0, "score_gap": 1.0}
    instance = build(instance_dict(helpers, recipients, rules, weights))
    assert flow_takes(problem_data(instance))
    plan = solve_by_flow(problem_data(instance))
    assert plan is not None
    assert plan.objective == pytest.approx(proven_optimum(instance), abs=0.001)
    assert verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs]).ok


def test_generate_command_is_deterministic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """plan generate: same preset and seed, same file; the file loads and solves."""
    from click.testing import CliRunner

    from pairing_planner import load_instance
    from pairing_planner.cli import main

    runner = CliRunner()
    for name in ("a.yaml", "b.yaml"):
        out = runner.invoke(
            main, ["generate", "--preset", "county", "--seed", "4", "-o", str(tmp_path / name)]
        )
        assert out.exit_code == 0, out.stderr
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yaml").read_bytes()
    instance = load_instance(tmp_path / "a.yaml")
    assert len(instance.recipients) == 50
    optimum = proven_optimum(instance)
    assert optimum is not None
    assert_no_false_proof(instance, solve(instance).plans[0], optimum)


def test_scale_benchmark_smoke() -> None:
    """The scale benchmark's smallest row runs: decomposed and one-model objectives agree
    and the flow bound without S4 is a lower bound."""
    from benchmarks.scale import measure

    row = measure(100, monolithic=True, time_limit=30)
    assert row["decomposed_objective"] == pytest.approx(row["monolithic_objective"], abs=0.01)
    assert row["flow_bound_without_s4"] <= row["decomposed_objective"]  # type: ignore[operator]


def _two_cities(short: list[str], room: int = 2) -> Instance:
    """Two cities of one part each (scope: same city), two poverty-village recipients each.
    A city in ``short`` has one helper of capacity ``room``: with 2, enough room by counting
    but S4 gives each of them a helper of its own; with 1, too little room even without S4.
    The others have two helpers."""
    rng = random.Random(4)
    helpers, recipients = [], []
    for c in (0, 1):
        few = f"c{c}" in short
        for i in range(1 if few else 2):
            school = random_school(rng, "h", 10 * c + i, 2)
            helpers.append(school | {"place": f"c{c}k0", "capacity": room if few else 1})
        for i in range(2):
            school = random_school(rng, "r", 10 * c + i, 2)
            recipients.append(school | {"place": f"c{c}k1", "poverty_village": True})
    rules = [
        {"kind": "coverage", "clause": "S1", "mode": "exactly_one"},
        {"kind": "capacity", "clause": "S1"},
        {"kind": "scope", "clause": "S2", "within": "same_city"},
        {"kind": "poverty_one_to_one", "clause": "S4"},
    ]
    return build(instance_dict(helpers, recipients, rules))


def test_only_the_infeasible_part_is_diagnosed_and_relaxed() -> None:
    """City 0 cannot be paired, city 1 can: S4's counting names city 0's two schools and
    their one helper, the diagnosis names only city 0's schools (proven minimal), only city 0
    bends a rule, and the merged plan verifies with it declared. With --strict: no plan, the
    same diagnosis."""
    instance = _two_cities(["c0"])
    result = solve(instance, SolveOptions(time_limit=20))
    assert result.status == "RELAXED" and result.diagnosis is not None
    assert result.diagnosis.minimal
    [counted] = result.diagnosis.structural
    assert "2 junior recipients in key poverty villages" in counted
    assert "1 cannot be paired one-to-one" in counted and "(R school 0, R school 1)" in counted
    assert "Solved in 2 group" in result.message
    bound = {s for rule in result.diagnosis.conflict for s in rule.helpers + rule.recipients}
    assert bound and all(s in ("h0", "r0", "r1") for s in bound)
    plan = result.plans[0]
    assert {r.subject for r in plan.relaxations} <= {"h0", "r0", "r1"}
    pairs = [(p.helper, p.recipient) for p in plan.pairs]
    assert verify_plan(instance, pairs, plan.relaxations).ok
    strict = solve(instance, SolveOptions(time_limit=20, strict=True))
    assert strict.status == "INFEASIBLE" and not strict.plans
    assert strict.diagnosis is not None and strict.diagnosis.conflict


def test_two_infeasible_parts_list_both_conflicts() -> None:
    """Both cities short: both parts' conflicts are listed together, in two parts, each
    proven its own smallest (tests/test_merged_diagnosis.py)."""
    result = solve(_two_cities(["c0", "c1"]), SolveOptions(time_limit=20))
    assert result.status == "RELAXED" and result.diagnosis is not None
    assert (result.diagnosis.minimal, result.diagnosis.parts) == (True, 2)
    assert "2 independent parts" in result.diagnosis.note
    bound = {s for rule in result.diagnosis.conflict for s in rule.recipients}
    assert {"r0", "r1"} & bound and {"r10", "r11"} & bound


def test_a_structural_conflict_is_diagnosed_in_its_part_only() -> None:
    """City 0 has one slot for two schools (Hall's condition fails before solving): the
    instance is still solved part by part, the whole instance's structural finding is kept,
    only city 0 bends a rule, and the plan verifies with it declared."""
    instance = _two_cities(["c0"], room=1)
    result = solve(instance, SolveOptions(time_limit=20))
    assert result.status == "RELAXED" and result.diagnosis is not None
    assert "Solved in 2 group" in result.message
    assert any("cannot be paired" in s for s in result.diagnosis.structural)
    plan = result.plans[0]
    assert plan.relaxations and {r.subject for r in plan.relaxations} <= {"h0", "r0", "r1"}
    pairs = [(p.helper, p.recipient) for p in plan.pairs]
    assert verify_plan(instance, pairs, plan.relaxations).ok
    assert len(pairs) == 3


@pytest.mark.parametrize("stage", ["junior", "primary"])
def test_a_quota_no_helper_can_meet_is_not_lost(stage: str) -> None:
    """City 1 must supply one junior helper (S6), but its helpers may serve no one (scope:
    other city; every recipient is in city 1), or it has no junior helper at all: a part
    with no recipients, still solved, so the plan declares the quota it bends instead of
    silently ignoring it; with --strict there is no plan."""
    rng = random.Random(5)
    helpers = [
        random_school(rng, "h", i, 2) | {"place": "c1k0", "stages": [stage]} for i in range(2)
    ]
    helpers.append(random_school(rng, "h", 9, 2) | {"place": "c0k0", "capacity": 3})
    recipients = [random_school(rng, "r", i, 2) | {"place": "c1k1"} for i in range(2)]
    rules = [
        {"kind": "coverage", "clause": "S5"},
        {"kind": "capacity", "clause": "S6"},
        {"kind": "scope", "clause": "T4", "within": "other_city"},
        {
            "kind": "city_quota",
            "clause": "S6",
            "stage": "junior",
            "quotas": {"c1": 1},
            "closed": False,
        },
    ]
    instance = build(instance_dict(helpers, recipients, rules))
    result = solve(instance, SolveOptions(time_limit=20))
    assert result.status == "RELAXED" and result.diagnosis is not None
    plan = result.plans[0]
    assert [r.clause for r in plan.relaxations] == ["S6"]
    pairs = [(p.helper, p.recipient) for p in plan.pairs]
    assert verify_plan(instance, pairs, plan.relaxations).ok
    assert not verify_plan(instance, pairs).ok
    strict = solve(instance, SolveOptions(time_limit=20, strict=True))
    assert strict.status == "INFEASIBLE" and not strict.plans


def test_worker_memory_is_reported() -> None:
    """A decomposed solve records the peak memory of the processes that solved its parts."""
    data = generate_ur(GeneratorSettings(cities=2, counties_per_city=2, recipients=80, seed=2))
    result = solve(instance_from_data(data), SolveOptions(time_limit=30, jobs=2))
    assert "each on its own" in result.message
    assert 20 < result.worker_peak_mb < 4096


def test_a_relaxed_solve_whose_search_finds_nothing_keeps_the_greedy_floor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """When CP-SAT finds no relaxed plan in time (here: it is never run), the greedy plan,
    schools it cannot serve left without a helper, is the relaxed plan; the rules it bends
    are declared exactly, so the verifier accepts it, and its penalty is not called least."""
    instance = _two_cities(["c0", "c1"])
    monkeypatch.setattr(relaxed_module, "run", lambda *args: cp_model.UNKNOWN)
    result = solve_relaxed(instance, SolveOptions(time_limit=5), None, candidate_pairs(instance))
    assert result.status == "RELAXED" and "not proven least" in result.message
    plan = result.plans[0]
    pairs = [(p.helper, p.recipient) for p in plan.pairs]
    assert plan.relaxations and verify_plan(instance, pairs, plan.relaxations).ok
    assert not verify_plan(instance, pairs).ok
    penalty = sum(r.amount * r.penalty for r in plan.relaxations)
    assert f"total relaxation penalty {penalty} " in result.message


def test_k_relaxed_plans_merge_like_plain_ones() -> None:
    """Three plans when city 0 has no plan keeping every rule: all bend only city 0's rules
    by the same least penalty, come cheapest first, are distinct, and verify as declared."""
    instance = _two_cities(["c0"])
    result = solve(instance, SolveOptions(plans=3, time_limit=20, jobs=1))
    assert result.status == "RELAXED" and len(result.plans) == 3
    penalties = {sum(r.amount * r.penalty for r in p.relaxations) for p in result.plans}
    assert len(penalties) == 1
    costs = [p.objective for p in result.plans]
    assert costs == sorted(costs)
    assert len({frozenset((q.helper, q.recipient) for q in p.pairs) for p in result.plans}) == 3
    for plan in result.plans:
        pairs = [(p.helper, p.recipient) for p in plan.pairs]
        assert verify_plan(instance, pairs, plan.relaxations).ok
        assert {r.subject for r in plan.relaxations} <= {"h0", "r0", "r1"}


def test_plans_apart_keep_a_conflicting_part_relaxed() -> None:
    """--min-diff 2 with city 0 in conflict: city 0 keeps its relaxed plan in every plan, the
    later plans differ from all before in at least 2 schools (city 1's), verify with their
    relaxations, and are not called optimal (plans changing city 0 were not looked at)."""
    instance = _two_cities(["c0"])
    result = solve(instance, SolveOptions(plans=3, min_diff=2, time_limit=20))
    assert result.status == "RELAXED" and len(result.plans) >= 2
    chosen = [{(p.helper, p.recipient) for p in plan.pairs} for plan in result.plans]
    first_city = {p for p in chosen[0] if p[1] in ("r0", "r1")}
    for k, plan in enumerate(result.plans):
        assert {p for p in chosen[k] if p[1] in ("r0", "r1")} == first_city
        assert verify_plan(instance, sorted(chosen[k]), plan.relaxations).ok
        for before in chosen[:k]:
            moved = {r for h, r in before} - {r for h, r in before & chosen[k]}
            assert len(moved) >= 2
        assert k == 0 or plan.status == "FEASIBLE"
    if len(result.plans) < 3:
        assert not result.exhausted and "keeps the parts in conflict as relaxed" in result.message


def test_parts_past_the_deadline_take_their_greedy_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no time at all, no part gets a CP-SAT model (building one would only overrun the
    limit; here every part is looked at only after the 0.05 s it had): each takes its greedy
    plan, and the whole is a complete plan that verifies, not called optimal."""
    from pairing_planner.solving.execution import part_tasks as tasks

    def no_model(*args: object, **kwargs: object) -> None:
        raise AssertionError("a CP-SAT model was built after the deadline")

    real_flow_takes = tasks.flow_takes

    def late_flow_takes(problem: ProblemData) -> bool:
        time.sleep(0.1)
        return real_flow_takes(problem)

    monkeypatch.setattr(tasks, "solve", no_model)
    monkeypatch.setattr(tasks, "flow_takes", late_flow_takes)
    instance = load_instance(ROOT / "instances" / "ur-sample-city.yaml")
    result = solve(instance, SolveOptions(time_limit=0.01, jobs=1))
    assert result.status == "FEASIBLE" and result.plans
    plan = result.plans[0]
    assert len(plan.pairs) == len(instance.recipients)
    assert verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs]).ok


def test_part_deadlines_leave_room_for_the_floors_queued_behind() -> None:
    """Each part must end early enough for the greedy floors of the parts after it, on the
    processes there are: the last part keeps the solve's deadline, each earlier one is moved
    earlier by the pairs queued behind it at the measured rate."""
    instance = instance_from_data(
        generate_ur(GeneratorSettings(cities=2, counties_per_city=3, recipients=60))
    )
    parts = split(instance, candidates(instance))
    task = PartTask(seed=0, threads=1, deadline=1000.0, strict=False, language="en", plans=1)
    rate = floor_rate(parts, task)
    deadlines = [t.deadline for t in staggered(parts, task, jobs=2, rate=rate)]
    assert rate > 0 and deadlines[-1] == task.deadline
    assert deadlines == sorted(deadlines)
    behind = sum(len(p.pairs) for p in parts[1:])
    assert deadlines[0] == pytest.approx(task.deadline - rate * behind / 2)


def test_a_reserve_is_kept_back_from_the_search_not_from_the_record() -> None:
    """A command keeps part of its limit for writing the result: the parts' searches are
    allowed less than the limit by at least the reserve, while ``plans.json`` records the
    limit the planner gave and the seconds since the solve began."""
    instance = instance_from_data(
        generate_ur(GeneratorSettings(cities=2, counties_per_city=3, recipients=60))
    )
    result = solve(instance, SolveOptions(time_limit=60, jobs=1), reserve=20)
    plan = result.plans[0]
    assert result.parameters["time_limit"] == 60
    assert 0 < plan.time_budget <= 40
    assert verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs]).ok
