"""The public functions a notebook calls; the CLI calls exactly these."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pairing_planner.duties import CALENDAR_SECONDS
from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _, listing
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.yaml_files.load import load_instance
from pairing_planner.instance.yaml_files.yaml_source import MAX_RESULT_BYTES, read_text
from pairing_planner.prepare.replan import apply_replan, changes_of, mismatch_problem, replanned
from pairing_planner.result.compare import Reproduction, reproduction
from pairing_planner.result.identity import identity_mismatches, school_identities
from pairing_planner.result.plan import Plan, Replan, Result
from pairing_planner.result.solver_progress import PartHook, ProgressHook
from pairing_planner.said import Said
from pairing_planner.solving.options import SolveOptions
from pairing_planner.stop import handling_signals

if TYPE_CHECKING:
    from pairing_planner.instance.schema.calendar_models import SchoolCalendar
    from pairing_planner.io.plans import PlanFile
    from pairing_planner.report.duty_progress import DutyProgress
    from pairing_planner.result.calendar import CalendarResult
    from pairing_planner.solving.decomposition.proven_parts import KeptParts
    from pairing_planner.verify.calendar import CalendarFinding
    from pairing_planner.verify.verifier import Verdict
from pairing_planner.report.result_folder import load_result, plans_file


def solve(
    instance: Instance,
    options: SolveOptions | None = None,
    on_progress: ProgressHook | None = None,
    on_part: PartHook | None = None,
    replan: Replan | None = None,
    started: float | None = None,
    reserve: float = 0.0,
    kept: KeptParts | None = None,
) -> Result:
    """Up to ``options.plans`` plans, best first; with ``replan``, re-planned from an earlier
    plan (:mod:`pairing_planner.prepare.replan`), each plan saying what changed and why.
    Ctrl-C or SIGTERM (in the main thread) stops the search and returns the best plans so
    far, marked interrupted; a second Ctrl-C raises :class:`KeyboardInterrupt`. ``started``
    (``time.monotonic()``) is when the time limit began, by default now: a command passes its
    own start, so that reading the instance counts too, and ``reserve`` the seconds it keeps
    of the limit for writing the result. ``kept``
    (:class:`~pairing_planner.solving.decomposition.proven_parts. KeptParts`) holds parts proven by
    earlier solves in this process, not solved again, and ``instance`` prepared: a server's re-solve
    after a lock or forbid prepares and solves only what it changed."""
    from pairing_planner.solving.strategy import solve_any  # the model stack, only to solve

    if started is None:
        started = time.monotonic()  # before preparing with ``kept``: the limit counts it
    if options is not None:
        options.check()
    warnings: list[Said] = []
    base = instance
    if replan is not None:
        instance, warnings = replanned(instance, replan)
    prepared = None if kept is None else kept.prepared(base, instance)
    with handling_signals():
        result = solve_any(
            instance, options, on_progress, on_part, started, reserve, kept, prepared
        )
    plans = [replace(plan, changes=changes_of(instance, plan)) for plan in result.plans]
    return _identified(
        instance,
        replace(
            result,
            plans=plans,
            replan=replan,
            warnings=[*(w.text() for w in warnings), *result.warnings],
            warnings_said=[*warnings, *(result.warnings_said or [])],
        ),
    )


def _identified(instance: Instance, result: Result) -> Result:
    """``result`` recording the name and place of every school its plans name, so that a
    later reader can tell whether an instance's ids name the same schools."""
    return replace(result, schools=school_identities(instance, result_pairs(result)))


def trade_off(
    instance: Instance,
    terms: tuple[str, str],
    options: SolveOptions | None = None,
    on_point: PartHook | None = None,
    started: float | None = None,
) -> Result:
    """The plans no other plan beats on both ``terms`` (up to ``options.plans``), least first
    term first (:mod:`pairing_planner.solving.methods.trade_off_front`); Ctrl-C keeps the points
    found; ``on_point`` is told the points found so far and the points asked; ``started``
    (``time.monotonic()``) is when the time limit began, as for :func:`solve`."""
    from pairing_planner.solving.methods.trade_off_front import (
        solve_front,  # the model stack, only to solve
    )

    if options is not None:
        options.check()
    with handling_signals():
        front = solve_front(instance, terms, options, on_point=on_point, started=started)
        return _identified(instance, front)


