"""A single plan of one model searches on one CP-SAT worker unless the instance or the caller
asks for more (issue 31, part 35R): two interleaved workers took 30-100 times as long to the
same proof (docs/performance.md, "One plan of one model on one worker")."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pairing_planner import Instance, SolveOptions, instance_from_data, solve
from pairing_planner.instance.generators.urban_rural import PRESETS, generate_ur
from pairing_planner.instance.schema.models import SolveDefaults
from tests.solver_spy import workers_used


@pytest.fixture(scope="module")
def county() -> Instance:
    """`plan generate --preset county`: its `solve:` names no workers."""
    return instance_from_data(generate_ur(replace(PRESETS["county"], seed=1)))


def test_the_default_is_one_worker() -> None:
    """An instance's `solve:` without `workers` means one."""
    assert SolveDefaults().workers == 1


def test_one_model_searches_on_one_worker_by_default(
    county: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--no-decompose` without `--workers`: one worker, recorded as such in the result."""
    assert "workers" not in county.data.solve.model_fields_set
    used = workers_used(monkeypatch)
    result = solve(county, SolveOptions(decompose=False))
    assert used == [1] and result.parameters["workers"] == 1


def test_one_model_on_one_worker_gives_the_same_plan_twice(county: Instance) -> None:
    """The default is deterministic: the same instance and seed give the same pairs, and
    the same optimum as the parts when both are proven."""
    first, second = (solve(county, SolveOptions(decompose=False)) for _ in range(2))
    pairs = [sorted((p.helper, p.recipient) for p in r.plans[0].pairs) for r in (first, second)]
    assert pairs[0] == pairs[1]
    parts = solve(county, SolveOptions(jobs=1))
    if first.status == parts.status == "OPTIMAL":
        assert first.plans[0].objective == pytest.approx(parts.plans[0].objective, abs=0.01)
