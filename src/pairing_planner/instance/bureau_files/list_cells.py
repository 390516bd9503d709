"""The cells of a school list as a clerk types them: stages and subjects in Chinese or English,
several in one cell, numbers, 是/否 flags; what is wrong with a cell is a problem at its row and
column.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from pairing_planner.errors import Problem
from pairing_planner.i18n import _
from pairing_planner.instance.schema.school_models import Stage
from pairing_planner.instance.schema.validation_messages import value_message
from pairing_planner.instance.spreadsheets.tables import Row, Table

STAGE_WORDS: dict[str, tuple[Stage, ...]] = {
    "小学": (Stage.primary,),
    "初中": (Stage.junior,),
    "初级中学": (Stage.junior,),
    "高中": (Stage.senior,),
    "高级中学": (Stage.senior,),
    "九年一贯制": (Stage.primary, Stage.junior),
    "完全中学": (Stage.junior, Stage.senior),
    "小学部": (Stage.primary,),
    "初中部": (Stage.junior,),
    "高中部": (Stage.senior,),
    "普通高中": (Stage.senior,),
    "完中": (Stage.junior, Stage.senior),
    **{stage.value: (stage,) for stage in Stage},
}
"""What a 学段 cell may say: the stage's names, and the words bureaus' lists use for them
(a school's 初中部, a 普通高中 as against a vocational one, 完中 for 完全中学)."""


SUBJECTS = {
    "语文": "chinese",
    "数学": "math",
    "英语": "english",
    "物理": "physics",
    "化学": "chemistry",
    "生物": "biology",
    "信息技术": "it",
    "学校管理": "management",
    "管理": "management",
}
"""Subjects by their Chinese names, as the instance's ids; others are kept as written."""


YES = {"是", "√", "yes", "true", "1", "y"}


NO = {"否", "", "no", "false", "0", "n"}


SEPARATORS = ("、", "，", ",", ";", "；", "/", " ")


_SEPARATOR = re.compile("|".join(re.escape(s) for s in SEPARATORS))


def stages_in(cell: str) -> tuple[Stage, ...] | None:
    words = split_cell(cell)
    if not words or any(w.lower() not in STAGE_WORDS for w in words):
        return None
    return tuple(dict.fromkeys(s for w in words for s in STAGE_WORDS[w.lower()]))


def split_cell(cell: str) -> list[str]:
    return [w for w in (part.strip() for part in _SEPARATOR.split(cell)) if w]


def subjects_in(cell: str) -> list[str]:
    return [SUBJECTS.get(w, w) for w in split_cell(cell)]


def number_in(table: Table, row: Row, key: str, problems: list[Problem]) -> float:
    text = row.cells[key]
    try:
        return float(text)
    except ValueError:
        message = _("'{value}' is not a number").format(value=text)
        problems.append(table.problem(message, row.number, key))
        return 0.0


def flag_in(table: Table, row: Row, key: str, problems: list[Problem]) -> bool:
    text = row.cells.get(key, "").strip().lower()
    if text in YES:
        return True
    if text not in NO:
        message = _("'{value}' is not 是 or 否").format(value=text)
        problems.append(table.problem(message, row.number, key))
    return False


def cell_problem(table: Table, row: Row, exc: ValidationError) -> Problem:
    """The first thing wrong with a row's school, in the planner's language, at the column
    the sheet names (学校名称, not ``name``)."""
    first = exc.errors()[0]
    message = value_message(first["type"], first.get("ctx") or {}, first["msg"])
    key = str(first["loc"][0]) if first["loc"] else None
    return table.problem(message, row.number, key)
