"""``plan check INSTANCE``: validate and report what a careful reader would notice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pairing_planner.cli import EXIT_BAD_INPUT, EXIT_NO_PLAN, friendly, instance_language, stdout
from pairing_planner.cli.language import TranslatedCommand
from pairing_planner.cli.param_types import INSTANCE, DescribedArgument
from pairing_planner.i18n import N_

if TYPE_CHECKING:
    from pairing_planner.errors import Problem


HELP = N_(
    "Validate INSTANCE and list conflicts, warnings and counts: exit 0, or 1 when a "
    "conflict means no plan can keep every rule; 2 on bad input."
)
"""What ``plan check --help`` says."""
SHORT = N_("Validate an instance: conflicts, warnings, counts.")
"""Its line in ``plan --help``."""


@click.command("check", cls=TranslatedCommand, help=HELP, short_help=SHORT)
@click.argument("instance", cls=DescribedArgument, what=INSTANCE, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help=N_("Findings as JSON on stdout."))
@friendly
def command(instance: Path, as_json: bool) -> None:
    """``plan check``: its help, translated where shown, is ``HELP``."""
    from pairing_planner.diagnosis.checks import check_instance
    from pairing_planner.errors import InputError
    from pairing_planner.instance.yaml_files.load import load_instance
    from pairing_planner.report.verdicts import render_findings

    try:
        loaded = load_instance(instance)
    except InputError as error:
        if not as_json:
            raise
        errors = {"errors": [_problem(p) for p in error.problems]}
        click.echo(json.dumps(errors, ensure_ascii=False, indent=2))
        raise SystemExit(EXIT_BAD_INPUT) from None
    with instance_language(loaded):
        findings = check_instance(loaded)
        if as_json:
            click.echo(json.dumps([f.as_json() for f in findings], ensure_ascii=False, indent=2))
        else:
            render_findings(stdout(), loaded, findings)
        if any(f.severity == "conflict" for f in findings):
            raise SystemExit(EXIT_NO_PLAN)


def _problem(problem: Problem) -> dict[str, object]:
    """A problem as JSON: message, file, line, field (null where unknown)."""
    return {
        "message": problem.message,
        "file": str(problem.file) if problem.file else None,
        "line": problem.line,
        "field": problem.field,
    }
