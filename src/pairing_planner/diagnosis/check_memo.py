"""Plans that proved a conflict filter's checks feasible, kept between the solves of one
instance, so that a re-solve after a forbid answers most of its checks without CP-SAT
(issue 32: Heze as printed re-solved warm in ≤ 1 s).

The deletion filter (:mod:`pairing_planner.diagnosis.conflict`) asks, set after set of rule
instances, whether a plan keeps them all; its path depends only on whether each answer is
INFEASIBLE or not. A check CP-SAT answers FEASIBLE leaves its plan here, with the rule
instances it kept. A later check is answered FEASIBLE from a kept plan when the plan keeps
every rule instance now in force and uses only pairs that are still candidates:

- the checks are of the same problem (:meth:`CheckMemo.of`: a digest of the part's schools
  and of every structure but its locks, with all their parameters, so a memo of another
  instance with the same school ids never answers; ``plan serve``'s worker keeps one memo
  per instance file, forgotten when the file changes), re-planned only with rules appended:
  a forbid takes pairs out of the candidates (left out of the digest: a kept plan is asked
  to use only pairs still candidates), a lock adds a rule instance (``prepare/delta.py``;
  left out too: a lock's row is matched by its pair);
- a rule instance is known by what it is (kind, rule, clause, label, subject, schools,
  cities; not its key, a counter that a lock posted earlier shifts) and posts the same row
  over the same data, each candidate pair's variable in it: a pair no longer a candidate
  only drops out of rows, and the kept plan does not use it. The model's other variables
  (whether a helper serves a stage, its load steps) are set by the pairs, and its bounds
  (a helper's most load: its candidates) hold for every plan of the candidates left. So the
  kept plan, read into the new model, keeps every row a kept rule instance posts, and a
  lock's row when it holds the locked pair: the new check has a plan. That is the truth,
  not a guess.

Why the filter then gives what a cold solve gives. A cold run answers such a check FEASIBLE,
or UNKNOWN when CP-SAT's work limit (:data:`~pairing_planner.diagnosis.conflict.CHECK_EFFORT`)
or the clock cuts it first; it cannot answer INFEASIBLE, since a plan exists. The filter
drops a chunk only on INFEASIBLE, so both answers take the same branch: the same checks
follow, the same conflict results. Only INFEASIBLE answers move the filter, and those are
never taken from here: "infeasible before, so infeasible after" is true too, but a cold run
cut short on that check would keep the chunk where the memo would drop it, and the conflict
would differ. Every other check is solved as a cold run solves it. What a kept plan can
change is only whether the conflict is called proven minimal, in one case: a cold check that
CP-SAT leaves undecided at its work limit on a rule set that has a plan (then the cold result
says "not proven minimal", the warm one proves it). A Heze check takes 0.003 of the 5 units.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace

from pairing_planner.cpsat.context import RuleInstance
from pairing_planner.diagnosis.lock_repair import PlanRows, is_lock, repairs
from pairing_planner.instance.index.instance import PairKey
from pairing_planner.prepare.problem import ProblemData
from pairing_planner.rules.structures import Lock

PLANS_KEPT = 256
"""Plans kept per part at most, the least recently used dropped first: a filter of Heze's
45 rules leaves 48, and each is tried in turn against a check."""


class PartPlans:
    """The plans kept for one part, each with the rule instances it was found keeping (their
    keys blanked: what each is, whatever order it was posted in). Each rule instance is
    numbered once, so a check compares sets of numbers: hashing a rule instance (its label
    with it) once per kept plan and check took 1.1 of Heze's 1.3 s warm diagnosis."""

    def __init__(self, rows: PlanRows | None = None) -> None:
        self._plans: OrderedDict[frozenset[int], frozenset[PairKey]] = OrderedDict()
        self._numbers: dict[RuleInstance, int] = {}
        self._rules: list[RuleInstance] = []
        self._lock = threading.Lock()
        self._rows = rows

    def has_plan(self, chosen: Sequence[RuleInstance], candidates: set[PairKey]) -> bool:
        """Whether a kept plan keeps every rule instance of ``chosen`` and uses only
        ``candidates`` (the module's argument), or, given the part's rows, a kept plan
        repaired to hold the one locked pair it lacks does (:mod:`.lock_repair`)."""
        with self._lock:
            wanted = self._numbered(chosen)
            for kept, plan in self._plans.items():
                if plan <= candidates and all(
                    _locked_in(self._rules[n], plan) for n in wanted - kept
                ):
                    self._plans.move_to_end(kept)
                    return True
            repaired = self._repaired(wanted, candidates)
            if repaired is not None:
                self._kept(wanted, repaired)
        return repaired is not None

    def _repaired(
        self, wanted: frozenset[int], candidates: set[PairKey]
    ) -> frozenset[PairKey] | None:
        """A kept plan that keeps every rule instance of ``wanted`` but one lock, repaired
        to hold that lock's pair and checked against every row of ``wanted``; None when
        there is none (or a row is not one :class:`PlanRows` reads)."""
        rules = [self._rules[n] for n in sorted(wanted)]
        rows = self._rows
        if rows is None or not all(rows.readable(rule) for rule in rules):
            return None
        locks = {n for n in wanted if is_lock(self._rules[n])}
        rest = wanted - locks
        for kept, plan in self._plans.items():
            missing = [self._rules[n] for n in locks if not _locked_in(self._rules[n], plan)]
            if len(missing) != 1 or not rest <= kept:
                continue
            pair = (missing[0].helpers[0], missing[0].recipients[0])
            free = {h for h, _r in candidates} - {h for h, _r in plan}
            for repaired in repairs(plan, pair, free):
                if repaired <= candidates and rows.keeps(repaired, rules):
                    return repaired
        return None

    def keep(self, chosen: Sequence[RuleInstance], plan: frozenset[PairKey]) -> None:
        """Keep ``plan``, which CP-SAT found keeping every rule instance of ``chosen``."""
        with self._lock:
            self._kept(self._numbered(chosen), plan)

    def _kept(self, kept: frozenset[int], plan: frozenset[PairKey]) -> None:
        self._plans[kept] = plan
        while len(self._plans) > PLANS_KEPT:
            self._plans.popitem(last=False)

    def _numbered(self, chosen: Sequence[RuleInstance]) -> frozenset[int]:
        """The numbers of ``chosen``'s rule instances, keys blanked (new ones numbered)."""
        numbers = []
        for rule in map(_blank, chosen):
            if rule not in self._numbers:
                self._numbers[rule] = len(self._rules)
                self._rules.append(rule)
            numbers.append(self._numbers[rule])
        return frozenset(numbers)


