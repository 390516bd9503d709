"""Which queued job a worker takes next, and a queued job's place: one rule for both, so that
the place a page shows is the order the jobs start in (issue 32).

A worker prefers a job of an instance it has solved before (kept prepared there, its parts
proven: a re-solve after a lock is warm only in the worker that solved the instance), else
the first that no other idle worker has solved (that one takes it). The preference passes a
job over once at most: the jobs queued before the one taken are marked passed, and a passed
job is taken before any later one. Before, each re-solve of a busy worker's instance was
taken before a job of another instance shown first in the queue, for as long as they came.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Queued:
    """A queued job as the rule sees it: its id and the instance file it solves."""

    id: str
    instance: str


def next_job(
    queue: Sequence[Queued],
    loaded: Collection[str],
    idle: Sequence[Collection[str]],
    passed: Collection[str],
) -> str | None:
    """The job a worker holding the instances ``loaded`` takes next from ``queue``: the first
    passed over already or of an instance it holds, else the first of no instance another
    ``idle`` worker holds; None when there is none."""
    first = None
    for job in queue:
        if job.id in passed or job.instance in loaded:
            return job.id
        if first is None and not any(job.instance in other for other in idle):
            first = job.id
    return first


def passed_by(queue: Sequence[Queued], taken: str) -> set[str]:
    """The jobs that taking ``taken`` passes over: those queued before it."""
    ids = [job.id for job in queue]
    return set(ids[: ids.index(taken)])


def place(
    queue: Sequence[Queued], job: str, workers: Sequence[Collection[str]], passed: Collection[str]
) -> int:
    """``job``'s place among the jobs still to start, 1 the next: the rule played out with
    ``workers`` (the instances each holds, in the order they are expected to be free) taking
    turns, each holding what it took. Exact with one worker; with several, which ends its
    solve first is a guess, and a job is overtaken once at most either way."""
    waiting, skipped = list(queue), set(passed)
    holds = [set(held) for held in workers] or [set()]
    turn = 0
    while True:
        worker = holds[turn % len(holds)]
        taken = next_job(waiting, worker, (), skipped)
        turn += 1
        if taken is None or taken == job:
            return turn
        skipped |= passed_by(waiting, taken)
        index = [queued.id for queued in waiting].index(taken)
        worker.add(waiting.pop(index).instance)
