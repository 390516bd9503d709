"""Handing a plan on: the ledger (.xlsx), CSV, the documented JSON, Parquet (with pyarrow).

The format follows the file's extension. Contacts go only into the ledger, and only when
asked for; every file is written atomically (:mod:`pairing_planner.io.atomic`).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from importlib.util import find_spec
from pathlib import Path

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.instance import Instance
from pairing_planner.io.atomic import replacing, write_atomic
from pairing_planner.report.frames import pairs_frame
from pairing_planner.report.ledger import ledger_frames, write_ledger
from pairing_planner.result.plan import Plan, Result

FORMATS = (".xlsx", ".csv", ".json", ".parquet")


def export_plan(
    instance: Instance,
    result: Result,
    plan: Plan,
    target: Path,
    *,
    with_contacts: bool = False,
    bom: bool = True,
    school_year: int | None = None,
) -> Path:
    """Write ``plan`` to ``target`` in the format its extension names; a CSV starts with a
    byte-order mark so that Excel reads it as UTF-8 (``bom=False``: plain UTF-8). A ledger's
    duties are for the school year beginning in ``school_year`` (default: the current one)."""
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        message = _("cannot export to '{suffix}': use one of {formats}").format(
            suffix=suffix or target.name, formats=", ".join(FORMATS)
        )
        raise InputError([Problem(message, target)])
    if with_contacts and suffix != ".xlsx":
        raise InputError([Problem(_("contacts go only into the .xlsx ledger"), target)])
    if suffix == ".csv":
        write_atomic(target, pairs_frame(instance, plan).to_csv(index=False), bom=bom)
    elif suffix == ".json":
        document = {**asdict(result), "plans": [asdict(plan)]}
        write_atomic(target, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif suffix == ".parquet":
        with replacing(target) as path:
            _parquet(instance, plan, path)
    else:
        sheets = ledger_frames(instance, result, plan, with_contacts, school_year)
        with replacing(target) as path:
            write_ledger(path, sheets)
    return target


def _parquet(instance: Instance, plan: Plan, path: Path) -> None:
    if find_spec("pyarrow") is None:
        message = _("Parquet needs pyarrow: pip install 'pairing-planner[parquet]'")
        raise InputError([Problem(message, path)])
    pairs_frame(instance, plan).to_parquet(path, index=False)
