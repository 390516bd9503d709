"""A bureau's school lists turned into an instance (``plan import``).

The lists are what bureaus keep: the notice's attachment is a table of 序号, 县（市、区）, 学段,
学校名称, 负责人, 联系电话. A template instance gives what a list does not: the program, its
rules, costs and solve settings, and places a division table cannot know (development zones
such as 开发区). Counties and cities are found by name: first among the template's places,
then in the bundled table of Shandong's divisions (past names such as 定陶县 and 莱芜市
included), whose seats become the new places' coordinates. Persons and phones go to the
contacts file, never into the instance (R2: 专人负责; kept out of every repository).

Nothing is guessed silently: an unknown county is an error with the names it may have meant,
a stage that is not one is an error, and a stage that contradicts the school's name is kept
as written and noted (the attachment's row 13, 巨野县高级中学 marked 初中, is such a row).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from pydantic import ValidationError

from pairing_planner.duties import PROGRAMS
from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _, listing
from pairing_planner.instance.bureau_files.list_cells import (
    STAGE_WORDS,
    cell_problem,
    flag_in,
    number_in,
    stages_in,
    subjects_in,
)
from pairing_planner.instance.bureau_files.list_places import ListPlaces
from pairing_planner.instance.bureau_files.provenance import SOURCE_COLUMNS, source_file
from pairing_planner.instance.bureau_files.school_identity import Identity, county_key, school_code
from pairing_planner.instance.bureau_files.school_ids import Kind, Listed, Previous, assign_ids
from pairing_planner.instance.bureau_files.school_names import canonical
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.models import InstanceData
from pairing_planner.instance.schema.school_models import (
    Contact,
    Helper,
    Place,
    Recipient,
    stage_named,
)
from pairing_planner.instance.spreadsheets.fill_down import filled_down
from pairing_planner.instance.spreadsheets.tables import Columns, Row, Table, in_row_order

COMMON: Columns = {
    "number": ("序号", "no", "number"),
    "id": ("编号", "学校编号", "id"),
    "code": ("学校标识码", "学校代码", "school_code", "code"),
    "city": ("市", "地市", "市别", "city"),
    "county": ("县（市、区）", "县(市、区)", "县市区", "县区", "县", "county"),
    "stage": ("学段", "stage", "stages"),
    "name": ("学校名称", "学校", "name"),
    "formerly": ("曾用名", "原校名", "formerly"),
    "person": ("负责人", "person"),
    "phone": ("联系电话", "电话", "phone"),
    "lat": ("纬度", "lat"),
    "lon": ("经度", "lon"),
    "score": ("办学水平", "评分", "score"),
    "place": ("地点编号", "place"),
    "note": ("备注", "note"),
    "illustrative": ("示例", "illustrative"),
    **{key: (key,) for key in SOURCE_COLUMNS},
}
"""Columns both lists may have, and the header names each goes by."""

RECIPIENT_COLUMNS: Columns = {
    **COMMON,
    "poverty": ("省定贫困村", "贫困村", "poverty_village"),
    "needs": ("需求学科", "薄弱学科", "needs"),
}
HELPER_COLUMNS: Columns = {
    **COMMON,
    "capacity": ("帮扶学校数", "可帮扶数", "capacity"),
    "strengths": ("优势学科", "strengths"),
}


SCIENTIFIC = re.compile(r"[0-9]+(\.[0-9]+)?[eE][+]?[0-9]+")
"""A number as Excel shows a long one (1.38E+10), and saves it so in a CSV."""
NAME_SEPARATOR = re.compile("[、，,;；]")
"""What parts the names of a 曾用名 cell: as :data:`SEPARATORS`, but not a space, which a
name may hold."""


@dataclass
class Schools:
    """Schools read from tables, the places they are in (the given ones and those the
    division table added), their contacts by school id, and what was noted."""

    places: list[Place]
    recipients: list[Recipient] | None = None
    helpers: list[Helper] | None = None
    contacts: dict[str, Contact] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Imported:
    """The instance made of the lists, the contacts found in them by school id, and what was
    noted (kept as written, skipped, filled) with its file, row and column."""

    data: InstanceData
    contacts: dict[str, Contact]
    notes: list[Problem]


def read_schools(
    places: list[Place],
    *,
    recipients: Table | None = None,
    helpers: Table | None = None,
    instance: Path | None = None,
    previous: Previous | None = None,
) -> Schools:
    """The schools of the tables given, their places found among ``places`` or in the
    division table, each with its :class:`Source` named for the ``instance`` file they go
    into, their ids carried over from ``previous`` (last year's instance) where it knows them.
    Every problem of every row is collected before an :class:`InputError` is raised."""
    known = ListPlaces(places)
    found = Schools(places)
    problems: list[Problem] = []
    if recipients is not None:
        found.recipients = _schools(
            recipients, Recipient, known, found, problems, instance, previous
        )
    if helpers is not None:
        found.helpers = _schools(helpers, Helper, known, found, problems, instance, previous)
    if problems:
        raise InputError(problems, found.notes)
    found.places = known.used()
    return found


def import_lists(
    template: Instance,
    *,
    recipients: Table | None = None,
    helpers: Table | None = None,
    name: str | None = None,
    contacts: str | None = None,
    out: Path | None = None,
    previous: Instance | None = None,
    titled: Sequence[str] | None = None,
) -> Imported:
    """``template`` with its recipients and helpers replaced by those of the tables given
    (those not given stay the template's), named ``name``, its contacts file ``contacts``,
    its title naming the lists as ``titled`` does (default: their files' names; the workbench
    stores an upload under its role's name, and the title names the planner's own file),
    to be written to ``out`` (what each school's source is relative to), keeping the ids of
    the schools ``previous`` (last year's instance) lists. A row of a list that names no place
    takes the row above's (:mod:`~pairing_planner.instance.spreadsheets.fill_down`: a bureau's list,
    not a table an instance references, which must be whole).
    The schools and places go in as the validated models they are: dumping and validating
    them again took a quarter of a 20,000-row import."""
    found = read_schools(
        template.data.places,
        recipients=None if recipients is None else filled_down(recipients),
        helpers=None if helpers is None else filled_down(helpers),
        instance=out,
        previous=None if previous is None else Previous.of(previous),
    )
    given = list(titled or [t.path.name for t in (recipients, helpers) if t is not None])
    updates: dict[str, Any] = {"places": found.places, "title": _title(template, given)}
    if found.recipients is not None:
        updates["recipients"] = found.recipients
    if found.helpers is not None:
        updates["helpers"] = found.helpers
    if name is not None:
        updates["name"] = name
    updates["contacts"] = contacts if found.contacts else None
    data = InstanceData.model_validate({**template.data.model_dump(), **updates})
    return Imported(data, found.contacts, found.notes)


def _title(template: Instance, lists: list[str]) -> str:
    """An imported instance's title: its program and the names of the lists its schools come
    from, as a planner would title it (支持菏泽教育发展 — 菏泽名单2016、帮扶学校2016). The
    template's title describes the template's own schools ("…附件名单原样（21 所）"), and
    ``plan check`` printed it over an imported list of 20 (user test of issue 30); the files'
    names with their extensions went into every download's name (user test of issue 32)."""
    stems = list(dict.fromkeys(PurePath(name.replace("\\", "/")).stem for name in lists))
    return _("{program} — {lists}").format(
        program=_(PROGRAMS[template.data.program]), lists=listing(stems)
    )


def _schools(
    table: Table,
    kind: type[Recipient] | type[Helper],
    places: ListPlaces,
    found: Schools,
    problems: list[Problem],
    instance: Path | None,
    previous: Previous | None,
) -> list[Any]:
    """Each row of ``table`` as a school of ``kind``, with its source and its id (the list's,
    last year's, or one made from the school's identity: never its row); its problems added
    to ``problems``; what it notes and its problems in the list's row order."""
    notes, known = len(found.notes), len(problems)
    found.notes += table.notes
    file = source_file(table.path, instance)
    once = _Once(table, problems)
    read: list[tuple[Row, dict[str, Any], Listed]] = []
    for row in table.rows:
        before = len(problems)
        fields = _fields(table, row, kind, places, problems)
        fields["source"] = _source(table, row, file)
        listed = once.listed(row, fields, places)
        if len(problems) == before:
            read.append((row, fields, listed))
    key: Kind = "recipients" if kind is Recipient else "helpers"
    whole = len(problems) == known  # which of last year's schools it lacks: of a whole list
    rows = [listed for *_, listed in read]
    assigned = assign_ids(table, key, key[0], rows, previous if whole else None)
    found.notes += assigned.notes
    problems += assigned.problems
    schools: list[Any] = []
    for row, fields, _identity in read:
        school_id = assigned.ids[row.number]
        _add_formerly(fields, assigned.formerly.get(row.number, []))
        cells = row.cells
        person, phone = cells.get("person", ""), cells.get("phone", "")
        try:
            school = kind.model_validate({"id": school_id, **fields})
            contact = Contact(person=person or None, phone=phone or None)
        except ValidationError as exc:
            problems.append(cell_problem(table, row, exc))
            continue
        _note_stage(table, row, school, found)
        if person or phone:
            found.contacts[school_id] = contact
        schools.append(school)
    if not schools and not problems:
        problems.append(table.problem(_("the list has no school in it")))
    found.notes[notes:] = in_row_order(found.notes[notes:])
    problems[known:] = in_row_order(problems[known:])
    return schools


def _fields(
    table: Table,
    row: Row,
    kind: type[Recipient] | type[Helper],
    places: ListPlaces,
    problems: list[Problem],
) -> dict[str, Any]:
    """The school's fields from the row's cells; each cell that cannot be read adds a
    problem naming its row and column."""
    cells = row.cells
    fields: dict[str, Any] = {}
    if not cells.get("name"):
        message = _(
            "this row has no school name: write the school's name in its {column} cell, or "
            "delete the row if it is not a school's"
        ).format(column=table.headers.get("name", "name"))
        problems.append(table.problem(message, row.number, "name"))
    fields["name"] = cells.get("name", "")
    place = places.resolve(table, row, problems)
    fields["place"] = place or ""
    stages = stages_in(cells.get("stage", ""))
    if stages is None:
        problems.append(table.problem(_stage_problem(table, cells), row.number, "stage"))
    fields["stages"] = [s.value for s in stages or ()]
    for key in ("lat", "lon", "score"):
        if cells.get(key):
            fields[key] = number_in(table, row, key, problems)
    if SCIENTIFIC.fullmatch(cells.get("phone", "")):
        message = _(
            "the phone number '{value}' is how Excel shows a long number, and its last digits "
            "are lost; format the column as text (文本) and type the number again"
        ).format(value=cells["phone"])
        problems.append(table.problem(message, row.number, "phone"))
    if cells.get("note"):
        fields["note"] = cells["note"]
    if cells.get("formerly"):
        names = (n.strip() for n in NAME_SEPARATOR.split(cells["formerly"]))
        fields["formerly"] = [n for n in names if n]
    fields["illustrative"] = flag_in(table, row, "illustrative", problems)
    if kind is Recipient:
        fields["poverty_village"] = flag_in(table, row, "poverty", problems)
        fields["needs"] = subjects_in(cells.get("needs", ""))
    else:
        if cells.get("capacity"):
            fields["capacity"] = number_in(table, row, "capacity", problems)
        fields["strengths"] = subjects_in(cells.get("strengths", ""))
    return fields


def _stage_problem(table: Table, cells: dict[str, str]) -> str:
    """What is wrong with a row's stage: an empty cell is said to be empty (学段为空), not
    called a stage that is not one (“”不是学段, review 37 finding 12)."""
    words = "、".join(w for w in STAGE_WORDS if not w.isascii())
    value = cells.get("stage", "")
    if not value:
        column = table.headers.get("stage", "stage")
        return _("{column} is empty; write one of {words}").format(column=column, words=words)
    return _("'{value}' is not a stage; write one of {words}").format(value=value, words=words)


class _Once:
    """Each row's school as its identity reads it, and the check that every school is listed
    once: an id, a school identification code, a county's school by name (a clerk who
    renumbers 序号 may leave a school in twice)."""

    def __init__(self, table: Table, problems: list[Problem]) -> None:
        self._table = table
        self._problems = problems
        self._ids: dict[str, int] = {}
        self._codes: dict[str, int] = {}
        self._names: dict[tuple[str, str], tuple[int, str | None]] = {}

    def listed(self, row: Row, fields: dict[str, Any], places: ListPlaces) -> Listed:
        """The row as :func:`assign_ids` reads it; a problem when its id or code is no id or
        code, or names a school listed already."""
        cells = row.cells
        given, cell = cells.get("id", ""), cells.get("code", "")
        code = school_code(cell) if cell else None
        if given and (first := _first(self._ids, given, row)):
            message = _("the id '{id}' is used by row {row} already").format(id=given, row=first)
            self._problems.append(self._table.problem(message, row.number, "id"))
        if cell and code is None:
            message = _(
                "'{code}' is not a school identification code (学校标识码), which is ten "
                "digits; correct it, or leave the cell empty"
            ).format(code=cell)
            self._problems.append(self._table.problem(message, row.number, "code"))
        elif code:
            fields["code"] = code
            if first := _first(self._codes, code, row):
                message = _(
                    "the school identification code {code} is given in row {row} already: a "
                    "school is listed once; delete one of the two rows, or correct the code"
                ).format(code=code, row=first)
                self._problems.append(self._table.problem(message, row.number, "code"))
        place = places.get(fields["place"])
        county = county_key(place) if place is not None else ""
        identity = Identity(fields.get("code"), county, canonical(fields["name"]))
        if not given and place is not None:
            self._once_by_name(row, identity, place)
        county_name = place.name if place is not None else ""
        stages = frozenset(fields["stages"])
        return Listed(row.number, fields["name"], given, identity, county_name, stages)

    def _once_by_name(self, row: Row, identity: Identity, place: Place) -> None:
        """Two rows of one county and name are one school, unless both have codes (which
        then tell them apart, or are said to be one already)."""
        first, code = self._names.setdefault(
            (identity.county, identity.name), (row.number, identity.code)
        )
        if first == row.number or (code and identity.code):
            return
        message = _(
            "{school} of {county} is listed in row {row} already: a school is listed once; "
            "delete one of the two rows (two schools of one name: give each its 学校标识码)"
        ).format(school=row.cells.get("name", ""), county=place.name, row=first)
        self._problems.append(self._table.problem(message, row.number, "name"))


def _add_formerly(fields: dict[str, Any], names: list[str]) -> None:
    """``fields`` with ``names`` (last year's, when the school keeps its id under another
    name) after the names its 曾用名 cell gives, each once."""
    if names:
        fields["formerly"] = list(dict.fromkeys([*fields.get("formerly", []), *names]))


def _first(seen: dict[str, int], value: str, row: Row) -> int | None:
    """The row ``value`` was seen in before ``row``, if any; ``row`` remembered for it."""
    first = seen.setdefault(value, row.number)
    return first if first != row.number else None


def _source(table: Table, row: Row, file: str) -> dict[str, Any]:
    """Where the row's school was typed: the source a table written by ``plan import``
    carries (its ``source_*`` columns), else this row of this table."""
    cells = row.cells
    if cells.get("source_file") and cells.get("source_row"):
        sheet = cells.get("source_sheet") or None
        return {"file": cells["source_file"], "sheet": sheet, "row": cells["source_row"]}
    return {"file": file, "sheet": table.sheet, "row": row.number}


def _note_stage(table: Table, row: Row, school: Recipient | Helper, found: Schools) -> None:
    """A stage the school's own name contradicts: kept as written, and said (``plan check``
    warns of it too, with its clause)."""
    named = stage_named(school.name)
    if named is not None and named[1] not in school.stages:
        message = _(
            "{school}: the name says {mark} but the stage is '{stage}'; kept as written, check it"
        ).format(school=school.name, mark=named[0], stage=row.cells.get("stage", ""))
        found.notes.append(table.problem(message, row.number, "stage"))
