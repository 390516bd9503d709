"""What the instance, solve and page routes share: an instance's check as the API shows
it, and a solve looked up by its id, refused until it has a result where one is needed.
Shared here, not taken from one route module by another."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pairing_planner.errors import Problem
from pairing_planner.i18n import N_, _, listing
from pairing_planner.report.result_folder import load_result, peek
from pairing_planner.result.plan import Result
from pairing_planner.web.jobs import Job
from pairing_planner.web.models import InstanceOut, ProblemItem
from pairing_planner.web.problems import conflict, not_found
from pairing_planner.web.server import Server
from pairing_planner.web.store import Stored


def checked(stored: Stored) -> InstanceOut:
    """The instance's summary and findings, each citing a file the planner knows: a school
    its list's row (the file named as uploaded), anything else its line in an instance file
    they uploaded (``file``, by its name), and nothing in the file the workbench wrote from
    their lists (:attr:`Instance.shown`)."""
    from pairing_planner.diagnosis.checks import check_instance

    instance = stored.instance
    findings = []
    for finding in check_instance(instance):
        found = finding.as_json()
        source = found.get("source")
        if isinstance(source, dict):
            source["file"] = stored.shown.get(str(source["file"]), source["file"])
        if instance.cited_path is None:
            found["line"] = None
        elif found["line"] is not None:
            found["file"] = instance.cited_path.name
        findings.append(found)
    notes = [_note(stored, n) for n in stored.notes]
    warned = _stage_rows(findings)
    notes = [n for n in notes if (n.file, n.sheet or None, n.line) not in warned]
    return InstanceOut(
        id=stored.id,
        name=instance.name,
        title=instance.data.title,
        recipients=len(instance.recipients),
        helpers=len(instance.helpers),
        notes=notes,
        findings=findings,
        conflicts=sum(1 for f in findings if f["severity"] == "conflict"),
    )


def _note(stored: Stored, note: Problem) -> ProblemItem:
    """An import note citing the file the planner sent by the name they sent it under, and
    nothing in a file they did not send: last year's instance, which the server wrote from
    last year's lists, was cited as "instance.yaml", line 799 (review 37, finding 12)."""
    file = stored.shown.get(note.file.name) if note.file else None
    return ProblemItem(
        message=note.message,
        file=file,
        line=note.line if file else None,
        field=note.field,
        sheet=note.sheet if file else None,
    )


def _stage_rows(findings: list[dict[str, Any]]) -> set[tuple[object, object, object]]:
    """The list rows (file, sheet, row) of schools whose name contradicts their stage: the
    check warns of each, with its clause, so the import's note of it is not said again beside
    the warning (the page showed both)."""
    return {
        (source["file"], source.get("sheet") or None, source.get("row"))
        for found in findings
        if found.get("code") == "stage-name" and isinstance(source := found.get("source"), dict)
    }


def solve_job(at: Server, solve_id: str) -> Job:
    """The solve ``solve_id``, or 404."""
    job = at.jobs.get(solve_id)
    if job is None:
        raise not_found(_("there is no solve '{id}' on this server").format(id=solve_id))
    return job


def finished(at: Server, solve_id: str) -> Job:
    """The solve, refused (409) until it has a result."""
    job = solve_job(at, solve_id)
    if not job.has_result:
        message = _("the solve '{id}' has no result yet (it is {state})").format(
            id=solve_id, state=job.state
        )
        raise conflict(message)
    return job


def result_folder(job: Job) -> str:
    """The folder a solve with a result has written it in."""
    assert job.folder is not None  # a job with a result has written it
    return job.folder


def plans_file(at: Server, solve_id: str) -> Path:
    """The ``plans.json`` of a finished solve (a baseline, last year's result, a plan to
    verify)."""
    return Path(result_folder(finished(at, solve_id))) / "plans.json"


NO_PLAN = N_("the solve '{id}' has no plan {rank} (its plans: {ranks})")


def known_plan(job: Job, rank: int) -> None:
    """Refuse (404) a plan number the solve's result lacks, naming the plans it has: one
    answer for every route that takes one (plans/K, files/…-K, calendars/K, changes/K), where
    ``plans/0`` named a file the server keeps (plan-0.json) and ``plans/9`` was 422."""
    ranks = peek(result_folder(job)).ranks
    if rank not in ranks:
        listed = listing(str(r) for r in ranks) or _("none")
        raise not_found(_(NO_PLAN).format(id=job.id, rank=rank, ranks=listed))


def job_result(job: Job) -> Result:
    """The result a finished solve wrote, as the commands read it."""
    return load_result(result_folder(job))
