"""What ``plan check`` reports: one finding, graded, with its clause and line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["conflict", "warning", "info"]


@dataclass(frozen=True)
class Finding:
    """One thing ``plan check`` reports, with the clause it concerns and where it is."""

    severity: Severity
    code: str
    message: str
    clause: str | None = None
    line: int | None = None
