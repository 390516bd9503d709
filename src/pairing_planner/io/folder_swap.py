"""Putting a folder written beside another in its place in one step, and clearing what a
killed swap left.

A new folder is written as a hidden sibling, ``.<name>.new-XXXXXXXX`` (same parent, so the
same filesystem), then exchanged with the old one by ``renameat2(RENAME_EXCHANGE)`` (Linux
3.15, glibc 2.28): one atomic step, after which the hidden name holds the old folder, which is
then removed. A reader or a kill sees the old folder or the new one, never a mix; a kill
after the exchange leaves only the hidden old folder, which the next writer removes
(:func:`recover`).

Where the exchange is not available (another system, an old kernel or C library, a
filesystem that refuses it) the swap is two renames: the old folder to ``.<name>.old-XXXXXXXX``,
then the new one to the folder's name. Between the two, for microseconds, there is no folder
at all (a reader finds none); a kill exactly there leaves the old folder under its hidden
name, and the next writer, holding the folder's lock, renames it back before anything else
(the old result again, never a mix). Every step runs under the folder's lock
(:mod:`pairing_planner.io.locks`), so a hidden sibling no writer holds is always a leftover.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from functools import cache
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2
"""From ``<linux/fs.h>``: swap the two names atomically."""
UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EPERM}
"""What ``renameat2`` fails with where the exchange cannot be done (no such call, or a
filesystem without it): the two renames are used instead."""


def new_folder(folder: Path) -> Path:
    """A new, empty hidden sibling of ``folder`` to write into (``0755``, as a folder made
    by hand is; ``mkdtemp`` makes it ``0700``)."""
    made = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.new-"))
    os.chmod(made, 0o755)
    return made


def swap_in(new: Path, folder: Path) -> None:
    """Put ``new`` (a sibling of ``folder``) in ``folder``'s place and remove the old folder;
    the folder's parent is synced to disk, so the swap survives a power cut."""
    if not os.path.lexists(folder):
        os.rename(new, folder)
    elif exchange(new, folder):
        discard(new)
    else:
        aside = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.old-"))
        os.rename(folder, aside)
        os.rename(new, folder)
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


def recover(folder: Path) -> None:
    """Clear what a killed writer of ``folder`` left (call it holding the folder's lock): an
    old folder set aside by the two-rename swap goes back when the folder is missing, and
    every other hidden sibling, new or old, is removed."""
    left = leftovers(folder)
    asides = [p for p in left if p.name.startswith(f".{folder.name}.old-")]
    if asides and not os.path.lexists(folder):
        os.rename(asides[0], folder)
        left.remove(asides[0])
    for path in left:
        discard(path)


def leftovers(folder: Path) -> list[Path]:
    """The hidden siblings a writer of ``folder`` makes: ``.<name>.new-XXXXXXXX`` and
    ``.<name>.old-XXXXXXXX`` (eight characters as ``tempfile`` draws them; another folder's,
    ``.<name>.new-x.new-XXXXXXXX``, does not match)."""
    pattern = re.compile(rf"\.{re.escape(folder.name)}\.(new|old)-[a-z0-9_]{{8}}")
    try:
        names = sorted(os.listdir(folder.parent))
    except FileNotFoundError:
        return []
    return [folder.parent / n for n in names if pattern.fullmatch(n)]


def discard(path: Path) -> None:
    """Remove a hidden folder of ours (never following a link out of it), if it is there."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


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
