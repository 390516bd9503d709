"""Time for K = 1, 5, 20 alternative plans on a mid-size generated UR instance.

    python -m benchmarks.alternatives [--recipients 300] [--time-limit 600]

Each K is a separate solve of the same instance with the same seed and 2 workers; the total
time limit is shared by the K plans. Results: ``benchmarks/results/alternatives.json``.
"""

from __future__ import annotations

import argparse
import time

from benchmarks.common import write
from pairing_planner import SolveOptions, instance_from_data, solve, verify_plan
from pairing_planner.instance.generators.urban_rural import GeneratorSettings, generate_ur

RUNS: tuple[tuple[int, int, float | None], ...] = (
    (1, 1, None),
    (5, 1, None),
    (20, 1, None),
    (5, 10, None),
    (5, 1, 2.0),
)
"""(plans, min_diff, within) of each run."""


def main() -> None:
    """Run every configuration and write the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=300)
    parser.add_argument("--time-limit", type=float, default=600.0)
    args = parser.parse_args()
    instance = instance_from_data(generate_ur(GeneratorSettings(recipients=args.recipients)))
    rows = []
    for plans_wanted, min_diff, within in RUNS:
        options = SolveOptions(
            plans=plans_wanted,
            min_diff=min_diff,
            within=within,
            time_limit=args.time_limit,
            workers=2,
            seed=0,
        )
        start = time.monotonic()
        result = solve(instance, options)
        wall = time.monotonic() - start
        plans = result.plans
        valid = all(
            verify_plan(instance, [(p.helper, p.recipient) for p in plan.pairs]).ok
            for plan in plans
        )
        rows.append(
            {
                "plans": plans_wanted,
                "min_diff": min_diff,
                "within": within,
                "recipients": len(instance.recipients),
                "helpers": len(instance.helpers),
                "wall_seconds": round(wall, 2),
                "plans_found": len(plans),
                "proven": sum(p.status == "OPTIMAL" for p in plans),
                "first_objective": plans[0].objective if plans else None,
                "last_gap_pct": plans[-1].gap_to_first_pct if plans else None,
                "seconds_per_plan": [p.seconds for p in plans],
                "all_verified": valid,
            }
        )
        print(rows[-1], flush=True)
    print(f"written to {write('alternatives', rows)}")


if __name__ == "__main__":
    main()
