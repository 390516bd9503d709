"""A solve over its limit says why, from what the command measured itself (issue 31, part 35P):
the start-up and reading, the CPU it got, and the guaranteed work run past the deadline. The
clock and the CPU are faked: nothing here is timed."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from pairing_planner import clock
from pairing_planner.i18n import use_language
from pairing_planner.instance.yaml_files.load import load_instance
from pairing_planner.report.time_used import time_used
from pairing_planner.result.plan import Result
from pairing_planner.solving.options import SolveOptions
from pairing_planner.solving.strategy import solve_any

INSTANCES = Path(__file__).resolve().parent.parent / "instances"


def _result(**measured: float) -> Result:
    """A result of the 800-school city at load 11, as 35H measured it (2 s limit)."""
    return Result(
        instance="city",
        instance_sha256="0" * 64,
        tool_version="0",
        ortools_version="0",
        parameters={"time_limit": 2.0},
        status="OPTIMAL",
        seconds=measured.pop("seconds", 24.6),
        plans=[],
        **measured,
    )


def test_within_the_limit_the_footer_says_only_the_seconds() -> None:
    text = time_used(_result(seconds=1.9, startup_seconds=1.2, cpu_seconds=0.1)).text()
    assert text.endswith("1.9 s used of the 2 s limit")


def test_a_busy_machine_is_named_with_the_seconds_measured() -> None:
    result = _result(startup_seconds=12.7, cpu_seconds=2.2)
    text = time_used(result).text()
    assert "24.6 s used of the 2 s limit; the machine was busy: start-up and reading took " in text
    assert "12.7 s, and in the 11.9 s after, this command got 2.2 s of CPU" in text
    assert text.endswith("; the deadline had passed before the solve began")
    with use_language("zh"):
        zh = time_used(result).text()
    assert "机器繁忙：启动与读入用了 12.7 秒，其后的 11.9 秒中本命令只用到 2.2 秒 CPU" in zh


def test_a_command_that_got_its_cpu_is_not_called_busy() -> None:
    text = time_used(_result(seconds=4.0, startup_seconds=1.0, cpu_seconds=2.9)).text()
    assert "busy" not in text
    assert "start-up and reading took 1 s, and the 3 s after got 2.9 s of CPU" in text


def test_guaranteed_work_run_past_the_deadline_is_said() -> None:
    late = _result(
        startup_seconds=12.7, cpu_seconds=2.2, late_seconds=9.8, guaranteed_work=0.399328
    )
    text = time_used(late).text()
    assert "the searches ran 9.8 s past the deadline" in text
    assert "units" not in text
    with use_language("zh"):
        assert "搜索在时限后又运行了 9.8 秒" in time_used(late).text()
    no_guarantee = replace(late, guaranteed_work=0.0)
    assert "past the deadline" not in time_used(no_guarantee).text()


def test_cpu_counts_this_process_and_its_ended_children(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "process_time", lambda: 1.5)
    children = SimpleNamespace(ru_utime=0.5, ru_stime=0.25)
    monkeypatch.setattr(clock.resource, "getrusage", lambda who: children)
    assert clock.cpu_seconds() == pytest.approx(2.25)


def test_a_solve_records_its_start_up_and_lateness(monkeypatch: pytest.MonkeyPatch) -> None:
    """A command started 100 s before its solve (a faked start) with a 5 s limit: its start-up
    is recorded, and plans.json keeps it (the lateness, counted from the solve's start, in
    tests/test_time_verdicts.py)."""
    cpu = iter([10.0, 13.5])
    monkeypatch.setattr("pairing_planner.solving.strategy.cpu_seconds", lambda: next(cpu))
    instance = load_instance(INSTANCES / "heze.yaml")
    started = time.monotonic() - 100.0
    result = solve_any(instance, SolveOptions(time_limit=5.0, workers=1), None, None, started)
    assert result.startup_seconds >= 100.0
    assert result.cpu_seconds == pytest.approx(3.5)
    assert 0 < result.guaranteed_work < 1.0  # Heze's parts' need, not a fifth of the limit
    again = Result.from_json(result.to_json())
    assert (again.startup_seconds, again.cpu_seconds) == (
        result.startup_seconds,
        result.cpu_seconds,
    )


def test_a_deadline_says_how_far_past_it_a_stage_is(monkeypatch: pytest.MonkeyPatch) -> None:
    """``remaining`` goes below zero once the time is up, where ``left`` keeps a search its
    least: one method for the plan series and the front, which each wrote it out."""
    deadline = clock.Deadline(100.0)
    monkeypatch.setattr(time, "monotonic", lambda: 103.5)
    assert deadline.remaining() == pytest.approx(-3.5)
    assert deadline.left() == clock.LEAST


def test_a_result_that_measured_nothing_is_not_called_busy() -> None:
    """A trade-off front and a plans.json of an older version record no CPU: over the limit,
    their footer says the seconds alone, not a busy machine it never measured."""
    text = time_used(_result()).text()
    assert text.endswith("24.6 s used of the 2 s limit")
