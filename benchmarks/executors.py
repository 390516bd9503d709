"""Where parts run: this machine's process pool against a two-worker Dask LocalCluster.

    python -m benchmarks.executors [--tasks 2000] [--preset shandong|national] [--recipients N]
                                   [--runs 3]

Measured: each runner's start-up and its overhead per task (``operator.add`` on two ints,
so the task itself costs nothing; started, then timed over ``tasks`` tasks), and ``plan
solve`` on a generated preset (Shandong's 10,000 recipients, all of China's 180,000, or
``--recipients``) in a fresh process with ``--executor processes`` and ``--executor dask``:
median wall time of ``--runs``, and whether the two plans are the same pair for pair and
valid by the independent verifier. Results: ``benchmarks/results/executors.json``.
"""

from __future__ import annotations

import argparse
import operator
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import earlier_rows, write
from pairing_planner import load_instance, load_result, verify_plan
from pairing_planner.solving.execution.dask_runner import DaskRunner
from pairing_planner.solving.execution.process_pool import PartRunner

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


def solved(instance: Path, out: Path, executor: str, runs: int) -> dict[str, Any]:
    """``plan solve`` in a fresh process ``runs`` times: the median wall seconds, each run's,
    and the last plan's pairs, verified."""
    options = ["--out", str(out), "--quiet", "--force", "--executor", executor]
    options += ["--jobs", str(JOBS)]
    seconds = []
    for _run in range(runs):
        start = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "pairing_planner.cli", "solve", str(instance), *options],
            check=True,
            capture_output=True,
        )
        seconds.append(round(time.monotonic() - start, 2))
    loaded = load_instance(instance)
    result = load_result(out / loaded.name / "plans.json")
    pairs = [(p.helper, p.recipient) for p in result.plans[0].pairs]
    return {
        "wall_s": statistics.median(seconds),
        "runs_s": seconds,
        "status": result.status,
        "objective": result.plans[0].objective,
        "verified": verify_plan(loaded, pairs, result.plans[0].relaxations).ok,
        "message": result.message,
        "pairs": pairs,
    }


def generated(preset: str, recipients: int | None, folder: Path) -> Path:
    """A generated preset as tables, with its own number of recipients unless given."""
    path = folder / f"{preset}.yaml"
    command = ["generate", "--preset", preset, "--tables", "-o", str(path)]
    if recipients is not None:
        command += ["--recipients", str(recipients)]
    subprocess.run(
        [sys.executable, "-m", "pairing_planner.cli", *command], check=True, capture_output=True
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--preset", default="shandong", choices=("shandong", "national"))
    parser.add_argument("--recipients", type=int)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows: list[dict[str, Any]] = [
        {"case": "overhead", "executor": "processes", **overhead(PartRunner(JOBS), args.tasks)},
        {"case": "overhead", "executor": "dask", **overhead(DaskRunner(JOBS), args.tasks)},
    ]
    with tempfile.TemporaryDirectory() as folder:
        instance = generated(args.preset, args.recipients, Path(folder))
        runs = {e: solved(instance, Path(folder) / e, e, args.runs) for e in ("processes", "dask")}
    same = runs["processes"]["pairs"] == runs["dask"]["pairs"]
    case = f"solve {args.preset}" + (f" {args.recipients}" if args.recipients else "")
    for executor, run in runs.items():
        run.pop("pairs")
        rows.append({"case": case, "executor": executor, **run, "same": same})
    for row in rows:
        print(row)
    kept = [r for r in earlier_rows("executors") if r["case"] not in {row["case"] for row in rows}]
    print(f"written to {write('executors', kept + rows)}")


if __name__ == "__main__":
    main()
