"""The work a solve is given whatever the wall clock says, so that a small model's answer does
not depend on the machine's load.

A command's time limit counts from the process's start (:mod:`pairing_planner.clock`). On a
2-core machine beside twelve busy processes, starting Python and importing the libraries
took 13 s of a 10 s limit, so every part of the 20-school Heze instance started after its
deadline and took its greedy plan, which bends S6 (issue 29). A search limited by the wall
clock alone gives such answers whenever the machine is busy enough.

So each solve also has a *guaranteed* budget of CP-SAT's deterministic time (its own units
of work, about a second of one core each, the same under any load): a small share of the
planner's limit (:func:`guaranteed_work`), given to the smallest parts first, each
:data:`WORK_PER_PAIR` per candidate pair and plan (:func:`part_work`). A search that has a
guaranteed budget runs until the later of its wall-clock budget and that work
(:func:`limits`). The search takes the same path either way, a limit only cutting it short,
so a plan proven within the guaranteed work is the same plan under any load. Large models
get no guarantee and keep the wall clock alone: on them it would only overrun the limit.
"""

from __future__ import annotations

WORK_PER_PAIR = 1e-3
"""Deterministic time guaranteed per candidate pair and plan asked for. The 20-school Heze
instance's two parts (162 and 242 pairs) prove each of three plans in 0.002–0.006 units, the
Heze list as printed its 376-pair part in 0.012: this is forty times that, and a part of a
few hundred pairs is proven in it."""

WORK_SHARE = 0.2
"""The share of the planner's time limit, in deterministic units, guaranteed to a solve."""

WORK_CAP = 2.0
"""The most deterministic time guaranteed to a solve, whatever its limit."""

LATE_SLACK = 30.0
"""Wall seconds a guaranteed search may take per unit of its work before the wall clock ends
it anyway. A unit took 4 wall seconds on a small model on a quiet machine (loading the model
counts in wall time, not in work) and about 6.5 times that beside twelve busy processes on
two cores; this bounds how far a machine loaded beyond that can overrun the limit."""


def guaranteed_work(time_limit: float) -> float:
    """The deterministic time a solve with ``time_limit`` seconds is guaranteed: a fifth of
    it, at most :data:`WORK_CAP`. A planner's tiny limit gets a tiny guarantee."""
    return min(WORK_CAP, WORK_SHARE * time_limit)


def model_work(pairs: int, plans: int) -> float:
    """What a model of ``pairs`` candidate pairs is guaranteed for ``plans`` plans."""
    return WORK_PER_PAIR * pairs * plans


def part_work(sizes: list[int], plans: int, total: float) -> list[float]:
    """Each part's guaranteed work (parts given by their candidate pairs), from ``total``:
    the smallest parts first, each its :func:`model_work` in full, while the total lasts;
    the rest none. Decided by the parts' sizes alone, so a part gets the same guarantee on
    every run."""
    work = [0.0] * len(sizes)
    left = total
    for i in sorted(range(len(sizes)), key=lambda i: (sizes[i], i)):
        need = model_work(sizes[i], plans)
        if need > left + 1e-9:  # sums of floats: a total given as the needs' sum covers them
            break
        work[i] = need
        left -= need
    return work


def limits(budget: float, floor: float) -> tuple[float, float | None]:
    """The wall seconds and deterministic time of a search that has ``budget`` seconds and
    is guaranteed ``floor`` units of work: when the budget is short of what the floor may
    take on a loaded machine (:data:`LATE_SLACK`), the work ends it — at least the floor,
    or the budget's worth on a quiet machine — and the wall clock only as a safety net;
    otherwise the wall clock alone, as before."""
    if floor <= 0 or budget >= floor * LATE_SLACK:
        return budget, None
    return floor * LATE_SLACK, max(floor, budget)
