"""A pool of workers is started only when the time left pays for its start-up (issue 31,
part 35H): beside four busy processes on two cores the 800-school city's workers took 12 s to
take their first part, so a 2 s limit took 22.8 s. The load is stood in for by the floors'
rate and the deadline; nothing here asserts wall seconds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pairing_planner import load_instance, verify_plan
from pairing_planner.clock import Deadline
from pairing_planner.solving.decomposition import solve_parts
from pairing_planner.solving.decomposition.prepared import prepare
from pairing_planner.solving.decomposition.solve_parts import solve_decomposed
from pairing_planner.solving.execution.process_pool import POOL_START_FLOORS, pool_pays
from pairing_planner.solving.options import SolveOptions

INSTANCE = Path(__file__).resolve().parent.parent / "instances" / "heze-as-stated.yaml"


def test_the_pool_pays_only_when_its_start_up_takes_under_half_the_time_left() -> None:
    """Start-up estimated at :data:`POOL_START_FLOORS` pairs at the floors' rate: 64 µs a
    pair (load 10) makes it 11.5 s, so 10 s left is not enough and 30 s is; at 13 µs (load 3)
    10 s is."""
    assert pytest.approx(11.52) == POOL_START_FLOORS * 64e-6
    assert not pool_pays(10.0, 64e-6)
    assert pool_pays(30.0, 64e-6)
    assert pool_pays(10.0, 13e-6)
    assert not pool_pays(-1.0, 0.0)


def _jobs_asked(monkeypatch: pytest.MonkeyPatch, deadline: Deadline, rate: float) -> list[int]:
    """Solve Heze as stated's two parts with the pool's pair threshold at 0, the floors'
    rate fixed at ``rate``, recording the processes asked of the runner (which runs them
    here, in one process, whatever is asked)."""
    asked: list[int] = []
    real = solve_parts._runner

    def recording(params: Any, jobs: int, kept: Any) -> Any:
        asked.append(jobs)
        return real(params, 1, kept)

    monkeypatch.setattr(solve_parts, "POOL_PAIRS", 0)
    monkeypatch.setattr(solve_parts, "floor_rate", lambda parts, task: rate)
    monkeypatch.setattr(solve_parts, "_runner", recording)
    instance = load_instance(INSTANCE)
    ready = prepare(instance)
    options = SolveOptions(jobs=2, time_limit=10)
    result = solve_decomposed(instance, options, ready.candidates, deadline, None, 0.0)
    for plan in result.plans:
        pairs = [(p.helper, p.recipient) for p in plan.pairs]
        assert verify_plan(instance, pairs, plan.relaxations).ok
    assert "on 1 process(es)" in result.message or "process(es)" not in result.message
    return asked


def test_a_solve_past_its_deadline_starts_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """The deadline passed before the parts are handed out: the parts run in this process
    (their greedy floors), not in workers that would start long after it."""
    assert _jobs_asked(monkeypatch, Deadline.after(-1.0), 1e-5) == [1]


def test_a_loaded_machine_with_a_short_limit_starts_no_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """5 s left, floors at 64 µs a pair: the workers' start-up (about 11.5 s) would take it
    all, so the parts run here; a quiet rate with the same time left asks for the pool."""
    assert _jobs_asked(monkeypatch, Deadline.after(5.0), 64e-6) == [1]
    assert _jobs_asked(monkeypatch, Deadline.after(3600.0), 1e-6) == [2]
