"""Every file the tool writes goes through here: to a temporary name in the target's folder,
synced to disk, given ordinary permissions, then renamed into place. A crash or a full disk
never leaves half a file where a good one was, and a ledger is as readable as a CSV."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.io.write_errors import missing_folder, unwritable_folder

FILE_MODE = 0o644
"""Written files are readable by others, as ordinary files are (mkstemp makes them 0600)."""


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path with ``target``'s suffix (writers that choose their format by it,
    xlsxwriter and matplotlib, need it) to write to; on success it replaces ``target``."""
    handle, temp = _temporary(target)
    os.close(handle)
    path = Path(temp)
    try:
        yield path
        os.chmod(path, FILE_MODE)
        with path.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(path, target)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _temporary(target: Path) -> tuple[int, str]:
    """A new temporary file beside ``target``, or an :class:`InputError` naming the folder
    when it is missing or not writable (before anything is written)."""
    try:
        return tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=target.suffix)
    except (FileNotFoundError, NotADirectoryError):
        raise missing_folder(target.parent, target) from None
    except PermissionError:
        raise unwritable_folder(target.parent, target) from None


def writable_folder(folder: Path) -> None:
    """Whether ``folder`` can be written to or created, checked without creating anything, so
    a long solve does not end in an error about where to put its result."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        message = _("cannot create the folder {folder}: {existing} is a file")
        message = message.format(folder=folder, existing=existing)
        raise InputError([Problem(message, folder)])
    if not os.access(existing, os.W_OK | os.X_OK):
        raise unwritable_folder(existing, folder)


def write_atomic(target: Path, text: str, *, bom: bool = False) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``target`` atomically; with ``bom``, a
    byte-order mark first, which Excel needs to read a CSV as UTF-8 rather than the
    system's code page (GBK on a Chinese Windows: every name garbled)."""
    with replacing(target) as path:
        text_to(path, text, bom=bom)


def text_to(path: Path, text: str, *, bom: bool = False) -> None:
    """Write ``text`` to ``path`` as UTF-8, newlines as given, a byte-order mark first with
    ``bom`` (a file on its own way to its place: a temporary)."""
    path.write_text(text, encoding="utf-8-sig" if bom else "utf-8", newline="")
