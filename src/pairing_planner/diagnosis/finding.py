"""What ``plan check`` reports: one finding, graded, with its clause, line and source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from pairing_planner.instance.bureau_files.provenance import Source, cite
from pairing_planner.instance.index.instance import Instance

Severity = Literal["conflict", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One thing ``plan check`` reports, with the clause it concerns and where it is: the
    instance's line and, for a school imported from a list, the list's row (``source``)."""

    severity: Severity
    code: str
    message: str
    clause: str | None = None
    line: int | None = None
    source: Source | None = None

    @classmethod
    def about(
        cls,
        instance: Instance,
        loc: Sequence[str | int],
        severity: Severity,
        code: str,
        message: str,
        clause: str | None = None,
    ) -> Finding:
        """A finding about the value at ``loc`` in ``instance``: its line, and the source of
        the school it lies in."""
        return cls(severity, code, message, clause, instance.line_of(loc), instance.source_of(loc))

    def where(self, instance: Instance) -> str:
        """``file:line (list, sheet, row)`` as
        :func:`~pairing_planner.instance.bureau_files.provenance. cite` words it; "" when the
        finding has no place."""
        return cite(instance.cited_path, self.line, self.source)

    def as_json(self) -> dict[str, object]:
        """The finding as ``plan check --json`` writes it (its source a mapping, or null)."""
        source = self.source.model_dump(exclude_none=True) if self.source else None
        return asdict(self) | {"source": source}
