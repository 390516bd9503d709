"""``plan plot RESULT --to FILE.png|.svg``: a map, distances, or helper load."""

from __future__ import annotations

from pathlib import Path

import click

from pairing_planner.cli import friendly, instance_language, plan_option, stderr
from pairing_planner.cli.language import TranslatedCommand
from pairing_planner.cli.param_types import RESULT, DescribedArgument
from pairing_planner.i18n import N_

HELP = N_(
    "Draw plan K of RESULT (a plans.json or its folder) as a figure; an existing file is "
    "replaced only with --force."
)
"""What ``plan plot --help`` says."""
SHORT = N_("Draw a plan: schematic map, distances, load.")
"""Its line in ``plan --help``."""


@click.command("plot", cls=TranslatedCommand, help=HELP, short_help=SHORT)
@click.argument("result", cls=DescribedArgument, what=RESULT, type=click.Path(path_type=Path))
@click.option(
    "--to",
    "target",
    required=True,
    type=click.Path(path_type=Path),
    help=N_("FILE.png or FILE.svg."),
)
@click.option(
    "--kind",
    type=click.Choice(["map", "distance", "load", "front"]),
    default="map",
    show_default=True,
    help=N_(
        "map: schematic of pairs; distance: per plan; load: helpers; front: the trade-off "
        "of a --front result."
    ),
)
@plan_option()
@click.option("--instance", type=click.Path(path_type=Path), help=N_("The instance, if moved."))
@click.option("--force", is_flag=True, help=N_("Replace an existing file."))
@friendly
def command(
    result: Path, target: Path, kind: str, rank: int, instance: Path | None, force: bool
) -> None:
    """``plan plot``: its help, translated where shown, is ``HELP``."""
    from pairing_planner.api import instance_of, plan_of
    from pairing_planner.errors import InputError, Problem
    from pairing_planner.i18n import _
    from pairing_planner.io.replaced_folders import writing_file
    from pairing_planner.io.write_errors import refuse_existing
    from pairing_planner.report.plan_map import map_figure
    from pairing_planner.report.plots import distance_figure, front_figure, load_figure, save
    from pairing_planner.report.result_folder import load_result

    if target.suffix.lower() not in (".png", ".svg"):
        raise InputError([Problem(_("a figure is written as .png or .svg"), target)])
    refuse_existing(target, force=force)
    loaded = load_result(result)
    problem = instance_of(loaded, instance, result)
    with instance_language(problem):
        if kind == "distance":
            figure = distance_figure(problem, loaded)
        elif kind == "front":
            figure = front_figure(problem, loaded)
        else:
            plan = plan_of(loaded, rank, result)
            figure = map_figure(problem, plan) if kind == "map" else load_figure(problem, plan)
        with writing_file(target, force=force):
            save(figure, target)
        stderr().print(_("Written to {path}").format(path=target))
