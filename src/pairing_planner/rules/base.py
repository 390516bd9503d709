"""What every rule module declares: its clause, a plain description, how it acts, and what the
algorithms may do with it.

A rule acts in one or both of two ways:

* as a **filter** on candidate pairs (``narrow`` and ``allows``): pairs it excludes never get a
  variable, so the model stays sparse (stage, scope, forbid);
* as **structures** (``declare``): plain data (:mod:`pairing_planner.rules.structures`:
  coverage, capacities, exclusive sets, quota rows, locks) that every method reads from the
  problem data; the CP-SAT builder posts each row (one recipient's coverage, one city's
  quota, one helper's capacity…) behind its own enforcement literal, so that the solver can
  later name the rules that conflict. No rule writes solver code.

Which method keeps a rule is never the rule's word: each method declares the structures it
handles (the flow coverage and capacities, the Lagrangian and greedy also exclusive sets), and
takes an instance when every structure of its problem data is one of them. A new kind that
declares a new structure is solved by the full CP-SAT model, never silently dropped. What
binds schools beyond one pair (``links``) is still declared by the kind, for decomposition.
The fields without a default are the ones each kind has to think about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pairing_planner.i18n import N_
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.school_models import Helper, Recipient
from pairing_planner.rules.school_arrays import Positions
from pairing_planner.rules.structures import Structure
from pairing_planner.said import Said


class Role(StrEnum):
    """What a rule asks of a plan, in the terms the algorithms reason in (Hall's network,
    the min-cost flow, the Lagrangian relaxation): a role names a meaning, not a kind."""

    filter = "filter"
    """Only narrows the candidate pairs."""
    stage = "stage"
    """Only narrows the candidate pairs, to schools that share a stage (S6, S7)."""
    cover = "cover"
    """Every recipient gets a helper (the demand of a flow, the prices of the Lagrangian)."""
    capacity = "capacity"
    """A helper takes at most its capacity."""
    alone = "alone"
    """Some recipients need a helper that helps no other school."""
    quota = "quota"
    """A city supplies a fixed number of helpers of a stage."""
    pin = "pin"
    """Given pairs are in every plan."""


Node = tuple[str, ...]
"""A node of the decomposition graph: ``("h", id)``, ``("r", id)``, or a rule's own node."""

Narrow = Callable[[Any, Instance, Recipient], frozenset[str] | None]
"""Helper ids a recipient may possibly pair with under the rule, or None: no narrowing."""

Allows = Callable[[Any, Instance, Helper, Recipient], bool]
"""Whether the rule allows this pair at all."""

Mask = Callable[[Any, Instance, Positions, Positions], NDArray[np.bool_]]
"""Which of the pairs at these positions (helper's, recipient's) the rule allows: ``allows``
over arrays, answering exactly as it does pair by pair."""

Join = Callable[[Any, Instance], tuple[Positions, Positions] | None]
"""Every pair the rule may allow and maybe more (its ``mask`` decides), each once, as
position arrays (helper's, recipient's) grouped by recipient in file order, helpers in file
order within each (the candidates' own order, so none is sorted again); None when it narrows
nothing."""

Declare = Callable[[Any, int, Instance], list[Structure]]
"""The rule's structures; the int is the rule's index in the instance file."""

Active = Callable[[Any, Instance], bool]
"""Whether the rule constrains anything in this instance (S4 without a poverty school does not)."""

Links = Callable[[Any, int, Instance], list[list[Node]]]
"""Groups of nodes the rule binds together (each group must end up in one part)."""

Restrict = Callable[[Any, int, Instance, "PartScope"], Any]
"""The rule as it applies inside a part, or None where nothing of it is left."""

Binds = Callable[[Any, Instance, Helper, Recipient], bool]
"""Whether the rule binds this pair of a plan (the ledger's clauses column)."""

Idle = Callable[[Any, Instance, Helper], Said | None]
"""Why the rule leaves this helper no school to serve, in a sentence by message id (a solve's
result records its warnings so); None if it does not."""

