"""Each school of an imported list gets its id: the list's own id column when it has one (the
bureau's ids win), else last year's id of the same school (``plan import --previous``), else
one made from its identity (:mod:`pairing_planner.instance.bureau_files.school_identity`), never its
row.

Last year's schools are recognised by the list's id column first (the clerk confirms a
rename so), then by code, then by county and name; a school that keeps its id under another
name is renamed: the import says so, and the school records last year's name (``formerly``),
so that last year's plan, which names it as it was, still names this school. An id of the
list that names last year's school of another county is refused: a school does not move
county (division changes aside, which :func:`county_key` follows). A
school only *like* one of last year's (a few characters apart, a stage word or the county's
name left out) is never taken for it: it gets a new id and a note names both and says how to
confirm. A new id is never one last year's instance used, so a closed school's id stays
retired, and last year's schools the list lacks are named (closed or missing).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pairing_planner.errors import Problem
from pairing_planner.i18n import _, listing, stage_word
from pairing_planner.instance.bureau_files.school_identity import (
    Identity,
    county_key,
    likely_same,
    made_id,
)
from pairing_planner.instance.bureau_files.school_names import canonical
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.spreadsheets.tables import Table

Kind = Literal["recipients", "helpers"]

NAMED = 5
"""Most new or gone schools a list's count names; more are named as the first five and how
many in all (a bureau's new list may add hundreds)."""


@dataclass(frozen=True)
class Listed:
    """A row of this year's list: its number in the sheet, the school's name, the id its id
    column gives ("" for none), its identity, and what a wrong id is told by: its county's
    name and its stages."""

    row: int
    name: str
    given: str
    identity: Identity
    county: str
    stages: frozenset[str]


@dataclass(frozen=True)
class Former:
    """A school of last year's instance, its line there, its county's name and stages, and
    the names it had before last year's (``formerly``)."""

    id: str
    name: str
    identity: Identity
    line: int | None
    county: str
    stages: frozenset[str]
    formerly: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assigned:
    """What :func:`assign_ids` gives a list: each row's id and, for a row that keeps last
    year's id under another name, the names the school had (last year's last); the notes, and
    the problems (an id that names last year's school of another county) that stop the
    import."""

    ids: dict[int, str]
    formerly: dict[int, list[str]]
    notes: list[Problem]
    problems: list[Problem]


@dataclass(frozen=True)
class Previous:
    """Last year's instance as ids are carried over from it: its schools by list, and every id
    it used (helpers' and recipients', which no new school may take)."""

    path: Path | None
    schools: dict[Kind, list[Former]]
    ids: frozenset[str]

    @classmethod
    def of(cls, instance: Instance) -> Previous:
        """The schools of ``instance`` with their identities."""
        places = instance.places
        schools: dict[Kind, list[Former]] = {}
        for kind in ("recipients", "helpers"):
            schools[kind] = [
                Former(
                    s.id,
                    s.name,
                    Identity(s.code, county_key(places[s.place]), canonical(s.name)),
                    instance.line_of((kind, index)),
                    places[s.place].name,
                    frozenset(s.stages),
                    tuple(s.formerly or ()),
                )
                for index, s in enumerate(getattr(instance.data, kind))
            ]
        ids = frozenset(f.id for listed in schools.values() for f in listed)
        return cls(instance.path, schools, ids)


def assign_ids(
    table: Table, kind: Kind, prefix: str, listed: list[Listed], previous: Previous | None
) -> Assigned:
    """Each listed row's id by its row number, the names of the schools renamed since
    ``previous``, the notes on what was carried over from it, renamed, new but like a school
    of last year, or not listed again, and the ids of the list that name another county's
    school of last year."""
    ids = {s.row: s.given for s in listed if s.given}
    if previous is None:
        new = [s for s in listed if s.row not in ids]
        return Assigned(ids | _made_ids(prefix, new, set(ids.values())), {}, [], [])
    carrier = _Carrier(table, kind, previous)
    ids |= carrier.carry(listed)
    new = [s for s in listed if s.row not in ids]
    ids |= _made_ids(prefix, new, set(ids.values()) | previous.ids)
    return Assigned(ids, carrier.formerly, carrier.notes(new, ids), carrier.problems)


def _made_ids(prefix: str, new: list[Listed], taken: set[str]) -> dict[int, str]:
    """Ids made from identities; a made id two identities share (pinyin spells 实验 and 试验
    alike), or one already taken, gets a hash of its identity. Which id a school gets depends
    on the list's content, not on its row order."""
    plain = {s.row: made_id(prefix, s.identity) for s in new}
    shared = Counter(plain.values())
    return {
        s.row: made_id(prefix, s.identity, hashed=True)
        if shared[plain[s.row]] > 1 or plain[s.row] in taken
        else plain[s.row]
        for s in new
    }


class _Carrier:
    """Last year's ids given to the schools of one list that it recognises, and what it noted
    on the way."""

    def __init__(self, table: Table, kind: Kind, previous: Previous) -> None:
        self._table = table
        self._path = previous.path
        self._formers = previous.schools[kind]
        self._taken: dict[str, Listed] = {}
        self._rows: set[int] = set()
        self._notes: list[Problem] = []
        self.formerly: dict[int, list[str]] = {}
        """The names each renamed row's school had, by row."""
        self.problems: list[Problem] = []
        """The list's ids that name last year's school of another county."""

    def carry(self, listed: list[Listed]) -> dict[int, str]:
        """Last year's ids of the rows it recognises without an id of their own: a row's id
        column first (the clerk said so), then by code, then by county and name."""
        by_id = {f.id: f for f in self._formers}
        by_code = {f.identity.code: f for f in self._formers if f.identity.code}
        by_name = {(f.identity.county, f.identity.name): f for f in self._formers}
        carried: dict[int, str] = {}
        rows = _Rows(listed)
        for school in listed:
            former = by_id.get(school.given)
            if former is None:
                continue
            own = by_code.get(school.identity.code or "") or by_name.get(
                (school.identity.county, school.identity.name)
            )
            if self._same_county(former, school) and self._given_fits(former, school, own, rows):
                self._take(former, school, carried)
            else:
                self._rows.add(school.row)
        for school in listed:
            code = school.identity.code
            if school.row not in self._rows and code and code in by_code:
                self._take(by_code[code], school, carried)
        for school in listed:
            former = by_name.get((school.identity.county, school.identity.name))
            if school.row in self._rows or former is None or not _codes_agree(former, school):
                continue
            self._take(former, school, carried)
        return carried

    def notes(self, new: list[Listed], ids: dict[int, str]) -> list[Problem]:
        """What was noted while carrying, then each new school that is like a school of last
        year's not listed again, then each of those (closed or missing), then the counts."""
        gone = [f for f in self._formers if f.id not in self._taken]
        notes = list(self._notes)
        for school in new:
            notes += [self._alike(school, ids[school.row], f) for f in gone if _alike(f, school)]
        for former in gone:
            message = _(
                "{school} ('{id}') of last year's list is not in this list: closed, or "
                "left out (add its row if it is still open); its id is given to no other school"
            ).format(school=former.name, id=former.id)
            notes.append(Problem(message, self._path, former.line))
        summary = _(
            "{kept} of last year's {total} schools keep their ids; not listed again (closed or "
            "missing): {gone}; new: {new}"
        ).format(
            kept=len(self._taken),
            total=len(self._formers),
            gone=_named([f.name for f in gone]),
            new=_named([s.name for s in new]),
        )
        notes.append(self._table.problem(summary))
        return notes

    def _take(self, former: Former, school: Listed, carried: dict[int, str]) -> None:
        """``school`` is last year's ``former``: it takes its id, unless the list gives it
        another, which wins (and is said)."""
        if former.id in self._taken:
            return
        self._taken[former.id] = school
        self._rows.add(school.row)
        if school.given and school.given != former.id:
            message = _(
                "{school} has the id '{given}' in the list, and had '{id}' in last year's "
                "instance: the list's id is kept; write '{id}' in its id column to keep last "
                "year's"
            ).format(school=school.name, given=school.given, id=former.id)
            self._notes.append(self._table.problem(message, school.row, "id"))
            return
        carried[school.row] = former.id
        if former.identity.name != school.identity.name:
            message = _("{school} keeps the id '{id}' of last year's {former}: renamed").format(
                school=school.name, id=former.id, former=former.name
            )
            self._notes.append(self._table.problem(message, school.row, "name"))
            self.formerly[school.row] = _names_before(former, school)
        elif former.formerly:
            self.formerly[school.row] = list(former.formerly)
        if former.stages != school.stages:
            self._notes.append(self._other_stages(former, school))

    def _same_county(self, former: Former, school: Listed) -> bool:
        """Whether the list's id of ``school`` may name last year's ``former``: a school does
        not move county, so an id of another county's school is a mistake (a closed school's
        id copied onto a new one), said at the row's id cell; its id is not taken."""
        if former.identity.county == school.identity.county:
            return True
        message = _(
            "the id '{id}' is last year's {former} of {former_county}, but this row is {school} "
            "of {county}: a school does not move county; if {school} is a new school, remove "
            "the id, else correct it"
        ).format(
            id=former.id,
            former=former.name,
            former_county=former.county,
            school=school.name,
            county=school.county,
        )
        self.problems.append(self._table.problem(message, school.row, "id"))
        return False

    def _given_fits(self, former: Former, school: Listed, own: Former | None, rows: _Rows) -> bool:
        """Whether the list's id of ``school``, last year's ``former``, is not another
        school's: not that of a school this list has in another row (by code, or county and
        name), nor another than the one ``school`` itself is by its code or name (``own``).
        Either is a copied id, which would give one school another's history; said at the
        row's id cell, and its id is not taken."""
        other = rows.first(former, school.row)
        if other is not None:
            message = _(
                "the id '{id}' is last year's {former}, which this list has in row {row}; this "
                "row is {school}: correct the id or remove it"
            ).format(id=former.id, former=former.name, row=other.row, school=school.name)
        elif own is not None and own.id != former.id:
            message = _(
                "{school} is last year's {own} ('{own_id}') by its name or code, but its id is "
                "'{id}', last year's {former}: correct the id or remove it"
            ).format(
                school=school.name, own=own.name, own_id=own.id, id=former.id, former=former.name
            )
        else:
            return True
        self.problems.append(self._table.problem(message, school.row, "id"))
        return False

    def _other_stages(self, former: Former, school: Listed) -> Problem:
        message = _(
            "{school} ({stages}) keeps the id '{id}' of last year's {former} ({former_stages}): "
            "the stages differ; a school may change stage, but check that the id is right"
        ).format(
            school=school.name,
            stages=_stage_words(school.stages),
            id=former.id,
            former=former.name,
            former_stages=_stage_words(former.stages),
        )
        return self._table.problem(message, school.row, "stage")

    def _alike(self, school: Listed, new_id: str, former: Former) -> Problem:
        message = _(
            "{school} is new and has the new id '{new}', but it may be last year's {former} "
            "('{id}') under another name or code; if it is that school, write '{id}' in an id "
            "column (编号) on this row and import again"
        ).format(school=school.name, new=new_id, former=former.name, id=former.id)
        return self._table.problem(message, school.row, "name")


def _names_before(former: Former, school: Listed) -> list[str]:
    """The names a renamed school had, oldest first, last year's last; none that is its name
    now (a school renamed back)."""
    names = dict.fromkeys([*former.formerly, former.name])
    return [n for n in names if canonical(n) != school.identity.name]


def _named(names: list[str]) -> str:
    """Schools named in a list's count, so that the clerk sees which ones are new or gone
    without looking for them: up to :data:`NAMED` by name, else those and how many in all."""
    if not names:
        return _("none")
    if len(names) <= NAMED:
        return listing(names)
    return _("{names} and others, {n} in all").format(names=listing(names[:NAMED]), n=len(names))


def _stage_words(stages: frozenset[str]) -> str:
    return "、".join(stage_word(s) for s in sorted(stages))


class _Rows:
    """This year's rows by code and by county and name, so that which row is one of last
    year's schools is a look-up, not a scan of the list for each row with an id of its own
    (a bureau's list of 20,000 schools with its own ids would take 400 million tests)."""

    def __init__(self, listed: list[Listed]) -> None:
        self._by_code: dict[str, list[Listed]] = {}
        self._by_name: dict[tuple[str, str], list[Listed]] = {}
        for school in listed:
            if school.identity.code:
                self._by_code.setdefault(school.identity.code, []).append(school)
            key = (school.identity.county, school.identity.name)
            self._by_name.setdefault(key, []).append(school)

    def first(self, former: Former, besides: int) -> Listed | None:
        """The first row but row ``besides`` that is last year's ``former`` (:func:`_is`)."""
        old = former.identity
        near = self._by_code.get(old.code or "", []) + self._by_name.get((old.county, old.name), [])
        found = [s for s in near if s.row != besides and _is(former, s)]
        return min(found, key=lambda s: s.row, default=None)


def _is(former: Former, school: Listed) -> bool:
    """Whether a listed school is last year's ``former`` by its code, or by its county and
    name where the codes agree."""
    old, new = former.identity, school.identity
    if old.code and new.code:
        return old.code == new.code
    return (old.county, old.name) == (new.county, new.name)


def _codes_agree(former: Former, school: Listed) -> bool:
    """Whether a school of last year and one of this year's list of the same county and name
    may be one by their codes: unless both have one and the two differ."""
    old, new = former.identity.code, school.identity.code
    return old is None or new is None or old == new


def _alike(former: Former, school: Listed) -> bool:
    """Whether a school of last year not listed again may be this new one: same county, and
    names alike or equal (then their codes differ)."""
    old, new = former.identity, school.identity
    return old.county == new.county and (old.name == new.name or likely_same(old.name, new.name))
