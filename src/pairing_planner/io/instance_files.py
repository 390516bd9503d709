"""Writing an imported instance and its contacts file beside it (``plan import``): both
checked before either is written, so nothing a planner had is replaced unless asked."""

from __future__ import annotations

from pathlib import Path

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.dump import instance_yaml
from pairing_planner.instance.school_lists import Imported
from pairing_planner.io.atomic import write_atomic
from pairing_planner.io.csv_cells import csv_rows

CONTACT_HEADERS = ("学校编号", "负责人", "联系电话")
"""The contacts file's columns, as :mod:`pairing_planner.instance.contacts` reads them."""


def contacts_name(out: Path) -> str:
    """The contacts file's name for an instance written to ``out``: ``NAME.contacts.csv``,
    which ``.gitignore`` keeps out of the repository."""
    return f"{out.stem}.contacts.csv"


def write_imported(imported: Imported, out: Path, *, force: bool = False) -> list[Path]:
    """Write the instance to ``out`` and, when the lists had any, its contacts beside it (CSV
    with a byte-order mark, so Excel shows the names); the paths written."""
    targets = [out] + ([out.parent / contacts_name(out)] if imported.contacts else [])
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        message = _("exists; pass --force to replace it")
        raise InputError([Problem(message, t) for t in existing])
    write_atomic(out, instance_yaml(imported.data))
    if imported.contacts:
        rows = [
            [school, contact.person or "", contact.phone or ""]
            for school, contact in imported.contacts.items()
        ]
        write_atomic(targets[1], csv_rows([CONTACT_HEADERS, *rows]), bom=True)
    return targets
