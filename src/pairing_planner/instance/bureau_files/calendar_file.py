"""A school calendar from a file of its own (``plan calendar --calendar FILE``), or the one an
instance holds, checked against the instance: every city and school it blocks days for must
be one of the instance's (a misspelt id would silently block nothing)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from pairing_planner.errors import InputError, Problem
from pairing_planner.instance.bureau_files.calendar_names import CalendarNames
from pairing_planner.instance.bureau_files.calendar_table import calendar_and_notes
from pairing_planner.instance.index.references import calendar_places
from pairing_planner.instance.schema.calendar_models import SchoolCalendar
from pairing_planner.instance.schema.models import InstanceData
from pairing_planner.instance.schema.validation_messages import field_path, problems_from
from pairing_planner.instance.yaml_files.yaml_source import load_mapping


def load_calendar_file(path: str | Path, data: InstanceData) -> SchoolCalendar:
    """Read, validate and cross-check a calendar file: YAML (``school_year``, ``terms``,
    ``blocked`` …, as an instance's ``calendar:``), or a sheet a bureau keeps (.xlsx or .csv,
    :mod:`pairing_planner.instance.bureau_files.calendar_table`)."""
    return load_calendar_and_notes(path, data)[0]


def load_calendar_and_notes(
    path: str | Path, data: InstanceData
) -> tuple[SchoolCalendar, list[Problem]]:
    """:func:`load_calendar_file`'s calendar, and the notes on how a sheet was read (a
    footnote under it skipped …), which ``plan calendar`` prints when it succeeds too."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".csv"):
        calendar, notes = calendar_and_notes(path, names=CalendarNames.of(data))
        problems = [
            Problem(message, path, None, field_path(loc))
            for message, loc in calendar_places(calendar, data, ())
        ]
        if problems:
            raise InputError(problems, notes)
        return calendar, notes
    doc = load_mapping(path)
    try:
        calendar = SchoolCalendar.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, doc, SchoolCalendar)) from None
    problems = [
        Problem(message, doc.path, doc.line_of(loc), field_path(loc))
        for message, loc in calendar_places(calendar, data, ())
    ]
    if problems:
        raise InputError(problems)
    return calendar, []
