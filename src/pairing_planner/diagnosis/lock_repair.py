"""A kept plan repaired to hold a newly locked pair, and the rows of a conflict check read in
Python, so that a warm re-solve after a lock answers most of its checks without CP-SAT
(issue 32: Heze as printed re-solved warm after a lock in ≤ 1 s).

After a forbid, the plans kept from earlier solves answer a check as they are
(:mod:`pairing_planner.diagnosis.check_memo`). After a lock ``x[h, r] = 1`` they rarely hold
the locked pair, so each check went to CP-SAT. A kept plan is one recipient away: give ``r``
to ``h``, and move ``h``'s other recipients to ``r``'s old helper (a swap) or to a helper the
plan leaves free, or hand one recipient of another helper to ``r``'s old helper (so a city
still supplies the helpers its quota asks). Each plan so made is checked against every rule
instance of the check with :class:`PlanRows`, the same rows the model posts
(:mod:`pairing_planner.cpsat.structures`):

- a coverage row: the recipient's pairs sum to 1 (``≥ 1`` when not exact);
- a capacity row: the helper's pairs sum to at most its capacity (the per-stage cut posted
  beside it is implied by it);
- a quota row: the number of the city's helpers serving the stage equals its count;
- a lock row: the plan holds the pair.

A plan over candidate pairs that keeps these rows is a plan of the check's model: its other
variables (whether a helper serves a stage, its load steps) are set by the pairs, within
their bounds. So the answer FEASIBLE is the truth, and the filter takes the cold run's path
(the memo's argument). A rule instance of another structure (S4's exclusive sets, whose
model adds a helper's modes) is not read here: a check holding one is left to CP-SAT.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from pairing_planner.cpsat.context import RuleInstance
from pairing_planner.instance.index.instance import PairKey
from pairing_planner.instance.schema.school_models import Stage
from pairing_planner.prepare.problem import ProblemData
from pairing_planner.rules.structures import Capacity, Cover, Quota

Row = tuple[int, str]
"""A row by its rule's index and its subject (a recipient id, a helper id, ``city/stage``)."""


@dataclass(frozen=True)
class PlanRows:
    """The coverage, capacity and quota rows of a part, by rule index and subject, to check a
    plan against a rule instance in Python (what a row asks: the module's list)."""

    cover: dict[Row, bool]
    """Each recipient's coverage row: whether exactly one helper (else at least one)."""
    capacity: dict[Row, int]
    """Each helper's capacity row: the most recipients it takes."""
    quota: dict[Row, Quota]
    stages: dict[str, frozenset[Stage]]
    """Each recipient's stages (a quota counts helpers serving a stage)."""

    @classmethod
    def of(cls, problem: ProblemData) -> PlanRows:
        """The rows of ``problem``'s structures (locks are read from their rule instance)."""
        return cls(
            cover={(s.rule, r): s.exact for s in problem.of(Cover) for r in s.recipients},
            capacity={
                (s.rule, h): most
                for s in problem.of(Capacity)
                for h, most in zip(s.helpers, s.most, strict=True)
            },
            quota={(q.rule, f"{q.city}/{q.stage.value}"): q for q in problem.of(Quota)},
            stages={r.id: frozenset(r.stages) for r in problem.instance.recipients.values()},
        )

    def readable(self, rule: RuleInstance) -> bool:
        """Whether ``rule`` is a row read here (else a check holding it goes to CP-SAT)."""
        row = (rule.rule_index, rule.subject)
        return is_lock(rule) or row in self.cover or row in self.capacity or row in self.quota

    def keeps(self, plan: frozenset[PairKey], rules: list[RuleInstance]) -> bool:
        """Whether ``plan`` keeps every row of ``rules`` (each :meth:`readable`)."""
        helped = Counter(r for _h, r in plan)
        load = Counter(h for h, _r in plan)
        served = {(h, stage) for h, r in plan for stage in self.stages[r]}
        for rule in rules:
            row = (rule.rule_index, rule.subject)
            if is_lock(rule):
                kept = (rule.helpers[0], rule.recipients[0]) in plan
            elif row in self.cover:
                kept = helped[rule.subject] == 1 or (
                    not self.cover[row] and helped[rule.subject] > 1
                )
            elif row in self.capacity:
                kept = load[rule.subject] <= self.capacity[row]
            else:
                quota = self.quota[row]
                kept = sum((h, quota.stage) in served for h in quota.helpers) == quota.count
            if not kept:
                return False
        return True


def is_lock(rule: RuleInstance) -> bool:
    """Whether ``rule`` is a lock's row of one pair (``x[h, r] = 1``). Read from the rule
    instance, not from :class:`PlanRows`: a part's rows are kept across re-solves whose locks
    differ (:func:`~pairing_planner.diagnosis.check_memo.problem_digest` leaves locks out)."""
    return rule.kind == "lock" and len(rule.helpers) == len(rule.recipients) == 1


def repairs(
    plan: frozenset[PairKey], pair: PairKey, free: set[str]
) -> Iterator[frozenset[PairKey]]:
    """``plan`` changed by one local move to hold ``pair`` = (h, r): r given to h, and then
    h's other recipients left with it, or moved to r's old helper (a swap) or to a helper of
    ``free``, or one other helper's recipient handed to r's old helper."""
    helper, recipient = pair
    old = {p for p in plan if p[1] == recipient}
    given = (plan - old) | {pair}
    yield given
    moved = {p for p in given if p[0] == helper and p != pair}
    before = sorted(h for h, _r in old)
    for other in [*before, *sorted(free)]:
        if moved:
            yield (given - moved) | {(other, r) for _h, r in moved}
    for other in before:
        for handed in sorted(p for p in given if p[0] != helper and p[0] != other):
            yield (given - {handed}) | {(other, handed[1])}
