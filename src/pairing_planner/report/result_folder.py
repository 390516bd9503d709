"""A result folder, read and written in one place: ``plans.json`` and one ``plan-K.csv`` per plan.

The folder is replaced whole, keeping every file in it the tool did not write
(:mod:`pairing_planner.io.replaced_folders`); an existing result is never replaced unless asked
(``force``), checked again when the files are written. Reading takes the ``plans.json`` or its
folder.
"""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import N_, _
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.yaml_files.yaml_source import MAX_RESULT_BYTES, read_text
from pairing_planner.io.atomic import write_atomic
from pairing_planner.io.replaced_folders import check_folder, inside, replacing_folder
from pairing_planner.result.plan import Result


def result_dir(out: str | Path, instance_name: str, *, force: bool) -> Path:
    """Where a result goes, ``OUT/<instance name>/``; refuses before any solving what
    :func:`write_result` would refuse after it: to replace an earlier result unless
    ``force``, a ``plans.json`` or ``plan-1.csv`` of the planner's, a folder where nothing can
    be written."""
    folder = inside(Path(out), instance_name)
    message = _(
        "{folder} already holds a result; pass --force to replace it, or --out to write elsewhere"
    ).format(folder=folder)
    check_folder(folder, force=force, held=message, names=("plans.json", "plan-1.csv"))
    return folder


WRITE_SECONDS_PER_PAIR = 160e-6
"""What writing a result and showing it take per pair of a plan, with room for a loaded
machine: on the Shandong preset (10,000 pairs) on a quiet 2-core machine, writing 0.53 s and
the terminal report 0.12 s (65 µs a pair), taken two and a half times."""


def writing_seconds(instance: Instance, plans: int) -> float:
    """How long :func:`write_result` and the report after it may take for ``plans`` plans of
    ``instance``: a command whose time limit covers them leaves the solve that much less."""
    return WRITE_SECONDS_PER_PAIR * len(instance.recipients) * plans


def write_result(
    instance: Instance, result: Result, out: str | Path, *, force: bool = False
) -> Path:
    """Write ``plans.json`` and ``plan-K.csv`` files into ``OUT/<instance name>/``, replacing
    the folder whole: an earlier result only with ``force`` (checked now, under the folder's
    lock, so a result written while this one was solved is not lost), the tool's files of it
    all (its surplus ``plan-K.csv`` and the calendars of its plans, which describe plans no
    longer there), and nothing else in the folder. Returns the directory written."""
    return _write_in(instance, result, inside(Path(out), result.instance), force=force)


def write_result_beside(instance: Instance, result: Result, out: str | Path) -> Path:
    """Write the result into a new folder beside ``OUT/<instance name>/``, which refused it
    (it holds a result now, or a file of the planner's where one of ours goes): the first of
    ``<name> (2)``, ``<name> (3)``… not there. A solve of many minutes is then not lost, and
    no later result is written there by itself (an instance's id has no space). Returns the
    folder written."""
    folder = inside(Path(out), result.instance)
    beside = (folder.with_name(f"{folder.name} ({k})") for k in itertools.count(2))
    return _write_in(instance, result, next(b for b in beside if not os.path.lexists(b)))


def _write_in(instance: Instance, result: Result, folder: Path, *, force: bool = False) -> Path:
    """Write the result into ``folder``. The CSV writer (pandas) is imported here:
    reading a result, the first step of most commands and of ``api``, loads no pandas
    (tests/test_layers.py)."""
    from pairing_planner.report.csv_exports import plan_csv

    message = _(
        "{folder} already holds a result, so this one was not written; pass --force to "
        "replace it, or --out to write elsewhere"
    ).format(folder=folder)
    with replacing_folder(folder, force=force, held=message) as new:
        for plan in result.plans:
            write_atomic(new / f"plan-{plan.rank}.csv", plan_csv(instance, plan), bom=True)
        write_atomic(new / "plans.json", result.to_json())
    return folder


def load_result(path: str | Path) -> Result:
    """Read a ``plans.json`` (or a result directory holding one)."""
    path = plans_file(path)
    if not path.exists():
        raise InputError([Problem(_("no plans.json here"), path)])
    return Result.from_json(read_text(path, what=N_("result file"), limit=MAX_RESULT_BYTES), path)


def plans_file(path: str | Path) -> Path:
    """``path``, or the ``plans.json`` in it when it is a result directory."""
    path = Path(path)
    return path / "plans.json" if path.is_dir() else path


@dataclass(frozen=True)
class Peek:
    """What a listing or a plan number's check needs of a written result: its status, its
    plans' numbers, and whether a stop cut its search short (a restarted workbench adopts a
    result its worker wrote as it ended, issue 32), and whether it is a trade-off front (the
    workbench's list of last year's results tells a front from a solve of the same time,
    review 37, finding 4)."""

    status: str
    ranks: tuple[int, ...]
    interrupted: bool = False
    front: bool = False


def peek(folder: str | Path) -> Peek:
    """The :class:`Peek` of the result in ``folder``, read once per version of its
    ``plans.json`` (its modification time and size), not into a whole result: the
    workbench lists every solve it keeps on each page load (an 800-school result is 0.9 MB,
    a province's 8 MB)."""
    written = plans_file(folder)
    stat = written.stat()
    return _peeked(str(written), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)
def _peeked(written: str, _modified: int, _size: int) -> Peek:
    document = json.loads(Path(written).read_text("utf-8"))
    ranks = tuple(int(plan["rank"]) for plan in document["plans"])
    interrupted = bool(document.get("interrupted", False))
    return Peek(str(document["status"]), ranks, interrupted, bool(document.get("front")))
