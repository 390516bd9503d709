"""``GET /api/solves/{a}/plans/{k}/compare/{b}/{j}``: two plans of one instance compared as
``plan compare`` compares them (:func:`~pairing_planner.result.compare.compare_plans`), the
differences that only swap interchangeable schools set apart. The page words its "what
changed" after a re-solve and its comparison of two plans from this answer, where it counted
every differing pair in the script: a lock and a forbid of Heze read "8 pairs changed", two
of them 成武县第一中学 and 第二中学 trading helpers no rule and no cost tells apart (issue 32)."""

from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from pairing_planner.i18n import Language, _
from pairing_planner.web.error_schema import error_responses
from pairing_planner.web.language import speaking
from pairing_planner.web.problems import conflict
from pairing_planner.web.server import Server, language, server
from pairing_planner.web.shown import finished, job_result, known_plan, result_folder
from pairing_planner.web.store import InstanceStore

router = APIRouter(prefix="/api", tags=["solves"], responses=error_responses(404, 409))


class PairChangeOut(BaseModel):
    """A recipient whose helpers differ: in plan A, in plan B, the cost change, and whether it
    is only a swap of interchangeable schools (the same plan to a planner)."""

    recipient: str
    helpers_a: list[str]
    helpers_b: list[str]
    cost_change: float
    swap: bool


class ComparisonOut(BaseModel):
    """Plan A against plan B, as ``plan compare --json`` gives it."""

    objective_a: float
    objective_b: float
    terms_a: dict[str, float]
    terms_b: dict[str, float]
    changes: list[PairChangeOut]
    real_changes: int = Field(description="Changes no swap of interchangeable schools explains.")
    swapped: list[list[str]] = Field(description="The groups of interchangeable schools swapped.")
    cities: list[str] = Field(description="Cities whose set of helper schools differs.")
    counties: list[str] = Field(description="Counties where a recipient gets another helper.")


@router.get("/solves/{solve_id}/plans/{k}/compare/{other_id}/{j}")
def compared(
    solve_id: str,
    k: int,
    other_id: str,
    j: int,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> ComparisonOut:
    """Plan ``k`` of solve ``solve_id`` (A) against plan ``j`` of ``other_id`` (B); 409 when
    the two solves solved different instances."""
    from pairing_planner.api import plan_of
    from pairing_planner.result.compare import compare_plans
    from pairing_planner.result.swaps import common_groups

    with speaking(lang):
        jobs = finished(at, solve_id), finished(at, other_id)
        for job, rank in zip(jobs, (k, j), strict=True):
            known_plan(job, rank)
        if jobs[0].instance != jobs[1].instance:
            raise conflict(
                _(
                    "the solves '{a}' and '{b}' solved different instances; compare plans of one"
                ).format(a=solve_id, b=other_id)
            )
        a, b = (job_result(job) for job in jobs)
        instance = at.store.get(jobs[0].instance).instance
        first, second = (_groups(at.store, job.instance, result_folder(job)) for job in jobs)
        groups = common_groups(first, second)
        found = compare_plans(instance, plan_of(a, k), plan_of(b, j), groups=groups)
        shown = asdict(found)
        del shown["label_a"], shown["label_b"]
        return ComparisonOut(**shown, real_changes=found.real_changes)


@lru_cache(maxsize=16)
def _groups(store: InstanceStore, instance_id: str, folder: str) -> tuple[tuple[str, ...], ...]:
    """The interchangeable schools of the instance as the solve written in ``folder`` solved
    it, its locks, forbids and baseline applied (a forbidden pair's schools are no longer
    alike); found once per solve: neither an uploaded instance nor a written result changes."""
    from pairing_planner.api import interchangeable_schools
    from pairing_planner.prepare.replan import apply_replan
    from pairing_planner.report.result_folder import load_result

    instance = store.get(instance_id).instance
    replan = load_result(folder).replan
    if replan is not None:
        instance = apply_replan(instance, replan)
    return tuple(tuple(group) for group in interchangeable_schools(instance))
