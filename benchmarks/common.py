"""What every benchmark records beside its numbers: when, on what, at which commit."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

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


class Beside(NamedTuple):
    """What one command printed, the load average when it started and its wall time."""

    done: subprocess.CompletedProcess[str]
    load_1min: float
    wall_s: float


def plan_beside_burners(args: list[str], burners: int) -> Beside:
    """``plan ARGS`` in a fresh process beside ``burners`` busy processes, timed as a planner
    times it; a failed command raises, so that no row records a run that did not finish."""
    command = [sys.executable, "-m", "pairing_planner.cli", *args]
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(burners)]
    try:
        load = os.getloadavg()[0]
        start = time.monotonic()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.monotonic() - start
    finally:
        for process in busy:
            process.kill()
            process.wait()
    if done.returncode != 0:
        raise RuntimeError(f"plan {args[0]} exited {done.returncode}: {done.stderr}")
    return Beside(done, load, wall)
