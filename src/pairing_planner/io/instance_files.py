"""Writing an instance with the files beside it: its school lists as CSV tables (``plan
generate --tables``, and ``plan import`` for large lists) and its contacts (``plan import``),
all or none (:mod:`pairing_planner.io.file_sets`), nothing a planner had replaced unless
asked.

``plan import`` writes the lists inline only while the instance stays small. A 45,000-school
list once became a 5.76 MB instance that ``plan check`` then refused (it reads at most
:data:`~pairing_planner.instance.yaml_files.yaml_source.MAX_BYTES`, 5 MiB), and writing YAML costs
about a millisecond a school: 17.5 s for 20,000 (issue 28). Tables are written in a tenth of
that and load ten times faster."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from pairing_planner.instance.bureau_files.school_lists import Imported
from pairing_planner.instance.schema.models import InstanceData
from pairing_planner.instance.yaml_files.dump import TABLE_COLUMNS, instance_yaml, school_table
from pairing_planner.instance.yaml_files.yaml_source import MAX_BYTES
from pairing_planner.io.csv_cells import csv_rows
from pairing_planner.io.file_sets import Output, write_together

CONTACT_HEADERS = ("学校编号", "负责人", "联系电话")
"""The contacts file's columns, as :mod:`pairing_planner.instance.bureau_files.contacts` reads
them."""


INLINE_SCHOOLS = 1_000
"""Most schools (recipients and helpers together) an imported instance lists inline: a school
takes about 150 bytes of YAML, so a thousand take about a thirtieth of what ``plan check``
reads, and writing them about a second. More go to tables beside the instance."""

INLINE_MAX_BYTES = MAX_BYTES // 32
"""Largest imported instance written as one YAML file (160 KiB); fewer schools with long
names or notes that pass it go to tables too."""


def contacts_name(out: Path) -> str:
    """The contacts file's name for an instance written to ``out``: ``NAME.contacts.csv``,
    which ``.gitignore`` keeps out of the repository."""
    return f"{out.stem}.contacts.csv"


class ImportedFiles(NamedTuple):
    """What ``plan import`` wrote: the instance, the school tables beside it (none when the
    lists are inline) and the contacts file (None when the lists had no contacts)."""

    instance: Path
    tables: list[Path]
    contacts: Path | None


def write_imported(imported: Imported, out: Path, *, force: bool = False) -> ImportedFiles:
    """Write the instance to ``out``, with its school lists as tables beside it when they are
    large (:data:`INLINE_SCHOOLS`, :data:`INLINE_MAX_BYTES`), and, when the lists had any,
    its contacts beside it (CSV with a byte-order mark, so Excel shows the names), all or
    none."""
    outputs = _instance_outputs(imported.data, out)
    contacts = None
    if imported.contacts:
        rows = [
            [school, contact.person or "", contact.phone or ""]
            for school, contact in imported.contacts.items()
        ]
        contacts = Output(out.parent / contacts_name(out), csv_rows([CONTACT_HEADERS, *rows]), True)
    write_together([contacts, *outputs] if contacts else outputs, force=force)
    tables = [o.path for o in outputs[:-1]]
    return ImportedFiles(out, tables, contacts.path if contacts else None)


def instance_files(data: InstanceData, out: Path, *, tables: bool) -> list[Output]:
    """The files of instance ``data`` written to ``out``, the instance last (it references the
    others): with ``tables``, its recipients and helpers as CSV tables beside it,
    ``NAME-recipients.csv`` and ``NAME-helpers.csv`` (with a byte-order mark, for Excel)."""
    if not tables:
        return [Output(out, instance_yaml(data))]
    files = table_names(out)
    outputs = [Output(out.parent / f, school_table(data, key), True) for key, f in files.items()]
    return [*outputs, Output(out, instance_yaml(data, files))]


def table_names(out: Path) -> dict[str, str]:
    """The file name of each school table of an instance written to ``out``, by list."""
    return {key: f"{out.stem}-{key}.csv" for key in TABLE_COLUMNS}


def _instance_outputs(data: InstanceData, out: Path) -> list[Output]:
    """An imported instance's files: one YAML file while it is small, else with tables."""
    if len(data.recipients) + len(data.helpers) <= INLINE_SCHOOLS:
        inline = instance_files(data, out, tables=False)
        if len(inline[0].text.encode()) <= INLINE_MAX_BYTES:
            return inline
    return instance_files(data, out, tables=True)
