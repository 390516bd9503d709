"""A warm re-solve's diagnosis (issue 32, part 35D): the conflict filter's checks answered
from the plans kept of earlier solves give the conflict, its proof and the relaxed plan a
cold solve of the same locked or forbidden instance gives, with far fewer CP-SAT checks."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pairing_planner import Instance
from pairing_planner.api import solve
from pairing_planner.cpsat.context import RuleInstance
from pairing_planner.diagnosis import conflict
from pairing_planner.diagnosis.check_memo import PartPlans
from pairing_planner.result.plan import Replan, Result
from pairing_planner.solving.decomposition.proven_parts import KeptParts


def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The CP-SAT checks the conflict filter runs from now on, counted."""
    runs = [0]
    run = conflict.run

    def counting(*args: object) -> object:
        runs[0] += 1
        return run(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(conflict, "run", counting)
    return runs


def outcome(result: Result) -> tuple[object, ...]:
    """What must be the same warm and cold: status, conflict and its proof, every plan."""
    diagnosis = result.diagnosis
    assert diagnosis is not None
    plans = [
        (p.status, p.objective, sorted((q.helper, q.recipient) for q in p.pairs), p.relaxations)
        for p in result.plans
    ]
    return result.status, diagnosis.conflict, diagnosis.minimal, diagnosis.note, plans


def cold_then_warm(
    instance: Instance, change: Replan, kept: KeptParts, runs: list[int]
) -> tuple[Result, int, int]:
    """``change`` solved cold, then warm from ``kept``: the warm result, asserted the same as
    the cold one (:func:`outcome`), and the CP-SAT checks each ran (``runs``, :func:`counted`)."""
    runs[0] = 0
    cold = solve(instance, replan=change)
    cold_checks = runs[0]
    runs[0] = 0
    warm = solve(instance, replan=change, kept=kept)
    assert outcome(warm) == outcome(cold), change
    return warm, cold_checks, runs[0]


@pytest.mark.slow
def test_warm_and_cold_diagnoses_are_the_same(
    heze: Instance, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Heze as printed: two locks and three forbids in the part in conflict, one after
    another in one kept instance, each equal to a cold solve of the same change."""
    kept = KeptParts()
    first = solve(heze, kept=kept)
    pairs = [f"{p.helper}:{p.recipient}" for p in first.plans[0].pairs]
    changes = [Replan(lock=(pairs[0],)), Replan(lock=(pairs[1],))]
    changes += [Replan(forbid=(pair,)) for pair in pairs[-3:]]
    runs = counted(monkeypatch)
    for change in changes:
        warm, cold_checks, warm_checks = cold_then_warm(heze, change, kept, runs)
        assert warm.diagnosis is not None and warm.diagnosis.minimal
        if change.forbid:
            assert warm_checks * 5 < cold_checks, (change, warm_checks, cold_checks)


def rule(
    kind: str, subject: str, helpers: tuple[str, ...] = (), recipients: tuple[str, ...] = ()
) -> RuleInstance:
    return RuleInstance("", 0, kind, "S6", kind, subject, 1, helpers, recipients)


def test_a_kept_plan_answers_only_what_it_proves() -> None:
    """A kept plan proves a set feasible when it keeps every rule instance of it (kept with
    it, or a lock whose pair it holds) and uses only pairs still candidates; else the check
    goes to CP-SAT."""
    checks = PartPlans()
    cover = [rule("coverage", f"r{i}", recipients=(f"r{i}",)) for i in range(3)]
    plan = frozenset({("h1", "r0"), ("h2", "r1"), ("h1", "r2")})
    checks.keep([replace(c, key=f"rules[0]#{i}") for i, c in enumerate(cover)], plan)
    candidates = {*plan, ("h2", "r0")}
    assert checks.has_plan(cover[:2], candidates)
    assert not checks.has_plan([*cover, rule("capacity", "h1", ("h1",))], candidates)
    assert not checks.has_plan(cover, candidates - {("h1", "r2")})
    assert checks.has_plan([*cover, rule("lock", "h2>r1", ("h2",), ("r1",))], candidates)
    assert not checks.has_plan([*cover, rule("lock", "h2>r0", ("h2",), ("r0",))], candidates)
