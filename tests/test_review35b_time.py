"""Review of issue 31 (part 35Z): the footer blames only guaranteed work that was handed out,
says nothing of CPU for a remote executor, and whether a pool ran (the load decides it) changes
neither a kept part's key nor the summary in plans.json. Numbers are faked: nothing is timed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pairing_planner import solve
from pairing_planner.i18n import use_language
from pairing_planner.instance.index.instance import Instance
from pairing_planner.prepare.candidates import candidates
from pairing_planner.prepare.parts import split
from pairing_planner.report.time_used import time_used
from pairing_planner.result.plan import Result
from pairing_planner.said import named
from pairing_planner.solving.decomposition import solve_parts
from pairing_planner.solving.decomposition.part_summary import solved_apart
from pairing_planner.solving.decomposition.proven_parts import part_key
from pairing_planner.solving.execution.guaranteed_work import (
    guaranteed_work,
    part_work,
    series_work,
)
from pairing_planner.solving.execution.part_tasks import PartTask
from pairing_planner.solving.options import SolveOptions


def _late(**measured: object) -> Result:
    """The sample city with --no-decompose --time-limit 1, as the review measured it: the one
    model got no guaranteed work, and the solve ended 2.8 s late."""
    fields: dict[str, object] = {
        "startup_seconds": 0.4,
        "cpu_seconds": 3.5,
        "late_seconds": 2.8,
        "guaranteed_work": 0.0,
    }
    fields.update(measured)
    parameters = {"time_limit": 1.0, "executor": "processes", "scheduler": None}
    parameters.update(fields.pop("parameters", {}))  # type: ignore[arg-type]
    return Result(
        instance="ur-sample-city",
        instance_sha256="0" * 64,
        tool_version="0",
        ortools_version="0",
        parameters=parameters,
        status="FEASIBLE",
        seconds=3.8,
        plans=[],
        **fields,  # type: ignore[arg-type]
    )


def test_lateness_without_guaranteed_work_is_not_blamed_on_it() -> None:
    text = time_used(_late()).text()
    assert "3.8 s used of the 1 s limit" in text
    assert "guaranteed" not in text and "deadline" not in text
    blamed = time_used(_late(guaranteed_work=0.17)).text()
    assert "the searches ran 2.8 s past the deadline" in blamed


def test_a_deadline_passed_during_start_up_is_said_so() -> None:
    result = _late(startup_seconds=1.6, late_seconds=2.2)
    text = time_used(result).text()
    assert text.endswith("; the deadline had passed before the solve began")
    assert "guaranteed" not in text
    with use_language("zh"):
        assert "求解开始前时限已过" in time_used(result).text()


def test_a_remote_executor_says_nothing_of_cpu() -> None:
    remote = {"executor": "dask", "scheduler": "tcp://10.0.0.5:8786"}
    result = _late(cpu_seconds=0.2, parameters=remote)
    text = time_used(result).text()
    assert "start-up and reading took 0.4 s" in text
    assert "CPU" not in text and "busy" not in text
    with use_language("zh"):
        zh = time_used(result).text()
    assert "启动与读入用了 0.4 秒" in zh and "CPU" not in zh
    local = time_used(_late(cpu_seconds=0.2)).text()
    assert "the machine was busy" in local


def test_a_solve_records_the_work_it_handed_out(heze: Instance) -> None:
    """Decomposed: the parts' guarantees summed; one model: its series' (Heze's is small
    enough for all it needs)."""
    options = SolveOptions(time_limit=10, plans=1)
    apart = solve(heze, options)
    pairs = candidates(heze)
    sizes = [len(p.candidates) for p in split(heze, pairs)]
    handed = sum(part_work(sizes, 1, guaranteed_work(10)))
    assert apart.guaranteed_work == pytest.approx(handed)
    whole = solve(heze, replace(options, decompose=False))
    assert whole.guaranteed_work == pytest.approx(series_work(len(pairs), 1, guaranteed_work(10)))


def test_a_large_model_handed_no_work_records_none() -> None:
    assert series_work(24_854, 1, guaranteed_work(1.0)) == 0.0


def test_threads_come_from_the_split_not_from_the_pool(heze: Instance) -> None:
    """1 process in the calling process or 2 in a pool: the same threads, the same keys."""
    params = SolveOptions(jobs=2).resolved(heze)
    assert solve_parts._threads(params, 16) == 1
    assert solve_parts._threads(params, 1) == 2
    part = split(heze, candidates(heze))[0]
    task = PartTask(
        seed=0,
        threads=1,
        deadline=None,
        strict=False,
        language="en",
        plans=1,  # type: ignore[arg-type]
    )
    assert part_key("solve", part, task) == part_key("solve", part, replace(task, threads=2))
    assert part_key("solve", part, task) != part_key("solve", part, replace(task, seed=1))


def test_the_summary_names_no_processes(heze: Instance) -> None:
    params = SolveOptions(jobs=2).resolved(heze)
    for flow in (0, 1):
        text = solved_apart(params, named("2 groups"), flow, 2).text()
        assert "process" not in text
    with use_language("zh"):
        zh = solved_apart(params, named("2 groups"), 1, 2).text()
    assert "进程" not in zh and "1 组可用快速算法直接求出" in zh
