"""``POST /api/instances`` and ``GET /api/instances/{id}/check``: school lists or an instance
file in, ``plan check``'s findings out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, UploadFile
from fastapi.params import Form
from starlette.concurrency import run_in_threadpool

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import Language, _, listing
from pairing_planner.web.error_schema import error_responses
from pairing_planner.web.language import speaking
from pairing_planner.web.models import InstanceOut
from pairing_planner.web.problems import ApiProblem
from pairing_planner.web.server import Server, language, server
from pairing_planner.web.shown import checked, plans_file
from pairing_planner.web.store import TEMPLATE_FILE, Stored, Upload, upload_cap

router = APIRouter(prefix="/api/instances", tags=["instances"], responses=error_responses(404, 422))

CHUNK = 1024 * 1024


@router.post("", status_code=201)
async def add_instance(
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
    file: UploadFile | None = None,
    recipients: UploadFile | None = None,
    helpers: UploadFile | None = None,
    template: Annotated[str | None, Form()] = None,
    template_file: UploadFile | None = None,
    previous: Annotated[str | None, Form()] = None,
    base: Annotated[str | None, Form()] = None,
) -> InstanceOut:
    """Store an instance file (``file``), or school lists (``recipients``, ``helpers``:
    .xlsx or .csv) imported as ``plan import`` does with ``template`` (a shipped instance's
    name, e.g. ``heze``) or ``template_file`` (an instance file), and with ``previous`` (the
    id of last year's finished solve) keeping last year's ids as ``plan import --previous``
    does; answer with its id and ``plan check``'s findings. ``base``, the id of the instance
    a corrected list replaces a list of, keeps that instance's other list and template, so
    that a corrected recipients' list never takes the template's sample helpers instead."""
    given = {
        role: await _read(role, upload, lang)
        for role, upload in (
            ("file", file),
            ("recipients", recipients),
            ("helpers", helpers),
            ("template_file", template_file),
        )
        if upload is not None
    }
    if base is not None:
        given = {**_kept_from(at.store.get(base), given, template), **given}
    return await run_in_threadpool(_add, at, lang, given, template, previous)


@router.get("/{instance_id}/check")
def check(
    instance_id: str,
    at: Annotated[Server, Depends(server)],
    lang: Annotated[Language, Depends(language)],
) -> InstanceOut:
    """``plan check`` of a stored instance: conflicts, warnings and notes, each citing the
    list's row."""
    with speaking(lang):
        return checked(at.store.get(instance_id))


def _add(
    at: Server,
    lang: Language,
    given: dict[str, Upload],
    template: str | None,
    previous: str | None,
) -> InstanceOut:
    with speaking(lang):
        if "file" in given:
            return checked(at.store.add_file(given["file"]))
        chosen = given.get("template_file") or template
        if not chosen:
            raise InputError([Problem(_no_template(at), None, None, "template")])
        last_year = None if previous is None else plans_file(at, previous)
        lists = given.get("recipients"), given.get("helpers")
        return checked(at.store.add_lists(chosen, *lists, last_year))


def _no_template(at: Server) -> str:
    """Why school lists without a template are refused, and what to give: the templates
    this server has by name, or, when it found none, how to start it with some (a server
    started outside the repository had none, and said only to give one, issue 32)."""
    names = listing([path.stem for path in at.store.shipped()])
    if names:
        return _(
            "School lists need a template, which gives the rules and costs: give 'template' "
            "(one of {names}) or 'template_file' (an instance file), or send a whole instance "
            "file as 'file'."
        ).format(names=names)
    return _(
        "School lists need a template, and this server found none to offer: give "
        "'template_file' (an instance file) with the lists, send a whole instance file as "
        "'file', or start plan serve with --examples DIR (a folder of instance files)."
    )


def _kept_from(base: Stored, given: dict[str, Upload], template: str | None) -> dict[str, Upload]:
    """What ``base`` gives an upload correcting one of its lists: its other list as it was
    uploaded, and its template unless another is named. An instance with no lists (an
    instance file, an example) is itself the template: its schools stay."""
    kept = {}
    for role in ("recipients", "helpers"):
        for stored in base.folder.glob(f"{role}.*"):
            kept[role] = Upload(base.shown.get(stored.name, stored.name), stored.read_bytes())
    if template is None and "template_file" not in given:
        own = base.folder / TEMPLATE_FILE
        chosen = own if own.is_file() and kept else base.path
        kept["template_file"] = Upload(
            base.shown.get(chosen.name, chosen.name), chosen.read_bytes()
        )
    return kept


async def _read(role: str, upload: UploadFile, lang: Language) -> Upload:
    """The upload's bytes, refused (413) once past its role's cap, before the rest is read."""
    cap = upload_cap(role)
    data = bytearray()
    while chunk := await upload.read(CHUNK):
        data += chunk
        if len(data) > cap:
            raise _too_large(upload.filename or role, role, cap, lang)
    return Upload(upload.filename or role, bytes(data))


def _too_large(name: str, role: str, cap: int, lang: Language) -> ApiProblem:
    """Why the list ``name`` is refused, worded in ``lang`` (it was English on a Chinese
    server, review 37, finding 12); made apart from reading it, which awaits, as a
    language may not be held across an await."""
    with speaking(lang):
        message = _(
            "{name} is larger than the {limit:,} bytes such a file may have; split the list"
        ).format(name=name, limit=cap)
        return ApiProblem(413, "too-large", _("Too large."), [Problem(message, None, None, role)])