def reproduce(before: Result, instance: Instance) -> Reproduction:
    """Solve ``instance`` (as :func:`instance_of` gives it: re-planned as recorded) again with
    the parameters ``before`` records, a trade-off front as a front, and say whether every
    plan comes back pair for pair (same instance, seed and workers: it should, where every
    plan was proven)."""
    options = SolveOptions(**before.parameters)
    if len(before.front) == 2:
        again = trade_off(instance, (before.front[0], before.front[1]), options)
    else:
        again = solve(instance, options)
    return reproduction(before, again)


def interchangeable_schools(instance: Instance) -> list[list[str]]:
    """The groups of schools no rule and no cost of ``instance`` tells apart (recipients,
    then helpers of capacity one; :mod:`pairing_planner.prepare.symmetry`): two plans that
    only swap their partners are one plan to a planner, which ``plan compare`` says."""
    from pairing_planner.prepare.problem import problem_data
    from pairing_planner.prepare.symmetry import interchangeable, interchangeable_helpers

    problem = problem_data(instance)
    groups = [*interchangeable(problem), *interchangeable_helpers(problem)]
    return [list(group) for group in groups]


def previous_instance(path: str | Path) -> Instance:
    """Last year's instance for ``plan import --previous``: an instance file, or the one a
    result (``plans.json`` or its folder) records it solved, refused when that file changed
    since (a planner keeps the result folder; the ids are those the plan used). Not
    re-planned: only its schools count, and last year's own baseline may be gone."""
    path = Path(path)
    if path.is_dir() or path.suffix.lower() == ".json":
        return solved_instance(load_result(path), result_file=plans_file(path))
    return load_instance(path)


def instance_of(
    result: Result, path: str | Path | None = None, result_file: Path | None = None
) -> Instance:
    """The instance a result was solved from (:func:`solved_instance`), re-planned as the
    result was (baseline, locks, forbids)."""
    instance = solved_instance(result, path, result_file)
    return apply_replan(instance, result.replan) if result.replan else instance


def solved_instance(
    result: Result, path: str | Path | None = None, result_file: Path | None = None
) -> Instance:
    """The instance file a result was solved from (its recorded path, or ``path``), as it is
    on disk, refused when it has changed since, so names and costs shown are the ones solved,
    or when a plan of the result (read from ``result_file``) names a school it lacks."""
    source = path or result.instance_path
    if not source:
        raise InputError(
            [Problem(_("this result does not say which instance it solved; give --instance"))]
        )
    instance = load_instance(source)
    if result.instance_sha256 and instance.sha256 != result.instance_sha256:
        message = _(
            "the instance file has changed since this result was solved (sha256 differs); solve "
            "again, or give the original with --instance"
        )
        raise InputError([Problem(message, instance.path)])
    require_known_schools(instance, result_pairs(result), result_file)
    require_same_schools(instance, result, result_file)
    return instance


RECORDED_MISMATCH = N_(
    "{id} is {stated} in {file} but {actual} in {instance}, the instance it records: the "
    "result file was changed since it was written; solve again"
)


def require_same_schools(instance: Instance, result: Result, source: Path | None) -> None:
    """Refuse a result (read from ``source``) that records another name or place for one of
    its schools than ``instance`` has: its plans would be shown against other schools."""
    found = identity_mismatches(instance, result.schools)
    if found:
        path = plans_file(source) if source is not None else Path("plans.json")
        raise InputError([mismatch_problem(instance, m, path, RECORDED_MISMATCH) for m in found])


def result_pairs(result: Result) -> Iterator[tuple[str, str]]:
    """Every (helper, recipient) pair of every plan of ``result``."""
    return ((p.helper, p.recipient) for plan in result.plans for p in plan.pairs)


