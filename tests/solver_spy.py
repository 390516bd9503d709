"""What the CP-SAT solvers a solve makes were asked for, seen from a test."""

from __future__ import annotations

import pytest

from pairing_planner.solving.methods import cpsat_call


def workers_used(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker count of every CP-SAT solver one CP-SAT call makes, from now on: the list
    grows as the solve runs, so a test reads it (or clears it) after each solve."""
    used: list[int] = []
    made = cpsat_call.new_solver

    def spy(budget: float, **kwargs: object) -> object:
        used.append(int(kwargs["workers"]))  # type: ignore[call-overload]
        return made(budget, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cpsat_call, "new_solver", spy)
    return used
