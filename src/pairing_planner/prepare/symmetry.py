"""Schools no rule and no cost can tell apart, and plans that differ only by swapping them.

Two recipients are interchangeable when they have the same stages, both or neither in an
exclusive set (S4), the same candidate helpers at the same value of every cost term, and no
rule names either of them (a lock binds a school to its pair): all of it read from the
problem data (:mod:`pairing_planner.prepare.problem`). The shipped Heze instances have two
such groups: 成武县's two senior highs share the county seat, and the junior highs of 开发区
and 高新区 share Heze's. Swapping their helpers gives a plan of the same cost that keeps the
same rules: to a planner the same plan, which K-best must not offer as another
(docs/alternatives.md).

Helpers are interchangeable likewise: the same city and stages, the same room
(:attr:`ProblemData.capacity`, none when no capacity structure caps them), the same
candidate recipients at the same cost, and no lock naming them (in generated instances two
schools may stand at one seat). Swapping two such helpers swaps the sets of schools they
serve, whatever their size.

Only instances whose coverage is exactly one helper per school are looked at: there, a
plan gives each recipient of a group one helper, and each helper of a group a set of
recipients apart from the others'; ordering the group along the instance's order
(:mod:`pairing_planner.cpsat.symmetry`) keeps one plan of every set of swaps.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice, permutations

from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.prepare.problem import ProblemData
from pairing_planner.rules.structures import Capacity, Cover, Exclusive, Lock, Quota, Structure

Group = tuple[str, ...]
"""School ids that are interchangeable (all recipients or all helpers), in file order."""

SEES: frozenset[type[Structure]] = frozenset({Cover, Capacity, Exclusive, Quota, Lock})
"""The structures the signatures below account for. A structure of another kind may tell
two schools apart that these call twins, and the symmetry cuts and K-best's swaps would then
drop plans the rules allow: with one in the problem, no school is anyone's twin."""


def interchangeable(problem: ProblemData) -> list[Group]:
    """The groups (two or more) of interchangeable recipients of the problem's pairs, in file
    order; none unless every coverage structure asks for exactly one helper, and every
    structure is one :data:`SEES`."""
    if not problem.exactly_one() or not problem.only(SEES):
        return []
    instance, costs = problem.instance, problem.costs
    named = {r for _h, r in _locked(problem)}
    found: dict[tuple[object, ...], list[str]] = {}
    for recipient_id, pairs in costs.by_recipient.items():
        if recipient_id in named:
            continue
        recipient = instance.recipients[recipient_id]
        offers = sorted((h, tuple(sorted(costs.values_of((h, r)).items()))) for h, r in pairs)
        alone = recipient_id in problem.exclusive
        signature = (tuple(recipient.stages), alone, tuple(offers))
        found.setdefault(signature, []).append(recipient_id)
    return _groups(instance, found.values())


def interchangeable_helpers(problem: ProblemData) -> list[Group]:
    """The groups (two or more) of interchangeable helpers, each group's alike in room
    (capped at the same number of schools, or uncapped), in file order; none unless every
    coverage structure asks for exactly one helper, and every structure is one
    :data:`SEES`."""
    if not problem.exactly_one() or not problem.only(SEES):
        return []
    instance, costs, most = problem.instance, problem.costs, problem.capacity
    locked = {h for h, _r in _locked(problem)}
    offers: dict[str, list[tuple[str, tuple[object, ...]]]] = {}
    for h, r in costs.pairs:
        offers.setdefault(h, []).append((r, tuple(sorted(costs.values_of((h, r)).items()))))
    found: dict[tuple[object, ...], list[str]] = {}
    for helper_id, offered in offers.items():
        if helper_id in locked:
            continue
        helper = instance.helpers[helper_id]
        room = most.get(helper_id)
        signature = (
            instance.city_of(helper).id,
            tuple(helper.stages),
            room,
            tuple(sorted(offered)),
        )
        found.setdefault(signature, []).append(helper_id)
    return _groups(instance, found.values())


