"""All of China end to end, and how the time grows with the recipients.

    python -m benchmarks.national [--sizes 1000,5000,20000,60000,180000]

For each size, the ``national`` preset (every county seat of mainland China) with that many
recipients is generated (as tables), solved, verified by the independent verifier and
exported to CSV, each step ``plan …`` in a fresh process as a planner runs it: wall seconds
per step, the peak memory of each step's main process, and the solve's worker peak (its
``plans.json``). Results: ``benchmarks/results/national.json``; the plot of time against
recipients: ``docs/images/national-growth.png``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import write

PLOT = Path(__file__).parent.parent / "docs" / "images" / "national-growth.png"


def step(*args: str) -> tuple[float, float, str]:
    """One ``plan`` command in a fresh process: wall seconds, its peak resident MB (of the
    process itself: ``wait4``'s own accounting), and its output."""
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "pairing_planner.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PLAN_LANG": "en"},
    )
    assert process.stdout is not None
    out = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"plan {' '.join(args)} exited {code}:\n{out}")
    peak = usage.ru_maxrss / 1024
    return round(seconds, 2), round(peak), out


def measure(recipients: int, folder: Path) -> dict[str, Any]:
    """Generate, solve, verify and export one size."""
    instance = folder / f"national-{recipients}.yaml"
    generate = ["generate", "--preset", "national", "--recipients", str(recipients)]
    generated = step(*generate, "--tables", "-o", str(instance))
    solved = step("solve", str(instance), "--out", str(folder), "--quiet")
    name = f"ur-{recipients}-0"
    plans = folder / name / "plans.json"
    record = json.loads(plans.read_text(encoding="utf-8"))
    verified = step("verify", str(instance), str(plans))
    exported = step("export", str(plans), "--to", str(folder / f"{name}.csv"))
    return {
        "recipients": recipients,
        "generate_s": generated[0],
        "solve_s": solved[0],
        "verify_s": verified[0],
        "export_s": exported[0],
        "total_s": round(generated[0] + solved[0] + verified[0] + exported[0], 2),
        "solve_peak_mb": solved[1],
        "worker_peak_mb": record["worker_peak_mb"],
        "verify_peak_mb": verified[1],
        "status": record["status"],
        "valid": "The plan satisfies every rule." in verified[2],
        "parts": record["message"],
        "objective": record["plans"][0]["objective"],
    }


def plot(rows: list[dict[str, Any]]) -> None:
    """Seconds of each step against recipients."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(8, 5))
    sizes = [row["recipients"] for row in rows]
    for key, label in (
        ("total_s", "end to end"),
        ("solve_s", "plan solve"),
        ("verify_s", "plan verify"),
        ("generate_s", "plan generate"),
        ("export_s", "plan export (CSV)"),
    ):
        axes.plot(sizes, [row[key] for row in rows], marker="o", label=label)
    axes.set_xlabel("recipients (national preset)")
    axes.set_ylabel("seconds, 2 cores")
    axes.set_title("All of China: time against recipients")
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(PLOT, dpi=100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000,60000,180000")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            rows.append(measure(size, Path(folder)))
            print(rows[-1], flush=True)
    print(f"written to {write('national', rows)}")
    plot(rows)


if __name__ == "__main__":
    main()
