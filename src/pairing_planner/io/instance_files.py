"""Writing an imported instance and its contacts file beside it (``plan import``): both or
neither (:mod:`pairing_planner.io.file_sets`), and nothing a planner had replaced unless
asked."""

from __future__ import annotations

from pathlib import Path

from pairing_planner.instance.dump import instance_yaml
from pairing_planner.instance.school_lists import Imported
from pairing_planner.io.csv_cells import csv_rows
from pairing_planner.io.file_sets import Output, write_together

CONTACT_HEADERS = ("学校编号", "负责人", "联系电话")
"""The contacts file's columns, as :mod:`pairing_planner.instance.contacts` reads them."""


def contacts_name(out: Path) -> str:
    """The contacts file's name for an instance written to ``out``: ``NAME.contacts.csv``,
    which ``.gitignore`` keeps out of the repository."""
    return f"{out.stem}.contacts.csv"


def write_imported(imported: Imported, out: Path, *, force: bool = False) -> list[Path]:
    """Write the instance to ``out`` and, when the lists had any, its contacts beside it (CSV
    with a byte-order mark, so Excel shows the names), both or neither; the paths written,
    the instance first."""
    outputs = [Output(out, instance_yaml(imported.data))]
    if imported.contacts:
        rows = [
            [school, contact.person or "", contact.phone or ""]
            for school, contact in imported.contacts.items()
        ]
        contacts = Output(out.parent / contacts_name(out), csv_rows([CONTACT_HEADERS, *rows]), True)
        outputs.insert(0, contacts)
    return write_together(outputs, force=force)[::-1]
