"""Replacing a folder the tool writes (a solve's result, a calendar) whole, keeping every file
in it the tool did not write.

A command writes all its files into a new hidden sibling of the folder; then, holding the
folder's lock (:mod:`pairing_planner.io.locks`), the new folder receives every file of the
old one that is not the tool's own in the part the command rewrites — a planner's files,
anywhere in the folder, and the tool's files of other parts (a solve's files when a calendar
is written) — by hard link (a copy where linking fails), records the tool's files
(:mod:`pairing_planner.io.manifest`), is synced to disk, and takes the old folder's place in
one step (:mod:`pairing_planner.io.folder_swap`). A reader or a kill sees the old folder or
the new one, never a mix.

Without ``force`` a folder whose part holds any file of the tool is never replaced, checked
under the lock when the files are written (not only before a long solve). A file of the
planner's with the name of one the command writes is never replaced, even with ``force``:
the command exits 2 naming it.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.io.atomic import writable_folder
from pairing_planner.io.folder_swap import (
    discard,
    leftovers,
    new_folder,
    recover,
    swap_in,
    sync_folder,
)
from pairing_planner.io.locks import holding, lock_path
from pairing_planner.io.manifest import (
    MANIFEST,
    Listed,
    checksum,
    is_ours,
    read_manifest,
    write_manifest,
)
from pairing_planner.io.write_errors import cannot_write, refuse_existing


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
    replaced); everything else is kept. Without ``force``, an :class:`InputError` saying
    ``held`` when the part holds a file of the tool's already."""
    folder = real_folder(folder)
    _make_parent(folder)
    with holding(folder):
        recover(folder)
        listed = read_manifest(folder)
        if not force and holds(folder, part, listed):
            raise InputError([Problem(held)])
        new = new_folder(folder)
        try:
            target = inside(new, part.path)
            target.mkdir(parents=True, exist_ok=True)
            yield target
            written = {name: checksum(new / name, sync=True) for name in _files(new)}
            kept = _carry_over(folder, new, part, listed, written)
            write_manifest(new, {**kept, **written})
            for each in sorted(_folders(new), key=lambda p: -len(p.parts)):
                sync_folder(each)
            swap_in(new, folder)
        except OSError as exc:
            raise cannot_write(folder, exc) from None
        finally:
            discard(new)


def check_folder(
    folder: Path, *, part: Part = WHOLE, force: bool, held: str, names: tuple[str, ...] = ()
) -> None:
    """What :func:`replacing_folder` will refuse, checked before a long solve or schedule:
    an earlier result of the part without ``force`` (``held``), one of ``names`` (files the
    command surely writes, relative to the part) that is the planner's, a folder where
    nothing can be written. What a killed writer left is cleared first (under the lock), so
    that an old result set aside is seen again."""
    folder = real_folder(folder)
    writable_folder(folder)
    if leftovers(folder) or lock_path(folder).exists():
        with holding(folder):
            recover(folder)
    listed = read_manifest(folder)
    if not force and holds(folder, part, listed):
        raise InputError([Problem(held)])
    relatives = [part.join(name) for name in names]
    foreign = [r for r in relatives if os.path.lexists(folder / r)]
    foreign = [r for r in foreign if not is_ours(folder, r, listed)]
    if foreign:
        raise InputError([_not_ours(folder, r) for r in foreign])


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


def result_folder_of(path: Path) -> Path | None:
    """The nearest folder holding ``path`` (or ``path`` itself) that the tool writes whole:
    one with a list of its files, or a result of an earlier version (``plans.json``)."""
    here = Path(os.path.abspath(real_folder(path)))
    for folder in (here, *here.parents[:-1]):
        if (folder / MANIFEST).is_file() or (folder / "plans.json").is_file():
            return folder
    return None


def unit_of(folder: Path) -> tuple[Path, str]:
    """The folder to replace whole so as to write ``folder`` (a calendar's), and ``folder``'s
    path in it: the result folder holding it, else ``folder`` itself, which must then be new,
    empty, or written by the tool (a folder of the planner's is never swapped, only added to)."""
    unit = result_folder_of(folder)
    here = Path(os.path.abspath(real_folder(folder)))
    if unit is not None:
        return unit, "" if here == unit else here.relative_to(unit).as_posix()
    if here.is_dir() and any(here.iterdir()):
        message = _(
            "this folder holds files the tool did not write; give a new or empty folder, or "
            "one inside a result folder"
        )
        raise InputError([Problem(message, folder)])
    return here, ""


