"""The work a solve is given whatever the wall clock says, so that a small model's answer does
not depend on the machine's load.

A command's time limit counts from the process's start (:mod:`pairing_planner.clock`). On a
2-core machine beside twelve busy processes, starting Python and importing the libraries
took 13 s of a 10 s limit, so every part of the 20-school Heze instance started after its
deadline and took its greedy plan, which bends S6 (issue 29). A search limited by the wall
clock alone gives such answers whenever the machine is busy enough.

So each solve also has a *guaranteed* budget of CP-SAT's deterministic time (its own units
of work, about a second of one core each, the same under any load): a small share of the
planner's limit (:func:`guaranteed_work`): each part :data:`WORK_PER_PAIR` per candidate pair
and plan, or, when that adds up to more than the budget, its share of the budget in proportion
to its pairs, or when that share would be too small to prove anything, the smallest parts
first (:func:`part_work`). A search that has a
guaranteed budget runs until the later of its wall-clock budget and that work
(:func:`limits`). The search takes the same path either way, a limit only cutting it short,
so a plan proven within the guaranteed work is the same plan under any load. A single model
too large for one plan's need gets no guarantee and keeps the wall clock alone
(:func:`series_work`): on it the guarantee would only overrun the limit.
"""

from __future__ import annotations

WORK_PER_PAIR = 1e-3
"""Deterministic time guaranteed per candidate pair and plan asked for. The 20-school Heze
instance's two parts (162 and 242 pairs) prove each of three plans in 0.002–0.006 units, the
Heze list as printed its 376-pair part in 0.012: this is forty times that, and a part of a
few hundred pairs is proven in it."""

LEAST_SHARE = 0.05
"""The least share of their needs for which the parts' guarantee is shared in proportion
(:func:`part_work`): 0.00005 units a pair and plan, above the 0.000038 the hardest part of
the 800-school city took (which gets 0.00008)."""

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
    its :func:`model_work` when the total covers every part's; else, when the total is at
    least :data:`LEAST_SHARE` of their needs, its share in proportion to its need; else the
    smallest parts first, each its need in full, while the total lasts, the rest none.
    Decided by the parts' sizes alone, so a part gets the same guarantee on every run.

    Why in proportion: the need is forty times what a part takes, so the 800-school city's
    16 parts (24,854 pairs, 25 units of need) gave the whole 2.0 units to the four
    smallest, which took 0.01 of it, and the twelve others, which take 0.03-0.13 units
    each, ran on the wall clock alone: beside a burner per core, its fresh plan and re-plan
    came out unproven, and the re-plan moved more schools (issue 31). Why not always: a
    share far below what a part takes proves nothing and only has models built past the
    deadline (a province's parts, a tiny limit), where the smallest parts in full still
    prove those."""
    need = [model_work(size, plans) for size in sizes]
    wanted = sum(need)
    if wanted <= total + 1e-9:  # sums of floats: a total given as the needs' sum covers them
        return need
    if total >= LEAST_SHARE * wanted:
        return [total * n / wanted for n in need]
    work = [0.0] * len(sizes)
    left = total
    for i in sorted(range(len(sizes)), key=lambda i: (sizes[i], i)):
        if need[i] > left:
            break
        work[i] = need[i]
        left -= need[i]
    return work


def series_work(pairs: int, plans: int, total: float) -> float:
    """The deterministic time a single model of ``pairs`` candidate pairs is guaranteed for
    ``plans`` plans out of ``total``: all it needs when ``total`` covers that; all of
    ``total``, shared by the plans, when it covers one plan's need but not the series'; none
    when not even one plan's (a large model). Heze as stated, five plans within 2 %: 404
    pairs need 2.02 units of the 2.0, and with none the series ran on the wall clock alone,
    which a loaded machine had spent before plan 1 (no plan, issue 31); a fifth of the work
    each is still twenty times what its hardest plan took (0.018)."""
    need = model_work(pairs, plans)
    if need <= total:
        return need
    return total if model_work(pairs, 1) <= total else 0.0


def limits(budget: float, floor: float) -> tuple[float, float | None]:
    """The wall seconds and deterministic time of a search that has ``budget`` seconds and
    is guaranteed ``floor`` units of work: when the budget is short of what the floor may
    take on a loaded machine (:data:`LATE_SLACK`), the work ends it — at least the floor,
    or the budget's worth on a quiet machine — and the wall clock only as a safety net;
    otherwise the wall clock alone, as before."""
    if floor <= 0 or budget >= floor * LATE_SLACK:
        return budget, None
    return floor * LATE_SLACK, max(floor, budget)
