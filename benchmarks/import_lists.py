"""``plan import`` end to end as a planner runs it, and what refusing each hostile file of
issue 28 costs.

    python -m benchmarks.import_lists [--runs 3] [--sizes 1000,5000,20000,45000]

(``--sizes ""``: the refusals alone.)

Import: recipients' lists of each size in the attachment's layout with a person and a phone,
as CSV and as .xlsx (written by xlsxwriter, as Excel writes one: shared strings), into the
Heze template, in a fresh process each: the median wall and CPU time of ``runs``,
milliseconds a row, the peak memory, and whether the lists were written inline or as
tables. Refusals: each
hostile file of :mod:`benchmarks.hostile_files` through every command that reads such a file
(``import``; ``verify``, ``progress`` and ``calendar --calendar`` for workbooks and plans),
once: the exit code, wall time, peak memory and the first line printed. Peak memory is the
process's own (Linux's VmHWM, read as it ends). Results: ``benchmarks/results/import_lists.json``.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks import hostile_files
from benchmarks.common import write

INSTANCES = Path(__file__).parent.parent / "instances"
TEMPLATE = INSTANCES / "heze.yaml"
INSTANCE = INSTANCES / "heze-as-stated.yaml"
LIMIT_S = 120.0
"""A command still running then is killed, and the row says so."""


@dataclass(frozen=True)
class Run:
    """One command in a fresh process: exit code (None when killed at the limit), wall
    seconds, CPU seconds (user and system: what the machine's load changes least), the
    process's peak memory in MB, and the start of what it printed (its lines joined)."""

    code: int | None
    seconds: float
    cpu_s: float
    peak_mb: float | None
    printed: str


PEAK = """
import atexit, os, runpy, sys

def peak():
    with open("/proc/self/status") as status, open(os.environ["PEAK_FILE"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM")))

atexit.register(peak)
sys.argv = ["plan", *sys.argv[1:]]
runpy.run_module("pairing_planner.cli", run_name="__main__")
"""
"""Runs ``plan`` and, as the process ends, writes its peak resident memory (Linux's VmHWM,
in KB) to ``$PEAK_FILE``. What ``wait4`` reports for a child also counts the memory of the
process it was forked from, until it starts Python: forked from pytest, a refusal that
takes 60 MB measured 230."""


def measured(args: list[str], limit: float = LIMIT_S) -> Run:
    """``plan ARGS`` in a fresh process, measured; killed after ``limit`` seconds."""
    with tempfile.TemporaryDirectory() as scratch:
        peak = Path(scratch) / "peak"
        before = _children_cpu()
        start = time.monotonic()
        try:
            done = subprocess.run(
                [sys.executable, "-c", PEAK, *args],
                capture_output=True,
                text=True,
                timeout=limit,
                env={**os.environ, "COLUMNS": "200", "PEAK_FILE": str(peak)},
                check=False,
            )
            code: int | None = done.returncode
            printed = " ".join((done.stdout + done.stderr).split())
        except subprocess.TimeoutExpired:
            code, printed = None, ""
        seconds = time.monotonic() - start
        cpu = _children_cpu() - before
        peak_mb = round(int(peak.read_text()) / 1024, 1) if peak.exists() else None
    return Run(code, round(seconds, 2), round(cpu, 2), peak_mb, printed[:300])


def _children_cpu() -> float:
    """CPU seconds of every child this process has waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def school_list(folder: Path, rows: int, kind: str) -> Path:
    """A recipients' list of ``rows`` schools with a person and a phone, as .csv or .xlsx."""
    header = [*hostile_files.HEADER, "负责人", "联系电话"]
    body = [[*hostile_files.school_row(n), "张老师", f"1380000{n:04d}"] for n in range(1, rows + 1)]
    path = folder / f"list-{rows}.{kind}"
    if kind == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows([header, *body])
        return path
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("名单")
    for number, values in enumerate([header, *body]):
        sheet.write_row(number, 0, values)
    book.close()
    return path


def import_speed(folder: Path, rows: int, kind: str, runs: int) -> dict[str, Any]:
    """Median of ``runs`` imports of a list of ``rows`` schools."""
    listed = school_list(folder, rows, kind)
    out = folder / f"imported-{rows}-{kind}.yaml"
    done = [measured([*_import(listed, out), "--force"]) for _run in range(runs)]
    if any(run.code != 0 for run in done):
        raise SystemExit(f"import of {listed} failed: {done}")
    seconds = statistics.median(run.seconds for run in done)
    cpu = statistics.median(run.cpu_s for run in done)
    tables = sorted(p.name for p in folder.glob(f"{out.stem}-*.csv"))
    return {
        "case": f"import {rows} rows ({kind})",
        "median_s": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "ms_per_row": round(1000 * seconds / rows, 3),
        "peak_mb": max(run.peak_mb or 0 for run in done),
        "runs": runs,
        "written": "tables" if tables else "inline",
        "instance_bytes": out.stat().st_size,
    }


def refusals(folder: Path) -> list[dict[str, Any]]:
    """Each hostile file through each command that reads it, once."""
    result = folder / "result"
    measured(["solve", str(INSTANCE), "--out", str(result), "--quiet"])
    solved = result / INSTANCE.stem
    workbooks: list[Callable[[Path], Path]] = [
        hostile_files.merged_to_the_end,
        hostile_files.merged_down,
        hostile_files.zip_bomb,
        hostile_files.many_attributes,
        hostile_files.rows_beyond,
        hostile_files.empty_workbook,
        hostile_files.not_a_workbook,
        lambda f: hostile_files.far_cell(f, "/worksheets/sheet1.xml", "worksheets/sheet1.xml"),
        lambda f: hostile_files.far_cell(
            f, "xl/worksheets/sheet1.xml", "xl/xl/worksheets/sheet1.xml"
        ),
        lambda f: hostile_files.far_cell(f, "worksheets/sheet1.xml", "xl\\worksheets\\sheet1.xml"),
        hostile_files.plus_index,
        hostile_files.opendocument_inside,
        hostile_files.many_attribute_names,
        hostile_files.filler_in_every_part,
        hostile_files.nested,
        hostile_files.one_cell_repeated,
    ]
    out = folder / "refused.yaml"
    rows = []
    for build in workbooks:
        path = build(folder)
        commands = {
            "import": [*_import(path, out), "--force"],
            "verify": ["verify", str(INSTANCE), str(path)],
            "progress": ["progress", str(INSTANCE), str(path)],
            "calendar": ["calendar", str(solved), "--calendar", str(path), "--force"],
        }
        rows += [_refusal(path, command, args) for command, args in commands.items()]
    long_field = hostile_files.long_field_csv(folder)
    open_quote = hostile_files.open_quote_csv(folder)
    many_rows = hostile_files.many_rows_csv(folder)
    cr_only = hostile_files.cr_only_plan(folder, [("jinan-j1", "r01")])
    csvs = (long_field, open_quote, many_rows)
    rows += [_refusal(path, "import", [*_import(path, out), "--force"]) for path in csvs]
    rows.append(_refusal(cr_only, "verify", ["verify", str(INSTANCE), str(cr_only)]))
    return rows


def _import(listed: Path, out: Path) -> list[str]:
    return ["import", str(TEMPLATE), "--recipients", str(listed), "-o", str(out)]


def _refusal(path: Path, command: str, args: list[str]) -> dict[str, Any]:
    run = measured(args)
    row = {"case": f"{command} {path.name}", "file_bytes": path.stat().st_size, **asdict(run)}
    print(row, flush=True)
    return row


def main() -> None:
    """Import speed at each size and kind, then every refusal; written as they come."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,5000,20000,45000")
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for size in (int(s) for s in args.sizes.split(",") if s):
            for kind in ("csv", "xlsx"):
                rows.append(import_speed(folder, size, kind, args.runs))
                print(rows[-1], flush=True)
        rows += refusals(folder)
    print(f"written to {write('import_lists', rows)}")


if __name__ == "__main__":
    main()
