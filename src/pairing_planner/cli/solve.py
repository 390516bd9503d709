"""``plan solve INSTANCE``: solve, show the plans, and write the result directory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pairing_planner.cli import (
    EXIT_NO_PLAN,
    command_start,
    friendly,
    instance_language,
    plan_option,
    stderr,
    stdout,
)
from pairing_planner.cli.language import TranslatedCommand
from pairing_planner.cli.param_types import FiniteFloat
from pairing_planner.i18n import N_
from pairing_planner.instance.schema.number_caps import (
    MAX_COUNT,
    MAX_SECONDS,
    MAX_SEED,
    MAX_WEIGHT,
    MAX_WITHIN_PCT,
)

if TYPE_CHECKING:
    from pairing_planner.instance.index.instance import Instance
    from pairing_planner.instance.schema.models import DifferBy, Executor
    from pairing_planner.result.plan import Result

HELP = N_(
    "Solve INSTANCE; exit 0 with a plan (relaxed plans included), 1 when there is none, 2 "
    "on bad input."
)
"""What ``plan solve --help`` says."""
SHORT = N_("Solve an instance: optimal or least-relaxed plans.")
"""Its line in ``plan --help``."""


@click.command("solve", cls=TranslatedCommand, help=HELP, short_help=SHORT)
@click.argument("instance", type=click.Path(path_type=Path), required=False)
@click.option(
    "--reproduce",
    type=click.Path(path_type=Path),
    help=N_(
        "Re-run the solve a plans.json records (its instance and parameters) and report "
        "whether the plans are identical."
    ),
)
@click.option("--plans", type=click.IntRange(1, 100), help=N_("How many plans, best first."))
@click.option(
    "--min-diff",
    type=click.IntRange(1, MAX_COUNT),
    help=N_(
        "Each further plan differs from every earlier one in ≥ D recipients' helpers.",
    ),
)
@click.option(
    "--front",
    metavar="A,B",
    help=N_(
        "Instead: the trade-off between two cost terms (e.g. distance,score_gap), the plans "
        "no other plan beats on both: both ends and points between, the balanced one "
        "marked; up to --plans of them (default 5)."
    ),
)
@click.option(
    "--differ-by",
    type=click.Choice(["school", "city", "county"]),
    help=N_(
        "What --min-diff counts: recipients whose helper changes (school), helper cities "
        "whose helper schools change (city), or counties whose schools' helpers change "
        "(county)."
    ),
)
@click.option(
    "--within",
    type=FiniteFloat(0, MAX_WITHIN_PCT, min_open=True),
    help=N_(
        "Further plans cost ≤ PCT % above plan 1, as different from earlier plans as possible.",
    ),
)
@click.option(
    "--time-limit", type=FiniteFloat(0, MAX_SECONDS, min_open=True), help=N_("Seconds in all.")
)
@click.option("--seed", type=click.IntRange(0, MAX_SEED), help=N_("Solver seed."))
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help=N_("CP-SAT threads for a single plan of one model (default 1, the fastest measured)."),
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("results"),
    show_default=True,
    help=N_("Results go to OUT/<instance name>/."),
)
@click.option(
    "--strict",
    is_flag=True,
    default=None,
    help=N_("When no plan keeps every rule: diagnose only, no relaxed plans (exit 1)."),
)
@click.option("--jobs", type=click.IntRange(1, 64), help=N_("Processes for independent parts."))
@click.option(
    "--executor",
    type=click.Choice(["processes", "dask"]),
    help=N_("Where independent parts run: this machine's processes, or a Dask cluster."),
)
@click.option(
    "--scheduler",
    metavar=N_("ADDRESS"),
    help=N_("A Dask scheduler's address (implies --executor dask); none: a local cluster."),
)
@click.option(
    "--no-decompose",
    "no_decompose",
    is_flag=True,
    default=None,
    help=N_("Solve one model instead of independent parts (for comparison)."),
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    help=N_(
        "Re-plan from an earlier plan (plans.json, plan CSV or ledger .xlsx), changing as "
        "few pairs as the rules allow."
    ),
)
@plan_option("baseline_plan", N_("Which plan of the --baseline plans.json."))
@click.option(
    "--keep-weight",
    type=FiniteFloat(0, MAX_WEIGHT, min_open=True),
    help=N_("Cost of each changed pair (default: the instance's 'change' weight, else 50)."),
)
@click.option(
    "--keep-first", is_flag=True, help=N_("Fewest changed pairs first, then the other costs.")
)
@click.option(
    "--lock-baseline", is_flag=True, help=N_("Pin every baseline pair the instance still allows.")
)
@click.option(
    "--trust-ids",
    is_flag=True,
    help=N_(
        "Take the --baseline's ids as this instance's schools even where its names or places "
        "differ (without it, such a baseline is refused, naming each school)."
    ),
)
@click.option("--lock", multiple=True, metavar="H:R", help=N_("Pin a pair (repeatable)."))
@click.option("--forbid", multiple=True, metavar="H:R", help=N_("Rule out a pair (repeatable)."))
@click.option("--force", is_flag=True, help=N_("Replace an earlier result directory."))
@click.option("--json", "as_json", is_flag=True, help=N_("The result as JSON on stdout."))
@click.option(
    "--explain", is_flag=True, help=N_("Per pair: cost by term and the best other helper.")
)
@click.option("--quiet", is_flag=True, help=N_("Only the summary line."))
@friendly
def command(
    instance: Path | None,
    reproduce: Path | None,
    plans: int | None,
    min_diff: int | None,
    differ_by: DifferBy | None,
    front: str | None,
    within: float | None,
    strict: bool | None,
    jobs: int | None,
    executor: Executor | None,
    scheduler: str | None,
    no_decompose: bool | None,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    out: Path,
    baseline: Path | None,
    baseline_plan: int,
    keep_weight: float | None,
    keep_first: bool,
    lock_baseline: bool,
    trust_ids: bool,
    lock: tuple[str, ...],
    forbid: tuple[str, ...],
    force: bool,
    as_json: bool,
    explain: bool,
    quiet: bool,
) -> None:
    """``plan solve``: its help, translated where shown, is ``HELP``."""
    started = command_start()
    from pairing_planner.api import solve, trade_off
    from pairing_planner.i18n import _
    from pairing_planner.instance.yaml_files.load import load_instance
    from pairing_planner.report.live_progress import LiveProgress
    from pairing_planner.report.result_folder import result_dir, writing_seconds
    from pairing_planner.report.terminal import render_result, summary_line
    from pairing_planner.result.plan import Replan
    from pairing_planner.solving.options import SolveOptions

    if reproduce is not None:
        _reproduce(reproduce, instance)
        return
    if instance is None:
        raise click.UsageError(_("give an INSTANCE to solve, or --reproduce plans.json"))
    if (keep_weight or keep_first or lock_baseline or trust_ids) and baseline is None:
        raise click.UsageError(
            _("--keep-weight, --keep-first, --lock-baseline and --trust-ids need --baseline")
        )
    replan = (
        Replan(
            baseline=str(baseline.resolve()) if baseline else "",
            baseline_plan=baseline_plan,
            keep_weight=keep_weight,
            keep_first=keep_first,
            lock_baseline=lock_baseline,
            trust_ids=trust_ids,
            lock=lock,
            forbid=forbid,
        )
        if baseline or lock or forbid
        else None
    )
    options = SolveOptions(
        plans=plans,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        min_diff=min_diff,
        within=within,
        differ_by=differ_by,
        strict=strict,
        jobs=jobs,
        decompose=False if no_decompose else None,
        executor="dask" if scheduler else executor,
        scheduler=scheduler,
    )
    loaded = load_instance(instance)
    with instance_language(loaded):
        result_dir(out, loaded.name, force=force)
        _warn_about_workers(workers)
        # The limit covers writing too: the solve keeps that much of it back.
        writing = writing_seconds(loaded, options.resolved(loaded).plans)
        if front is not None:
            result = trade_off(loaded, _terms(front), options, started=started)
        else:
            with LiveProgress(stderr()) as progress:
                result = solve(loaded, options, progress, progress.part, replan, started, writing)
        if as_json:
            click.echo(result.to_json(), nl=False)
        elif quiet:
            stdout().print(summary_line(result))
        else:
            render_result(stdout(), loaded, result, explain)
        if not result.plans:
            raise SystemExit(EXIT_NO_PLAN)
        folder = _write(loaded, result, out, force)
        if not as_json:
            stderr().print(_("Written to {folder}/").format(folder=folder))


def _write(loaded: Instance, result: Result, out: Path, force: bool) -> Path:
    """Write the result, shown already, into ``OUT/<name>/``. When that folder refuses it
    (a result written there while this one was solved, a file of the planner's found where
    one of ours goes, another command writing it), the result is written beside it instead
    and the command exits 2 saying where: the plans of a long solve are not lost."""
    from pairing_planner.errors import InputError, Problem
    from pairing_planner.i18n import _
    from pairing_planner.io.write_errors import Refused
    from pairing_planner.report.result_folder import write_result, write_result_beside

    try:
        return write_result(loaded, result, out, force=force)
    except Refused as refused:
        try:
            beside = write_result_beside(loaded, result, out)
        except InputError as failed:
            raise InputError(refused.problems + failed.problems) from None
        message = _(
            "this result was written to {folder}/ instead, so that the solve is not lost; "
            "move it where you want it, or solve again with --force or another --out"
        ).format(folder=beside)
        raise InputError([*refused.problems, Problem(message)]) from None


def _terms(front: str) -> tuple[str, str]:
    """``--front A,B`` as the two terms' names (ids or the labels the tool prints, found and
    checked against the instance's weights by the trade-off)."""
    from pairing_planner.i18n import _
    from pairing_planner.objective.term_names import split_terms

    terms = split_terms(front)
    if len(terms) != 2:
        raise click.UsageError(_("--front takes two cost terms, e.g. distance,score_gap"))
    return terms[0], terms[1]


def _warn_about_workers(workers: int | None) -> None:
    """More CP-SAT workers than cores only slow the search down."""
    from pairing_planner.i18n import _

    cores = os.cpu_count() or 1
    if workers is not None and workers > cores:
        stderr().print(
            _(
                "warning: {n} solver workers on {cores} cores is slower, not faster; use "
                "--workers {cores}"
            ).format(n=workers, cores=cores)
        )


def _reproduce(recorded: Path, instance: Path | None) -> None:
    """Solve again with the recorded instance (checked by sha256) and parameters; exit 0
    when every plan has the same pairs, 1 otherwise."""
    from pairing_planner.api import instance_of, reproduce
    from pairing_planner.report.result_folder import load_result
    from pairing_planner.report.verdicts import render_reproduction

    before = load_result(recorded)
    loaded = instance_of(before, instance, recorded)
    with instance_language(loaded):
        found = reproduce(before, loaded)
        render_reproduction(stdout(), found)
        if not found.same:
            raise SystemExit(EXIT_NO_PLAN)
