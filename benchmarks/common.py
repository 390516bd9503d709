"""What every benchmark records beside its numbers: when, on what, at which commit."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pairing_planner.version import ortools_version, tool_version

RESULTS = Path(__file__).parent / "results"


def machine() -> dict[str, Any]:
    """Date, commit, versions and machine of this run."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit or "unknown",
        "tool": tool_version(),
        "ortools": ortools_version(),
        "python": platform.python_version(),
        "cores": os.cpu_count(),
    }


def write(name: str, rows: list[dict[str, Any]]) -> Path:
    """``benchmarks/results/NAME.json`` with the machine record and the rows."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    record = {"machine": machine(), "rows": rows}
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def earlier_rows(name: str) -> list[dict[str, Any]]:
    """The rows of ``benchmarks/results/NAME.json`` so far (none when there is no file)."""
    path = RESULTS / f"{name}.json"
    if not path.exists():
        return []
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["rows"]
    return rows
