"""The contacts file: the person responsible for each school and a phone (R2: 专人负责).

Real people's names and numbers never belong in an instance file that may be shared or kept
in a repository: the bureau keeps them in a file of its own beside the instance (the
instance names it in ``contacts:``; ``.gitignore`` excludes ``*.contacts.csv`` and
``*.contacts.yaml``). It is read only when a ledger is asked for with its contacts.

A CSV has a header row with ``school``, ``person``, ``phone`` (or the attachment's own
学校编号, 负责人, 联系电话); a YAML file maps each school id to ``{person, phone}``.
"""

from __future__ import annotations

from pathlib import Path

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.school_models import Contact
from pairing_planner.instance.spreadsheets.csv_records import csv_dicts
from pairing_planner.instance.yaml_files.yaml_source import load_yaml, read_text
from pairing_planner.io.csv_cells import from_csv_cell

HEADERS = {
    "school": ("school", "学校编号"),
    "person": ("person", "负责人"),
    "phone": ("phone", "联系电话"),
}
"""Each column and the header names it may go by."""


def read_contacts(instance: Instance) -> dict[str, Contact]:
    """The contacts of the instance's schools, by school id; an :class:`InputError` naming the
    file and line when the file is missing or wrong."""
    path = contacts_path(instance)
    schools = set(instance.helpers) | set(instance.recipients)
    found = _from_yaml(path) if path.suffix in (".yaml", ".yml") else _from_csv(path)
    problems = [
        Problem(
            _("'{id}' is not a school of this instance").format(id=school), path, line, "school"
        )
        for school, (_contact, line) in found.items()
        if school not in schools
    ]
    if problems:
        raise InputError(problems)
    return {school: contact for school, (contact, _line) in found.items()}


def contacts_path(instance: Instance) -> Path:
    """Where the instance's contacts file is: ``contacts:``, relative to the instance file."""
    line = instance.line_of(("contacts",))
    if instance.data.contacts is None or instance.path is None:
        message = _(
            "this instance names no contacts file; add 'contacts: NAME.contacts.csv' and keep "
            "that file beside it (docs/instance-format.md)"
        )
        raise InputError([Problem(message, instance.path, line, "contacts")])
    path = instance.path.parent / instance.data.contacts
    if not path.is_file():
        message = _(
            "the contacts file {path} is not there: the bureau keeps it beside the instance, "
            "out of any repository (docs/instance-format.md)"
        ).format(path=path)
        raise InputError([Problem(message, instance.path, line, "contacts")])
    return path


def _from_csv(path: Path) -> dict[str, tuple[Contact, int]]:
    names, rows = csv_dicts(path, read_text(path, what=N_("contacts file")))
    columns = {
        key: next((n for n in names if n.strip() in aliases), None)
        for key, aliases in HEADERS.items()
    }
    missing = [" or ".join(HEADERS[key]) for key, name in columns.items() if name is None]
    if missing:
        raise InputError(
            [
                Problem(
                    _("the contacts file lacks the column(s) {missing}").format(
                        missing=", ".join(missing)
                    ),
                    path,
                    1,
                )
            ]
        )
    found: dict[str, tuple[Contact, int]] = {}
    for line, row in rows:
        value = {key: from_csv_cell(row[name].strip()) for key, name in columns.items() if name}
        contact = Contact(person=value["person"] or None, phone=value["phone"] or None)
        found[value["school"]] = (contact, line)
    return found


def _from_yaml(path: Path) -> dict[str, tuple[Contact, int]]:
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise InputError(
            [Problem(_("the contacts file must map school ids to person and phone"), path, 1)]
        )
    found: dict[str, tuple[Contact, int]] = {}
    for school, entry in doc.data.items():
        line = doc.line_of((school,)) or 1
        if not isinstance(entry, dict) or set(entry) - {"person", "phone"}:
            raise InputError(
                [Problem(_("give person and phone for each school"), path, line, str(school))]
            )
        person, phone = entry.get("person"), entry.get("phone")
        contact = Contact(
            person=None if person is None else str(person),
            phone=None if phone is None else str(phone),
        )
        found[str(school)] = (contact, line)
    return found
