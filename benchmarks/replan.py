"""Re-planning a year later: a fresh solve against ``--keep-first`` from last year's plan.

    python -m benchmarks.replan [--presets city,shandong] [--share 0.05]

For each preset (seed 1) last year's plan is solved, then the instance a year later
(:func:`pairing_planner.instance.generators.urban_rural.next_year`: 5 % of helpers and recipients
gone, 5 % new recipients) is solved twice: fresh, and from last year's plan with the fewest changes
first. Columns: time and status of each, the pairs a fresh plan would change, and the re-plan's
moves (forced by the new instance / chosen). Results: ``benchmarks/results/replan.json``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchmarks.common import write
from pairing_planner import Replan, SolveOptions, instance_from_data, solve
from pairing_planner.instance.generators.urban_rural import PRESETS, generate_ur, next_year
from pairing_planner.instance.schema.models import Baseline


def measure(preset: str, share: float, folder: Path) -> dict[str, Any]:
    """One row: last year's solve, this year's fresh solve and its re-plan."""
    data = generate_ur(replace(PRESETS[preset], seed=1))
    last = solve(instance_from_data(data))
    baseline = folder / f"{preset}.json"
    baseline.write_text(last.to_json(), encoding="utf-8")
    later = next_year(data, share, seed=1)
    start = time.monotonic()
    fresh = solve(instance_from_data(later))
    fresh_s = time.monotonic() - start
    old = [(p.helper, p.recipient) for p in last.plans[0].pairs]
    priced = instance_from_data(later.model_copy(update={"baseline": Baseline(pairs=old)}))
    start = time.monotonic()
    again = solve(
        instance_from_data(later), SolveOptions(), replan=Replan(str(baseline), keep_first=True)
    )
    again_s = time.monotonic() - start
    changes = again.plans[0].changes
    assert changes is not None
    fresh_moves = sum(
        1
        for p in fresh.plans[0].pairs
        if p.recipient in priced.baseline_helpers
        and p.helper not in priced.baseline_helpers[p.recipient]
    )
    return {
        "preset": preset,
        "recipients": len(later.recipients),
        "time_limit_s": later.solve.time_limit,
        "fresh_s": round(fresh_s, 2),
        "fresh_status": fresh.status,
        "fresh_moved": fresh_moves,
        "replan_s": round(again_s, 2),
        "replan_status": again.status,
        "replan_moved": len(changes.moved),
        "replan_forced": changes.forced,
        "new_recipients": len(changes.new_recipients),
        "removed_recipients": len(changes.removed_recipients),
        "removed_helpers": len(changes.removed_helpers),
    }


def main() -> None:
    """Every preset; results written."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presets", default="city,shandong")
    parser.add_argument("--share", type=float, default=0.05)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for preset in args.presets.split(","):
            rows.append(measure(preset, args.share, Path(folder)))
            print(rows[-1], flush=True)
    print(f"written to {write('replan', rows)}")


if __name__ == "__main__":
    main()
