"""A school's identity from year to year, and the id made from it (issue 29).

A bureau sends a new list each year and renumbers its 序号, so the row a school stands in
says nothing about which school it is. A school is the same one when it has the same national
school identification code (学校标识码, ten digits), or, in a list without codes, the same
name in the same county: the name compared as
:func:`~pairing_planner.instance.bureau_files.school_names. canonical` compares it (a clerk retypes
it in full-width digits or with a space), the county by the division it is part of today (a school
of 定陶县 is one of 定陶区 after the change,
:mod:`pairing_planner.instance.geodata.division_changes`). Its id is made from that identity alone,
so the same list gives the same ids in any row order and year after year.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from pairing_planner.instance.geodata.division_changes import current_division
from pairing_planner.instance.schema.base_models import ID_MAX_LENGTH
from pairing_planner.instance.schema.school_models import Place

CODE = re.compile(r"[0-9]{10}")
"""The national school identification code: ten digits."""

DISTINCT = frozenset("〇零一二三四五六七八九十百千两0123456789小中高初幼职")
"""Characters that tell two schools apart, by number (第一中学, 第二中学) or stage (实验小学,
实验中学): names that differ in one of them are never listed as one school."""

PLAIN_WORDS = (
    ("初级中学", "中学"),
    ("高级中学", "中学"),
    ("初中", "中学"),
    ("高中", "中学"),
    ("中心中学", "中学"),
    ("中心小学", "小学"),
)
"""Words a clerk writes either way for one school: a stage word (第三初级中学, 第三中学), or a
town's 中心 school named without it the next year (吴店镇中心中学, 吴店镇中学). 中 is one of
:data:`DISTINCT`, so 中心 left out would otherwise part the two names."""

LIKELY_EDITS = 2
"""Most characters in which two names of one county may differ (added, removed or replaced,
none of :data:`DISTINCT`, one for each four characters of the shorter name) to be listed as
possibly one school renamed or retyped."""

SHORTEST_TAIL = 4
"""Fewest characters of a name that ends another (实验中学, 成武县实验中学) for the two to be
listed as possibly one school: 中学 alone says nothing."""

HASH_LENGTH = 8
"""Hex digits of the hash that tells apart two names spelled alike in pinyin."""


@dataclass(frozen=True)
class Identity:
    """What makes a school the same one from year to year: its code when the list gives one,
    else its county (the division code of today, or a zone's place id) with its name as
    compared."""

    code: str | None
    county: str
    name: str

    @property
    def key(self) -> tuple[str, ...]:
        """The code, else the county and name: equal keys are one school."""
        return (self.code,) if self.code else (self.county, self.name)


def county_key(place: Place) -> str:
    """The county a school of ``place`` is in, as identities compare it: the division it is
    part of today, or the place's id for a zone without a division code."""
    return current_division(place.adcode) if place.adcode else place.id


def school_code(cell: str) -> str | None:
    """The school identification code a cell holds, in ASCII digits (a clerk may type it in
    full-width ones, and it is the same code); None when it is not ten digits."""
    code = unicodedata.normalize("NFKC", cell).strip()
    return code if CODE.fullmatch(code) else None


def made_id(prefix: str, identity: Identity, *, hashed: bool = False) -> str:
    """The id made from an identity: ``r-`` and the code (``r-3717020001``), else ``r-``, the
    county and the name in pinyin (``r-371723-chengwuxiandiyizhongxue``); ``hashed`` adds a
    short hash of county and name, for names pinyin spells alike (实验, 试验) and names too
    long for an id."""
    if identity.code:
        return f"{prefix}-{identity.code}"
    plain = f"{prefix}-{identity.county}-{_spelled(identity.name)}".rstrip("-")
    if not hashed and len(plain) <= ID_MAX_LENGTH:
        return plain
    digest = hashlib.sha256(f"{identity.county}/{identity.name}".encode()).hexdigest()
    head = plain[: ID_MAX_LENGTH - HASH_LENGTH - 1].rstrip("-_.")
    return f"{head}-{digest[:HASH_LENGTH]}"


def likely_same(old: str, new: str) -> bool:
    """Whether two names (as compared) of one county may be one school renamed or retyped: equal
    but for the words of :data:`PLAIN_WORDS` (第三初级中学, 第三中学; 吴店镇中心中学, 吴店镇中学),
    one ending with the other (the county's name left out: 牡丹区吴店镇中心中学, 吴店镇中学), or a
    few characters apart (:data:`LIKELY_EDITS`), none of them :data:`DISTINCT`. It only ever
    suggests: the clerk confirms."""
    old, new = _plain(old), _plain(new)
    shorter = min(len(old), len(new))
    if shorter >= SHORTEST_TAIL and (old.endswith(new) or new.endswith(old)):
        return True
    edits = 0
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if DISTINCT & set(old[i1:i2] + new[j1:j2]):
            return False
        edits += max(i2 - i1, j2 - j1)
    return edits <= min(LIKELY_EDITS, shorter // 4)


def _plain(name: str) -> str:
    for word, plain in PLAIN_WORDS:
        name = name.replace(word, plain)
    return name


def _spelled(name: str) -> str:
    """``name`` as id characters: each Chinese character in pinyin without tones, ASCII
    letters and digits kept, anything else a '-'. Character by character, not by phrase:
    a 20,000-school list is spelled in 0.05 s, not 1.5 s; an id needs to be stable and
    readable, not a perfect transliteration."""
    spelled = "".join(_character(c) for c in name)
    return re.sub(r"-+", "-", spelled).strip("-").lower()


@cache
def _character(char: str) -> str:
    if char.isascii():
        return char if char.isalnum() else "-"
    from pypinyin import lazy_pinyin  # its dictionaries take 0.2 s to load

    spelled = "".join(lazy_pinyin(char))
    return spelled if spelled.isascii() and spelled.isalnum() else "-"
