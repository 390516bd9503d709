"""The files of a solve a planner downloads (``/api/solves/{id}/files/{name}`` and
``…/plans/{k}``): those its result folder holds, and those made on demand from a plan as
``plan export`` and ``plan calendar`` make them (moved out of web/solves.py, at its 400
lines: review 37b, finding 10).

A JSON file is sent as the JSON answers show a result, naming no path of the server's
(docs/workbench.md): ``plans.json`` and ``plan-K.json`` record the instance and the baseline
they were solved from by where the server keeps them, as the commands need, and were sent as
they are (review 37b, finding 2). The files on disk stay as ``plan solve`` writes them."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import cast

from fastapi import Response
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from pairing_planner.i18n import _
from pairing_planner.web.calendars import calendar_download
from pairing_planner.web.download_names import content_disposition
from pairing_planner.web.jobs import Job
from pairing_planner.web.problems import not_found
from pairing_planner.web.server import Server
from pairing_planner.web.server_paths import without_paths
from pairing_planner.web.shown import job_result, known_plan, result_folder
from pairing_planner.web.solve_list import job_names

GENERATED = re.compile(r"(ledger|list|report)-([1-9][0-9]{0,2})\.(xlsx|docx)")
"""Files made on demand from a plan, as ``plan export --form`` writes them: the ledger (台账),
the official pairing list, the R4 report per helper city."""
EXPORTED_PLAN = re.compile(r"plan-([1-9][0-9]{0,2})\.(json|csv)")
"""A plan's own file made on demand, as ``plan export plan-K.json|csv`` writes it."""
PLAN_FORMATS = {"json": "plan-{k}.json", "csv": "plan-{k}.csv", "xlsx": "ledger-{k}.xlsx"}
"""The file ``/plans/{k}?format=`` sends, by its format."""
RANKED = re.compile(r"(?:plan|ledger|list|report|calendar)-([0-9]+)\.(?:json|csv|xlsx|docx|zip)")
"""A file of one plan, by its number: a number the result lacks is one answer (404) wherever
it is asked (:func:`~pairing_planner.web.shown.known_plan`)."""
DOWNLOADS = {
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
}
"""The media type a download is sent as, by its extension (as FileResponse guesses it)."""


def downloads(*kinds: str) -> dict[str, object]:
    """The ``200`` of a route that sends files of these kinds, by their media types."""
    return {"description": "The file.", "content": {DOWNLOADS[k]: {} for k in kinds}}


def solve_file(at: Server, job: Job, name: str) -> Response:
    """A file of the result folder by its name there, or one made on demand from a plan
    for this request alone; a name that is neither is not found (never a path)."""
    folder = Path(result_folder(job))
    written = written_files(folder)
    saved = {"Content-Disposition": content_disposition(*job_names(at, job), name)}
    if name in written:
        return _sent(at, job, written[name], saved)
    ranked = RANKED.fullmatch(name)
    if ranked is not None:
        known_plan(job, int(ranked.group(1)))
    calendar = calendar_download(at, job, name)
    if isinstance(calendar, Path):
        return FileResponse(calendar, headers=saved)
    if calendar is not None:
        return calendar
    if GENERATED.fullmatch(name) is None and EXPORTED_PLAN.fullmatch(name) is None:
        raise not_found(_("the solve has no file '{name}'").format(name=name))
    return _exported(at, job, name, saved)


def written_files(folder: Path) -> dict[str, Path]:
    """The files of a result folder a planner may download, by name (not the tool's own
    record of what it wrote)."""
    return {p.name: p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}


def _sent(
    at: Server, job: Job, path: Path, headers: dict[str, str], cleanup: BackgroundTask | None = None
) -> Response:
    """``path`` as the answer: a JSON file as the JSON answers show a result (its instance
    by id, its baseline by solve), any other file as it is."""
    if path.suffix != ".json":
        return FileResponse(path, headers=headers, background=cleanup)
    shown = without_paths(at, job.instance, json.loads(path.read_text(encoding="utf-8")))
    body = json.dumps(shown, ensure_ascii=False, indent=2) + "\n"
    return Response(body, media_type=DOWNLOADS["json"], headers=headers, background=cleanup)


def _exported(at: Server, job: Job, name: str, headers: dict[str, str]) -> Response:
    """``name`` written for this request alone, in a folder of its own removed once it is
    sent (or at once when writing it fails): when requests shared ``exports/<name>``, one in
    English could replace it while one in Chinese was sending it, which then got the English
    sheets or a torn file (review 37, finding 2)."""
    folder = Path(tempfile.mkdtemp(prefix="pairing-planner-"))
    removed = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)
    try:
        return _sent(at, job, _export(job, name, folder), headers, removed)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _export(job: Job, name: str, folder: Path) -> Path:
    """Write ``name`` into ``folder`` as ``plan export`` does (its form and plan read from
    the name)."""
    from pairing_planner.api import instance_of, plan_of
    from pairing_planner.report.export import Form, export_plan

    kind, rank = name.rsplit(".", 1)[0].rsplit("-", 1)
    result = job_result(job)
    chosen = plan_of(result, int(rank))
    target = folder / name
    form = None if kind == "plan" else cast(Form, kind)
    export_plan(instance_of(result), result, chosen, target, form=form)
    return target