SHOWN_UNKNOWN = 20
"""Unknown schools named one by one; beyond them, a count."""
UNKNOWN_HELPER = N_(
    "the plan names the helper school '{id}', which the instance {instance} does not have; "
    "correct the id, or give the instance the plan was made for"
)
UNKNOWN_RECIPIENT = N_(
    "the plan names the recipient school '{id}', which the instance {instance} does not have; "
    "correct the id, or give the instance the plan was made for"
)
ANOTHER_INSTANCE = N_(
    "the instance {instance} does not have {n} of the {total} schools the plan names (such "
    "as '{id}'): the plan was made for another instance; give that one"
)


def require_known_schools(
    instance: Instance, pairs: Iterable[tuple[str, str]], source: Path | None
) -> None:
    """Refuse a plan (read from ``source``, a file or a result directory) that names a school
    ``instance`` lacks: a typo in an edited CSV or plans.json (each named), or a plan of another
    instance (most of its helpers, or of its recipients, unknown: said once, not once per
    school). Every command that reads a plan against an instance passes here before it looks a
    school up, so each says so as an input error naming the file, the school and the instance."""
    source = plans_file(source) if source is not None else None
    pairs = list(pairs)
    roles = (
        (dict.fromkeys(h for h, _r in pairs), instance.helpers, UNKNOWN_HELPER),
        (dict.fromkeys(r for _h, r in pairs), instance.recipients, UNKNOWN_RECIPIENT),
    )
    unknown = {
        school: message
        for named, known, message in roles
        for school in named
        if school not in known
    }
    if not unknown:
        return
    where = f"{instance.name} ({instance.path})" if instance.path else instance.name
    if len(unknown) > 1 and any(
        2 * len(named.keys() - known.keys()) > len(named) for named, known, _m in roles
    ):
        message = _(ANOTHER_INSTANCE).format(
            n=len(unknown),
            total=len(roles[0][0].keys() | roles[1][0].keys()),
            instance=where,
            id=next(iter(unknown)),
        )
        raise InputError([Problem(message, source)])
    problems = [
        Problem(_(message).format(id=school, instance=where), source)
        for school, message in list(unknown.items())[:SHOWN_UNKNOWN]
    ]
    if len(unknown) > SHOWN_UNKNOWN:
        more = _("and {n} more schools the instance does not have")
        problems.append(Problem(more.format(n=len(unknown) - SHOWN_UNKNOWN), source))
    raise InputError(problems)


def verify_stated(
    instance: Instance, plan: Path | PlanFile, rank: int = 1
) -> tuple[PlanFile, Verdict]:
    """Plan ``rank`` of a plan file (plans.json, an edited CSV or a ledger), or a plan as
    given (its pairs and the relaxations it declares), checked against every rule of
    ``instance`` by the independent verifier: the plan as stated, and the verdict. A school
    the instance lacks is refused first, as every command that reads a plan does; a name or
    place the file records for a school that differs from the instance's is a violation, as
    is a row numbered for another plan. ``plan verify`` and ``POST /api/verify`` both ask
    here, so the two cannot come to differ."""
    from pairing_planner.io.plans import read_plan
    from pairing_planner.verify import verify_plan
    from pairing_planner.verify.identity import with_identities

    stated = read_plan(plan, rank) if isinstance(plan, Path) else plan
    require_known_schools(instance, stated.pairs, plan if isinstance(plan, Path) else None)
    verdict = verify_plan(instance, stated.pairs, stated.relaxations)
    return stated, with_identities(verdict, instance, stated.schools, stated.rows)


def plan_of(result: Result, rank: int, path: Path | None = None) -> Plan:
    """Plan ``rank`` of a result, or a clear error naming the ranks there are."""
    for plan in result.plans:
        if plan.rank == rank:
            return plan
    ranks = listing(str(p.rank) for p in result.plans) or _("none")
    raise InputError(
        [
            Problem(
                _("there is no plan {rank} (plans: {ranks})").format(rank=rank, ranks=ranks), path
            )
        ]
    )


