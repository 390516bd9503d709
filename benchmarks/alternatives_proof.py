"""How long alternatives take to be proven: ``plan solve INSTANCE --plans 3 --differ-by city``
on the Heze instances, end to end as a planner runs it, at each time limit.

    python -m benchmarks.alternatives_proof [--limits default,120]
        [--instances heze,heze-as-stated] [--burners 0,2]

Each run is a fresh ``plan solve`` process (one at a time: the machine's load is recorded
beside it, as ``uptime`` gives it), with the instance's own seed and workers, beside as many
busy processes as ``--burners`` says (``tools/burn.py`` starts one per core for ``make
test-under-load``). The row holds, per plan, its status, objective, bound, the seconds its
search used and was allowed; whether every plan is proven; for a relaxed result, whether its
least bend is proven and how long the diagnosis took and whether it is proven minimal. A
generous limit gives each plan's time to proof; the default limit (10 s) shows whether a
planner who gives none gets proven plans. Results:
``benchmarks/results/alternatives_proof.json``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import plan_beside_burners, write

ROOT = Path(__file__).resolve().parent.parent


def measure(instance: str, limit: float | None, burners: int, folder: Path) -> dict[str, Any]:
    """One ``plan solve`` of ``instances/INSTANCE.yaml``, three plans differing by city, with
    ``limit`` seconds (None: the tool's default), beside ``burners`` busy processes."""
    run = plan_beside_burners(
        [
            "solve",
            str(ROOT / "instances" / f"{instance}.yaml"),
            "--plans",
            "3",
            "--differ-by",
            "city",
            "--out",
            str(folder),
            "--force",
            "--quiet",
            *(["--time-limit", str(limit)] if limit is not None else []),
        ],
        burners,
    )
    result = json.loads((folder / instance / "plans.json").read_text(encoding="utf-8"))
    plans = [
        {
            "rank": p["rank"],
            "status": p["status"],
            "objective": p["objective"],
            "bound": p["bound"],
            "seconds": p["seconds"],
            "allowed": p["time_budget"],
            "least_bend_proven": p.get("least_bend_proven"),
        }
        for p in result["plans"]
    ]
    diagnosis = result["diagnosis"] or {}
    return {
        "instance": instance,
        "time_limit": result["parameters"]["time_limit"],
        "workers": result["parameters"]["workers"],
        "burners": burners,
        "load_1min": round(run.load_1min, 2),
        "wall_s": round(run.wall_s, 2),
        "solve_s": result["seconds"],
        "status": result["status"],
        "all_proven": all(p["status"] == "OPTIMAL" for p in plans),
        "diagnosis_s": diagnosis.get("seconds"),
        "diagnosis_minimal": diagnosis.get("minimal"),
        "plans": plans,
    }


def main() -> None:
    """Run every instance at every limit, one run at a time, and write the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limits", default="default,120")
    parser.add_argument("--instances", default="heze,heze-as-stated")
    parser.add_argument("--burners", default="0,2")
    args = parser.parse_args()
    limits = [None if s == "default" else float(s) for s in args.limits.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for burners in (int(n) for n in args.burners.split(",")):
            for instance in args.instances.split(","):
                for limit in limits:
                    rows.append(measure(instance, limit, burners, Path(folder)))
                    print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    print(f"written to {write('alternatives_proof', rows)}")


if __name__ == "__main__":
    main()
