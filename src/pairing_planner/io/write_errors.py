"""What a writer says when it cannot or must not write: one wording for each case, wherever it
arises (a single file, a set of files, a folder replaced whole, a lock)."""

from __future__ import annotations

import os
from pathlib import Path

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _


class Refused(InputError):
    """What is at ``target`` must not be replaced (an earlier result without ``--force``, a
    file of the planner's) or another command is writing it: the same output written
    elsewhere would not be refused, so a command that has done long work can save it there
    rather than lose it."""

    def __init__(self, problems: list[Problem], target: Path) -> None:
        super().__init__(problems)
        self.target = target


def missing_folder(folder: Path, file: Path) -> InputError:
    """``folder``, where ``file`` is to go, does not exist (a command does not make it)."""
    message = _("the folder {folder} does not exist; create it first").format(folder=folder)
    return InputError([Problem(message, file)])


def unwritable_folder(folder: Path, file: Path) -> InputError:
    """Nothing can be written in ``folder``, where ``file`` (or what it needs) is to go."""
    message = _("the folder {folder} is not writable").format(folder=folder)
    return InputError([Problem(message, file)])


def cannot_write(target: Path, error: OSError) -> InputError:
    """The system refused a step of writing ``target`` (a full disk, a name it rejects)."""
    message = _("cannot write {target}: {reason}").format(
        target=target, reason=error.strerror or error
    )
    return InputError([Problem(message, target)])


def refuse_existing(*targets: Path, force: bool) -> None:
    """Nothing a planner had is overwritten unless asked: without ``force``, a
    :class:`Refused` naming each of ``targets`` that exists (files written together are
    replaced all or none; the last is the one that references the others)."""
    existing = [t for t in targets if os.path.lexists(t)]
    if existing and not force:
        message = _("this file exists already; pass --force to replace it")
        raise Refused([Problem(message, t) for t in existing], targets[-1])
