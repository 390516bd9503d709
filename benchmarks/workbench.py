"""The workbench where a person waits: a real ``plan serve`` in a subprocess, timed over HTTP.

    python -m benchmarks.workbench [--cases heze-as-stated,heze,county,shandong] [--repeats 3]

For each case the instance is uploaded and solved once (cold: the worker has the solver
imported but has seen nothing of the instance), then re-solved after a lock of a pair of
its plan and after a forbid of another (warm: the worker kept the instance prepared and the
parts proven so far, :mod:`pairing_planner.solving.decomposition.proven_parts`). Each repeat locks
(forbids) a pair no repeat before it did — the first pair of the plan, the second …; the forbids
from the last — so that none is a repeat of a change already solved and kept. Each time is
submit → done as the page sees it: POST /api/solves, then GET /api/solves/{id} every 20 ms
until done. The last repeat's objective is asserted equal to ``api.solve``'s of the same
lock or forbid in this process (what ``plan solve --lock`` gives). The page's load (GET /,
its script and style) is timed too. Results: ``benchmarks/results/workbench.json``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2

from benchmarks.common import write
from pairing_planner.api import solve
from pairing_planner.instance.yaml_files.load import load_instance
from pairing_planner.result.plan import Replan

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"heze-as-stated": 0.3, "heze": 1.0, "county": 0.5, "shandong": 5.0}
"""Seconds a warm re-solve may take (issue 32)."""
PAGE_TARGET = 0.2
POLL = 0.02


def instance_file(case: str, folder: Path) -> Path:
    """The shipped instance, or the preset generated as ``plan generate`` makes it."""
    shipped = ROOT / "instances" / f"{case}.yaml"
    if shipped.is_file():
        return shipped
    made = folder / f"{case}.yaml"
    plan = [sys.executable, "-m", "pairing_planner.cli", "generate", "--preset", case]
    subprocess.run([*plan, "-o", str(made)], check=True, capture_output=True)
    return made


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def timed_solve(client: httpx2.Client, body: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    """Seconds from submitting ``body`` to the solve's being done, and the solve."""
    start = time.perf_counter()
    solve_id = client.post("/api/solves", json=body).json()["id"]
    while (found := client.get(f"/api/solves/{solve_id}").json())["state"] in (
        "queued",
        "running",
    ):
        time.sleep(POLL)
    seconds = time.perf_counter() - start
    assert found["state"] == "done", found
    return seconds, found


def page_seconds(client: httpx2.Client) -> float:
    """The page and the files it loads, one after another, as a browser's first visit."""
    start = time.perf_counter()
    for path in ("/", "/static/workbench.js", "/static/workbench.css", "/static/map.js"):
        client.get(path).raise_for_status()
    return time.perf_counter() - start


def measure(client: httpx2.Client, case: str, path: Path, repeats: int) -> dict[str, Any]:
    """One row: the cold solve, and warm re-solves after a lock and after a forbid."""
    uploaded = client.post("/api/instances", files={"file": (path.name, path.read_bytes())})
    stored = uploaded.json()["id"]
    cold, first = timed_solve(client, {"instance": stored})
    pairs = [f"{p['helper']}:{p['recipient']}" for p in first["result"]["plans"][0]["pairs"]]
    instance = load_instance(path)
    row: dict[str, Any] = {"case": case, "cold_s": round(cold, 3), "status": first["status"]}
    for name, chosen in (("lock", pairs), ("forbid", pairs[::-1])):
        times = []
        for pair in chosen[:repeats]:
            change = {name: [pair]}
            seconds, found = timed_solve(client, {"instance": stored, **change})
            times.append(seconds)
        replan = Replan(lock=tuple(change.get("lock", ())), forbid=tuple(change.get("forbid", ())))
        expected = solve(instance, replan=replan).plans[0].objective
        got = found["result"]["plans"][0]["objective"]
        assert abs(got - expected) < 1e-6, (case, name, got, expected)
        row[f"{name}_s"] = round(statistics.median(times), 3)
        row[f"{name}_each_s"] = [round(t, 3) for t in times]
        row[f"{name}_objective"] = got
    row["target_s"] = TARGETS.get(case)
    row["met"] = max(row["lock_s"], row["forbid_s"]) <= TARGETS.get(case, float("inf"))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="heze-as-stated,heze,county,shandong")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    port = free_port()
    command = [sys.executable, "-m", "pairing_planner.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--data", str(folder / "data")],
        cwd=ROOT,
        env={**os.environ, "PLAN_LANG": "en"},
        stderr=subprocess.DEVNULL,
    )
    rows: list[dict[str, Any]] = []
    try:
        with httpx2.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
            until = time.monotonic() + 60
            while True:
                try:
                    client.get("/openapi.json").raise_for_status()
                    break
                except httpx2.TransportError:
                    assert time.monotonic() < until, "plan serve did not start"
                    time.sleep(0.2)
            pages = sorted(page_seconds(client) for _ in range(5))
            rows.append({"case": "page", "median_s": round(pages[2], 3), "target_s": PAGE_TARGET})
            for case in args.cases.split(","):
                rows.append(measure(client, case, instance_file(case, folder), args.repeats))
                print(rows[-1], flush=True)
    finally:
        server.terminate()
        server.wait(60)
        shutil.rmtree(folder, ignore_errors=True)
    print(write("workbench", rows))


if __name__ == "__main__":
    main()
