"""Small instances end to end, as a planner runs them: ``plan solve`` in a fresh process,
from start to the written result, on the shipped Heze instances.

    python -m benchmarks.small [--runs 5]

Cases: the attachment as printed (diagnosis and least relaxation) and as S5 states it with
``--plans 6`` (the optimum and five alternatives). Median wall time of the runs, and what the
last run printed. Results: ``benchmarks/results/small.json``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import write

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


def main() -> None:
    """Every case, written as it comes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for case, solve_args in CASES.items():
        rows.append({"case": case} | measure(solve_args, args.runs))
        print(rows[-1], flush=True)
    print(f"written to {write('small', rows)}")


if __name__ == "__main__":
    main()