Blocks = Callable[[Any, Instance, Helper, Recipient, "Mapping[str, list[str]]"], Said | None]
"""Why, in a plan where each helper serves the recipients given, the rule keeps ``helper``
from also taking ``recipient``, as a sentence by message id (a result read in another
language words it there); None if it does not (``--explain``)."""


@dataclass(frozen=True)
class PartScope:
    """The schools of one independent part and the rule nodes it holds (None: take the rule
    nodes of the part's own schools)."""

    helpers: frozenset[str]
    recipients: frozenset[str]
    nodes: frozenset[Node] | None = None


def always(rule: Any, instance: Instance) -> bool:
    """Active in every instance."""
    return True


def unchanged(rule: Any, index: int, instance: Instance, part: PartScope) -> Any:
    """The same rule in every part: it binds one school or one pair at a time."""
    return rule


def restrict_pairs(rule: Any, index: int, instance: Instance, part: PartScope) -> Any:
    """A pair list (lock, forbid) inside a part: its pairs of the part's recipients."""
    kept = [p for p in rule.pairs if p[1] in part.recipients]
    return rule.model_copy(update={"pairs": kept}) if kept else None


def every_pair(rule: Any, instance: Instance, helper: Helper, recipient: Recipient) -> bool:
    """Binds every pair of a plan."""
    return True


@dataclass(frozen=True, kw_only=True)
class RuleKind:
    """One kind of rule of the instance format (``kind:`` in the file)."""

    kind: str
    clauses: tuple[str, ...]
    """Clauses of the notice this kind of rule implements (the traceability table)."""
    label: str
    """Its name as a planner reads it (marked for translation; ``kind`` is the file's id)."""
    summary: str
    """One line, plain words: what the rule demands. Used by explanations and the docs."""
    role: Role
    penalty: int | None
    """Relaxation penalty per violation unit when no plan keeps every rule (an instance may
    set its own); None for a filter, whose excluded pairs never get a variable. The defaults
    say what bends first: a city's quota (S6, S7, 10) before a helper's capacity (20), a
    capacity before a planner's lock (40), a lock before leaving a school without a helper
    (T2 wants every school paired, 60), and one-to-one pairing of poverty-village schools
    (S4, R3: "key poverty villages come first", 100) last."""
    binds: Binds
    bent: str = "{label}: broken by {amount}"
    """How a relaxation of it reads; ``{label}``, ``{amount}`` (violation units) and
    ``{actual}`` (the value the rule bounds, in the plan) are filled in."""
    mark: str = N_("{clause}: {label}")
    """How a pair that bends it is marked beside the pair (the table, plan-K.csv, the ledger,
    the printed lists), short enough for a column; ``{clause}``, ``{label}`` (the kind's),
    ``{n}`` (the pairs that bend it together) and ``{amount}`` are filled in."""
    narrow: Narrow | None = None
    narrows_exactly: bool = False
    """Its ``narrow`` gives exactly the helpers ``allows`` allows, so candidate pairs need
    not ask ``allows`` again (a quarter of a million distances on the Shandong preset)."""
    allows: Allows | None = None
    mask: Mask | None = None
    """``allows`` over arrays: when every filter rule of an instance has one and some rule
    offers a ``join``, candidate pairs are built as arrays (issue 31)."""
    join: Join | None = None
    declare: Declare | None = None
    active: Active = always
    links: Links | None = None
    """Schools it binds together beyond one pair, so decomposition keeps them in one part
    (a city quota's helpers, a lock's pair); None: it binds schools one at a time."""
    restrict: Restrict = unchanged
    idle: Idle | None = None
    blocks: Blocks | None = None

    def acts(self) -> Sequence[object]:
        """The ways it acts on a plan: filter functions and its declared structures."""
        acts = (self.narrow, self.allows, self.mask, self.join, self.declare)
        return [act for act in acts if act is not None]
