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
        return used  # in time, or not measured (a file of an older version)
    if _start_up_only(result, limit):
        return used
    return joined([used, *_why_over(result, limit)], sep=N_("; "))


STARTUP_NOISE = 0.5
"""Seconds over the limit that start-up alone may account for on a quiet machine before the
footer says where they went: Heze with a 1 s limit ended 0.3 s over, and "the 0.1 s after
got 0.1 s of CPU" told a planner nothing (issue 31)."""


def _start_up_only(result: Result, limit: float) -> bool:
    """Whether the seconds over the limit are a little start-up on a quiet machine: no search
    ran late, the machine gave the command its CPU (or it ran remotely, where this command
    cannot count it), and the overrun is at most :data:`STARTUP_NOISE`."""
    solving = max(0.0, result.seconds - result.startup_seconds)
    return (
        result.seconds - limit <= STARTUP_NOISE
        and result.late_seconds <= OVER
        and (_remote(result) or result.cpu_seconds >= BUSY_SHARE * solving)
    )


def _remote(result: Result) -> bool:
    """Whether the parts ran on a Dask scheduler elsewhere (``--scheduler``): the CPU of its
    workers is not this command's to count, so the CPU it got says nothing of the machine."""
    parameters = result.parameters
    return parameters.get("executor") == "dask" and bool(parameters.get("scheduler"))


def _why_over(result: Result, limit: float) -> list[Said]:
    """Where the seconds over the limit went: a busy machine (little CPU for the wall seconds
    after start-up; not said of a remote executor, whose CPU this command cannot count), the
    start-up and reading, and either the guaranteed work the searches ran on past the
    deadline once they had begun (:mod:`pairing_planner.solving.execution.guaranteed_work`;
    its units stay in plans.json: a planner has no use for them) or, when they were handed
    none, that the deadline had passed before the solve began. The city with
    ``--no-decompose --time-limit 1`` was said to finish 0.17 units of guaranteed work its
    one model never got (issue 31)."""
    solving = max(0.0, result.seconds - result.startup_seconds)
    values = {
        "startup": seconds_text(result.startup_seconds),
        "solving": seconds_text(solving),
        "cpu": seconds_text(result.cpu_seconds),
    }
    if _remote(result):
        measured = said(N_("start-up and reading took {startup} s"), **values)
    elif result.cpu_seconds < BUSY_SHARE * solving:
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
    if result.late_seconds > OVER and result.guaranteed_work > 0:
        late = said(
            N_(
                "the searches ran {late} s past the deadline: a search finishes the solver "
                "work it is guaranteed even past the deadline, so that its plans do not "
                "depend on the machine's load"
            ),
            late=seconds_text(result.late_seconds),
        )
        return [measured, late]
    if result.startup_seconds >= limit:
        return [measured, said(N_("the deadline had passed before the solve began"))]
    return [measured]


def seconds_text(seconds: float) -> str:
    """Seconds as a planner reads them: to a tenth, and whole when they are (10, not 10.00;
    2.3, not 2.31), issue 30."""
    return f"{seconds:.1f}".removesuffix(".0")
