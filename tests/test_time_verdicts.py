"""Time limits and verdicts that say what happened (issue 31, part 35S): lateness counted only
for the seconds the searches ran, start-up noise left unsaid on a quiet machine, and an
undecided diagnosis named among what is not proven. Clocks and diagnoses are faked."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from pairing_planner.clock import Deadline
from pairing_planner.i18n import use_language
from pairing_planner.instance.yaml_files.load import load_instance
from pairing_planner.report.time_used import time_used
from pairing_planner.result.plan import ConflictRule, Diagnosis, Result
from pairing_planner.solving import strategy
from pairing_planner.solving.options import SolveOptions
from pairing_planner.solving.result_notes import unproven
from pairing_planner.solving.strategy import solve_any

INSTANCES = Path(__file__).resolve().parent.parent / "instances"


def _result(limit: float, **measured: float) -> Result:
    return Result(
        instance="city",
        instance_sha256="0" * 64,
        tool_version="0",
        ortools_version="0",
        parameters={"time_limit": limit},
        status="OPTIMAL",
        seconds=measured.pop("seconds"),
        plans=[],
        **measured,
    )


def test_a_search_that_began_after_its_deadline_is_late_only_for_what_it_ran(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The user test's city: deadline at 2 s, start-up to 4.4 s, end at 5.2 s: 0.8 s late."""
    monkeypatch.setattr(time, "monotonic", lambda: 5.2)
    assert strategy._late(Deadline(2.0), began=4.4) == pytest.approx(0.8)
    assert strategy._late(Deadline(2.0), began=1.0) == pytest.approx(3.2)
    assert strategy._late(Deadline(6.0), began=1.0) == 0.0


def test_a_solve_started_past_its_deadline_records_its_searches_lateness_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Started 100 s before its solve with a 5 s limit: the start-up is 100 s, and the late
    seconds are those of the solve itself, not the 95 s start-up spent past the deadline."""
    instance = load_instance(INSTANCES / "heze.yaml")
    before = time.monotonic()
    started = before - 100.0
    result = solve_any(instance, SolveOptions(time_limit=5.0, workers=1), None, None, started)
    took = time.monotonic() - before
    assert result.startup_seconds >= 100.0
    assert result.late_seconds <= round(took, 3) + 0.001  # recorded to the millisecond
    assert result.guaranteed_work > 0


def test_the_late_sentence_drops_the_units_of_work() -> None:
    late = _result(2.0, seconds=5.2, startup_seconds=4.4, cpu_seconds=0.2, late_seconds=0.8)
    late = replace(late, guaranteed_work=0.37)
    with use_language("zh"):
        text = time_used(late).text()
    assert "其后的 0.8 秒中本命令只用到 0.2 秒 CPU" in text
    assert "搜索在时限后又运行了 0.8 秒" in text
    assert "单位" not in text and "0.37" not in text


def test_a_little_start_up_on_a_quiet_machine_is_not_explained() -> None:
    """Heze, 1 s limit, quiet: 1.3 s used, the 0.1 s after start-up got its 0.1 s of CPU."""
    quiet = _result(1.0, seconds=1.3, startup_seconds=1.2, cpu_seconds=0.1)
    assert time_used(quiet).text().endswith("1.3 s used of the 1 s limit")
    longer = _result(1.0, seconds=2.0, startup_seconds=1.9, cpu_seconds=0.1)
    assert "start-up and reading took 1.9 s" in time_used(longer).text()
    busy = _result(1.0, seconds=1.3, startup_seconds=0.3, cpu_seconds=0.1)
    assert "busy" in time_used(busy).text()


def test_an_undecided_diagnosis_is_said_not_proven(monkeypatch: pytest.MonkeyPatch) -> None:
    """Heze as printed with its diagnosis cut by time (as under load): no rule named, and the
    summary's not-proven sentence says which rules conflict was not decided."""
    undecided = Diagnosis(note="The solver did not prove which rules conflict.")
    monkeypatch.setattr(strategy, "minimal_conflict", lambda *args, **kw: undecided)
    instance = load_instance(INSTANCES / "heze.yaml")
    result = solve_any(instance, SolveOptions(time_limit=5.0, decompose=False), None, None)
    assert result.plans and result.diagnosis is not None and not result.diagnosis.conflict
    assert "Not everything here is proven" in result.message
    assert "which rules conflict" in result.message
    with use_language("zh"):
        assert "哪些规则相互冲突" in result.said.text()
    rule = ConflictRule(kind="capacity", clause="S6", label="S6", summary="")
    proven = replace(result, diagnosis=Diagnosis(conflict=[rule], minimal=True))
    assert all("which rules" not in s.text() for s in unproven(proven))


def test_a_front_counts_its_limit_from_the_command_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """A front whose command started 100 s before the call (a 5 s limit): its deadline and
    the seconds it reports count from that start, as ``plan solve``'s do."""
    from pairing_planner.api import trade_off
    from pairing_planner.solving.methods import trade_off_front

    deadlines: list[Deadline] = []

    def walked(walk: trade_off_front._Walk, mode: str) -> trade_off_front._Points:
        deadlines.append(walk.deadline)
        return trade_off_front._Points([], False)

    monkeypatch.setattr(trade_off_front, "_walk", walked)
    instance = load_instance(INSTANCES / "heze-as-stated.yaml")
    started = time.monotonic() - 100.0
    options = SolveOptions(time_limit=5.0)
    result = trade_off(instance, ("distance", "score_gap"), options, started=started)
    assert deadlines == [Deadline(started + 5.0)]
    assert result.seconds >= 100.0
