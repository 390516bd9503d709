"""The footer of a solve: the seconds it used of its limit, and, when it used more, why.

A limit is counted from the process's start and kept on a machine that gives the command its
share of the CPU. On an overloaded one a command overruns it (the 800-school city, ``--time-limit
2`` at load 11: 24.6 s, of which 12.7 s before the solve began, with 2.2 s of CPU in all, issue
31), and a footer reading only "24.6 s used of the 2 s limit" could not tell a planner a slow
tool from a busy machine. So the footer says what the command measured itself (the result's
``startup_seconds``, ``cpu_seconds``, ``late_seconds``), in the planner's language.
"""

from __future__ import annotations

from pairing_planner.i18n import N_, status_word
from pairing_planner.result.plan import Result
from pairing_planner.said import Said, joined, said
from pairing_planner.solving.execution.guaranteed_work import LATE_SLACK

BUSY_SHARE = 0.5
"""The share of the solve's wall seconds below which the CPU it got says the machine was busy:
a solve runs at least one busy thread, so on a machine with a core to spare it gets about a CPU
second every second."""

OVER = 0.05
"""Seconds over the limit that a footer leaves unexplained (the clock's and rounding's)."""


def time_used(result: Result) -> Said:
    """The status, plans and seconds used of the limit, and, when over it, why."""
    limit = float(result.parameters.get("time_limit", 0.0))
    used = said(
        N_("{status} · {n} plan(s) · {used} s used of the {limit} s limit"),
        status=status_word(result.status),
        n=len(result.plans),
        used=seconds_text(result.seconds),
        limit=seconds_text(limit),
    )
    if result.seconds <= limit + OVER or result.cpu_seconds <= 0:
        return used  # in time, or not measured (a trade-off front, a file of an older version)
    return joined([used, _why_over(result)], sep=N_("; "))


def _why_over(result: Result) -> Said:
    """Where the seconds over the limit went: a busy machine (little CPU for the wall seconds
    after start-up), the start-up and reading, and the guaranteed work run on past the
    deadline (:mod:`pairing_planner.solving.execution.guaranteed_work`)."""
    solving = max(0.0, result.seconds - result.startup_seconds)
    values = {
        "startup": seconds_text(result.startup_seconds),
        "solving": seconds_text(solving),
        "cpu": seconds_text(result.cpu_seconds),
    }
    if result.cpu_seconds < BUSY_SHARE * solving:
        measured = said(
            N_(
                "the machine was busy: start-up and reading took {startup} s, and in the "
                "{solving} s after, this command got {cpu} s of CPU"
            ),
            **values,
        )
    else:
        measured = said(
            N_(
                "start-up and reading took {startup} s, and the {solving} s after got "
                "{cpu} s of CPU"
            ),
            **values,
        )
    if result.late_seconds <= OVER or result.guaranteed_work <= 0:
        return measured
    late = said(
        N_(
            "the solve ended {late} s after its deadline: a search finishes the solver work "
            "it is guaranteed ({work} units, at most {slack} s each) even past the deadline, "
            "so that its plans do not depend on the machine's load"
        ),
        late=seconds_text(result.late_seconds),
        work=f"{result.guaranteed_work:.2g}",
        slack=seconds_text(LATE_SLACK),
    )
    return joined([measured, late], sep=N_("; "))


def seconds_text(seconds: float) -> str:
    """Seconds as a planner reads them: to a tenth, and whole when they are (10, not 10.00;
    2.3, not 2.31), issue 30."""
    return f"{seconds:.1f}".removesuffix(".0")
