"""What ``plan check`` reports: one finding, graded, with its clause, line and source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Literal

from pairing_planner.i18n import N_
from pairing_planner.instance.bureau_files.provenance import Source, cite, cite_said
from pairing_planner.instance.index.instance import Instance
from pairing_planner.said import Said, cited_said, joined, named, said

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
    said: Said | None = None
    """``message`` by message id and values, for a solve's result to record (its warnings
    are read in other languages than the one they were found in); None where only the text
    was made."""

    @classmethod
    def about(
        cls,
        instance: Instance,
        loc: Sequence[str | int],
        severity: Severity,
        code: str,
        message: str | Said,
        clause: str | None = None,
    ) -> Finding:
        """A finding about the value at ``loc`` in ``instance``: its line, and the source of
        the school it lies in."""
        line, source = instance.line_of(loc), instance.source_of(loc)
        if isinstance(message, Said):
            return cls(severity, code, message.text(), clause, line, source, message)
        return cls(severity, code, message, clause, line, source)

    def where(self, instance: Instance) -> str:
        """``file:line (list, sheet, row)`` as
        :func:`~pairing_planner.instance.bureau_files.provenance. cite` words it; "" when the
        finding has no place."""
        return cite(instance.cited_path, self.line, self.source)

    def as_said(self, instance: Instance) -> Said:
        """``where: message (clause)`` by message ids, as a solve's result records a warning:
        the message as its text where no id was kept."""
        message = self.said or named(self.message)
        if self.clause:
            message = cited_said(message, self.clause)
        at = cite_said(instance.cited_path, self.line, self.source)
        place = said(N_("{place}: "), place=at) if at is not None else None
        return joined([place, message], "")

    def as_json(self) -> dict[str, object]:
        """The finding as ``plan check --json`` writes it (its source a mapping, or null).
        Field by field, not ``asdict``: that deep-copied every source and ``said`` only to
        replace or drop them, a fifth of checking a 45,000-school list (issue 31)."""
        source = self.source.model_dump(exclude_none=True) if self.source else None
        found = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "said"}
        return found | {"source": source}
