"""Writing files that belong together — an instance and its contacts file, or an instance and
the school tables it references — so that they are all replaced or none is.

A folder of instances is the planner's, so it is never swapped whole
(:mod:`pairing_planner.io.replaced_folders`); instead, holding the lock of the last file (the
instance, :mod:`pairing_planner.io.locks`), every file is written to a hidden temporary beside
its target and synced; then a small journal naming each temporary and its target is written
and synced, the temporaries are renamed over their targets in order, the instance last, and
the journal is removed. Until the journal is on disk nothing has been replaced; once it is, the
new files are complete, and a command killed part-way through the renames (a few
microseconds) is finished by the next command writing the same instance, which completes the
renames before anything else. A reader never sees an instance that references files not yet
written; in those microseconds it may see new tables beside the old instance.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from pairing_planner.io.atomic import FILE_MODE, text_to
from pairing_planner.io.folder_swap import sync_folder
from pairing_planner.io.locks import holding
from pairing_planner.io.write_errors import cannot_write, missing_folder, refuse_existing


class Output(NamedTuple):
    """A text file to write: where, what, and whether it begins with a byte-order mark (for
    a CSV Excel opens)."""

    path: Path
    text: str
    bom: bool = False


def write_together(outputs: Sequence[Output], *, force: bool) -> list[Path]:
    """Write every output, replacing existing files only with ``force`` (checked when
    writing, under the lock); all are replaced or none. The outputs share one folder, and the
    last is the file that references the others. Returns their paths."""
    last = outputs[-1].path
    if not last.parent.is_dir():
        raise missing_folder(last.parent, last)
    with holding(last):
        try:
            finish(last)
            refuse_existing(*(o.path for o in outputs), force=force)
            _write(outputs)
            finish(last)
        except OSError as exc:
            raise cannot_write(last, exc) from None
    return [o.path for o in outputs]


def finish(last: Path) -> None:
    """Complete a write of the set whose last file is ``last`` that its journal records (call
    it holding ``last``'s lock): every temporary still there is renamed over its target, in
    order, then the journal goes. Temporaries no journal names (of a write killed before its
    journal was on disk) are removed."""
    folder, journal = last.parent, _journal(last)
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        entries = None
    except (OSError, ValueError):
        entries = []
    for temp, target in _valid(last, entries):
        if os.path.lexists(folder / temp):
            os.replace(folder / temp, folder / target)
    if entries is not None:
        sync_folder(folder)
        journal.unlink()
    for name in os.listdir(folder):
        if re.fullmatch(rf"{re.escape(_temporary_prefix(last))}[a-z0-9_]{{8}}\..+", name):
            os.unlink(folder / name)


def _write(outputs: Sequence[Output]) -> None:
    """Every output in a synced temporary, then the journal naming them; the temporaries are
    removed when anything fails before the journal is written."""
    last = outputs[-1].path
    temps: list[Path] = []
    try:
        for output in outputs:
            handle, name = tempfile.mkstemp(
                dir=last.parent, prefix=_temporary_prefix(last), suffix=f".{output.path.name}"
            )
            os.close(handle)
            temps.append(Path(name))
            text_to(temps[-1], output.text, bom=output.bom)
            os.chmod(temps[-1], FILE_MODE)
            with temps[-1].open("rb") as written:
                os.fsync(written.fileno())
        entries = [[t.name, o.path.name] for t, o in zip(temps, outputs, strict=True)]
        with _journal(last).open("w", encoding="utf-8") as out:
            json.dump(entries, out)
            out.flush()
            os.fsync(out.fileno())
        sync_folder(last.parent)
    except BaseException:
        for temp in temps:
            temp.unlink(missing_ok=True)
        raise


def _temporary_prefix(last: Path) -> str:
    """How the temporaries of the set whose last file is ``last`` begin their names:
    ``.<last>.new-``, then eight random characters and ``.<target>``."""
    return f".{last.name}.new-"


def _journal(last: Path) -> Path:
    return last.parent / f".{last.name}.journal"


def _valid(last: Path, entries: object) -> list[tuple[str, str]]:
    """The journal's (temporary, target) names: each target a plain name in the folder, each
    temporary one of this set's for it; anything else is ignored."""
    if not isinstance(entries, list):
        return []
    prefix = re.escape(_temporary_prefix(last))
    return [
        (e[0], e[1])
        for e in entries
        if isinstance(e, list)
        and len(e) == 2
        and all(isinstance(n, str) for n in e)
        and "/" not in e[1]
        and e[1] not in ("", ".", "..")
        and re.fullmatch(rf"{prefix}[a-z0-9_]{{8}}\.{re.escape(e[1])}", e[0])
    ]
