"""Putting a folder written beside another in its place in one step, and clearing what a
killed swap left.

A new folder is written as a hidden sibling, ``.<name>.new-XXXXXXXX`` (same parent, so the
same filesystem), then exchanged with the old one by ``renameat2(RENAME_EXCHANGE)`` (Linux
3.15, glibc 2.28): one atomic step, after which the hidden name holds the old folder, which is
then removed. A reader or a kill sees the old folder or the new one, never a mix; a kill
after the exchange leaves only the hidden old folder, which the next writer removes
(:func:`recover`).

Where the exchange is not available (another system, an old kernel or C library, a
filesystem that refuses it) the swap is two renames: the old folder to an unused
``.<name>.old-XXXXXXXX``, then the new one to the folder's name. The hidden name is chosen,
not made: Windows renames a folder onto no existing folder, not even an empty one. Between
the two renames, for microseconds, there is no folder at all (a reader finds none); a kill
exactly there leaves the old folder under its hidden name, and the next writer, holding the
folder's lock, renames it back before anything else (the old result again, never a mix).

Every hidden folder of ours has a mark beside it, ``.<name>.new-XXXXXXXX.mark``, made before
the folder and removed after it: only a folder with its mark is ever removed as a leftover
(a planner's own folder that happens to be named so is not). The mark lies beside the folder
rather than in it so that the folder swapped in never holds it. A command holds a lock on
the mark of the folder it writes (:func:`pairing_planner.io.locks.try_lock`) for as long as it
writes, which it does without holding the folder's lock (a province's calendar takes longer
to write than another command waits for that lock): another command's clean-up leaves a
folder whose mark is held alone. Every other step — making the folder, the clean-up, the
swap — runs under the folder's lock (:mod:`pairing_planner.io.locks`).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pairing_planner.io.locks import try_lock

AT_FDCWD = -100
RENAME_EXCHANGE = 2
"""From ``<linux/fs.h>``: swap the two names atomically."""
UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM}
"""What ``renameat2`` fails with where the exchange cannot be done (no such call, or a
filesystem without it): the two renames are used instead."""
NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
"""What the eight characters of a hidden folder's name are drawn from (as ``tempfile``
draws them)."""


@dataclass
class NewFolder:
    """A hidden sibling being written, and the open mark whose lock says so."""

    path: Path
    handle: int | None

    def release(self) -> None:
        """Let go of the mark's lock (the folder is swapped in or removed next, holding the
        folder's lock)."""
        if self.handle is not None:
            os.close(self.handle)
            self.handle = None

    def discard(self) -> None:
        """Remove the folder, then let go of its mark and remove it too."""
        _remove(self.path)
        self.release()
        mark_of(self.path).unlink(missing_ok=True)


def new_folder(folder: Path) -> NewFolder:
    """A new, empty, marked hidden sibling of ``folder`` to write into, with the permissions a
    folder made by hand gets (call it holding the folder's lock)."""
    path = _unused(folder, "new")
    handle = os.open(mark_of(path), os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    made = NewFolder(path, handle)
    try:
        try_lock(handle)
        os.mkdir(path)
    except BaseException:
        made.discard()
        raise
    return made


def swap_in(new: NewFolder, folder: Path) -> None:
    """Put ``new`` (a sibling of ``folder``) in ``folder``'s place and remove the old folder;
    the folder's parent is synced to disk, so the swap survives a power cut. Call it holding
    the folder's lock."""
    if not os.path.lexists(folder):
        os.rename(new.path, folder)
        new.release()
        mark_of(new.path).unlink()
    elif exchange(new.path, folder):
        new.discard()
    else:
        aside = _set_aside(folder)
        try:
            os.rename(new.path, folder)
        except BaseException:
            os.rename(aside, folder)
            mark_of(aside).unlink()
            raise
        new.release()
        mark_of(new.path).unlink()
        discard(aside)
    sync_folder(folder.parent)


def exchange(first: Path, second: Path) -> bool:
    """Swap the names of two entries of one filesystem in one step; False where the system
    cannot (the caller then renames twice)."""
    call = getattr(_libc(), "renameat2", None) if sys.platform == "linux" else None
    if call is None:
        return False
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if call(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


@cache
def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _set_aside(folder: Path) -> Path:
    """``folder`` renamed to an unused, marked hidden name beside it; that name."""
    aside = _unused(folder, "old")
    os.close(os.open(mark_of(aside), os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644))
    try:
        os.rename(folder, aside)
    except BaseException:
        mark_of(aside).unlink()
        raise
    return aside


def _unused(folder: Path, kind: str) -> Path:
    """A name ``.<name>.<kind>-XXXXXXXX`` beside ``folder`` that neither a folder nor a mark
    has (checked, not made: call it holding the folder's lock)."""
    while True:
        token = "".join(secrets.choice(NAME_CHARACTERS) for _ in range(8))
        path = folder.parent / f".{folder.name}.{kind}-{token}"
        if not os.path.lexists(path) and not os.path.lexists(mark_of(path)):
            return path


def recover(folder: Path) -> None:
    """Clear what a killed writer of ``folder`` left (call it holding the folder's lock): an
    old folder set aside by the two-rename swap goes back when the folder is missing, and
    every other marked hidden sibling no command is writing is removed."""
    for path in leftovers(folder):
        if _in_use(path):
            continue
        if path.name.startswith(f".{folder.name}.old-") and not os.path.lexists(folder):
            os.rename(path, folder)
            mark_of(path).unlink()
        else:
            discard(path)


def leftovers(folder: Path) -> list[Path]:
    """The hidden siblings of ``folder`` with a mark: ``.<name>.new-XXXXXXXX`` and
    ``.<name>.old-XXXXXXXX`` (another folder's, ``.<name>.new-x.new-XXXXXXXX``, does not
    match), or a mark alone, whose folder is gone."""
    pattern = re.compile(rf"\.{re.escape(folder.name)}\.(new|old)-[a-z0-9_]{{8}}\.mark")
    try:
        names = sorted(os.listdir(folder.parent))
    except FileNotFoundError:
        return []
    return [folder.parent / n.removesuffix(".mark") for n in names if pattern.fullmatch(n)]


def mark_of(path: Path) -> Path:
    """The mark beside a hidden folder of ours."""
    return path.with_name(f"{path.name}.mark")


def discard(path: Path) -> None:
    """Remove a hidden folder of ours (never following a link out of it), if it is there,
    then its mark: a kill between the two leaves a mark alone, removed next time."""
    _remove(path)
    mark_of(path).unlink(missing_ok=True)


def _remove(path: Path) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def _in_use(path: Path) -> bool:
    """Whether a command is writing the hidden folder ``path`` (it holds its mark)."""
    try:
        handle = os.open(mark_of(path), os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        return False
    try:
        return not try_lock(handle)
    finally:
        os.close(handle)


def sync_folder(folder: Path) -> None:
    """Flush ``folder``'s entries (names added, renamed, removed) to disk; where a folder
    cannot be opened (Windows), the system's own rename is all there is."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
