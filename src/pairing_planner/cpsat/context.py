"""The model under construction: pair variables, indexes, and the enforcement literal of every
rule instance. Rule and term modules post through this object."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from ortools.sat.python import cp_model

from pairing_planner.instance.index.instance import PairKey
from pairing_planner.instance.schema.rule_models import Rule
from pairing_planner.instance.schema.school_models import Stage
from pairing_planner.prepare.problem import ProblemData
from pairing_planner.rules.capabilities import penalty_of
from pairing_planner.rules.structures import Quota
from pairing_planner.said import Said

NO_LOWER, NO_UPPER = cp_model.INT_MIN, cp_model.INT_MAX
"""The ends of a one-sided linear constraint: CP-SAT's own, so that a reader of the model
sees the missing side as missing. A large finite stand-in (once ±2^40) reached HiGHS, which
then read the model, as a real bound and made its MIP answers wrong."""


Mode = Literal["strict", "switchable", "relaxed"]
"""How rule instances are posted: ``strict``, literals fixed true (a normal solve);
``switchable``, literals left free, so diagnosis can switch rule instances on and off (it
fixes them in copies of the model: :mod:`pairing_planner.diagnosis.conflict`);
``relaxed``, every rule instance may be broken at a penalty per unit (least relaxation)."""


@dataclass(frozen=True)
class RuleInstance:
    """One posted piece of a rule: one recipient's coverage, one city's quota… Plain data, so
    diagnoses can name the rule, its clause and the schools and cities it binds.

    ``subject`` names what the instance is about in the verifier's terms (a recipient id, a
    helper id, ``city/stage``, ``helper>recipient``), so a declared relaxation can be matched
    with what the verifier finds.
    """

    key: str
    rule_index: int
    kind: str
    clause: str
    label: Said
    subject: str
    penalty: int
    helpers: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()


class ModelContext:
    """Holds the CP-SAT model, one boolean per candidate pair of the problem data, and the
    rule instances."""

    def __init__(self, problem: ProblemData, mode: Mode = "strict") -> None:
        self.problem = problem
        self.instance = problem.instance
        self.mode = mode
        self.model = cp_model.CpModel()
        self.x: dict[PairKey, cp_model.IntVar] = {
            pair: self.model.new_bool_var(f"x[{pair[0]},{pair[1]}]") for pair in problem.pairs
        }
        self.by_helper = problem.by_helper
        self.by_recipient = problem.by_recipient
        self.rule_instances: list[RuleInstance] = []
        self.literals: dict[str, cp_model.IntVar] = {}
        self.slacks: dict[str, list[cp_model.IntVar]] = {}
        """Relaxed mode: each rule instance's slacks, an (under, over) pair per bound posted
        (over: the plan counts more than the rule allows, so its counted pairs bend it)."""
        self.measured: dict[str, cp_model.LinearExpr] = {}
        """Relaxed mode: the first bounded expression of each rule instance (its value is
        what a relaxation reports, e.g. how many schools a city supplies)."""
        self._serves: dict[tuple[str, Stage], cp_model.IntVar] = {}
        self._steps: dict[str, list[cp_model.IntVar]] = {}
        self._capacity_holds = mode == "strict" and problem.bounded()
        self.counts_helpers = bool(problem.of(Quota))
        """Some quota counts helpers per city (S6, S7): capacity then posts its per-stage cut."""

    def most_load(self, helper_id: str) -> int:
        """The most schools a helper can take in any plan of this model: its capacity when a
        capacity rule surely holds (strict mode), else its number of candidates. Bounds built
        on it keep the load steps few and the S4 constraints' LP tight."""
        if self._capacity_holds:
            return self.problem.most_load(helper_id)
        return len(self.by_helper.get(helper_id, []))

    def rule_instance(
        self,
        rule: Rule,
        index: int,
        label: Said,
        subject: str,
        *,
        helpers: Sequence[str] = (),
        recipients: Sequence[str] = (),
        cities: Sequence[str] = (),
    ) -> RuleInstance:
        """Record a new rule instance (and, unless relaxed, its enforcement literal)."""
        key = f"rules[{index}]#{len(self.rule_instances)}"
        found = RuleInstance(
            key,
            index,
            rule.kind,
            rule.clause,
            label,
            subject,
            penalty_of(rule),
            tuple(helpers),
            tuple(recipients),
            tuple(cities),
        )
        self.rule_instances.append(found)
        if self.mode != "relaxed":
            literal = self.model.new_bool_var(key)
            self.literals[key] = literal
            if self.mode == "strict":
                self.model.add(literal == 1)
        return found

    @staticmethod
    def total(variables: Iterable[cp_model.IntVar]) -> cp_model.LinearExpr:
        """The sum of ``variables`` as a linear expression (0 for none)."""
        return cp_model.LinearExpr.sum(list(variables))

    def bound(
        self, rule: RuleInstance, expr: cp_model.LinearExpr, lower: int | None, upper: int | None
    ) -> None:
        """Post ``lower ≤ expr ≤ upper`` for ``rule``: behind its literal, or, relaxed, with
        slack variables whose every unit costs the rule's penalty."""
        low = lower if lower is not None else NO_LOWER
        high = upper if upper is not None else NO_UPPER
        if self.mode == "relaxed":
            room = len(self.x) + max(abs(lower or 0), abs(upper or 0))
            under = self.model.new_int_var(
                0, room if lower is not None else 0, f"under[{rule.key}]"
            )
            over = self.model.new_int_var(0, room if upper is not None else 0, f"over[{rule.key}]")
            self.slacks.setdefault(rule.key, []).extend((under, over))
            self.measured.setdefault(rule.key, expr)
            self.model.add_linear_constraint(expr + under - over, low, high)
        else:
            constraint = self.model.add_linear_constraint(expr, low, high)
            constraint.only_enforce_if(self.literals[rule.key])

    def implied(
        self, rule: RuleInstance, expr: cp_model.LinearExpr, lower: int | None, upper: int | None
    ) -> None:
        """A constraint the rule implies, posted only to strengthen the LP; left out when
        relaxed, where the rule itself may bend."""
        if self.mode != "relaxed":
            self.bound(rule, expr, lower, upper)

    def penalty(self) -> cp_model.LinearExpr:
        """Σ penalty × violation units over every rule instance (relaxed mode)."""
        terms = [
            (slack, rule.penalty)
            for rule in self.rule_instances
            for slack in self.slacks.get(rule.key, [])
        ]
        return cp_model.LinearExpr.weighted_sum([s for s, _ in terms], [w for _, w in terms])

    def helper_serves_stage(self, helper_id: str, stage: Stage) -> cp_model.IntVar:
        """A boolean that is true exactly when the helper serves some recipient of ``stage``."""
        key = (helper_id, stage)
        if key not in self._serves:
            recipients = self.instance.recipients
            pairs = [
                self.x[p]
                for p in self.by_helper.get(helper_id, [])
                if stage in recipients[p[1]].stages
            ]
            used = self.model.new_bool_var(f"serves[{helper_id},{stage.value}]")
            if pairs:
                self.model.add_max_equality(used, pairs)
            else:
                self.model.add(used == 0)
            self._serves[key] = used
        return self._serves[key]

    def load_steps(self, helper_id: str) -> list[cp_model.IntVar]:
        """Booleans ``load ≥ 1``, ``load ≥ 2``, … up to the most it can take (ordered, summing
        to its load)."""
        if helper_id not in self._steps:
            pairs = [self.x[p] for p in self.by_helper.get(helper_id, [])]
            steps = [
                self.model.new_bool_var(f"load[{helper_id}]>={k + 1}")
                for k in range(self.most_load(helper_id))
            ]
            for higher, lower in zip(steps[1:], steps, strict=False):
                self.model.add_implication(higher, lower)
            self.model.add(sum(steps) == sum(pairs))
            self._steps[helper_id] = steps
        return self._steps[helper_id]
