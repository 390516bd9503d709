"""Replacing a folder the tool writes (a solve's result, a calendar) whole, keeping every file
in it the tool did not write.

Only a folder the tool may replace is ever swapped: a new or empty one, or one the tool wrote
(it holds the list of the tool's files, :mod:`pairing_planner.io.manifest`, or is recognisably
a result of an earlier version). Any other folder — a planner's downloads holding a copy of
``plans.json``, their home — is refused (exit 2, write elsewhere with ``--out``), never
swapped, and no folder further up than the one a command writes is ever considered.

A command writes all its files into a new hidden sibling of the folder
(:mod:`pairing_planner.io.folder_swap`), without holding the folder's lock: writing a
province's calendar takes longer than another command waits for it. Then, holding the lock
(:mod:`pairing_planner.io.locks`), it checks the folder again, carries into the new folder
every file of the old one that stays (:mod:`pairing_planner.io.carry_over`), records the
tool's files, syncs to disk, surveys the old folder once more — a file saved into it
meanwhile is carried over too — and takes its place in one step. A reader or a kill sees the
old folder or the new one, never a mix.

Without ``force`` a folder whose part holds any file of the tool is never replaced, checked
under the lock when the files are written (not only before a long solve). A file of the
planner's with the name of one the command writes is never replaced, even with ``force``:
the command exits 2 naming it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.io.atomic import writable_folder
from pairing_planner.io.carry_over import carry_over, not_ours, survey, take_back
from pairing_planner.io.folder_swap import (
    NewFolder,
    leftovers,
    new_folder,
    recover,
    swap_in,
    sync_folder,
)
from pairing_planner.io.locks import holding, lock_path
from pairing_planner.io.manifest import (
    Listed,
    checksum,
    is_ours,
    read_manifest,
    write_manifest,
    written_by_tool,
)
from pairing_planner.io.write_errors import Refused, cannot_write, refuse_existing

SURVEYS = 3
"""How often the old folder may be found changed just before the swap (a planner saving into
it) and carried over again before the command gives up."""


@dataclass(frozen=True)
class Part:
    """What of a folder a command rewrites: the files of the tool in ``path`` ("" for the
    whole folder, or a subfolder such as ``calendar-1``) whose path there matches one of
    ``owns`` (``fnmatch`` patterns; ``*`` also matches across ``/``)."""

    path: str = ""
    owns: tuple[str, ...] = ("*",)

    def covers(self, name: str) -> bool:
        """Whether the file ``name`` (a path in the folder) lies in this part."""
        within = PurePosixPath(name)
        if self.path:
            if not within.is_relative_to(self.path):
                return False
            within = within.relative_to(self.path)
        return any(fnmatchcase(within.as_posix(), pattern) for pattern in self.owns)

    def join(self, name: str) -> str:
        """The path in the folder of ``name``, a path in this part."""
        return (PurePosixPath(self.path) / name).as_posix() if self.path else name


WHOLE = Part()
"""Every file of the tool's in the folder: what a solve replaces."""


@contextmanager
def replacing_folder(folder: Path, *, part: Part = WHOLE, force: bool, held: str) -> Iterator[Path]:
    """The folder to write ``part`` of ``folder`` into; when the block ends, the files
    written there are the tool's files of that part, and ``folder`` is replaced whole. The
    tool's files of that part not written again are dropped (they belong to what is
    replaced); everything else is kept. Without ``force``, a :class:`Refused` saying
    ``held`` when the part holds a file of the tool's already."""
    folder = real_folder(folder)
    _make_parent(folder)
    try:
        with holding(folder):
            recover(folder)
            _checked(folder, part, force=force, held=held)
            new = new_folder(folder)
        try:
            target = inside(new.path, part.path)
            target.mkdir(parents=True, exist_ok=True)
            yield target
            written: Listed = {n: checksum(new.path / n, sync=True) for n in _files(new.path)}
            with holding(folder):
                recover(folder)
                listed = _checked(folder, part, force=force, held=held)
                _move_in(folder, new, part, listed, written)
        finally:
            if new.handle is not None:
                new.discard()
    except OSError as exc:
        raise cannot_write(folder, exc) from None


def check_folder(
    folder: Path, *, part: Part = WHOLE, force: bool, held: str, names: tuple[str, ...] = ()
) -> None:
    """What :func:`replacing_folder` will refuse, checked before a long solve or schedule: a
    folder the tool may not replace, an earlier result of the part without ``force``
    (``held``), one of ``names`` (files the command surely writes, relative to the part)
    that is the planner's, a pipe or a disk in the folder, a folder — or its parent, where
    the new version and the lock go — where nothing can be written. What a killed writer
    left is cleared first (under the lock), so that an old result set aside is seen again."""
    folder = real_folder(folder)
    writable_folder(folder)
    writable_folder(folder.parent)
    if leftovers(folder) or lock_path(folder).exists():
        with holding(folder):
            recover(folder)
    listed = _checked(folder, part, force=force, held=held)
    survey(folder)
    relatives = [part.join(name) for name in names]
    foreign = [r for r in relatives if os.path.lexists(folder / r)]
    foreign = [r for r in foreign if not is_ours(folder, r, listed)]
    if foreign:
        raise Refused([not_ours(folder, r) for r in foreign], folder)


