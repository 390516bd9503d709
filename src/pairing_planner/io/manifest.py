"""Which files of a folder the tool wrote: ``.written-by-plan.json``, kept in the folder.

A folder a command writes whole (a solve's result, a calendar) lists in this small file each
file the tool put there, by its path in the folder and the SHA-256 of what it wrote. A file
is the tool's own while it is listed *and* still holds those bytes; anything else in the
folder — a planner's ``plan-edited.csv``, their own ``plan-1.csv``, a calendar sheet the
bureau has marked up — is theirs, and no command deletes or replaces it.

It is a file of its own rather than a list in ``plans.json``: a calendar written elsewhere
(``--out``) has no ``plans.json``, a file cannot hold its own checksum, and a few kilobytes
are read where ``plans.json`` of a province is ten megabytes. It is hidden because a planner
has nothing to do with it; it travels with the folder when the folder is copied.

Folders written before it existed hold no list: there ``plans.json`` and the ``plan-K.csv``
of the plans it records count as the tool's own (what a solve then wrote), nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from pathlib import Path, PurePosixPath

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _

MANIFEST = ".written-by-plan.json"
"""The list's name in the folder."""
MANIFEST_FORMAT = 1
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
"""Largest list read: a province's calendar with one .ics per school lists 15,000 files in
about 1.5 MB."""

Listed = dict[str, str | None]
"""Path in the folder (``/``-separated) → SHA-256 of what the tool wrote; None for a file of
a folder written before the list existed (taken as written)."""


def read_manifest(folder: Path) -> Listed:
    """The files the tool wrote in ``folder``, by the list, or as a folder of an earlier
    version holds them; empty for a folder that does not exist."""
    path = folder / MANIFEST
    try:
        if os.path.getsize(path) > MAX_MANIFEST_BYTES:
            raise _damaged(path, _("it is larger than any list this tool writes"))
        document = json.loads(path.read_bytes())
    except (FileNotFoundError, NotADirectoryError):
        return _earlier(folder)
    except (OSError, ValueError) as exc:
        raise _damaged(path, str(exc)) from None
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, dict) or not all(
        _is_relative(k) and isinstance(v, str) for k, v in files.items()
    ):
        raise _damaged(path, _("it does not map paths in the folder to checksums"))
    return dict(files)


def write_manifest(folder: Path, files: Listed) -> None:
    """Write the list into ``folder`` (a folder not yet swapped in: no one reads it yet)."""
    document = {"format": MANIFEST_FORMAT, "files": dict(sorted(files.items()))}
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    with (folder / MANIFEST).open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


def is_ours(folder: Path, relative: str, listed: Listed) -> bool:
    """Whether ``relative`` in ``folder`` is a file the tool wrote and nobody has changed since
    (a regular file, not a link, with the listed checksum)."""
    if relative not in listed:
        return False
    try:
        if not stat.S_ISREG(os.lstat(folder / relative).st_mode):
            return False
    except FileNotFoundError:
        return False
    expected = listed[relative]
    return expected is None or checksum(folder / relative) == expected


def checksum(path: Path, *, sync: bool = False) -> str:
    """The SHA-256 of a file's bytes; with ``sync``, the file is flushed to disk as well (one
    pass for the files a command has just written)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
        if sync:
            os.fsync(handle.fileno())
    return digest.hexdigest()


def _is_relative(name: object) -> bool:
    """Whether ``name`` is a path inside a folder: relative, without ``..``."""
    if not isinstance(name, str) or not name or "\\" in name or "\0" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and str(path) == name


def written_by_tool(folder: Path) -> bool:
    """Whether the tool wrote ``folder`` whole, so that it may replace it: the folder holds
    the list, or is a result of a version before the list (:func:`_earlier`)."""
    return os.path.isfile(folder / MANIFEST) or bool(_earlier(folder))


def _earlier(folder: Path) -> Listed:
    """What a solve of a version before the list wrote: ``plans.json`` and the ``plan-K.csv``
    of each plan it records — only in a folder recognisably such a result, named as the
    instance its ``plans.json`` records and holding nothing but those files and calendar
    folders (``calendar-K/``, which those versions wrote there too). A planner's folder
    holding a copy of ``plans.json`` (their downloads, their home) lists nothing: it is not
    the tool's to replace."""
    try:
        document = json.loads((folder / "plans.json").read_bytes())
        ranks = [int(plan["rank"]) for plan in document["plans"]]
        named = document["instance"] == folder.name
        names = ["plans.json", *(f"plan-{rank}.csv" for rank in ranks)]
        entries = os.listdir(folder)
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    others = [e for e in entries if e not in names and not _calendar_folder(folder / e)]
    return dict.fromkeys(n for n in names if n in entries) if named and not others else {}


def _calendar_folder(path: Path) -> bool:
    return re.fullmatch(r"calendar-[0-9]+", path.name) is not None and path.is_dir()


def _damaged(path: Path, reason: str) -> InputError:
    message = _(
        "this list of the files the tool wrote in the folder cannot be read ({reason}); move "
        "it out of the folder (the files it listed then count as yours) and run again"
    ).format(reason=reason)
    return InputError([Problem(message, path)])
