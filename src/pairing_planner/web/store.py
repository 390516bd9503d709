"""Stored instances: what the planner uploaded, turned into an instance file under
``DATA/instances/ID/`` and kept loaded between requests.

An upload's name is shown, never used as a path: each file is stored under the name of its
role (``recipients.xlsx``, ``instance.yaml``) in a folder named by a random id, and the name
it had on the planner's machine is kept beside it (``shown.json``) for messages and the
findings' list rows. Lists go through ``plan import``'s own reading, caps included. An
instance is read within its folder: a file it names elsewhere on the server is refused
(:mod:`pairing_planner.instance.beside`).
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _, listing
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.spreadsheets.file_caps import MAX_TABLE_BYTES
from pairing_planner.instance.yaml_files.load import is_calendar_file, load_instance
from pairing_planner.instance.yaml_files.yaml_source import MAX_BYTES
from pairing_planner.io.atomic import write_atomic
from pairing_planner.web.problems import not_found

if TYPE_CHECKING:
    from pairing_planner.instance.spreadsheets.tables import Columns, Table

CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
"""What a name cited in a message may not hold (a new line would break the line it is in)."""
ID = re.compile(r"[0-9a-f]{16}")
"""What an id the server gives looks like; anything else in a URL is no id of ours."""
LIST_SUFFIXES = (".xlsx", ".csv")
INSTANCE_FILE = "instance.yaml"
TEMPLATE_FILE = "template.yaml"
SHOWN_FILE = "shown.json"
NOTES_FILE = "notes.json"
HELD = 4
"""How many instances the server keeps loaded, the most recently used: a province's takes
hundreds of MB, and a server runs for months; one no longer held is read again from its
folder when asked for (a province's in seconds, the others' in well under one)."""


@dataclass(frozen=True)
class Upload:
    """A file the planner sent: the name it had (shown, never a path) and its bytes."""

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        """The name's extension, lower case ('' for none)."""
        return PurePath(self.name.replace("\\", "/")).suffix.lower()


def upload_cap(role: str) -> int:
    """The most bytes an upload in ``role`` may have: ``plan import``'s cap for a list, the
    instance reader's for an instance file (docs/security.md)."""
    return MAX_TABLE_BYTES if role in ("recipients", "helpers") else MAX_BYTES


def new_id() -> str:
    """A fresh random id (64 bits): ids are not guessable, nor counted."""
    return secrets.token_hex(8)


@dataclass
class Stored:
    """An instance the server holds: its folder, the loaded instance, and the names its
    files had when uploaded (by stored file name)."""

    id: str
    folder: Path
    instance: Instance
    shown: dict[str, str] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)

    @property
    def path(self) -> Path:
        """The instance file solves read."""
        return self.folder / INSTANCE_FILE


