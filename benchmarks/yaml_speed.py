"""The Shandong preset as one YAML file against the same preset as tables (issue 31).

    python -m benchmarks.yaml_speed [--runs 3] [--preset shandong]

Each command runs in a fresh process, the YAML and the tables variant taking turns so that
both see the same load: ``plan generate`` (with and without ``--tables``), ``plan check``,
``plan solve`` and ``plan verify`` of the plan it wrote. Recorded per command and variant:
the median wall and CPU seconds (user + system of the process) of ``--runs``, and the
ratio YAML / tables of each. The solves' objectives are recorded too: the same instance
must give the same plan however it is stored. Also timed in this process: loading each
variant (the fastest of ``--runs``). Results: ``benchmarks/results/yaml_speed.json``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import write
from pairing_planner import load_instance, load_result

VARIANTS = {"yaml": [], "tables": ["--tables"]}
"""How ``plan generate`` is asked for each variant."""

TARGETS = {"generate": 2.0, "check": 1.3, "verify": 1.3, "solve": 1.3}
"""The issue's limits on YAML / tables."""


def timed(arguments: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``plan ARGUMENTS`` in a fresh process (exit 0 or 1 expected:
    check and verify exit 1 on findings)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    ran = subprocess.run(
        [sys.executable, "-m", "pairing_planner.cli", *arguments], capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if ran.returncode not in (0, 1):
        raise RuntimeError(f"plan {' '.join(arguments)} exited {ran.returncode}: {ran.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def arguments(step: str, preset: str, folder: Path, variant: str) -> list[str]:
    """The command ``step`` of one variant; verify reads the plan its solve wrote."""
    instance = str(folder / variant / f"{preset}.yaml")
    if step == "generate":
        return ["generate", "--preset", preset, *VARIANTS[variant], "-o", instance, "--force"]
    if step == "check":
        return ["check", instance]
    if step == "solve":
        out = str(folder / variant / "results")
        return ["solve", instance, "--quiet", "--force", "--out", out]
    return ["verify", instance, str(_plans_of(folder, variant))]


def fastest_load(path: Path, runs: int) -> float:
    """CPU seconds of the fastest of ``runs`` loads of ``path`` in this process."""
    seconds = []
    for _run in range(runs):
        start = time.process_time()
        load_instance(path)
        seconds.append(time.process_time() - start)
    return round(min(seconds), 3)


def measure(preset: str, runs: int) -> list[dict[str, Any]]:
    """One row per command: both variants' medians and the ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for variant in VARIANTS:
            (folder / variant).mkdir()
        samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for step in ("generate", "check", "solve", "verify"):
            for _run in range(runs):
                for variant in VARIANTS:
                    command = arguments(step, preset, folder, variant)
                    samples.setdefault((step, variant), []).append(timed(command))
        rows = [_row(step, samples) for step in TARGETS]
        for variant in VARIANTS:
            instance = folder / variant / f"{preset}.yaml"
            result = load_result(_plans_of(folder, variant))
            rows.append(
                {
                    "command": f"load in process ({variant})",
                    "cpu_s": fastest_load(instance, runs),
                    "objective": result.plans[0].objective,
                    "status": result.status,
                    "bytes": instance.stat().st_size,
                }
            )
    return rows


def _plans_of(folder: Path, variant: str) -> Path:
    """The plans.json the solve of ``variant`` wrote (its folder is the instance's name)."""
    return next((folder / variant / "results").glob("*/plans.json"))


def _row(step: str, samples: dict[tuple[str, str], list[tuple[float, float]]]) -> dict[str, Any]:
    row: dict[str, Any] = {"command": f"plan {step}", "target": TARGETS[step]}
    for variant in VARIANTS:
        walls, cpus = zip(*samples[(step, variant)], strict=True)
        row[f"{variant}_wall_s"] = round(statistics.median(walls), 2)
        row[f"{variant}_cpu_s"] = round(statistics.median(cpus), 2)
    row["ratio_wall"] = round(row["yaml_wall_s"] / row["tables_wall_s"], 2)
    row["ratio_cpu"] = round(row["yaml_cpu_s"] / row["tables_cpu_s"], 2)
    row["met"] = row["ratio_wall"] <= TARGETS[step] and row["ratio_cpu"] <= TARGETS[step]
    return row


def main() -> None:
    """Run, print each row and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--preset", default="shandong")
    options = parser.parse_args()
    rows = measure(options.preset, options.runs)
    for row in rows:
        print(row)
    print(write("yaml_speed", rows))


if __name__ == "__main__":
    main()
