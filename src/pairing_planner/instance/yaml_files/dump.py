"""Writing an instance back to YAML (generators, notebooks, round-trip tests), its school
lists inline or as tables beside it (:mod:`pairing_planner.instance.yaml_files.referenced`)."""

from __future__ import annotations

from typing import Any

from pairing_planner.instance.bureau_files.provenance import SOURCE_COLUMNS
from pairing_planner.instance.schema.models import InstanceData
from pairing_planner.instance.yaml_files.yaml_block import block_yaml
from pairing_planner.io.csv_cells import csv_rows


def instance_yaml(data: InstanceData, tables: dict[str, str] | None = None) -> str:
    """``data`` as instance-file YAML; fields left at None are omitted. ``tables`` maps
    ``recipients``/``helpers`` to the table file that holds the list instead."""
    document = data.model_dump(mode="json", exclude_none=True)
    document |= {key: {"table": name} for key, name in (tables or {}).items()}
    return block_yaml(document)


COMMON_COLUMNS = (
    "id",
    "name",
    "code",
    "place",
    "stages",
    "lat",
    "lon",
    "score",
    "illustrative",
    "note",
)
TABLE_COLUMNS = {
    "recipients": (*COMMON_COLUMNS, "poverty_village", "needs"),
    "helpers": (*COMMON_COLUMNS, "capacity", "strengths"),
}
"""The columns of a school table, by the ids an instance's table reference reads."""


def school_table(data: InstanceData, key: str) -> str:
    """The ``recipients`` or ``helpers`` of ``data`` as a CSV table with id headers: lists
    joined by '、', switches as yes/no, absent values empty; with a ``formerly`` column when
    a school has had other names, and the ``source_*`` columns when a school has a source (an
    imported list's rows, cited by ``plan check``)."""
    schools = getattr(data, key)
    renamed = any(school.formerly for school in schools)
    sourced = any(school.source is not None for school in schools)
    columns = (
        *TABLE_COLUMNS[key],
        *(("formerly",) if renamed else ()),
        *(SOURCE_COLUMNS if sourced else ()),
    )
    rows = (_flat(school.model_dump(mode="json")) for school in schools)
    return csv_rows([columns, *([_cell(v.get(column)) for column in columns] for v in rows)])


def _flat(school: dict[str, Any]) -> dict[str, Any]:
    """A dumped school with its source as the table's ``source_*`` columns."""
    source = school.pop("source", None) or {}
    return school | {f"source_{k}": v for k, v in source.items()}


def _cell(value: object) -> object:
    """A value as the table holds it; numbers stay numbers (a CSV marks only text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return value