def _locked(problem: ProblemData) -> list[PairKey]:
    """The pairs a lock names: a locked school is told apart by its pair."""
    return [pair for lock in problem.of(Lock) for pair in lock.pairs]


def _groups(instance: Instance, found: Iterable[list[str]]) -> list[Group]:
    position = instance.position
    return [tuple(sorted(g, key=position.__getitem__)) for g in found if len(g) > 1]


def variants(
    groups: Sequence[Group], pairs: Sequence[PairKey], helper_groups: Sequence[Group] = ()
) -> int:
    """How many distinct plans of the same cost ``pairs`` stands for, itself included: the
    plans the swaps reach (any order of each recipient group and of each helper group, at
    once), a number planners read ("this plan stands for N plans"), so exact. Counted as the
    swaps there are over those that give ``pairs`` back: such a swap sends each helper to one
    of its group serving as many schools of each recipient group and the same other schools
    (its profile), then each helper's schools onto that one's, group by group. Counting each
    recipient group's orders times each helper group's counted the plan of twin helpers
    serving twin recipients twice (4 for 2). Each recipient has at most one helper (groups
    are found only where coverage is exactly one)."""
    group_of = {school: k for k, group in enumerate(groups) for school in group}
    served: dict[str | None, Counter[object]] = {}
    for helper, recipient in pairs:
        served.setdefault(helper, Counter())[group_of.get(recipient, recipient)] += 1
    unserved = {r for group in groups for r in group} - {r for _h, r in pairs}
    served[None] = Counter(group_of[r] for r in unserved)
    swaps = math.prod(math.factorial(len(g)) for g in (*groups, *helper_groups))
    kept = math.prod(math.factorial(n) for counts in served.values() for n in counts.values())
    for group in helper_groups:
        profiles = Counter(frozenset(served.get(h, Counter()).items()) for h in group)
        kept *= math.prod(math.factorial(n) for n in profiles.values())
    return swaps // kept


MOST_IMAGES = 120
"""How many swap images of one plan K-best excludes (:func:`swap_images`): Heze's plans have
4, an instance with a group of six twins 720; past this, the posted orders
(:mod:`pairing_planner.cpsat.symmetry`) alone keep further plans apart, mostly."""


def swap_images(
    groups: Sequence[Group], pairs: Sequence[PairKey], helper_groups: Sequence[Group] = ()
) -> list[frozenset[PairKey]]:
    """The other plans ``pairs`` stands for (:func:`variants`), at most :data:`MOST_IMAGES`:
    each order of each recipient group and of each helper group applied to its pairs at once.
    The posted orders keep one plan of each set of swaps or more (twin helpers serving twin
    recipients: the helpers' order and the recipients' both hold in two plans of one set), so
    K-best excludes these too."""
    own = frozenset(pairs)
    every = [*groups, *helper_groups]
    images: dict[frozenset[PairKey], None] = {}
    for chosen in islice(_orders(every), MOST_IMAGES**2):
        orders = zip(every, chosen, strict=True)
        moved = {a: b for g, o in orders for a, b in zip(g, o, strict=True)}
        image = frozenset((moved.get(h, h), moved.get(r, r)) for h, r in own)
        if image != own:
            images[image] = None
            if len(images) == MOST_IMAGES:
                break
    return list(images)


def _orders(groups: Sequence[Group]) -> Iterator[tuple[Group, ...]]:
    """Every order of each group at once, the last group's turning fastest, made as needed:
    a group of twelve has 479 million orders, of which :func:`swap_images` reads a few."""
    turning = [permutations(g) for g in groups]
    current = [next(orders) for orders in turning]
    yield tuple(current)
    while True:
        for k in reversed(range(len(groups))):
            following = next(turning[k], None)
            if following is not None:
                current[k] = following
                yield tuple(current)
                break
            turning[k] = permutations(groups[k])
            current[k] = next(turning[k])
        else:
            return