class CheckMemo:
    """The kept plans of every part of one instance (and its re-plans), by part. Handed to
    :func:`~pairing_planner.diagnosis.conflict.minimal_conflict` by whoever keeps it (a
    worker's :class:`~pairing_planner.solving.decomposition.proven_parts.KeptParts`), never
    consulted through a process-wide setting: two solves in one process must not read each
    other's."""

    def __init__(self) -> None:
        self._parts: dict[bytes, PartPlans] = {}
        self._lock = threading.Lock()

    def of(self, problem: ProblemData) -> PartPlans:
        """The kept plans of the part ``problem`` is, known by :func:`problem_digest`."""
        key = problem_digest(problem)
        with self._lock:
            if key not in self._parts:
                self._parts[key] = PartPlans(PlanRows.of(problem))
            return self._parts[key]


def problem_digest(problem: ProblemData) -> bytes:
    """A digest of what a check's rows read besides the candidate pairs and the locks (see
    the module's argument): the part's schools and their stages (a quota's rows and a
    capacity's cut read them) and every other structure with all its parameters (a
    coverage's ``exact``, a capacity's ``most``, a quota's count), so a plan is only ever
    offered to the rules it was found keeping."""
    instance = problem.instance
    read = (
        sorted((h.id, sorted(h.stages)) for h in instance.helpers.values()),
        sorted((r.id, sorted(r.stages)) for r in instance.recipients.values()),
        [s for s in problem.structures if not isinstance(s, Lock)],
    )
    return hashlib.blake2b(pickle.dumps(read, pickle.HIGHEST_PROTOCOL), digest_size=20).digest()


def _blank(rule: RuleInstance) -> RuleInstance:
    """``rule`` with its key blanked: a counter a lock posted earlier shifts."""
    return replace(rule, key="")


def _locked_in(rule: RuleInstance, plan: frozenset[PairKey]) -> bool:
    """Whether ``rule`` is a lock whose pair ``plan`` holds (a lock's row: ``x[h, r] = 1``)."""
    return is_lock(rule) and (rule.helpers[0], rule.recipients[0]) in plan
