"""Running part tasks: in this process for one job, else in fresh processes (spawn, never
forked from a parent that may run threads), reporting each part as it finishes."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context

from pairing_planner.prepare.parts import Part
from pairing_planner.result.progress import PartHook
from pairing_planner.solving.tasks import PartOutcome, PartTask

Task = Callable[[Part, PartTask], PartOutcome]


def run_parts(
    task: Task, parts: list[Part], how: PartTask, jobs: int, on_part: PartHook | None
) -> list[PartOutcome]:
    """``task`` on every part, ``jobs`` at a time; outcomes in the order of ``parts``."""
    outcomes: list[PartOutcome | None] = [None] * len(parts)
    if jobs == 1:
        for i, part in enumerate(parts):
            outcomes[i] = task(part, how)
            if on_part:
                on_part(i + 1, len(parts))
    else:
        with ProcessPoolExecutor(jobs, mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(task, part, how): i for i, part in enumerate(parts)}
            for done, future in enumerate(as_completed(futures), start=1):
                outcomes[futures[future]] = future.result()
                if on_part:
                    on_part(done, len(parts))
    return [o for o in outcomes if o is not None]
