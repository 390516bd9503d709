"""``plan progress INSTANCE SHEET``: how far the pairs' duties are, from the calendar sheet the
bureau fills in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from pairing_planner.cli import friendly, instance_language, stderr, stdout
from pairing_planner.cli.language import TranslatedCommand
from pairing_planner.cli.param_types import INSTANCE, SHEET, ClerkDate, DescribedArgument
from pairing_planner.i18n import N_, _

HELP = N_(
    "Read the done column of SHEET (a calendar.xlsx written by plan calendar, as the bureau "
    "has filled it in) and report the duties done and overdue by program, city and county, "
    "and T2's pairing rate for key poverty village schools."
)
"""What ``plan progress --help`` says."""
SHORT = N_("Report progress from the calendar sheet's done column.")
"""Its line in ``plan --help``."""


@click.command("progress", cls=TranslatedCommand, help=HELP, short_help=SHORT)
@click.argument("instance", cls=DescribedArgument, what=INSTANCE, type=click.Path(path_type=Path))
@click.argument("sheet", cls=DescribedArgument, what=SHEET, type=click.Path(path_type=Path))
@click.option(
    "--today",
    type=ClerkDate(),
    metavar=N_("DATE"),
    help=N_(
        "The day to count overdue duties on, as a clerk types it: 2017-03-15, 2017/3/15, "
        "2017.3.15 or 2017年3月15日 (default: today)."
    ),
)
@click.option("--json", "as_json", is_flag=True, help=N_("The progress as JSON on stdout."))
@click.option(
    "--plot",
    type=click.Path(path_type=Path),
    metavar=N_("FILE"),
    help=N_("Also draw the share done per city to FILE, a .png or .svg."),
)
@click.option("--force", is_flag=True, help=N_("Replace an existing figure."))
@friendly
def command(
    instance: Path,
    sheet: Path,
    today: date | None,
    as_json: bool,
    plot: Path | None,
    force: bool,
) -> None:
    """``plan progress``: its help, translated where shown, is ``HELP``."""
    from pairing_planner.api import track_progress
    from pairing_planner.instance.yaml_files.load import load_instance
    from pairing_planner.io.replaced_folders import writing_file
    from pairing_planner.io.write_errors import refuse_existing
    from pairing_planner.report.duty_progress import progress_json, render_progress
    from pairing_planner.report.plots import progress_figure, save

    loaded = load_instance(instance)
    with instance_language(loaded):
        if plot is not None:
            refuse_existing(plot, force=force)
        found = track_progress(loaded, sheet, today or date.today())
        if as_json:
            click.echo(progress_json(found))
        else:
            render_progress(stdout(), found)
        if plot is not None:
            with writing_file(plot, force=force):
                save(progress_figure(found), plot)
            stderr().print(_("Written to {path}").format(path=plot))
