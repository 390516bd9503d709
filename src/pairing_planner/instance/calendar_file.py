"""A school calendar from a file of its own (``plan calendar --calendar FILE``), or the one an
instance holds, checked against the instance: every city and school it blocks days for must
be one of the instance's (a misspelt id would silently block nothing)."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from pairing_planner.errors import InputError, Problem
from pairing_planner.instance.calendar_models import SchoolCalendar
from pairing_planner.instance.calendar_names import CalendarNames
from pairing_planner.instance.calendar_table import read_calendar_table
from pairing_planner.instance.models import InstanceData
from pairing_planner.instance.references import calendar_places
from pairing_planner.instance.validation_messages import field_path, problems_from
from pairing_planner.instance.yaml_source import load_mapping


def load_calendar_file(path: str | Path, data: InstanceData) -> SchoolCalendar:
    """Read, validate and cross-check a calendar file: YAML (``school_year``, ``terms``,
    ``blocked`` …, as an instance's ``calendar:``), or a sheet a bureau keeps (.xlsx or .csv,
    :mod:`pairing_planner.instance.calendar_table`)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".csv"):
        calendar = read_calendar_table(path, names=CalendarNames.of(data))
        problems = [
            Problem(message, path, None, field_path(loc))
            for message, loc in calendar_places(calendar, data, ())
        ]
        if problems:
            raise InputError(problems)
        return calendar
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
    return calendar
