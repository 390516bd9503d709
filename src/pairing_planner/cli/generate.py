"""``plan generate``: a synthetic urban-rural instance, for trials and benchmarks."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from pairing_planner.cli import friendly, stderr
from pairing_planner.cli.language import TranslatedCommand
from pairing_planner.cli.param_types import FiniteFloat
from pairing_planner.i18n import N_

HELP = N_(
    "Write a synthetic UR instance (same seed, same file). Schools are made up around real "
    "Shandong city seats; each county gets enough helpers to be feasible."
)
"""What ``plan generate --help`` says."""
SHORT = N_("Write a synthetic urban-rural instance.")
"""Its line in ``plan --help``."""


@click.command("generate", cls=TranslatedCommand, help=HELP, short_help=SHORT)
@click.option(
    "--preset",
    type=click.Choice(["county", "city", "shandong", "national"]),
    default="county",
    show_default=True,
    help=N_("Start from a preset; the options below override it."),
)
@click.option("--cities", type=click.IntRange(1, 17))
@click.option("--counties-per-city", type=click.IntRange(1, 30))
@click.option("--recipients", type=click.IntRange(1, 1_000_000))
@click.option(
    "--helpers", type=click.IntRange(0, 1_000_000), help=N_("At least this many helpers.")
)
@click.option("--poverty-share", type=FiniteFloat(0, 1), help=N_("Share in poverty villages (S4)."))
@click.option("--stage-mix", type=FiniteFloat(0, 1), help=N_("Share of junior recipients."))
@click.option("--max-km", type=FiniteFloat(min=1), help=N_("Distance cap of the scope rule."))
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("-o", "--out", "target", required=True, type=click.Path(path_type=Path))
@click.option(
    "--tables",
    is_flag=True,
    help=N_(
        "Write the schools to NAME-recipients.csv and NAME-helpers.csv beside the file, "
        "which it references (a province loads in under a second)."
    ),
)
@click.option("--force", is_flag=True, help=N_("Replace an existing file."))
@friendly
def command(
    preset: str,
    cities: int | None,
    counties_per_city: int | None,
    recipients: int | None,
    helpers: int | None,
    poverty_share: float | None,
    stage_mix: float | None,
    max_km: float | None,
    seed: int,
    target: Path,
    tables: bool,
    force: bool,
) -> None:
    """``plan generate``: its help, translated where shown, is ``HELP``."""
    from pairing_planner.i18n import _
    from pairing_planner.instance.generators.urban_rural import PRESETS, generate_ur
    from pairing_planner.io.file_sets import write_together
    from pairing_planner.io.instance_files import instance_files, table_names
    from pairing_planner.io.write_errors import refuse_existing

    given: dict[str, Any] = {
        "cities": cities,
        "counties_per_city": counties_per_city,
        "recipients": recipients,
        "helpers": helpers,
        "poverty_share": poverty_share,
        "junior_share": stage_mix,
        "max_km": max_km,
    }
    settings = replace(
        PRESETS[preset], seed=seed, **{k: v for k, v in given.items() if v is not None}
    )
    files = table_names(target).values() if tables else []
    refuse_existing(*(target.parent / f for f in files), target, force=force)
    data = generate_ur(settings)
    write_together(instance_files(data, target, tables=tables), force=force)
    stderr().print(
        _("Written to {path}").format(path=target)
        + _(" ({recipients} recipients, {helpers} helpers)").format(
            recipients=len(data.recipients), helpers=len(data.helpers)
        )
    )