def writing_file(target: Path, *, force: bool) -> AbstractContextManager[None]:
    """Hold what a single file's writer must hold: the lock of the result folder it lies in,
    if any (so a result being replaced at the same time does not lose it), else the file's
    own; and, under it, refuse an existing file without ``force``."""
    folder = result_folder_of(target.parent) if target.parent.is_dir() else None
    return _refusing(target, folder or target, force=force)


@contextmanager
def _refusing(target: Path, locked: Path, *, force: bool) -> Iterator[None]:
    with holding(locked):
        refuse_existing(target, force=force)
        yield


def _carry_over(
    folder: Path, new: Path, part: Part, listed: Listed, written: dict[str, str]
) -> Listed:
    """Link into ``new`` every file of ``folder`` that stays: all but the tool's own files of
    ``part``, with the folders' permissions. Returns the files listed as the tool's among
    them (they stay listed, with the checksum they were written with: one changed since is
    still the planner's). A file of the planner's where the command wrote one (or a folder of
    files) is an :class:`InputError`."""
    if not folder.is_dir():
        return {}
    taken = set(written) | {str(p) for name in written for p in PurePosixPath(name).parents}
    kept: Listed = {}
    clashes: list[Problem] = []
    for name, is_dir in _entries(folder):
        if name == MANIFEST or (part.covers(name) and is_ours(folder, name, listed)):
            continue
        clash = next((p for p in (name, *_parents(name)) if p in written), None)
        if clash is not None or (not is_dir and name in taken):
            clashes.append(_not_ours(folder, clash or name))
            continue
        _carry(folder / name, new / name, is_dir)
        if name in listed:
            kept[name] = listed[name] or checksum(folder / name)
    if clashes:
        raise InputError(list(dict.fromkeys(clashes)))
    for each in _folders(new):
        if (folder / each.relative_to(new)).is_dir():
            shutil.copymode(folder / each.relative_to(new), each)
    return kept


def _entries(folder: Path) -> Iterator[tuple[str, bool]]:
    """Every file of ``folder`` (links and other non-folders included) and every empty
    subfolder, as ``/``-separated paths, with whether it is a folder; links are not
    followed."""
    for root, dirs, files in os.walk(folder):
        base = PurePosixPath(Path(root).relative_to(folder).as_posix())
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            yield str(base / name), False
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
        for name in dirs:
            if not os.listdir(os.path.join(root, name)):
                yield str(base / name), True


def _carry(source: Path, target: Path, is_dir: bool) -> None:
    """``source`` at ``target`` too: a folder made, a file hard-linked (the same file, not a
    copy), or copied and synced where the filesystem has no links."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if is_dir:
        target.mkdir(exist_ok=True)
        return
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        if not stat.S_ISREG(os.lstat(source).st_mode) and not source.is_symlink():
            raise
        shutil.copy2(source, target, follow_symlinks=False)
        if not target.is_symlink():
            checksum(target, sync=True)


def _files(folder: Path) -> list[str]:
    """The files under ``folder`` as ``/``-separated paths."""
    return [
        (PurePosixPath(Path(root).relative_to(folder).as_posix()) / name).as_posix()
        for root, _dirs, names in os.walk(folder)
        for name in names
    ]


def _folders(folder: Path) -> list[Path]:
    return [Path(root) for root, _dirs, _names in os.walk(folder)]


def _parents(name: str) -> list[str]:
    return [str(p) for p in PurePosixPath(name).parents if str(p) != "."]


def _make_parent(folder: Path) -> None:
    """Make the folder's parent (where its lock and its new version go), or an
    :class:`InputError` naming what is in the way."""
    writable_folder(folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        message = _("cannot create the folder {folder}: {reason}")
        message = message.format(folder=folder.parent, reason=exc.strerror)
        raise InputError([Problem(message, folder)]) from None


def _not_ours(folder: Path, relative: str) -> Problem:
    message = _(
        "this file was not written by the tool, or was changed after it was, so it is never "
        "replaced; move or rename it, or write elsewhere with --out, and run again"
    )
    return Problem(message, folder / relative)