def activity_calendar(
    instance: Instance,
    plan: Plan,
    *,
    calendar: SchoolCalendar | None = None,
    school_year: int | None = None,
    time_limit: float = CALENDAR_SECONDS,
    workers: int | None = None,
    earlier: CalendarResult | None = None,
    started: float | None = None,
) -> CalendarResult:
    """The activity calendar of ``plan``: every duty of every pair (M1–M3 or H1–H2) placed in
    the school year's teaching weeks (docs/calendar.md). The calendar is ``calendar``, else
    the instance's, else a typical Shandong year beginning in ``school_year``. With ``earlier``
    (last year's calendar, or the one before a re-plan) activities of unchanged pairs keep
    their weeks where the rules allow. The search is bounded by work worked out from
    ``time_limit``, so the same plan and limit give the same calendar under any load; the
    limit counts from ``started`` (``time.monotonic()``, default now), and where its clock
    cuts a search short the result says so (``clocked``). Ctrl-C or SIGTERM (in the main
    thread) ends the search: the groups not reached keep their greedy calendar, and the
    result says it was stopped."""
    from pairing_planner.schedule.solve import calendar_of, plan_calendar  # only to schedule

    chosen = calendar or calendar_of(instance, school_year)
    pairs = [(p.helper, p.recipient) for p in plan.pairs]
    with handling_signals():
        return plan_calendar(
            instance,
            pairs,
            chosen,
            plan_rank=plan.rank,
            time_limit=time_limit,
            workers=workers or 1,
            earlier=earlier,
            started=started,
        )


def load_calendar(path: str | Path) -> CalendarResult:
    """Read a ``calendar.json`` (or a folder holding one)."""
    from pairing_planner.result.calendar import calendar_from_json  # only for calendars

    path = Path(path)
    if path.is_dir():
        path = path / "calendar.json"
    if not path.exists():
        raise InputError([Problem(_("no calendar.json here"), path)])
    text = read_text(path, what=N_("calendar file"), limit=MAX_RESULT_BYTES)
    try:
        return calendar_from_json(text)
    except json.JSONDecodeError as exc:
        message = _(
            "not valid JSON at line {line}, column {column} (cut short, or edited by hand); "
            "write it again with plan calendar"
        ).format(line=exc.lineno, column=exc.colno)
    except (ValueError, KeyError, TypeError):
        message = _("not a calendar written by plan calendar; write it again with plan calendar")
    raise InputError([Problem(message, path)])


def calendar_in(folder: str | Path, instance: Instance, plan: Plan) -> CalendarResult | None:
    """The calendar already in ``folder`` when it is one of ``plan`` (the same instance, the
    same pairs), else None (none there, another plan's, or unreadable: it is about to be
    replaced). ``plan calendar`` keeps its weeks by default, so that running it again moves
    only what must move: a school given its dates does not get new ones (docs/calendar.md)."""
    path = Path(folder) / "calendar.json"
    if not path.is_file():
        return None
    try:
        found = load_calendar(path)
    except InputError:
        return None
    pairs = {(p.activity.helper, p.activity.recipient) for p in found.placements}
    mine = {(p.helper, p.recipient) for p in plan.pairs}
    return found if found.instance == instance.name and pairs == mine else None


def check_calendar(
    instance: Instance, pairs: list[tuple[str, str]], calendar: CalendarResult
) -> list[CalendarFinding]:
    """Everything wrong with ``calendar`` as the calendar of ``pairs``, found by the
    independent verifier against the school calendar it records; empty when valid."""
    from pairing_planner.verify.calendar import verify_calendar  # only for calendars

    return verify_calendar(instance, pairs, calendar.settings, calendar.placements)


def track_progress(
    instance: Instance, sheet: str | Path, today: date | None = None
) -> DutyProgress:
    """Progress as the bureau has marked it in a calendar sheet (``calendar.xlsx``'s "done"
    column): duties done and overdue by program, city and county, and T2's pairing rate for
    key poverty village schools. A sheet naming a school the instance lacks (a sheet of
    another instance) is refused, as a plan naming one is."""
    from pairing_planner.io.calendar_sheet import read_calendar_sheet  # pandas: only here
    from pairing_planner.report.duty_progress import progress

    rows = read_calendar_sheet(Path(sheet))
    require_known_schools(instance, ((row.helper, row.recipient) for row in rows), Path(sheet))
    return progress(instance, rows, today or date.today())
