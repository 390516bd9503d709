"""Nothing listens beyond this machine (issue 28): the local Dask cluster a solve starts, its
scheduler, nannies, workers and every HTTP server among them, binds the loopback address
only; before, the scheduler's HTTP server listened on 0.0.0.0."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlparse

import pytest

from pairing_planner.solving.execution.dask_runner import DaskRunner

distributed = pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")


def _listening() -> set[tuple[int, str, int]]:
    """(pid, address, port) of every socket this process and its children listen on."""
    me = psutil.Process()
    return {
        (process.pid, socket.laddr.ip, socket.laddr.port)
        for process in [me, *me.children(recursive=True)]
        for socket in process.net_connections(kind="inet")
        if socket.status == psutil.CONN_LISTEN
    }


def _loopback(address: str) -> bool:
    return ipaddress.ip_address(address).is_loopback


def test_the_local_cluster_listens_on_loopback_only() -> None:
    """Every address the cluster reports (scheduler, workers, nannies) and every socket its
    processes listen on (the HTTP servers included) is a loopback address."""
    before = _listening()
    with DaskRunner(2) as runner:
        client = runner._client
        assert client is not None
        info = client.scheduler_info()
        reported = [info["address"], *info["workers"]]
        reported += [w["nanny"] for w in info["workers"].values()]
        hosts = [urlparse(a).hostname or "" for a in reported]
        sockets = _listening() - before
    assert len(info["workers"]) == 2
    assert hosts and all(_loopback(h) for h in hosts), hosts
    assert len(sockets) >= len(reported) + 1  # the HTTP servers too
    assert all(_loopback(address) for _pid, address, _port in sockets), sockets
