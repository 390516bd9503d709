"""Handing a plan on: the ledger (.xlsx), CSV, the documented JSON, Parquet (with pyarrow),
and for printing and filing the official pairing list and the R4 report per city (.xlsx or
.docx, :mod:`pairing_planner.report.official`).

The format follows the file's extension, the form (ledger, list, report) the caller's
choice. Contacts go only into the ledger and the printed lists, and only when asked for;
every file is written atomically (:mod:`pairing_planner.io.atomic`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from importlib.util import find_spec
from pathlib import Path
from typing import Literal

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _
from pairing_planner.instance.bureau_files.contacts import read_contacts
from pairing_planner.instance.index.instance import Instance
from pairing_planner.io.atomic import replacing, write_atomic
from pairing_planner.io.replaced_folders import writing_file
from pairing_planner.report.csv_exports import plan_csv
from pairing_planner.report.frames import pairs_frame
from pairing_planner.report.ledger import ledger_frames, write_ledger
from pairing_planner.report.official import official_lists, write_official_docx, write_official_xlsx
from pairing_planner.result.plan import Plan, Result
from pairing_planner.result.worded_result import result_in_current_language

FORMATS = (".xlsx", ".docx", ".csv", ".json", ".parquet")

Form = Literal["ledger", "list", "report"]
"""What an .xlsx or .docx holds: the ledger (台账, R2), the official pairing list in the
attachment's layout, or the R4 report (a list per helper city)."""

PRINTED: tuple[Form, ...] = ("list", "report")
FORM_WORDS = {"ledger": N_("ledger"), "list": N_("pairing list"), "report": N_("R4 report")}


def export_plan(
    instance: Instance,
    result: Result,
    plan: Plan,
    target: Path,
    *,
    with_contacts: bool = False,
    bom: bool = True,
    school_year: int | None = None,
    form: Form | None = None,
    force: bool = False,
) -> Path:
    """Write ``plan`` to ``target`` in the format its extension names; a CSV starts with a
    byte-order mark so that Excel reads it as UTF-8 (``bom=False``: plain UTF-8). A ledger's
    duties are for the school year beginning in ``school_year`` (default: the current one).
    An existing ``target`` is replaced only with ``force``, and never while another command
    writes it or the result folder it lies in."""
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        message = _("cannot export to '{suffix}': use one of {formats}").format(
            suffix=suffix or target.name, formats=", ".join(FORMATS)
        )
        raise InputError([Problem(message, target)])
    form = form or ("list" if suffix == ".docx" else "ledger")
    printable = suffix in (".xlsx", ".docx")
    if (form in PRINTED and not printable) or (form == "ledger" and suffix == ".docx"):
        message = _("a {form} is written as {formats}").format(
            form=_(FORM_WORDS[form]), formats=".xlsx, .docx" if form in PRINTED else ".xlsx"
        )
        raise InputError([Problem(message, target)])
    if with_contacts and suffix not in (".xlsx", ".docx"):
        message = _("contacts go only into the .xlsx ledger and the printed lists")
        raise InputError([Problem(message, target)])
    with writing_file(target, force=force):
        _write(instance, result, plan, target, form, with_contacts, bom, school_year)
    return target


def _write(
    instance: Instance,
    result: Result,
    plan: Plan,
    target: Path,
    form: Form,
    with_contacts: bool,
    bom: bool,
    school_year: int | None,
) -> None:
    """Write ``target`` as its extension and ``form`` say (checked by the caller)."""
    suffix = target.suffix.lower()
    if form in PRINTED:
        contacts = read_contacts(instance) if with_contacts else None
        lists = official_lists(instance, plan, per_city=form == "report", contacts=contacts)
        with replacing(target) as path:
            (write_official_docx if suffix == ".docx" else write_official_xlsx)(path, lists)
    elif suffix == ".csv":
        write_atomic(target, plan_csv(instance, plan), bom=bom)
    elif suffix == ".json":
        worded = result_in_current_language(replace(result, plans=[plan]))
        document = asdict(worded)
        write_atomic(target, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif suffix == ".parquet":
        with replacing(target) as path:
            _parquet(instance, plan, path)
    else:
        sheets = ledger_frames(instance, result, plan, with_contacts, school_year)
        with replacing(target) as path:
            write_ledger(path, sheets)


def _parquet(instance: Instance, plan: Plan, path: Path) -> None:
    if find_spec("pyarrow") is None:
        message = _("Parquet needs pyarrow: pip install 'pairing-planner[parquet]'")
        raise InputError([Problem(message, path)])
    pairs_frame(instance, plan).to_parquet(path, index=False)
