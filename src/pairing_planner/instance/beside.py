"""The files an instance file names beside it (``calendar:``, ``objective.pair_table:``,
``recipients: {table: …}``), found relative to the instance file, and kept within a folder
when it came from elsewhere.

``plan serve`` stores each uploaded instance in a folder of its own: a name there that is
absolute or leads out of that folder (``/etc/passwd``, ``../other/recipients.xlsx``) would
let whoever uploads it read the server's files, or learn which exist (issue 32). Such a name
is refused before anything is looked up. The commands pass no folder: a planner's own
instance names the planner's own files, wherever they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePath

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _
from pairing_planner.instance.yaml_files.yaml_source import YamlDocument


def beside(doc: YamlDocument, name: str, loc: Sequence[str], within: Path | None) -> Path:
    """The file ``name`` that ``doc`` names at ``loc``, relative to ``doc``'s file; refused
    when ``within`` is given and the file is not inside it."""
    target = doc.path.parent / name
    if within is None:
        return target
    inside = not PurePath(name).is_absolute() and target.resolve().is_relative_to(within.resolve())
    if not inside:
        field = ".".join(loc)
        message = _(
            "{field} names {name}, a file outside this instance's own folder: an instance sent "
            "to the server may name only the files stored with it; give what that file holds "
            "in the instance file itself, or send the school lists to be imported"
        ).format(field=field, name=name)
        raise InputError([Problem(message, doc.path, doc.line_of(loc), field)])
    return target
