"""A stop on every path: SIGINT or SIGTERM during a solve whose parts run in a pool writes the
plan so far (verified, marked interrupted), exits 0 and leaves no worker behind; a worker
whose parent is killed with SIGKILL ends itself."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pairing_planner import instance_from_data, load_instance, load_result, verify_plan
from pairing_planner.instance.generators.urban_rural import GeneratorSettings, generate_ur
from pairing_planner.instance.yaml_files.dump import instance_yaml

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pooled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A city whose four sprawling parts (190,000 candidate pairs, 30 % poverty-village
    schools) keep two worker processes busy for minutes."""
    settings = GeneratorSettings(
        cities=1, counties_per_city=2, recipients=1400, poverty_share=0.3, spread=0.5, seed=3
    )
    data = instance_from_data(generate_ur(settings)).data
    path = tmp_path_factory.mktemp("pooled") / "pooled.yaml"
    path.write_text(instance_yaml(data), encoding="utf-8")
    return path


def _workers(parent: int) -> set[int]:
    """The spawned pool workers among ``parent``'s children."""
    found = set()
    for children in Path(f"/proc/{parent}/task").glob("*/children"):
        for pid in children.read_text().split():
            cmdline = Path(f"/proc/{pid}/cmdline")
            if cmdline.exists() and b"spawn_main" in cmdline.read_bytes():
                found.add(int(pid))
    return found


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


def _left(workers: set[int], within: float) -> list[int]:
    """The ``workers`` still alive ``within`` seconds from now, asked as they end rather than
    after a fixed sleep (a second per test spent waiting for workers already gone)."""
    deadline = time.monotonic() + within
    while (alive := [pid for pid in workers if _alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


AT_WORK = 1.0
"""CPU seconds a worker has used once it is past its start-up (imports take about 0.6 s)
and solving a part: counted in CPU, not waited for in wall time, so a loaded machine only
makes the wait longer (a fixed 2 s sleep per test kept both cores busy, or fell short)."""


def _cpu_seconds(pid: int) -> float:
    """The user and system CPU ``pid`` has used, 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _start(instance: Path, out: Path, *options: str) -> tuple[subprocess.Popen[bytes], set[int]]:
    """``plan solve`` started, once its pool's (or local Dask cluster's) workers are at
    work."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pairing_planner.cli",
            "solve",
            str(instance),
            "--out",
            str(out),
            "--time-limit",
            "300",
            "--quiet",
            *options,
        ],
    )
    deadline = time.monotonic() + 120
    while len(_workers(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = _workers(process.pid)
    assert len(workers) >= 2, "the pool never started"
    while not _at_work(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _at_work(workers), "the workers never got to work"
    return process, workers


def _at_work(workers: set[int]) -> bool:
    """Whether every worker still alive has used :data:`AT_WORK` of CPU."""
    return all(_cpu_seconds(pid) >= AT_WORK or not _alive(pid) for pid in workers)


@pytest.mark.parametrize(
    ("sig", "options"),
    [(signal.SIGINT, ()), (signal.SIGTERM, ()), (signal.SIGINT, ("--executor", "dask"))],
    ids=["SIGINT", "SIGTERM", "SIGINT-dask"],
)
def test_a_signal_writes_the_plan_so_far(
    pooled: Path, tmp_path: Path, sig: int, options: tuple[str, ...]
) -> None:
    """Exit 0, a plans.json marked interrupted whose plan verifies with what it declares, and
    no worker a second later: on the process pool and on a local Dask cluster."""
    if options:
        pytest.importorskip("distributed")
    process, workers = _start(pooled, tmp_path, *options)
    process.send_signal(sig)
    assert process.wait(timeout=120) == 0
    result = load_result(tmp_path / load_instance(pooled).name / "plans.json")
    assert result.interrupted and result.plans and result.status in ("FEASIBLE", "RELAXED")
    plan = result.plans[0]
    pairs = [(p.helper, p.recipient) for p in plan.pairs]
    assert verify_plan(load_instance(pooled), pairs, plan.relaxations).ok
    assert not _left(workers, within=1.0)


@pytest.mark.parametrize("options", [(), ("--executor", "dask")], ids=["pool", "dask"])
def test_workers_end_when_their_parent_is_killed(
    pooled: Path, tmp_path: Path, options: tuple[str, ...]
) -> None:
    """SIGKILL leaves the parent no chance to clean up: the workers notice and end (a local
    Dask cluster's too)."""
    if options:
        pytest.importorskip("distributed")
    process, workers = _start(pooled, tmp_path, *options)
    process.kill()
    process.wait()
    assert not _left(workers, within=10.0)
