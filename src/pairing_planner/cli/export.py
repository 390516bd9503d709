"""``plan export RESULT --plan K --to FILE``: the ledger (.xlsx), CSV, JSON or Parquet."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pairing_planner.cli import friendly, instance_language, plan_option, stderr
from pairing_planner.cli.language import TranslatedCommand
from pairing_planner.cli.param_types import RESULT, DescribedArgument
from pairing_planner.i18n import N_

if TYPE_CHECKING:
    from pairing_planner.report.export import Form


HELP = N_("Export plan K of RESULT (a plans.json or its folder) for other systems and ledgers.")
"""What ``plan export --help`` says."""
SHORT = N_("Export a plan: ledger, pairing list, R4 report, CSV, JSON.")
"""Its line in ``plan --help``."""


@click.command("export", cls=TranslatedCommand, help=HELP, short_help=SHORT)
@click.argument("result", cls=DescribedArgument, what=RESULT, type=click.Path(path_type=Path))
@plan_option()
@click.option(
    "--to",
    "target",
    required=True,
    type=click.Path(path_type=Path),
    help=N_("FILE.xlsx (the pairing ledger), .docx (the pairing list), .csv, .json or .parquet."),
)
@click.option(
    "--form",
    type=click.Choice(["ledger", "list", "report"]),
    help=N_(
        "For .xlsx and .docx: the ledger (台账, .xlsx only), the pairing list in the "
        "attachment's layout, or the R4 report (a list per helper city). Default: ledger for "
        ".xlsx, list for .docx."
    ),
)
@click.option(
    "--with-contacts",
    is_flag=True,
    help=N_("Add the contacts sheet and each duty's person responsible to the ledger."),
)
@click.option(
    "--school-year",
    type=click.IntRange(2000, 2100),
    help=N_("The ledger's school year by the year it begins (default: the current one)."),
)
@click.option("--instance", type=click.Path(path_type=Path), help=N_("The instance, if moved."))
@click.option("--force", is_flag=True, help=N_("Replace an existing file."))
@click.option(
    "--plain-utf8",
    is_flag=True,
    help=N_("A CSV without the byte-order mark Excel needs (for other programs)."),
)
@friendly
def command(
    result: Path,
    rank: int,
    target: Path,
    form: Form | None,
    with_contacts: bool,
    school_year: int | None,
    instance: Path | None,
    force: bool,
    plain_utf8: bool,
) -> None:
    """``plan export``: its help, translated where shown, is ``HELP``."""
    from pairing_planner.api import instance_of, plan_of
    from pairing_planner.i18n import _
    from pairing_planner.io.write_errors import refuse_existing
    from pairing_planner.report.export import export_plan
    from pairing_planner.report.result_folder import load_result

    loaded = load_result(result)
    problem = instance_of(loaded, instance, result)
    with instance_language(problem):
        refuse_existing(target, force=force)
        plan = plan_of(loaded, rank, result)
        written = export_plan(
            problem,
            loaded,
            plan,
            target,
            with_contacts=with_contacts,
            bom=not plain_utf8,
            school_year=school_year,
            form=form,
            force=force,
        )
        stderr().print(_("Written to {path}").format(path=written))
