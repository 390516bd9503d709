"""What a rule asks of a plan, as plain data: the structures a rule kind declares
(:attr:`pairing_planner.rules.base.RuleKind.declare`) and every method reads from the problem
data (:mod:`pairing_planner.prepare.problem`): the CP-SAT builder posts each, the flow, the
Lagrangian, greedy, rounding, Hall's check and symmetry handle those they know.

Why data and not posting code: S4 was re-derived by six modules from the recipients' flag,
and a second formulation could not reuse the rules. Declared once, a structure is read by
each method in its own terms; a method decides by the structures it finds, never by a rule's
kind. Names and labels are in the verifier's terms (a recipient id, a helper id,
``city/stage``, ``helper>recipient``), so a declared relaxation matches what it finds.

The per-school structures (coverage, capacity, exclusive sets) hold their schools as one
tuple and a label template, so declaring them costs a tuple, not an object per school.
"""

from __future__ import annotations

from dataclasses import dataclass

from pairing_planner.instance.index.instance import PairKey
from pairing_planner.instance.schema.school_models import Stage
from pairing_planner.said import Said


@dataclass(frozen=True)
class Cover:
    """Each of ``recipients`` gets a helper: ``Σ_h x[h, r] = 1``, or ``≥ 1`` when not
    ``exact`` (S1, S5). ``words`` labels one recipient's row (``{school}``), a message id
    worded when the label is shown (:mod:`pairing_planner.said`)."""

    rule: int
    recipients: tuple[str, ...]
    exact: bool
    words: str


@dataclass(frozen=True)
class Capacity:
    """Each of ``helpers`` takes at most its ``most`` recipients: ``Σ_r x[h, r] ≤ most``
    (S1). ``words`` labels one helper's row (``{school}``, ``{n}``)."""

    rule: int
    helpers: tuple[str, ...]
    most: tuple[int, ...]
    words: str


@dataclass(frozen=True)
class Exclusive:
    """The helper of each of ``recipients`` helps no other school: ``x[h, r] = 1 ⇒
    Σ_{r' ≠ r} x[h, r'] = 0`` (S4: a poverty-village school's helper is its own). ``words``
    labels one recipient's row (``{school}``)."""

    rule: int
    recipients: tuple[str, ...]
    words: str


@dataclass(frozen=True)
class Quota:
    """``city`` supplies exactly ``count`` helpers of ``stage``: ``Σ_{h ∈ helpers}
    serves(h, stage) = count`` (S6, S7), where ``serves`` is true when the helper serves some
    recipient of the stage."""

    rule: int
    city: str
    stage: Stage
    helpers: tuple[str, ...]
    count: int
    label: Said


@dataclass(frozen=True)
class Lock:
    """Each of ``pairs`` is in every plan: ``x[h, r] = 1`` (R2), a pair that is not a
    candidate making its row unsatisfiable. ``words`` labels one pair's row (``{helper}``,
    ``{recipient}``)."""

    rule: int
    pairs: tuple[PairKey, ...]
    words: str


Structure = Cover | Capacity | Exclusive | Quota | Lock
"""Every structure a rule may declare. A filter (stage, scope, forbid) declares none: the
pairs it excludes are never candidates, so the problem data's pairs already keep it."""
