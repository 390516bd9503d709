"""What every rule module provides: its clause, a plain description, and how it acts.

A rule acts in one or both of two ways:

* as a **filter** on candidate pairs (``narrow`` and ``allows``): pairs it excludes never get a
  variable, so the model stays sparse (stage, scope, forbid);
* as **constraints** (``post``): each rule instance (one recipient's coverage, one city's
  quota, one helper's capacity…) is posted behind its own enforcement literal, so that the
  solver can later name the rules that conflict.

Filters are plain Python and are used by ``plan check`` too; only ``post`` touches the model,
through :class:`pairing_planner.model.context.ModelContext`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pairing_planner.instance.instance import Instance
from pairing_planner.instance.models import Helper, Recipient

if TYPE_CHECKING:
    from pairing_planner.model.context import ModelContext

Narrow = Callable[[Any, Instance, Recipient], frozenset[str] | None]
"""Helper ids a recipient may possibly pair with under the rule, or None: no narrowing."""

Allows = Callable[[Any, Instance, Helper, Recipient], bool]
"""Whether the rule allows this pair at all."""

Post = Callable[[Any, "ModelContext", int], None]
"""Posts the rule's constraints; the int is the rule's index in the instance file."""


@dataclass(frozen=True)
class RuleKind:
    """One kind of rule of the instance format (``kind:`` in the file)."""

    kind: str
    clauses: tuple[str, ...]
    """Clauses of the notice this kind of rule implements (the traceability table)."""
    summary: str
    """One line, plain words: what the rule demands. Used by explanations and the docs."""
    bent: str = "{label}: broken by {amount}"
    """How a relaxation of it reads; ``{label}``, ``{amount}`` (violation units) and
    ``{actual}`` (the value the rule bounds, in the plan) are filled in."""
    narrow: Narrow | None = None
    allows: Allows | None = None
    post: Post | None = None
