"""The files of a folder that stay when it is replaced whole, carried into its new version.

Every file of the old folder that is not the tool's own in the part a command rewrites — a
planner's files, anywhere in the folder, and the tool's files of other parts — is linked into
the new folder (a hard link: the same file, so a change saved into it later is in both; a
copy where the filesystem has no links), with the folders' permissions
(:mod:`pairing_planner.io.replaced_folders` decides what is whose).

What may never be linked or copied is refused before anything is replaced: a pipe, socket or
device (a copy of one is no copy, and a link keeps a program's channel alive under a new
name), and whatever lies on another filesystem (a disk mounted in the folder: copying it and
removing the original would move a whole disk's files).
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from pairing_planner.errors import Problem
from pairing_planner.i18n import _
from pairing_planner.io.manifest import MANIFEST, Listed, checksum
from pairing_planner.io.write_errors import Refused

Survey = dict[str, tuple[int, ...]]
"""Every file of a folder (links included, not followed) and every empty subfolder, by its
``/``-separated path there, with what tells whether it changed: whether it is a folder, its
inode, size and time of change."""
ORDINARY = (stat.S_ISREG, stat.S_ISLNK, stat.S_ISDIR)
"""What a folder replaced whole may hold: files, links and folders."""


def survey(folder: Path) -> Survey:
    """What :data:`Survey` says of ``folder`` (none when it does not exist); a
    :class:`Refused` naming each entry that may never be carried."""
    if not os.path.isdir(folder):
        return {}
    device = os.stat(folder).st_dev
    found: Survey = {}
    refused: list[Problem] = []
    for root, dirs, files in os.walk(folder):
        base = PurePosixPath(Path(root).relative_to(folder).as_posix())
        for name in [*files, *dirs]:
            path = Path(root, name)
            info = os.lstat(path)
            if not any(kind(info.st_mode) for kind in ORDINARY) or info.st_dev != device:
                refused.append(_unusual(path))
            elif not stat.S_ISDIR(info.st_mode) or not os.listdir(path):
                is_dir = int(stat.S_ISDIR(info.st_mode))
                found[str(base / name)] = (is_dir, info.st_ino, info.st_size, info.st_mtime_ns)
        dirs[:] = [d for d in dirs if _descends(Path(root, d), device)]
    if refused:
        raise Refused(refused, folder)
    return found


def carry_over(
    folder: Path,
    new: Path,
    seen: Survey,
    written: Listed,
    mine: Callable[[str], bool],
    listed: Listed,
) -> tuple[Listed, list[str]]:
    """Link into ``new``, which holds the files the command ``written``, every entry of
    ``seen`` (a survey of ``folder``) that stays: all but the manifest and the tool's files
    the command replaces (``mine``), with the folders' permissions. Returns the entries
    ``listed`` as the tool's among them (they stay listed, with the checksum they were written
    with: one changed since is the planner's), and what was made in ``new``, for
    :func:`take_back`. A file of the planner's where the command wrote one (or a folder of
    files) is a :class:`Refused`."""
    taken = set(written) | {str(p) for name in written for p in PurePosixPath(name).parents}
    kept: Listed = {}
    made: list[str] = []
    clashes: list[Problem] = []
    for name, (is_dir, *_state) in seen.items():
        if name == MANIFEST or mine(name):
            continue
        clash = next((p for p in (name, *_parents(name)) if p in written), None)
        if clash is not None or (not is_dir and name in taken):
            clashes.append(not_ours(folder, clash or name))
            continue
        made += _carry(folder, new, name, bool(is_dir))
        if name in listed:
            kept[name] = listed[name] or checksum(folder / name)
    if clashes:
        raise Refused(list(dict.fromkeys(clashes)), folder)
    for each in [Path(root) for root, _dirs, _names in os.walk(new)]:
        if (folder / each.relative_to(new)).is_dir():
            shutil.copymode(folder / each.relative_to(new), each)
    return kept, made


def take_back(new: Path, made: list[str]) -> None:
    """Remove from ``new`` what :func:`carry_over` made there (the old folder changed before
    the swap: it is carried over again)."""
    for name in sorted(made, key=lambda n: -len(PurePosixPath(n).parts)):
        path = new / name
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink()


def not_ours(folder: Path, relative: str) -> Problem:
    """A file of the planner's lies where the command writes one of its own."""
    message = _(
        "this file was not written by the tool, or was changed after it was, so it is never "
        "replaced; move or rename it, or write elsewhere with --out, and run again"
    )
    return Problem(message, folder / relative)


def _carry(folder: Path, new: Path, name: str, is_dir: bool) -> list[str]:
    """``folder / name`` at ``new / name`` too: a folder made, a file hard-linked (the same
    file, not a copy), or copied and synced where the filesystem has no links. Returns the
    paths made in ``new`` (the entry, and the folders made to hold it)."""
    source, target = folder / name, new / name
    chain = [*reversed(_parents(name)), *([name] if is_dir else [])]
    made = [p for p in chain if not (new / p).exists()]
    (target if is_dir else target.parent).mkdir(parents=True, exist_ok=True)
    if is_dir:
        return made
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        if not stat.S_ISREG(os.lstat(source).st_mode) and not source.is_symlink():
            raise
        shutil.copy2(source, target, follow_symlinks=False)
        if not target.is_symlink():
            checksum(target, sync=True)
    return [*made, name]


def _descends(path: Path, device: int) -> bool:
    """Whether the walk goes into ``path``: a folder of the same disk, not a link."""
    info = os.lstat(path)
    return stat.S_ISDIR(info.st_mode) and info.st_dev == device


def _parents(name: str) -> list[str]:
    return [str(p) for p in PurePosixPath(name).parents if str(p) != "."]


def _unusual(path: Path) -> Problem:
    message = _(
        "this is a pipe, a socket, a device or a disk mounted here, which the tool never "
        "copies or links when it replaces the folder; move it out of the folder and run again"
    )
    return Problem(message, path)
