"""Parts on Dask (``--executor dask``): the same plans as the process pool, pair for pair, on
a cluster the solve starts and on one named by its scheduler's address; a scheduler that does
not answer is a planner's message, not a traceback. Plans are compared with an optimum proven by
work (:mod:`tests.load_free`): a loaded machine may leave a part unproven, never falsely proven."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pairing_planner import SolveOptions, instance_from_data, solve
from pairing_planner.instance.generators.urban_rural import GeneratorSettings, generate_ur
from pairing_planner.instance.index.instance import Instance, PairKey
from pairing_planner.instance.yaml_files.dump import instance_yaml
from pairing_planner.result.plan import Result
from pairing_planner.solving.execution.dask_runner import QUIET_SCHEDULER
from pairing_planner.solving.execution.process_pool import POOL_PAIRS
from tests.load_free import assert_no_false_proof, proven_optimum
from tests.test_cli import run

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def city() -> Instance:
    """Four counties of a city, enough candidate pairs for the process pool."""
    settings = GeneratorSettings(cities=1, counties_per_city=4, recipients=600, seed=4)
    return instance_from_data(generate_ur(settings))


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A running two-worker cluster's scheduler address, as a planner's bureau would give."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=None, scheduler_kwargs=QUIET_SCHEDULER
    ) as cluster:
        yield cluster.scheduler_address


def _pairs(result: Result) -> list[PairKey]:
    return [(p.helper, p.recipient) for p in result.plans[0].pairs]


def _optimum(city: Instance) -> float:
    """The city's optimum: the sum of its independent parts' proven optima (the whole model
    takes 2.5 units of CP-SAT's work, its parts 1.4 together)."""
    from pairing_planner.prepare.candidates import candidates
    from pairing_planner.prepare.parts import split

    optima = [proven_optimum(part.instance, part.pairs) for part in split(city, candidates(city))]
    assert None not in optima
    return sum(o for o in optima if o is not None)


def test_the_pool_and_dask_give_the_same_plan(city: Instance, scheduler: str) -> None:
    """Pair for pair the same plan on the process pool, on a local Dask cluster and on a
    running cluster named by address, whenever all three are proven optimal (each part's
    search then ends by its proof, not by the clock); each valid by the verifier, at the
    proven optimum when it says OPTIMAL, never below it."""
    from pairing_planner.prepare.candidates import candidate_pairs

    assert len(candidate_pairs(city)) >= POOL_PAIRS
    optimum = _optimum(city)
    pooled = solve(city, SolveOptions(jobs=2, time_limit=120))
    local = solve(city, SolveOptions(jobs=2, time_limit=120, executor="dask"))
    remote = solve(city, SolveOptions(time_limit=120, executor="dask", scheduler=scheduler))
    assert "process" not in pooled.message
    assert "on a Dask cluster of 2 worker(s)" in local.message
    assert "on a Dask cluster of 2 worker(s)" in remote.message
    for result in (pooled, local, remote):
        assert_no_false_proof(city, result.plans[0], optimum)
    if pooled.status == local.status == remote.status == "OPTIMAL":
        assert _pairs(pooled) == _pairs(local) == _pairs(remote)


NOT_THERE = [
    ("tcp://127.0.0.1:9", "Nothing listens at", "上没有程序在监听"),
    ("tcp://127.0.0.1", "is not a Dask scheduler's address", "不是 Dask 调度器的地址"),
    ("tcp://no-such-host.invalid:8786", "is not known", "找不到"),
    ("nonsense://x:1", "is not a Dask scheduler's address", "不是 Dask 调度器的地址"),
]
"""Addresses no scheduler answers at (refused, no port, an unknown host, an unknown scheme)
and what the planner is told of each, in English and in Chinese."""


@pytest.mark.parametrize(("address", "english", "chinese"), NOT_THERE)
def test_a_scheduler_that_is_not_there_is_named(
    address: str, english: str, chinese: str, tmp_path: Path
) -> None:
    """Exit 2 at once, the address and what to do in the message in the planner's language
    (Dask's and the system's own words are English: "Connection refused"), no traceback and
    no result written (an unknown scheme was a traceback; a refused address was named only
    after Dask's 10 s of retries)."""
    settings = GeneratorSettings(cities=1, counties_per_city=1, recipients=20, seed=1)
    path = tmp_path / "small.yaml"
    path.write_text(instance_yaml(generate_ur(settings)), encoding="utf-8")
    out = tmp_path / "out"
    code, _out, err = run("solve", str(path), "--scheduler", address, "--out", str(out))
    assert code == 2
    assert address in err and english in err and "Traceback" not in err
    assert not list(out.glob("*/plans.json"))
    code, _out, err = run("--lang", "zh", "solve", str(path), "--scheduler", address)
    flat = " ".join(err.split())
    assert code == 2 and address in flat and chinese in flat
    assert "refused" not in flat and "missing" not in flat and "unknown" not in flat
