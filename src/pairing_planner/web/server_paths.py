"""What the API says in place of the server's own paths: a result records the files it was
solved from (its instance, the baseline it was re-planned from) by path, as the commands
need, but an answer never shows where the server keeps them (review 37, finding 7:
``"source": "/tmp/…/solves/56f8…/mingdan/plans.json 的方案 1"``, Chinese under English). The
API names them as the planner knows them: the instance by its id, the baseline by its solve's
id and title, worded in the language asked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pairing_planner.i18n import _
from pairing_planner.result.plan import Replan
from pairing_planner.web.job_state import Job
from pairing_planner.web.server import Server


def solve_at(at: Server, path: str) -> Job | None:
    """The solve of the server whose result folder holds ``path`` (a baseline's
    ``plans.json``), or None for a file elsewhere."""
    root = (at.config.data / "solves").resolve()
    try:
        parts = Path(path).resolve().relative_to(root).parts
    except ValueError:
        return None
    return at.jobs.get(parts[0]) if parts else None


def baseline_source(at: Server, replan: Replan) -> str:
    """The baseline plan a re-plan started from, in the current language: the solve
    '56f8…' (its instance's title), plan 1."""
    return _source(solve_at(at, replan.baseline), replan.baseline_plan)


def _source(job: Job | None, rank: int) -> str:
    """A baseline plan named by its solve (``job``, None for a file elsewhere)."""
    if job is None:
        return _("an earlier result, plan {rank}").format(rank=rank)
    return _("the solve '{id}' ({title}), plan {rank}").format(
        rank=rank, id=job.id, title=job.title or job.instance
    )


def without_paths(at: Server, instance: str, result: dict[str, Any]) -> dict[str, Any]:
    """``result`` (``plans.json`` as the API shows it) naming its instance by its id and its
    baseline by its solve's id (each plan's change report by that solve and its title, in
    the current language), never by where the server keeps them."""
    result["instance_path"] = instance
    replan = result.get("replan")
    if isinstance(replan, dict) and replan.get("baseline"):
        job = solve_at(at, str(replan["baseline"]))
        source = _source(job, int(replan.get("baseline_plan") or 1))
        for plan in result.get("plans") or []:
            if isinstance(plan.get("changes"), dict):
                plan["changes"]["source"] = source
        replan["baseline"] = job.id if job is not None else ""
    return result