class InstanceStore:
    """The stored instances under ``root``, loaded on first use; the ``held`` most recently
    used are kept in memory."""

    def __init__(self, root: Path, examples: Path | None, held: int = HELD) -> None:
        self.root = root
        self.examples = examples
        self.held = held
        self._held: OrderedDict[str, Stored] = OrderedDict()
        self._opened: dict[tuple[Path, float], str] = {}
        self._lock = threading.Lock()
        self._opening = threading.Lock()

    def add_file(self, upload: Upload) -> Stored:
        """An instance file as uploaded (YAML, as ``plan check`` reads it)."""
        if upload.suffix in LIST_SUFFIXES:
            message = _(
                "{name} is a school list, not an instance file; send it as 'recipients' or "
                "'helpers' with a 'template'"
            ).format(name=upload.name)
            raise InputError([Problem(message, None, None, "file")])
        shown = {INSTANCE_FILE: upload.name}
        with self._new_folder(shown) as folder:
            (folder / INSTANCE_FILE).write_bytes(upload.data)
            return self._keep(folder, shown, [])

    def add_example(self, path: Path) -> Stored:
        """The shipped instance at ``path`` as if its file were uploaded, stored once for
        each version of the file (its modification time): a page opened again, or by
        another tab, gets the id it had, so opening examples does not fill the disk."""
        with self._opening:
            key = (path, path.stat().st_mtime)
            opened = self._opened.get(key)
            if opened is not None and (self.root / opened / INSTANCE_FILE).is_file():
                return self.get(opened)
            stored = self.add_file(Upload(path.name, path.read_bytes()))
            self._opened[key] = stored.id
            return stored

    def add_lists(
        self,
        template: Upload | str,
        recipients: Upload | None,
        helpers: Upload | None,
        previous: Path | None = None,
    ) -> Stored:
        """School lists imported with ``template`` (an uploaded instance file, or the name of
        a shipped one) as ``plan import`` does; the instance is named after the recipients'
        list (菏泽2016.xlsx → heze2016) and titled by the lists' own names. ``previous``: last
        year's ``plans.json``, whose schools keep their ids (``plan import --previous``)."""
        from pairing_planner.instance.index.ids import id_from_name

        if recipients is None and helpers is None:
            message = _("give 'recipients', 'helpers' or both, with a 'template'")
            raise InputError([Problem(message, None, None, "recipients")])
        for role, upload in (("recipients", recipients), ("helpers", helpers)):
            if upload is not None and upload.suffix not in LIST_SUFFIXES:
                message = _("{name} is not a school list: a list is .xlsx or .csv").format(
                    name=upload.name
                )
                raise InputError([Problem(message, None, None, role)])
        shown: dict[str, str] = {}
        named = recipients or helpers
        name = id_from_name(PurePath(named.name if named else "").stem) or "imported"
        with self._new_folder(shown) as folder:
            base = self._template(template, folder, shown)
            lists = {}
            for role, upload in (("recipients", recipients), ("helpers", helpers)):
                if upload is not None:
                    stored = folder / f"{role}{upload.suffix}"
                    stored.write_bytes(upload.data)
                    shown[stored.name] = upload.name
                    lists[role] = stored
            notes = _import(base, lists, name, folder / INSTANCE_FILE, shown, previous)
            return self._keep(folder, shown, notes)

    def get(self, instance_id: str) -> Stored:
        """The stored instance ``instance_id``, read again after a restart or once no longer
        held."""
        with self._lock:
            held = self._held.get(instance_id)
            if held is not None:
                self._held.move_to_end(instance_id)
        if held is not None:
            return held
        folder = self.root / instance_id
        if not ID.fullmatch(instance_id) or not (folder / INSTANCE_FILE).is_file():
            raise not_found(_("there is no instance '{id}' on this server").format(id=instance_id))
        shown_file = folder / SHOWN_FILE
        shown = json.loads(shown_file.read_text("utf-8")) if shown_file.is_file() else {}
        stored = Stored(instance_id, folder, load_stored(folder), shown, _read_notes(folder))
        self._hold(stored)
        return stored

    def _template(self, template: Upload | str, folder: Path, shown: dict[str, str]) -> Instance:
        """The template: an uploaded instance file, or a shipped example by its name."""
        if isinstance(template, Upload):
            (folder / TEMPLATE_FILE).write_bytes(template.data)
            shown[TEMPLATE_FILE] = template.name
            return load_instance(folder / TEMPLATE_FILE, folder)
        shipped = {p.stem: p for p in self.shipped()}
        if template not in shipped:
            message = _("there is no template '{name}'; the templates are: {names}").format(
                name=template, names=listing(sorted(shipped)) or _("none")
            )
            raise InputError([Problem(message, None, None, "template")])
        shutil.copyfile(shipped[template], folder / TEMPLATE_FILE)  # a corrected list's base
        shown[TEMPLATE_FILE] = shipped[template].name
        return load_instance(shipped[template])

    def shipped(self) -> list[Path]:
        """The shipped instances a template may be named from: the folder's YAML files but a
        school calendar (instances/calendar-2016-illustrative.yaml was offered as a template
        and listed by the refusal of lists without one, issue 32)."""
        if self.examples is None or not self.examples.is_dir():
            return []
        found = sorted(self.examples.glob("*.yaml"))
        return [path for path in found if not _calendar(path, path.stat().st_mtime)]

    @contextmanager
    def _new_folder(self, shown: dict[str, str]) -> Iterator[Path]:
        """A new instance's folder, removed again when bad input stops it; the input error
        then names the uploaded files as ``shown`` has them by then."""
        folder = self.root / new_id()
        folder.mkdir(parents=True)
        try:
            yield folder
        except InputError as error:
            shutil.rmtree(folder, ignore_errors=True)
            raise ShownInputError(error.problems, dict(shown), error.notes) from None
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def _keep(self, folder: Path, shown: dict[str, str], notes: list[Problem]) -> Stored:
        """Load the stored instance, remember it and the names shown, and hold it."""
        write_atomic(folder / SHOWN_FILE, json.dumps(shown, ensure_ascii=False))
        write_atomic(folder / NOTES_FILE, json.dumps([_note(n) for n in notes], ensure_ascii=False))
        stored = Stored(folder.name, folder, load_stored(folder), shown, notes)
        self._hold(stored)
        return stored

    def _hold(self, stored: Stored) -> None:
        """Keep ``stored`` in memory as the most recently used, letting go of the least
        recently used past ``held``."""
        with self._lock:
            self._held[stored.id] = stored
            self._held.move_to_end(stored.id)
            while len(self._held) > self.held:
                self._held.popitem(last=False)


