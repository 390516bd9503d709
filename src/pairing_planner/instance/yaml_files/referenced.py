"""School lists an instance references instead of listing them inline::

    recipients: {table: shandong-recipients.csv}
    helpers: {table: 帮扶学校.xlsx, sheet: 帮扶学校}

A table is read as ``plan import`` reads a bureau's list (:mod:`pairing_planner.instance.
school_lists`: Chinese or English headers, counties by name, or a ``place`` column of place
ids as ``plan generate --tables`` writes it), relative to the instance file. Persons and
phones in it are not read: contacts live in the contacts file. A province's 10,000 schools
load from tables in well under a second, where the same lists in YAML took 8 s to parse.

The instance's sha256 covers the tables too, so a result's instance check notices a changed
table as it notices a changed file.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.beside import beside
from pairing_planner.instance.bureau_files.school_lists import (
    HELPER_COLUMNS,
    RECIPIENT_COLUMNS,
    read_schools,
)
from pairing_planner.instance.schema.school_models import Place
from pairing_planner.instance.spreadsheets.tables import Columns, Table, read_table
from pairing_planner.instance.yaml_files.yaml_source import YamlDocument

LISTS: dict[str, Columns] = {"recipients": RECIPIENT_COLUMNS, "helpers": HELPER_COLUMNS}
"""The lists an instance may give as a table, and the columns each has."""


def with_tables(doc: YamlDocument, within: Path | None = None) -> YamlDocument:
    """``doc`` with each list it gives as a table read into its data, the places the tables
    brought added, and its sha256 covering the tables' bytes; ``doc`` itself when it
    references none (or its places are broken: their own validation then says so); each table
    inside ``within`` when given (:mod:`pairing_planner.instance.beside`)."""
    data = doc.data
    if not isinstance(data, dict):
        return doc
    references = {key: data[key] for key in LISTS if isinstance(data.get(key), dict)}
    places = _places(data)
    if not references or places is None:
        return doc
    tables = {key: _table(doc, key, reference, within) for key, reference in references.items()}
    structure = [note for table in tables.values() for note in table.notes]
    if structure:
        raise InputError(structure)
    found = read_schools(
        places,
        recipients=tables.get("recipients"),
        helpers=tables.get("helpers"),
        instance=doc.path,
    )
    lists = {"recipients": found.recipients, "helpers": found.helpers}
    read: dict[str, Any] = {
        key: [school.model_dump(mode="json", exclude_none=True) for school in lists[key] or []]
        for key in references
    }
    read["places"] = [p.model_dump(mode="json", exclude_none=True) for p in found.places]
    digest = hashlib.sha256(doc.sha256.encode())
    for table in tables.values():
        digest.update(table.sha256.encode())
    return replace(doc, data={**data, **read}, sha256=digest.hexdigest())


def _places(data: dict[str, Any]) -> list[Place] | None:
    try:
        return [Place.model_validate(place) for place in data.get("places") or []]
    except (ValidationError, TypeError):
        return None


def _table(doc: YamlDocument, key: str, reference: dict[str, Any], within: Path | None) -> Table:
    """The table ``reference`` names, relative to the instance file."""
    name, sheet = reference.get("table"), reference.get("sheet")
    if set(reference) - {"table", "sheet"} or not isinstance(name, str):
        message = _("give a list of schools, or {table: FILE} (with sheet: NAME in a workbook)")
        raise InputError([Problem(message, doc.path, doc.line_of((key,)), key)])
    path = beside(doc, name, (key, "table"), within)
    return read_table(path, LISTS[key], None if sheet is None else str(sheet))
