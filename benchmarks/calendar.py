"""The activity calendar end to end, as a planner runs it: ``plan calendar`` in a fresh
process, from start to the written files (.xlsx, .json, .ics per school, .png), checked by
the independent verifier on the way.

    python -m benchmarks.calendar [--runs 3] [--shandong-limit 60]

Cases: the Heze plan (as S5 states it) for 2016–17, median of ``runs``; the Shandong preset's
plan (10,000 pairs, 60,000 activities; the preset is generated and solved first, not timed),
once, with ``--time-limit``. Results: ``benchmarks/results/calendar.json``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import write

INSTANCES = Path(__file__).parent.parent / "instances"


def plan(*args: str) -> subprocess.CompletedProcess[str]:
    """One ``plan`` command in a fresh process (it fails the benchmark if it fails)."""
    return subprocess.run(
        [sys.executable, "-m", "pairing_planner.cli", *args],
        capture_output=True,
        text=True,
        check=True,
    )


def timed_calendar(result: Path, out: Path, *extra: str) -> tuple[float, str]:
    """Wall seconds of ``plan calendar`` on ``result``, and its last line."""
    start = time.monotonic()
    done = plan("calendar", str(result), "--out", str(out), "--force", *extra)
    line = " ".join(" ".join(done.stdout.splitlines()[-3:]).split())
    return time.monotonic() - start, line


def heze(runs: int, folder: Path) -> dict[str, Any]:
    """The Heze calendar: median of ``runs``."""
    plan("solve", str(INSTANCES / "heze-as-stated.yaml"), "--out", str(folder), "--quiet")
    result = folder / "heze-as-stated"
    seconds, line = [], ""
    for _run in range(runs):
        took, line = timed_calendar(result, folder / "calendar", "--school-year", "2016")
        seconds.append(took)
    return {"case": "heze", "median_s": round(statistics.median(seconds), 2), "printed": line}


def shandong(limit: float, folder: Path) -> dict[str, Any]:
    """The Shandong preset's calendar, once, within ``limit`` seconds of scheduling."""
    folder.mkdir(parents=True)
    preset = folder / "shandong.yaml"
    plan("generate", "--preset", "shandong", "-o", str(preset), "--tables")
    plan("solve", str(preset), "--out", str(folder), "--quiet", "--time-limit", "60")
    result = next(folder.glob("*/plans.json")).parent
    out = folder / "calendar"
    took, line = timed_calendar(result, out, "--school-year", "2016", "--time-limit", str(limit))
    data = json.loads((out / "calendar.json").read_text(encoding="utf-8"))
    return {
        "case": "shandong",
        "wall_s": round(took, 1),
        "time_limit_s": limit,
        "activities": len(data["placements"]),
        "groups": data["parts"],
        "floors": data["floors"],
        "scheduling_s": data["seconds"],
        "status": data["status"],
        "printed": line,
    }


def main() -> None:
    """Both cases, written as they come."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shandong-limit", type=float, default=60.0)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        rows.append(heze(args.runs, Path(scratch) / "heze"))
        print(rows[-1], flush=True)
        rows.append(shandong(args.shandong_limit, Path(scratch) / "shandong"))
        print(rows[-1], flush=True)
    print(f"written to {write('calendar', rows)}")


if __name__ == "__main__":
    main()
