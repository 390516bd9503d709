"""The activity ids a clerk reads in ``calendar.xlsx`` and the .ics files (活动编号): "07-H1-2",
the second H1 activity of the recipient school seventh in the instance's list (for an
imported list, the bureau's own order), not the key the scheduler joins on
("weifang-j2>r20/H1/recipient-5", issue 30).

An id depends on the instance's recipients and the plan's pairs alone, never on the weeks
chosen: the same plan gives the same ids however its calendar is placed, so a sheet marked
up last month and this month's .ics files name an activity alike.
"""

from __future__ import annotations

from collections import Counter

from pairing_planner.instance.index.instance import Instance
from pairing_planner.result.calendar import CalendarResult
from pairing_planner.schedule.activities import pair_activities


def list_order(instance: Instance, result: CalendarResult) -> dict[str, int]:
    """Each activity's rank in the planner's order, by the scheduler's id: the recipient's
    place in the instance's list (for an imported list, the bureau's own order), its helper's,
    then the duty table's order, the notice's (H1 before H2, M1 M2 M3; M1 the first term's
    meeting before the second's; M3 the start before the review). Ids and character codes
    order nothing a planner reads (issue 30)."""
    position = instance.position
    pairs = sorted(
        {(p.activity.helper, p.activity.recipient) for p in result.placements},
        key=lambda pair: (position[pair[1]], position[pair[0]]),
    )
    order = {a.id: n for n, a in enumerate(pair_activities(instance, pairs, result.settings))}
    activities = sorted(
        (p.activity for p in result.placements),
        key=lambda a: (
            position[a.recipient],
            position[a.helper],
            order.get(a.id, len(order)),
            a.id,
        ),
    )
    return {a.id: n for n, a in enumerate(activities)}


def activity_ids(instance: Instance, result: CalendarResult) -> dict[str, str]:
    """Each activity's id as a clerk reads it, by the scheduler's id: the recipient's number
    (zero-padded to the list's length, so the ids sort as the list does), the duty's clause,
    and the activity's number among that recipient's activities of the clause, in
    :func:`list_order`."""
    number = {r: n for n, r in enumerate(instance.recipients, start=1)}
    width = len(str(len(number)))
    rank = list_order(instance, result)
    activities = sorted((p.activity for p in result.placements), key=lambda a: rank[a.id])
    seen: Counter[tuple[str, str]] = Counter()
    ids = {}
    for activity in activities:
        seen[activity.recipient, activity.clause] += 1
        count = seen[activity.recipient, activity.clause]
        ids[activity.id] = f"{number[activity.recipient]:0{width}d}-{activity.clause}-{count}"
    return ids
