"""``plan compare``: two plans side by side (of one result, or of two result files)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from pairing_planner.cli import friendly, instance_language, stdout
from pairing_planner.cli.language import TranslatedCommand
from pairing_planner.cli.param_types import RESULT, DescribedArgument
from pairing_planner.i18n import N_

HELP = N_(
    "Compare two plans: objective and terms, the pairs that differ (those that only swap "
    "interchangeable schools counted apart) and their counties, and the cities whose helper "
    "schools change. "
    "RESULT is a plans.json or its folder; give one or two."
)
"""What ``plan compare --help`` says."""
SHORT = N_("Compare two plans side by side.")
"""Its line in ``plan --help``."""
BOM = "\ufeff"
"""The byte-order mark that --csv starts with, as every CSV of ours does: without it Excel
reads the Chinese of the output saved to a file as another encoding (issue 30)."""


@click.command("compare", cls=TranslatedCommand, help=HELP, short_help=SHORT)
@click.argument(
    "results",
    nargs=-1,
    required=True,
    cls=DescribedArgument,
    what=RESULT,
    type=click.Path(path_type=Path),
)
@click.option(
    "--plans",
    "ranks",
    default=None,
    help=N_(
        "Two plan numbers: of RESULT (default 1,2), or the plan of each of two RESULTs "
        "(default 1,1)."
    ),
)
@click.option("--instance", type=click.Path(path_type=Path), help=N_("The instance, if moved."))
@click.option("--json", "as_json", is_flag=True, help=N_("The comparison as JSON on stdout."))
@click.option("--csv", "as_csv", is_flag=True, help=N_("The changed pairs as CSV on stdout."))
@friendly
def command(
    results: tuple[Path, ...], ranks: str | None, instance: Path | None, as_json: bool, as_csv: bool
) -> None:
    """``plan compare``: its help, translated where shown, is ``HELP``."""
    from pairing_planner.api import (
        instance_of,
        interchangeable_schools,
        plan_of,
        require_known_schools,
        require_same_schools,
        result_pairs,
    )
    from pairing_planner.errors import InputError, Problem
    from pairing_planner.i18n import _
    from pairing_planner.report.comparison_table import render_comparison
    from pairing_planner.report.csv_exports import comparison_csv
    from pairing_planner.report.result_folder import load_result
    from pairing_planner.result.compare import compare_plans
    from pairing_planner.result.swaps import common_groups

    if len(results) > 2:
        raise InputError([Problem(_("give one result, or two to compare"))])
    try:
        first, second = (
            int(r) for r in (ranks or ("1,1" if len(results) == 2 else "1,2")).split(",")
        )
    except ValueError:
        raise InputError([Problem(_("--plans takes two plan numbers, e.g. 1,3"))]) from None
    loaded = [load_result(path) for path in results]
    a, b = loaded[0], loaded[-1]
    if a.instance_sha256 != b.instance_sha256:
        message = _(
            "the two results solved different instances ({a} and {b}); compare plans of one "
            "instance. To see what changed from one year's plan to the next, re-plan the "
            "later instance against the earlier plan (plan solve LATER.yaml --baseline "
            "EARLIER/plans.json): its change report names each school kept, moved, new or gone"
        ).format(a=a.instance, b=b.instance)
        raise InputError([Problem(message, results[-1])])
    plan_a, plan_b = plan_of(a, first, results[0]), plan_of(b, second, results[-1])
    problem = instance_of(a, instance, results[0])
    if len(results) == 2:
        require_known_schools(problem, result_pairs(b), results[1])
        require_same_schools(problem, b, results[1])
    with instance_language(problem):
        label_a, label_b = _labels(results, first, second)
        groups = interchangeable_schools(problem)
        if len(results) == 2:
            other = instance_of(b, instance, results[-1])
            groups = common_groups(groups, interchangeable_schools(other))
        comparison = compare_plans(problem, plan_a, plan_b, label_a, label_b, groups)
        if as_json:
            click.echo(json.dumps(asdict(comparison), ensure_ascii=False, indent=2))
        elif as_csv:
            click.echo(BOM + comparison_csv(problem, comparison), nl=False)
        else:
            for label, rank, path in ((label_a, first, results[0]), (label_b, second, results[-1])):
                line = _("{label}: plan {rank} of {result}").format(
                    label=label, rank=rank, result=path
                )
                stdout().print(line, highlight=False)
            render_comparison(stdout(), problem, comparison)


def _labels(results: tuple[Path, ...], first: int, second: int) -> tuple[str, str]:
    """Column labels that tell the two plans apart: the plan numbers of one result; of two,
    each result's folder with its plan number, with as many parent folders as it takes to
    tell them apart (``heze:1``, or ``2016/heze:1`` against ``2017/heze:1``: "A" and "B"
    said nothing of which folder was which, issue 30); one plan of one folder given twice is
    told apart by (A) and (B)."""
    if len(results) == 1:
        return str(first), str(second)
    a, b = (_folders(path) for path in results)
    depth = 1
    while a[-depth:] == b[-depth:] and depth < max(len(a), len(b)):
        depth += 1
    if a == b:
        depth = 1
    labels = f"{'/'.join(a[-depth:])}:{first}", f"{'/'.join(b[-depth:])}:{second}"
    if labels[0] == labels[1]:
        return f"{labels[0]} (A)", f"{labels[1]} (B)"
    return labels


def _folders(result: Path) -> list[str]:
    """The folders down to a result (its ``plans.json`` left out; another JSON file by its
    name without ``.json``)."""
    path = result.resolve()
    if path.name == "plans.json":
        path = path.parent
    elif not path.is_dir():
        path = path.with_suffix("")
    return [part for part in path.parts if part != path.anchor]
