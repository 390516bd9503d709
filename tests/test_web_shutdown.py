"""``plan serve`` ends promptly when asked to while a page watches a solve (issue 32, part
32F, finding 2): a real server in a child process, an events stream held open, SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest

from tests.web_helpers import LONG_SOLVE, SERVE, free_port, listening, long_solve_file

ENDING_DEADLINE = 240
"""The most seconds the test waits for the server to end after SIGTERM: a deadline that
fails saying so, not a measure: a server that waited for its solves instead of stopping them
is caught by what plans.json and job.json record (interrupted, before the time limit; the
queued solve not started)."""


def _watch(port: int, solve: str) -> socket.socket:
    """An events stream of ``solve`` held open, as a page's EventSource holds it, its first
    event read."""
    stream = socket.create_connection(("127.0.0.1", port))
    request = f"GET /api/solves/{solve}/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    stream.sendall(request.encode())
    stream.settimeout(60)
    got = b""
    while b"event: solve" not in got:
        more = stream.recv(65536)
        assert more, got
        got += more
    return stream


@pytest.mark.slow
def test_sigterm_ends_the_server_with_a_page_watching_a_solve(tmp_path: Path) -> None:
    """SIGTERM with an events stream open: the server ends (it waited for the solves' time
    limit, then started a queued one, before) with exit 0, the running solves stopped before
    their time limit as plans.json records it, their best plan kept, marked interrupted, and
    the queued one not started. How long it took is not asserted (the machine is loaded;
    review 37, finding 10): ``ENDING_DEADLINE`` only keeps a server that never ends from
    holding the suite."""
    county = long_solve_file(tmp_path)
    port, data = free_port(), tmp_path / "data"
    serve = ["serve", "--port", str(port), "--data", str(data), "--lang", "en"]
    child = subprocess.Popen([sys.executable, "-c", SERVE, *serve], cwd=tmp_path)
    try:
        with httpx2.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            listening(client, child)
            stored = client.post("/api/instances", files={"file": ("c.yaml", county)})
            body = {"instance": stored.json()["id"], "options": LONG_SOLVE}
            slots = os.cpu_count() or 1  # plan serve runs one solve per core
            ids = [client.post("/api/solves", json=body).json()["id"] for _ in range(slots + 1)]
            until = time.monotonic() + 120
            while client.get(f"/api/solves/{ids[0]}").json()["progress"] is None:
                assert time.monotonic() < until, "the first solve showed no progress in 120 s"
                time.sleep(0.2)
            states = {solve: client.get(f"/api/solves/{solve}").json()["state"] for solve in ids}
            queued = [solve for solve in ids if states[solve] == "queued"]
            assert states[ids[0]] == "running" and queued == [ids[-1]], states
            stream = _watch(port, ids[0])
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(timeout=ENDING_DEADLINE)
        except subprocess.TimeoutExpired:
            pytest.fail(f"plan serve had not ended {ENDING_DEADLINE} s after SIGTERM")
        stream.close()
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
    assert child.returncode == 0
    jobs = {p.parent.name: json.loads(p.read_text("utf-8")) for p in data.glob("solves/*/job.json")}
    stopped = [solve for solve in ids if solve not in queued]
    assert all(jobs[solve]["state"] in ("done", "interrupted") for solve in stopped), jobs
    assert jobs[ids[0]]["state"] == "interrupted"
    plans = json.loads((Path(jobs[ids[0]]["folder"]) / "plans.json").read_text("utf-8"))
    assert plans["interrupted"] is True and plans["plans"]
    assert plans["seconds"] < plans["parameters"]["time_limit"], plans["seconds"]
    for solve in queued:
        assert jobs[solve]["state"] == "queued"
        assert jobs[solve]["folder"] is None
