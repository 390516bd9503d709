"""One writer at a time: the lock a command holds while it replaces a file or a folder.

The lock is ``fcntl.flock`` on ``.<name>.lock`` beside what is written, holding the pid of
its holder (for the message a second command shows). The kernel releases it when its holder
dies, even by ``kill -9``, so a lock is never stale. The holder removes the lock file before
it lets go, and a command that locked a file no longer at that path tries again, so no lock
file stays behind and two commands never hold one lock. On Windows, which has no ``flock``,
it is ``msvcrt.locking`` on the file's first byte, which the system also releases with its
holder; there an open file cannot be removed, so the empty lock file stays.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pairing_planner.errors import Problem
from pairing_planner.i18n import _
from pairing_planner.io.write_errors import (
    Refused,
    cannot_write,
    missing_folder,
    unwritable_folder,
)

LOCK_WAIT = 5.0
"""Seconds a command waits for another writing the same target before it gives up (exit 2):
long enough for a result or a calendar of hundreds of schools to be written, short enough
that a planner is not left looking at a silent terminal."""
POLL = 0.05
"""Seconds between tries while another command holds the lock."""


def lock_path(target: Path) -> Path:
    """The lock file of ``target``: ``.<name>.lock`` in its folder."""
    return target.parent / f".{target.name}.lock"


@contextmanager
def holding(target: Path) -> Iterator[None]:
    """Hold the lock of ``target`` (a file or folder, existing or not) while the block runs:
    wait up to :data:`LOCK_WAIT` seconds for another command holding it, then an
    :class:`InputError` naming that command's process."""
    path = lock_path(target)
    handle = _acquire(path, target, time.monotonic() + LOCK_WAIT)
    try:
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        yield
    finally:
        with contextlib.suppress(PermissionError):
            path.unlink(missing_ok=True)
        os.close(handle)


def _acquire(path: Path, target: Path, deadline: float) -> int:
    """A descriptor of the lock file at ``path``, locked: the file then at ``path``, not one
    an earlier holder removed while this command waited on it."""
    while True:
        handle = _open(path, target)
        if not try_lock(handle):
            os.close(handle)
            if time.monotonic() >= deadline:
                raise _busy(path, target) from None
            time.sleep(POLL)
            continue
        if _is_at(handle, path):
            return handle
        os.close(handle)


if sys.platform == "win32":
    import msvcrt

    def try_lock(handle: int) -> bool:
        """Whether ``handle``'s first byte could be locked at once (False: another holds it)."""
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except PermissionError:
            return False
        return True

else:
    import fcntl

    def try_lock(handle: int) -> bool:
        """Whether ``handle`` could be locked at once (False: another holds it)."""
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def _open(path: Path, target: Path) -> int:
    """The lock file opened (created when missing), or an :class:`InputError` naming the
    folder when it is missing or not writable (a read-only disk among them)."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except (FileNotFoundError, NotADirectoryError):
        raise missing_folder(path.parent, target) from None
    except PermissionError:
        raise unwritable_folder(path.parent, target) from None
    except OSError as exc:
        raise cannot_write(path, exc) from None


def _is_at(handle: int, path: Path) -> bool:
    """Whether the open file ``handle`` is still the one at ``path``."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(handle)
    return (held.st_dev, held.st_ino) == (found.st_dev, found.st_ino)


def _busy(path: Path, target: Path) -> Refused:
    """The error of a command that waited in vain: which process holds the lock."""
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        pid = ""
    message = _(
        "another plan command (process {pid}) is writing {target}; wait until it has finished "
        "and run this command again"
    ).format(pid=pid or "?", target=target)
    return Refused([Problem(message, target)], target)
