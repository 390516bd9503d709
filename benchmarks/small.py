"""Small instances end to end, as a planner runs them: ``plan solve`` in a fresh process,
from start to the written result, on the shipped Heze instances.

    python -m benchmarks.small [--runs 5]
    python -m benchmarks.small --limits 2,10 [--burners 2] [--runs 1]

Cases: the attachment as printed (diagnosis and least relaxation) and as S5 states it with
``--plans 6`` (the optimum and five alternatives). Median wall time of the runs, and what the
last run printed. Results: ``benchmarks/results/small.json``.

With ``--limits``: whether ``plan solve --time-limit N`` keeps its limit, the whole command
timed as a planner times it, on the 800-school city (``plan generate --preset city --seed
1``), the urban-rural sample and Heze as printed, beside ``--burners`` busy processes; each
row the load average, wall time, time past the limit, and the result's status and seconds.
Results: ``benchmarks/results/small_limits.json``.
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

from benchmarks.common import plan_beside_burners, write

INSTANCES = Path(__file__).parent.parent / "instances"

CASES: dict[str, list[str]] = {
    "heze as printed": [str(INSTANCES / "heze.yaml")],
    "heze as stated, 6 plans": [str(INSTANCES / "heze-as-stated.yaml"), "--plans", "6"],
}


def measure(args: list[str], runs: int) -> dict[str, Any]:
    """Median wall time of ``runs`` fresh ``plan solve`` processes, and the last one's line."""
    seconds, line = [], ""
    with tempfile.TemporaryDirectory() as out:
        for _run in range(runs):
            start = time.monotonic()
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pairing_planner.cli",
                    "solve",
                    *args,
                    "--out",
                    out,
                    "--force",
                    "--quiet",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            seconds.append(time.monotonic() - start)
            line = " ".join(done.stdout.split())
    return {"median_s": round(statistics.median(seconds), 2), "runs": runs, "printed": line}


def _plan(*args: str) -> subprocess.CompletedProcess[str]:
    """``plan ARGS`` in a fresh process."""
    command = [sys.executable, "-m", "pairing_planner.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def kept_limit(instance: Path, limit: float, burners: int, out: Path) -> dict[str, Any]:
    """One ``plan solve INSTANCE --time-limit LIMIT`` beside ``burners`` busy processes."""
    run = plan_beside_burners(
        ["solve", str(instance), "--time-limit", str(limit), "--out", str(out)], burners
    )
    written = next(out.glob("*/plans.json"))
    result = json.loads(written.read_text(encoding="utf-8"))
    return {
        "instance": instance.name,
        "time_limit": limit,
        "burners": burners,
        "load_1min": round(run.load_1min, 2),
        "wall_s": round(run.wall_s, 2),
        "past_limit_s": round(run.wall_s - limit, 2),
        "status": result["status"],
        "solve_s": result["seconds"],
    }


def limits(limits_s: list[float], burners: int, runs: int) -> list[dict[str, Any]]:
    """Every time-limit case, one run at a time, printed as it comes."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        city = Path(folder) / "city.yaml"
        _plan("generate", "--preset", "city", "--seed", "1", "-o", str(city))
        for instance in (city, INSTANCES / "ur-sample-city.yaml", INSTANCES / "heze.yaml"):
            for limit in limits_s:
                for run in range(runs):
                    out = Path(folder) / f"out-{instance.stem}-{run}-{limit}"
                    rows.append(kept_limit(instance, limit, burners, out))
                    print(rows[-1], flush=True)
    return rows


def main() -> None:
    """Every case, written as it comes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limits", help="time limits (s), comma-separated: the limits cases")
    parser.add_argument("--burners", type=int, default=2)
    args = parser.parse_args()
    if args.limits:
        found = limits([float(s) for s in args.limits.split(",")], args.burners, args.runs)
        print(f"written to {write('small_limits', found)}")
        return
    rows = []
    for case, solve_args in CASES.items():
        rows.append({"case": case} | measure(solve_args, args.runs))
        print(rows[-1], flush=True)
    print(f"written to {write('small', rows)}")


if __name__ == "__main__":
    main()
