"""Province scale: decomposed and monolithic solves, a greedy baseline and a flow bound.

    python -m benchmarks.scale [--sizes 100,300,1000,3000,10000] [--monolithic-up-to 1000]

For each size a generated UR instance (seed 1; 10,000 is the shandong preset) is solved one
plan at a time on 2 cores. Columns: candidate pairs, preparation (candidate pairs, checks,
split), decomposed solve time and objective, monolithic time and objective (small sizes),
the greedy baseline (:mod:`pairing_planner.algorithms.greedy`) and the min-cost-flow bound
without S4 (a lower bound). Peak memory is the largest resident set of this process or its
children. Results: ``benchmarks/results/scale.json`` and ``docs/images/scaling.png``.
"""

from __future__ import annotations

import argparse
import resource
import time
from dataclasses import replace
from pathlib import Path

from benchmarks.common import write
from pairing_planner import Instance, SolveOptions, instance_from_data, solve, verify_plan
from pairing_planner.algorithms.flow import solve_by_flow
from pairing_planner.algorithms.greedy import greedy_pairs
from pairing_planner.diagnosis.checks import conflicts
from pairing_planner.instance.generators.urban_rural import PRESETS, GeneratorSettings, generate_ur
from pairing_planner.prepare.candidates import Candidates, candidate_pairs
from pairing_planner.prepare.parts import split
from pairing_planner.prepare.problem import problem_data
from pairing_planner.result.plan import Plan

IMAGES = Path(__file__).parent.parent / "docs" / "images"


def settings_for(size: int) -> GeneratorSettings:
    """The shandong preset at 10,000; otherwise about 70 recipients per county."""
    if size >= 10_000:
        return replace(PRESETS["shandong"], seed=1)
    counties = max(1, size // 70)
    cities = max(1, min(16, counties // 3))
    return GeneratorSettings(
        cities=cities, counties_per_city=max(1, counties // cities), recipients=size, seed=1
    )


def greedy(instance: Instance, pairs: list[tuple[str, str]]) -> float | None:
    """The greedy baseline's objective (:mod:`pairing_planner.algorithms.greedy`), or None
    when it gets stuck or its plan breaks a rule."""
    chosen = greedy_pairs(problem_data(instance, pairs))
    verdict = verify_plan(instance, chosen) if chosen is not None else None
    return verdict.objective if verdict is not None and verdict.ok else None


def valid(instance: Instance, plan: Plan) -> bool:
    """Whether the independent verifier accepts the plan, with the rules it declares bent."""
    pairs = [(p.helper, p.recipient) for p in plan.pairs]
    return verify_plan(instance, pairs, plan.relaxations).ok


def peak_mb() -> float:
    """Largest resident set so far, of this process or any child (MB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def measure(size: int, monolithic: bool, time_limit: float) -> dict[str, object]:
    """One row of the table."""
    instance = instance_from_data(generate_ur(settings_for(size)))
    start = time.monotonic()
    pairs = candidate_pairs(instance)
    conflicts(instance, pairs)
    parts = split(instance, Candidates.of(instance, pairs))
    prepare = time.monotonic() - start
    start = time.monotonic()
    solved = solve(instance, SolveOptions(time_limit=time_limit, jobs=2))
    decomposed, decomposed_s = solved.plans[0], time.monotonic() - start
    row: dict[str, object] = {
        "recipients": len(instance.recipients),
        "helpers": len(instance.helpers),
        "pairs": len(pairs),
        "parts": len(parts),
        "prepare_s": round(prepare, 2),
        "decomposed_s": round(decomposed_s, 2),
        "decomposed_build_s": solved.build_seconds,
        "decomposed_objective": decomposed.objective,
        "decomposed_status": decomposed.status,
        "decomposed_gap": decomposed.gap,
        "decomposed_valid": valid(instance, decomposed),
    }
    if monolithic:
        start = time.monotonic()
        whole = solve(instance, SolveOptions(time_limit=time_limit, decompose=False, workers=2))
        row |= {
            "monolithic_s": round(time.monotonic() - start, 2),
            "monolithic_objective": whole.plans[0].objective if whole.plans else None,
            "monolithic_status": whole.status,
            "monolithic_valid": bool(whole.plans) and valid(instance, whole.plans[0]),
        }
    bound = solve_by_flow(problem_data(instance, pairs))
    row["flow_bound_without_s4"] = bound.objective if bound else None
    baseline = greedy(instance, pairs)
    row["greedy_objective"] = baseline
    row["better_than_greedy_pct"] = (
        round(100 * (baseline - decomposed.objective) / baseline, 1) if baseline else None
    )
    row["peak_mb"] = peak_mb()
    return row


def plot(rows: list[dict[str, object]]) -> Path:
    """Decomposed and monolithic solve time against candidate pairs."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 4), layout="constrained")
    axes = figure.subplots()
    xs = [int(r["pairs"]) for r in rows]  # type: ignore[call-overload]
    axes.loglog(xs, [r["decomposed_s"] for r in rows], "o-", label="decomposed (2 processes)")
    mono = [r for r in rows if "monolithic_s" in r]
    axes.loglog(
        [r["pairs"] for r in mono], [r["monolithic_s"] for r in mono], "s--", label="one model"
    )
    axes.set_xlabel("candidate pairs")
    axes.set_ylabel("solve time (s)")
    axes.set_title("Generated UR instances, one plan, 2 cores")
    axes.legend()
    IMAGES.mkdir(parents=True, exist_ok=True)
    path = IMAGES / "scaling.png"
    figure.savefig(path, dpi=120)
    return path


def main() -> None:
    """Run every size and write the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,300,1000,3000,10000")
    parser.add_argument("--monolithic-up-to", type=int, default=1000)
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        rows.append(measure(size, size <= args.monolithic_up_to, args.time_limit))
        print(rows[-1], flush=True)
    print(f"written to {write('scale', rows)} and {plot(rows)}")


if __name__ == "__main__":
    main()