@lru_cache(maxsize=64)
def _calendar(path: Path, modified: float) -> bool:
    """Whether the file at ``path``, as it was at ``modified``, is a school calendar: read
    once, as every page load and template asks for the list (the urban-rural sample takes
    0.15 s to read)."""
    return is_calendar_file(path)


def load_stored(folder: Path) -> Instance:
    """The instance stored in ``folder``, citing its file as the planner knows it
    (:attr:`Instance.shown`): by the name they uploaded it under, or, written from their
    lists, not at all (its schools cite the lists' rows)."""
    shown_file = folder / SHOWN_FILE
    shown = json.loads(shown_file.read_text("utf-8")) if shown_file.is_file() else {}
    cited = "" if TEMPLATE_FILE in shown else shown.get(INSTANCE_FILE, INSTANCE_FILE)
    return replace(load_instance(folder / INSTANCE_FILE, folder), shown=cited)


def _note(note: Problem) -> dict[str, object]:
    """An import note as ``notes.json`` keeps it: the check shows it again once the instance
    is read back from its folder."""
    return {**asdict(note), "file": None if note.file is None else str(note.file)}


def _read_notes(folder: Path) -> list[Problem]:
    """The import notes kept in ``folder`` (none for an instance stored before they were)."""
    kept = folder / NOTES_FILE
    if not kept.is_file():
        return []
    return [
        Problem(**{**note, "file": None if note["file"] is None else Path(note["file"])})
        for note in json.loads(kept.read_text("utf-8"))
    ]


def _import(
    template: Instance,
    lists: dict[str, Path],
    name: str,
    out: Path,
    shown: dict[str, str],
    previous: Path | None,
) -> list[Problem]:
    """``plan import`` of ``lists`` (by role) with ``template`` into ``out``, titled by the
    names the lists were uploaded with (``shown``), last year's ids kept from ``previous``:
    its notes."""
    from pairing_planner.api import previous_instance
    from pairing_planner.instance.bureau_files.school_lists import (
        HELPER_COLUMNS,
        RECIPIENT_COLUMNS,
        import_lists,
    )
    from pairing_planner.io.instance_files import contacts_name, write_imported

    recipients, helpers = lists.get("recipients"), lists.get("helpers")
    imported = import_lists(
        template,
        recipients=None if recipients is None else _uploaded(recipients, shown, RECIPIENT_COLUMNS),
        helpers=None if helpers is None else _uploaded(helpers, shown, HELPER_COLUMNS),
        name=name,
        contacts=contacts_name(out),
        out=out,
        previous=None if previous is None else previous_instance(previous),
        titled=[shown[path.name] for path in lists.values()],
    )
    write_imported(imported, out, force=True)
    return imported.notes


def _uploaded(path: Path, shown: dict[str, str], columns: Columns) -> Table:
    """The list stored at ``path`` named as it was uploaded: each school's source, kept in
    the instance, cites the planner's own file (名单.xlsx), not the role it is stored under
    (recipients.xlsx, which the result's warnings cited). The name is only cited, never
    opened: its folders and control characters are dropped."""
    from pairing_planner.instance.spreadsheets.tables import read_table

    name = CONTROL.sub("_", PurePath(shown[path.name].replace("\\", "/")).name)
    table = read_table(path, columns)
    return replace(table, path=path.with_name(name)) if name.strip(" .") else table


class ShownInputError(InputError):
    """Bad input in files the planner uploaded: the names they had, to show in messages."""

    def __init__(
        self, problems: list[Problem], shown: dict[str, str], notes: list[Problem] | None = None
    ) -> None:
        super().__init__(problems, notes)
        self.shown = shown
