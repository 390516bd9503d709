"""Where parts run: this machine's process pool against a two-worker Dask LocalCluster.

    python -m benchmarks.executors [--tasks 2000] [--recipients 10000]

Measured: each runner's start-up and its overhead per task (``operator.add`` on two ints,
so the task itself costs nothing; started, then timed over ``tasks`` tasks), and ``plan
solve`` on a generated province (the Shandong preset, or ``--recipients`` over as many
cities as it takes) in a fresh process with ``--executor processes`` and ``--executor dask``:
wall time, and whether the two plans are the same pair for pair and valid by the independent
verifier. Results: ``benchmarks/results/executors.json``.
"""

from __future__ import annotations

import argparse
import operator
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import write
from pairing_planner import load_instance, load_result, verify_plan
from pairing_planner.solving.dask_runner import DaskRunner
from pairing_planner.solving.pool import PartRunner

JOBS = 2


def overhead(runner: PartRunner | DaskRunner, tasks: int) -> dict[str, float]:
    """Seconds to start ``runner`` (its first task included) and ms per task after."""
    start = time.perf_counter()
    with runner:
        runner.run(operator.add, [0, 1], [1, 1], None)
        started = time.perf_counter() - start
        start = time.perf_counter()
        runner.run(operator.add, list(range(tasks)), [1] * tasks, None)
        each = (time.perf_counter() - start) / tasks
    return {"start_s": round(started, 2), "per_task_ms": round(1000 * each, 3)}


def solved(instance: Path, out: Path, executor: str) -> dict[str, Any]:
    """``plan solve`` in a fresh process: wall seconds and the plan's pairs, verified."""
    start = time.monotonic()
    options = ["--out", str(out), "--quiet", "--executor", executor, "--jobs", str(JOBS)]
    subprocess.run(
        [sys.executable, "-m", "pairing_planner.cli", "solve", str(instance), *options],
        check=True,
        capture_output=True,
    )
    seconds = time.monotonic() - start
    loaded = load_instance(instance)
    result = load_result(out / loaded.name / "plans.json")
    pairs = [(p.helper, p.recipient) for p in result.plans[0].pairs]
    return {
        "wall_s": round(seconds, 2),
        "status": result.status,
        "objective": result.plans[0].objective,
        "verified": verify_plan(loaded, pairs, result.plans[0].relaxations).ok,
        "message": result.message,
        "pairs": pairs,
    }


def province(recipients: int, folder: Path) -> Path:
    """A generated province as tables (the Shandong preset at 10,000 recipients)."""
    path = folder / "province.yaml"
    command = ["generate", "--preset", "shandong", "--tables", "-o", str(path)]
    if recipients != 10_000:
        command += ["--recipients", str(recipients)]
    subprocess.run(
        [sys.executable, "-m", "pairing_planner.cli", *command], check=True, capture_output=True
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--recipients", type=int, default=10_000)
    args = parser.parse_args()
    rows: list[dict[str, Any]] = [
        {"case": "overhead", "executor": "processes", **overhead(PartRunner(JOBS), args.tasks)},
        {"case": "overhead", "executor": "dask", **overhead(DaskRunner(JOBS), args.tasks)},
    ]
    with tempfile.TemporaryDirectory() as folder:
        instance = province(args.recipients, Path(folder))
        runs = {e: solved(instance, Path(folder) / e, e) for e in ("processes", "dask")}
    same = runs["processes"]["pairs"] == runs["dask"]["pairs"]
    for executor, run in runs.items():
        run.pop("pairs")
        rows.append({"case": f"solve {args.recipients}", "executor": executor, **run, "same": same})
    for row in rows:
        print(row)
    print(f"written to {write('executors', rows)}")


if __name__ == "__main__":
    main()
