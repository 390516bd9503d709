"""Greedy, Hall's check, rounding, symmetry and the --keep-first weight read the problem
data's Capacity structures, not the capacity rule's role nor the helpers' ``capacity`` field;
one model chooses the large-part search by the structures, not by rule kinds (issue 31,
part 35G). As in tests/test_flow_reads_structures.py, the structure and the field disagree on
purpose, and the structure wins; with no Capacity structure, the field caps nothing."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pairing_planner import instance_from_data
from pairing_planner.algorithms.greedy import greedy_pairs
from pairing_planner.algorithms.hall import hall_shortfall
from pairing_planner.algorithms.lp import Relaxation
from pairing_planner.algorithms.rounding import rounded_plan
from pairing_planner.instance.generators.urban_rural import PRESETS, generate_ur
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.yaml_files.load import load_instance
from pairing_planner.objective import SCALE
from pairing_planner.prepare.parts import split
from pairing_planner.prepare.problem import ProblemData, problem_data
from pairing_planner.prepare.replan import _lexicographic_weight
from pairing_planner.prepare.symmetry import interchangeable_helpers
from pairing_planner.rules.capabilities import active_rules, kind_of
from pairing_planner.rules.structures import Capacity
from pairing_planner.solving.methods.large_part_search import search_keeps
from tests.conftest import build, instance_dict, random_school

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(
    p for p in (ROOT / "instances").glob("*.yaml") if not p.name.startswith("calendar")
)
COVERAGE = {"kind": "coverage", "clause": "S1"}
CAPACITY = {"kind": "capacity", "clause": "S1"}


def _crowded(capacity: int, rules: list[dict[str, Any]]) -> Instance:
    """Six helpers whose field says ``capacity`` for ten recipients, distance the only
    cost."""
    rng = random.Random(3)
    helpers = [random_school(rng, "h", i, 2) | {"capacity": capacity} for i in range(6)]
    recipients = [random_school(rng, "r", i, 2) for i in range(10)]
    return build(instance_dict(helpers, recipients, rules))


def _capped(problem: ProblemData, most: dict[str, int]) -> ProblemData:
    """``problem`` with its Capacity structures saying ``most`` for the helpers it names."""

    def capped(s: Capacity) -> Capacity:
        rows = zip(s.helpers, s.most, strict=True)
        return replace(s, most=tuple(most.get(h, m) for h, m in rows))

    structures = tuple(capped(s) if isinstance(s, Capacity) else s for s in problem.structures)
    return ProblemData(problem.instance, problem.candidates, structures)


def _loads(pairs: list[tuple[str, str]] | None) -> Counter[str]:
    assert pairs is not None
    return Counter(h for h, _r in pairs)


def test_greedy_caps_a_helper_by_its_structure_not_its_field() -> None:
    """The busiest helper of the greedy plan (field 3) takes one school once its Capacity
    structure says 1; every recipient is still served and no helper passes 3."""
    problem = problem_data(_crowded(3, [COVERAGE, CAPACITY]))
    busiest, load = _loads(greedy_pairs(problem)).most_common(1)[0]
    assert load >= 2
    capped = _loads(greedy_pairs(_capped(problem, {busiest: 1})))
    assert capped[busiest] <= 1
    assert capped.total() == 10 and max(capped.values()) <= 3


def test_greedy_without_a_capacity_rule_is_not_capped_by_the_field() -> None:
    """Fields of 1 for six helpers and ten recipients: with the capacity rule no greedy plan
    exists; without it the field caps nothing, and greedy serves all ten."""
    assert greedy_pairs(problem_data(_crowded(1, [COVERAGE, CAPACITY]))) is None
    loads = _loads(greedy_pairs(problem_data(_crowded(1, [COVERAGE]))))
    assert loads.total() == 10 and max(loads.values()) >= 2


def test_halls_check_counts_the_room_the_structures_give() -> None:
    """Six helpers of field 3 have room for ten recipients; capped at 1 by their structures
    they have six, and Hall's check finds four schools that cannot be paired. With fields of
    1 and no capacity rule there is no shortfall; with the rule there is."""
    problem = problem_data(_crowded(3, [COVERAGE, CAPACITY]))
    assert hall_shortfall(problem) is None
    shortfall = hall_shortfall(_capped(problem, {h: 1 for h in problem.instance.helpers}))
    assert shortfall is not None and shortfall.deficit == 4
    assert hall_shortfall(problem_data(_crowded(1, [COVERAGE]))) is None
    ruled = hall_shortfall(problem_data(_crowded(1, [COVERAGE, CAPACITY])))
    assert ruled is not None and ruled.deficit == 4


def _poverty_pair(capacity: dict[str, int], rules: list[dict[str, Any]]) -> ProblemData:
    """Helpers a and b, a poverty-village school p and two others; every pair a candidate."""
    rng = random.Random(5)
    helpers = [random_school(rng, "h", i, 1) for i in range(2)]
    helpers = [h | {"id": i, "capacity": capacity[i]} for h, i in zip(helpers, "ab", strict=True)]
    recipients = [random_school(rng, "r", i, 1) for i in range(3)]
    recipients[0] |= {"id": "p", "poverty_village": True}
    s4 = {"kind": "poverty_one_to_one", "clause": "S4"}
    problem = problem_data(build(instance_dict(helpers, recipients, [*rules, s4], cities=1)))
    assert len(problem.pairs) == 6
    return problem


def _leaning_to_b(problem: ProblemData) -> Relaxation:
    """A relaxation that gives the poverty school p to helper b."""
    values = np.array([1.0 if p == ("b", "p") else 0.5 for p in problem.pairs])
    return Relaxation(0.0, values)


def test_rounding_spares_the_helper_its_structures_make_large() -> None:
    """The relaxation leans p to b, leaving a alone for the other two, which a's structure of
    1 does not allow; the rounding then spares the larger helper by the structures (b, 3,
    whose field says 1), gives p to a (structure 1, field 3), and the rest to b."""
    problem = _capped(_poverty_pair({"a": 3, "b": 1}, [COVERAGE, CAPACITY]), {"a": 1, "b": 3})
    chosen = rounded_plan(problem, _leaning_to_b(problem))
    assert chosen is not None
    assert ("a", "p") in chosen and _loads(chosen) == Counter({"a": 1, "b": 2})


def test_rounding_without_a_capacity_rule_is_not_capped_by_the_field() -> None:
    """Fields of 1 and no capacity rule: p goes to b as the relaxation leans, and a takes
    the other two."""
    problem = _poverty_pair({"a": 1, "b": 1}, [COVERAGE])
    chosen = rounded_plan(problem, _leaning_to_b(problem))
    assert chosen is not None
    assert ("b", "p") in chosen and _loads(chosen) == Counter({"b": 1, "a": 2})


def _twins(capacity: int, rules: list[dict[str, Any]]) -> ProblemData:
    """Two helpers alike in all but id (one place, score and stages) and three recipients."""
    rng = random.Random(7)
    twin = random_school(rng, "h", 0, 1) | {"capacity": capacity}
    helpers = [twin, twin | {"id": "h1", "name": "H school 1"}]
    recipients = [random_school(rng, "r", i, 1) for i in range(3)]
    return problem_data(build(instance_dict(helpers, recipients, rules, cities=1)))


def test_interchangeable_helpers_are_those_the_structures_give_the_same_room() -> None:
    """Twins are interchangeable when their Capacity structures cap them alike, or none
    caps them (whatever their fields say); not when the structures give them other rooms
    (part 35L: twins of any room, the K best counting their swaps as one plan)."""
    problem = _twins(3, [COVERAGE, CAPACITY])
    assert interchangeable_helpers(problem) == [("h0", "h1")]
    assert interchangeable_helpers(_capped(problem, {"h0": 1})) == []
    assert interchangeable_helpers(_capped(problem, {"h0": 1, "h1": 1})) == [("h0", "h1")]
    assert interchangeable_helpers(_twins(1, [COVERAGE])) == [("h0", "h1")]


def test_the_keep_first_weight_outweighs_any_load_without_a_capacity_rule() -> None:
    """--keep-first's change weight exceeds the cost of any plan the model can reach: with
    no capacity rule a helper of field 1 may take all ten schools, whose load costs count.
    With the rule, the weight is what the fields gave before: every pair's cost, no load
    cost for one school each, plus one unit."""
    weights = {"distance": 0.01, "load_balance": 100.0}
    rng = random.Random(3)
    helpers = [random_school(rng, "h", i, 2) | {"capacity": 1} for i in range(10)]
    recipients = [random_school(rng, "r", i, 2) for i in range(10)]
    free = problem_data(build(instance_dict(helpers, recipients, [COVERAGE], weights)))
    weight = _lexicographic_weight(free.instance, free.pairs)
    assert weight * SCALE > free.costs.plan_cost(free.by_helper["h0"])
    ruled = problem_data(build(instance_dict(helpers, recipients, [COVERAGE, CAPACITY], weights)))
    weight = _lexicographic_weight(ruled.instance, ruled.pairs)
    assert round(weight * SCALE) == sum(ruled.costs.cost.values()) + 1


def _decisions(instance: Instance) -> list[tuple[bool, bool]]:
    """For the instance and each of its parts: whether the large-part search is allowed by
    the structures, and by the old question about rule kinds."""
    whole = problem_data(instance)
    parts = [problem_data(p.instance, p.candidates) for p in split(instance, whole.candidates)]
    return [(search_keeps(p), not _couples_schools(p.instance)) for p in [whole, *parts]]


def _couples_schools(instance: Instance) -> bool:
    """The old question: some active rule binds schools beyond one pair (its kind has
    ``links``)."""
    return any(kind_of(r).links is not None for r in active_rules(instance))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_large_part_search_is_chosen_as_before_on_the_shipped_instances(path: Path) -> None:
    """The structures give the decision the rule kinds gave, for each instance and part."""
    for by_structures, by_kinds in _decisions(load_instance(path)):
        assert by_structures == by_kinds


@pytest.mark.parametrize("preset", ["county", "city", "shandong"])
def test_the_large_part_search_is_chosen_as_before_on_the_presets(preset: str) -> None:
    """Likewise for the generated presets (the national one has the same rules, 18 times the
    schools: its rules, not its size, make the decision)."""
    instance = instance_from_data(generate_ur(PRESETS[preset]))
    for by_structures, by_kinds in _decisions(instance):
        assert by_structures == by_kinds
