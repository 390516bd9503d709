"""The model under construction: pair variables, indexes, and the enforcement literal of every
rule instance. Rule and term modules post through this object."""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from pairing_planner.instance.instance import Instance, PairKey
from pairing_planner.instance.models import RuleBase, Stage


@dataclass(frozen=True)
class RuleInstance:
    """One posted piece of a rule: one recipient's coverage, one city's quota… Plain data, so
    diagnoses can name the rule, its clause and the schools and cities it binds."""

    key: str
    rule_index: int
    kind: str
    clause: str
    label: str
    helpers: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()


class ModelContext:
    """Holds the CP-SAT model, one boolean per candidate pair, and the rule literals."""

    def __init__(self, instance: Instance, pairs: list[PairKey]) -> None:
        self.instance = instance
        self.model = cp_model.CpModel()
        self.x: dict[PairKey, cp_model.IntVar] = {
            pair: self.model.new_bool_var(f"x[{pair[0]},{pair[1]}]") for pair in pairs
        }
        self.by_helper: dict[str, list[PairKey]] = {}
        self.by_recipient: dict[str, list[PairKey]] = {}
        for pair in pairs:
            self.by_helper.setdefault(pair[0], []).append(pair)
            self.by_recipient.setdefault(pair[1], []).append(pair)
        self.rule_instances: list[RuleInstance] = []
        self.literals: list[cp_model.IntVar] = []
        self._serves: dict[tuple[str, Stage], cp_model.IntVar] = {}
        self._steps: dict[str, list[cp_model.IntVar]] = {}

    def rule_literal(
        self,
        rule: RuleBase,
        index: int,
        label: str,
        helpers: list[str] | tuple[str, ...] = (),
        recipients: list[str] | tuple[str, ...] = (),
        cities: list[str] | tuple[str, ...] = (),
    ) -> cp_model.IntVar:
        """A new enforcement literal for one rule instance, recorded with what it binds."""
        kind = str(getattr(rule, "kind", type(rule).__name__))
        key = f"rules[{index}]#{len(self.rule_instances)}"
        self.rule_instances.append(
            RuleInstance(
                key,
                index,
                kind,
                rule.clause,
                label,
                tuple(helpers),
                tuple(recipients),
                tuple(cities),
            )
        )
        literal = self.model.new_bool_var(key)
        self.literals.append(literal)
        return literal

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
        """Booleans ``load ≥ 1``, ``load ≥ 2``, … for a helper (ordered, summing to its load)."""
        if helper_id not in self._steps:
            pairs = [self.x[p] for p in self.by_helper.get(helper_id, [])]
            steps = [
                self.model.new_bool_var(f"load[{helper_id}]>={k + 1}") for k in range(len(pairs))
            ]
            for higher, lower in zip(steps[1:], steps, strict=False):
                self.model.add_implication(higher, lower)
            self.model.add(sum(steps) == sum(pairs))
            self._steps[helper_id] = steps
        return self._steps[helper_id]
