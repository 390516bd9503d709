"""``plan calendar RESULT --plan K``: every pair's yearly duties placed on the school calendar,
verified, and written as a ledger sheet, iCalendar files per school, JSON and a chart."""

from __future__ import annotations

from pathlib import Path

import click

from pairing_planner.cli import (
    EXIT_NO_PLAN,
    command_start,
    friendly,
    instance_language,
    plan_option,
    print_notes,
    stderr,
    stdout,
)
from pairing_planner.cli.language import TranslatedCommand
from pairing_planner.cli.param_types import RESULT, DescribedArgument, FiniteFloat
from pairing_planner.duties import CALENDAR_SECONDS
from pairing_planner.i18n import N_
from pairing_planner.instance.schema.number_caps import MAX_SECONDS

HELP = N_(
    "Schedule the yearly duties of plan K of RESULT (M1–M3 or H1–H2) in the school year's "
    "teaching weeks, check the calendar independently, and write calendar.xlsx, calendar.json, "
    "one .ics file per school and calendar.png. Exit 1 when no calendar exists (the reasons "
    "name the school, the weeks and the duty)."
)
"""What ``plan calendar --help`` says."""
SHORT = N_("Schedule the pairs' yearly duties on the school calendar.")
"""Its line in ``plan --help``."""


@click.command("calendar", cls=TranslatedCommand, help=HELP, short_help=SHORT)
@click.argument("result", cls=DescribedArgument, what=RESULT, type=click.Path(path_type=Path))
@plan_option()
@click.option(
    "--calendar",
    "calendar_file",
    type=click.Path(path_type=Path),
    help=N_(
        "The school calendar: YAML (terms, blocked days), or a sheet (.xlsx or .csv: 类型, "
        "名称, 开始, 结束); default: the instance's own."
    ),
)
@click.option(
    "--school-year",
    type=click.IntRange(2000, 2100),
    help=N_("Without a calendar: a typical year beginning in September of this year."),
)
@click.option(
    "--earlier",
    type=click.Path(path_type=Path),
    help=N_("An earlier calendar.json: unchanged pairs keep their weeks where they can."),
)
@click.option(
    "--fresh",
    is_flag=True,
    help=N_(
        "Schedule anew: do not keep the weeks of this plan's calendar already in the folder "
        "(kept by default, so that a rerun moves only what must move)."
    ),
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help=N_("Folder to write to (default: calendar-K beside plans.json)."),
)
@click.option(
    "--time-limit",
    type=FiniteFloat(0.1, MAX_SECONDS),
    default=CALENDAR_SECONDS,
    show_default=True,
    help=N_(
        "Seconds for the whole command, writing included; groups of activities with no time "
        "left keep their greedy calendar."
    ),
)
@click.option("--instance", type=click.Path(path_type=Path), help=N_("The instance, if moved."))
@click.option(
    "--charts-by",
    type=click.Choice(["city", "county"]),
    help=N_("Also draw one chart per city or county of the recipients, in charts/."),
)
@click.option(
    "--ics/--no-ics",
    default=None,
    help=N_("Write one .ics file per school (default: when there are at most 1,000 schools)."),
)
@click.option("--force", is_flag=True, help=N_("Replace existing calendar files."))
@friendly
def command(
    result: Path,
    rank: int,
    calendar_file: Path | None,
    school_year: int | None,
    earlier: Path | None,
    fresh: bool,
    out: Path | None,
    time_limit: float,
    instance: Path | None,
    charts_by: str | None,
    ics: bool | None,
    force: bool,
) -> None:
    """``plan calendar``: its help, translated where shown, is ``HELP``."""
    started = command_start()
    from pairing_planner.api import (
        activity_calendar,
        calendar_in,
        check_calendar,
        instance_of,
        load_calendar,
        plan_of,
    )
    from pairing_planner.i18n import _
    from pairing_planner.instance.bureau_files.calendar_file import load_calendar_and_notes
    from pairing_planner.report.calendar_files import (
        calendar_files,
        refuse_calendar_files,
        replacing_calendar,
        writing_seconds,
    )
    from pairing_planner.report.calendar_terminal import render_calendar
    from pairing_planner.report.plots import write_calendar_charts
    from pairing_planner.report.result_folder import load_result

    loaded = load_result(result)
    problem = instance_of(loaded, instance, result)
    with instance_language(problem):
        plan = plan_of(loaded, rank, result)
        home = result if result.is_dir() else result.parent
        folder = out or home / f"calendar-{rank}"
        refuse_calendar_files(folder, home, force=force)
        settings, notes = (
            load_calendar_and_notes(calendar_file, problem.data) if calendar_file else (None, [])
        )
        print_notes(stderr(), notes)
        before = load_calendar(earlier) if earlier else None
        if before is None and not fresh:
            before = calendar_in(folder, problem, plan)
            if before is not None:
                stderr().print(
                    _(
                        "Keeping the weeks of this plan's calendar in {folder}/ where the rules "
                        "allow (--fresh schedules anew)."
                    ).format(folder=folder)
                )
        schools = len({s for p in plan.pairs for s in (p.helper, p.recipient)})
        reserve = writing_seconds(len(plan.pairs), schools, ics)
        found = activity_calendar(
            problem,
            plan,
            calendar=settings,
            school_year=school_year,
            time_limit=max(0.1, time_limit - reserve),
            earlier=before,
            started=started,
        )
        findings = check_calendar(problem, [(p.helper, p.recipient) for p in plan.pairs], found)
        render_calendar(stdout(), problem, found, findings)
        if not found.placements:
            raise SystemExit(EXIT_NO_PLAN)
        with replacing_calendar(folder, home, force=force) as new:
            written = calendar_files(problem, found, new, ics=ics)
            written += write_calendar_charts(problem, found, new, charts_by)
        stderr().print(_("Written to {folder}/ ({n} files)").format(folder=folder, n=len(written)))
        if findings:
            raise SystemExit(EXIT_NO_PLAN)
