"""``plan verify INSTANCE PLAN``: re-check a plan (JSON or an edited CSV) rule by rule."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from pairing_planner.cli import EXIT_NO_PLAN, friendly, instance_language, plan_option, stdout
from pairing_planner.cli.language import TranslatedCommand
from pairing_planner.cli.param_types import INSTANCE, PLAN, DescribedArgument
from pairing_planner.i18n import N_

HELP = N_(
    "Check PLAN against every rule of INSTANCE; exit 0 when valid, 1 with violations. A "
    "relaxed plan in plans.json declares the rules it bends; those, up to the declared "
    "amount, are listed as declared rather than as violations."
)
"""What ``plan verify --help`` says."""
SHORT = N_("Check a plan against every rule, independently.")
"""Its line in ``plan --help``."""


@click.command("verify", cls=TranslatedCommand, help=HELP, short_help=SHORT)
@click.argument("instance", cls=DescribedArgument, what=INSTANCE, type=click.Path(path_type=Path))
@click.argument("plan", cls=DescribedArgument, what=PLAN, type=click.Path(path_type=Path))
@plan_option()
@click.option("--json", "as_json", is_flag=True, help=N_("The verdict as JSON on stdout."))
@click.option(
    "--calendar",
    "calendar_file",
    type=click.Path(path_type=Path),
    help=N_(
        "Also check this calendar.json (plan calendar) as the plan's activity calendar: every "
        "duty present, every limit of its school calendar kept."
    ),
)
@friendly
def command(
    instance: Path, plan: Path, rank: int, as_json: bool, calendar_file: Path | None
) -> None:
    """``plan verify``: its help, translated where shown, is ``HELP``."""
    from pairing_planner.api import check_calendar, load_calendar, verify_stated
    from pairing_planner.errors import InputError, Problem
    from pairing_planner.i18n import _
    from pairing_planner.instance.yaml_files.load import load_instance
    from pairing_planner.report.calendar_terminal import render_calendar_findings
    from pairing_planner.report.verdicts import render_verdict

    if rank != 1 and plan.suffix.lower() != ".json":
        message = _("--plan picks a plan of a plans.json; {file} holds one plan").format(file=plan)
        raise InputError([Problem(message, plan)])
    loaded = load_instance(instance)
    with instance_language(loaded):
        stated, verdict = verify_stated(loaded, plan, rank)
        findings = (
            check_calendar(loaded, stated.pairs, load_calendar(calendar_file))
            if calendar_file
            else []
        )
        if as_json:
            found = {"ok": verdict.ok, **asdict(verdict)}
            if calendar_file:
                found["calendar"] = [asdict(f) for f in findings]
            click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        else:
            render_verdict(stdout(), verdict, loaded)
            if calendar_file:
                render_calendar_findings(stdout(), findings)
        if not verdict.ok or findings:
            raise SystemExit(EXIT_NO_PLAN)
