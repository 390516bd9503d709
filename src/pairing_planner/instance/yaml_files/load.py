"""From a file (or plain data) to a validated :class:`Instance`, or an :class:`InputError`
that names every problem with file, line and field."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.beside import beside
from pairing_planner.instance.bureau_files.calendar_file import load_calendar_file
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.index.references import reference_problems
from pairing_planner.instance.schema.models import InstanceData
from pairing_planner.instance.schema.validation_messages import field_path, problems_from
from pairing_planner.instance.yaml_files.pair_table import read_pair_table
from pairing_planner.instance.yaml_files.referenced import with_tables
from pairing_planner.instance.yaml_files.yaml_source import YamlDocument, load_mapping

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".et", ".csv")
"""What a school list is saved as: given where an instance is asked for, it is pointed to
``plan import`` (issue 30: it was told the file was not UTF-8)."""


def load_instance(path: str | Path, within: Path | None = None) -> Instance:
    """Read, validate and cross-check an instance file (YAML, format v1). ``within``: the
    folder every file it names must be in (a server's upload, :mod:`pairing_planner.instance.
    beside`); None for a planner's own files."""
    path = Path(path)
    if path.suffix.lower() in SPREADSHEETS:
        message = _(
            "this is a spreadsheet, not an instance file; if it is a school list, turn it into "
            "one with plan import TEMPLATE --recipients {file} -o {stem}.yaml (TEMPLATE: an "
            "instance whose rules and places the list takes, such as instances/heze.yaml), "
            "then give the .yaml file"
        ).format(file=path.name, stem=path.stem)
        raise InputError([Problem(message, path)])
    doc = load_mapping(path)
    _not_a_calendar(doc)
    doc = with_tables(doc, within)
    try:
        data = InstanceData.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from(exc, doc)) from None
    return _cross_checked(_with_calendar(data, doc, within), doc, within)


def is_calendar(fields: Iterable[str]) -> bool:
    """Whether a file's top-level ``fields`` are a school calendar's (school_year and terms,
    none of an instance's): the one test that tells a calendar file from an instance, here
    and where the workbench lists the instances it offers (a calendar shipped beside them was
    offered as a template, issue 32)."""
    keys = set(fields)
    return {"school_year", "terms"} <= keys and not keys & set(InstanceData.model_fields)


def is_calendar_file(path: Path) -> bool:
    """Whether ``path`` holds a school calendar (:func:`is_calendar`); a file that is no
    mapping of fields is none."""
    try:
        return is_calendar(load_mapping(path).data)
    except InputError:
        return False


def _not_a_calendar(doc: YamlDocument) -> None:
    """A school calendar given where an instance is asked for, refused as what it is, naming
    the command that reads it: its own keys were some twenty "missing field" and "unknown
    field" errors (user test of issue 32)."""
    if not is_calendar(doc.data):
        return
    message = _(
        "this is a school calendar (school_year, terms, blocked), not an instance file: give it "
        "to plan calendar RESULT --calendar {file}, or name it in an instance's 'calendar:' "
        "field; plan solve and plan check take an instance file such as instances/heze.yaml"
    ).format(file=doc.path.as_posix())
    raise InputError([Problem(message, doc.path)])


def _with_calendar(data: InstanceData, doc: YamlDocument, within: Path | None) -> InstanceData:
    """``data`` with the calendar file it names (``calendar: FILE``, beside the instance) read
    in its place."""
    if not isinstance(data.calendar, str):
        return data
    target = beside(doc, data.calendar, ("calendar",), within)
    if not target.is_file():
        message = _("the calendar file {path} does not exist").format(path=target)
        raise InputError([Problem(message, doc.path, doc.line_of(("calendar",)), "calendar")])
    return data.model_copy(update={"calendar": load_calendar_file(target, data)})


def instance_from_data(data: InstanceData | dict[str, Any]) -> Instance:
    """An :class:`Instance` built in code (tests, generators, notebooks); no pair table file."""
    try:
        model = data if isinstance(data, InstanceData) else InstanceData.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(e["msg"], field=field_path(e["loc"])) for e in exc.errors()]
        raise InputError(problems) from None
    return _cross_checked(model, None, None)


def _cross_checked(data: InstanceData, doc: YamlDocument | None, within: Path | None) -> Instance:
    path = doc.path if doc else None
    problems = [
        Problem(message, path, doc.line_of(loc) if doc else None, field_path(loc))
        for message, loc in reference_problems(data)
    ]
    pair_costs = None
    if data.objective.pair_table is not None:
        if doc is None:
            problems.append(
                Problem(_("a pair table file needs an instance file to be relative to"))
            )
        else:
            table = beside(doc, data.objective.pair_table, ("objective", "pair_table"), within)
            if not table.is_file():
                loc = ("objective", "pair_table")
                message = _("the pair table {path} does not exist").format(path=table)
                raise InputError(
                    [
                        Problem(
                            message, path, doc.line_of(loc) if doc else None, "objective.pair_table"
                        )
                    ]
                )
            pair_costs, table_problems = read_pair_table(
                table, {h.id for h in data.helpers}, {r.id for r in data.recipients}
            )
            problems.extend(table_problems)
    if problems:
        raise InputError(problems)
    return Instance(
        data=data,
        pair_costs=pair_costs,
        path=path,
        sha256=doc.sha256 if doc else "",
        lines=doc.lines if doc else {},
    )
