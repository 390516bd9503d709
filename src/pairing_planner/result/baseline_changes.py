"""How a plan differs from the baseline plan it re-plans (``plan solve --baseline``): the
recipients kept and moved, the schools added, removed and renamed, and the helpers whose load
changed; a part of ``plans.json`` (:class:`pairing_planner.result.plan.Plan`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Move:
    """A recipient of the baseline plan whose helper changed, and why."""

    recipient: str
    old: list[str]
    new: list[str]
    forced: bool
    """True when the new instance no longer allows the old pair at all."""
    why: str


@dataclass(frozen=True)
class Renamed:
    """A school of both plans whose name changed: its id and the name the baseline gives it."""

    school: str
    old: str


@dataclass(frozen=True)
class LoadChange:
    """A helper that takes a different number of schools than in the baseline."""

    helper: str
    old: int
    new: int


@dataclass(frozen=True)
class Changes:
    """How a plan differs from the baseline plan (``--baseline``)."""

    source: str
    kept: list[tuple[str, str]]
    moved: list[Move]
    new_recipients: list[str]
    """Recipients the baseline did not have."""
    removed_recipients: list[str]
    """Baseline recipients the instance no longer has."""
    removed_helpers: list[str]
    """Baseline helpers the instance no longer has."""
    load_changes: list[LoadChange]
    removed_names: dict[str, str] = field(default_factory=dict)
    """The names the baseline gives its removed schools, by id: the report names a closed
    school, not the id made from it."""
    renamed: list[Renamed] = field(default_factory=list)
    """Schools of both plans renamed since the baseline."""
    new_helpers: dict[str, list[str]] = field(default_factory=dict)
    """The helpers the plan gives each new recipient, by its id: the report says who helps
    a school the baseline did not have."""

    @property
    def forced(self) -> int:
        """Moves the new instance forces (the old pair is no longer allowed)."""
        return sum(m.forced for m in self.moved)

    def counts(self) -> dict[str, int]:
        """The change report's counts, as the terminal and the workbench give them: pairs
        kept, recipients moved (those the new instance forces among them), recipients new,
        and schools removed (recipients and helpers together)."""
        return {
            "kept": len(self.kept),
            "moved": len(self.moved),
            "forced": self.forced,
            "new": len(self.new_recipients),
            "removed": len(self.removed_recipients) + len(self.removed_helpers),
        }