def holds(folder: Path, part: Part, listed: Listed) -> bool:
    """Whether ``part`` of ``folder`` holds a file the tool wrote."""
    return any(part.covers(name) and os.path.lexists(folder / name) for name in listed)


def inside(folder: Path, relative: str) -> Path:
    """``folder / relative``, or an :class:`InputError` when that would lie outside
    ``folder`` (a name from a file, ``../x``, must not lead a writer elsewhere)."""
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder.resolve()):
        message = _(
            "'{name}' would be written outside the folder {folder}; it must be a plain name, "
            "not a path"
        )
        raise InputError([Problem(message.format(name=relative, folder=folder), folder)])
    return folder / relative


def real_folder(folder: Path) -> Path:
    """``folder``, or where it leads if it is a link (the swap replaces the folder a link
    leads to, never the link)."""
    return folder.resolve() if folder.is_symlink() else folder


def unit_of(folder: Path, result: Path | None = None) -> tuple[Path, str]:
    """The folder to replace whole so as to write ``folder`` (a calendar's), and ``folder``'s
    path in it: the folder of the result the calendar is of, ``result``, when ``folder`` lies
    in it and the tool wrote it; else ``folder`` itself (which :func:`replacing_folder` then
    takes only when new, empty or written by the tool). No folder further up is considered:
    a planner's folder holding a copy of ``plans.json`` is theirs."""
    here = Path(os.path.abspath(folder))
    if result is not None:
        home = Path(os.path.abspath(result))
        if here.is_relative_to(home) and written_by_tool(real_folder(home)):
            path = here.relative_to(home).as_posix()
            return real_folder(home), "" if path == "." else path
    return real_folder(here), ""


def writing_file(target: Path, *, force: bool) -> AbstractContextManager[None]:
    """Hold what a single file's writer must hold: the lock of the folder it lies in when
    the tool wrote that folder whole (so a result being replaced at the same time does not
    lose it), else the file's own; and, under it, refuse an existing file without
    ``force``."""
    folder = real_folder(target.parent)
    return _refusing(target, folder if written_by_tool(folder) else target, force=force)


@contextmanager
def _refusing(target: Path, locked: Path, *, force: bool) -> Iterator[None]:
    with holding(locked):
        refuse_existing(target, force=force)
        yield


def _checked(folder: Path, part: Part, *, force: bool, held: str) -> Listed:
    """The tool's files in ``folder`` (none when it is new or empty), or a :class:`Refused`
    when the tool may not replace it: a folder it did not write, or (without ``force``)
    one whose part holds a file of the tool's already (``held``)."""
    if not os.path.isdir(folder) or not os.listdir(folder):
        return {}
    if not written_by_tool(folder):
        message = _(
            "this folder holds files the tool did not write and no list of the files it "
            "wrote, so the tool never replaces it; write elsewhere with --out (a new or empty "
            "folder), or move those files out and run again"
        )
        raise Refused([Problem(message, folder)], folder)
    listed = read_manifest(folder)
    if not force and holds(folder, part, listed):
        raise Refused([Problem(held)], folder)
    return listed


def _move_in(folder: Path, new: NewFolder, part: Part, listed: Listed, written: Listed) -> None:
    """Carry over what stays, list the tool's files, sync, and swap ``new`` in (call it
    holding the folder's lock). The old folder is surveyed again just before the swap: a
    file saved into it since it was carried over is carried over too."""

    def mine(name: str) -> bool:
        return part.covers(name) and is_ours(folder, name, listed)

    seen = survey(folder)
    for _attempt in range(SURVEYS):
        kept, made = carry_over(folder, new.path, seen, written, mine, listed)
        write_manifest(new.path, {**kept, **written})
        for each in sorted(_folders(new.path), key=lambda p: -len(p.parts)):
            sync_folder(each)
        again = survey(folder)
        if again == seen:
            swap_in(new, folder)
            return
        take_back(new.path, made)
        seen = again
    message = _(
        "files in this folder kept changing while the tool was replacing it; close the "
        "program saving into it and run again"
    )
    raise Refused([Problem(message, folder)], folder)


def _files(folder: Path) -> list[str]:
    """The files under ``folder`` as ``/``-separated paths."""
    return [
        (PurePosixPath(Path(root).relative_to(folder).as_posix()) / name).as_posix()
        for root, _dirs, names in os.walk(folder)
        for name in names
    ]


def _folders(folder: Path) -> list[Path]:
    return [Path(root) for root, _dirs, _names in os.walk(folder)]


def _make_parent(folder: Path) -> None:
    """Make the folder's parent (where its lock and its new version go), or an
    :class:`InputError` naming what is in the way."""
    writable_folder(folder)
    writable_folder(folder.parent)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        message = _("cannot create the folder {folder}: {reason}")
        message = message.format(folder=folder.parent, reason=exc.strerror)
        raise InputError([Problem(message, folder)]) from None
