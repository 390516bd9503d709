"""What a solve part by part says of how it was solved, in a planner's words: the groups of
schools its parts form (a city, a county, a stage each, when they are) and how many the min-cost
flow took (:mod:`pairing_planner.solving.decomposition.solve_parts`)."""

from __future__ import annotations

from pairing_planner.i18n import N_
from pairing_planner.prepare.parts import Part
from pairing_planner.said import Said, said
from pairing_planner.solving.options import Params


def solved_apart(params: Params, groups: Said, by_flow: int, workers: int) -> Said:
    """How the parts were solved, in a planner's words (issue 30: "parts" was our jargon):
    the ``groups`` they form, how many by the flow, and on a Dask cluster of how many
    ``workers``. How is left out when it tells a planner nothing (user test of issue 32: "0 by
    min-cost flow, on 1 process(es)" in every summary); this machine's processes always: the
    load decides whether a pool pays
    (:func:`~pairing_planner.solving.decomposition.solve_parts._jobs`), and README promises the
    same plans.json apart from times (issue 31)."""
    if params.executor == "dask":
        return said(
            N_(
                "Solved in {groups}, each on its own: no pair or rule joins two ({flow} by "
                "min-cost flow, on a Dask cluster of {jobs} worker(s))."
            ),
            groups=groups,
            flow=by_flow,
            jobs=workers,
        )
    if by_flow == 0:
        return said(
            N_("Solved in {groups}, each on its own: no pair or rule joins two."), groups=groups
        )
    return said(
        N_(
            "Solved in {groups}, each on its own: no pair or rule joins two ({flow} by min-cost "
            "flow)."
        ),
        groups=groups,
        flow=by_flow,
    )


def part_groups(parts: list[Part]) -> Said:
    """The parts as groups of schools a planner knows, when they are: one per city (the
    urban-rural pairing stays within a city, S1), one per county (pairs within a county), one
    per stage (Heze's junior and senior highs are paired apart, S5); else only how many."""
    recipients = [part.instance.recipients.values() for part in parts]
    cities = [
        {part.instance.city_of(r).id for r in rs}
        for part, rs in zip(parts, recipients, strict=True)
    ]
    counties = [
        {getattr(part.instance.county_of(r), "id", "") for r in rs}
        for part, rs in zip(parts, recipients, strict=True)
    ]
    stages = [{stage.value for r in rs for stage in r.stages} for rs in recipients]
    if _one_each(cities):
        return said(N_("{n} groups, one per city"), n=len(parts))
    if _one_each(counties):
        return said(N_("{n} groups, one per county"), n=len(parts))
    if _one_each(stages):
        return said(N_("{n} groups, one per stage"), n=len(parts))
    return said(N_("{n} group(s)"), n=len(parts))


def _one_each(kinds: list[set[str]]) -> bool:
    """Whether there are two parts or more, each of one kind (a city, a stage), each its
    own."""
    return (
        len(kinds) > 1
        and all(len(k) == 1 for k in kinds)
        and len(set().union(*kinds)) == len(kinds)
    )
