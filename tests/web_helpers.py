"""What the tests of plan serve's API share: waiting for a solve to finish."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

FINISHED = {"done", "failed", "interrupted", "cancelled"}
"""The states a solve ends in."""


def done(client: TestClient, solve_id: str, timeout: float = 240) -> dict[str, object]:
    """The solve ``solve_id`` once it has finished, asked every 0.1 s; an assertion error
    when it has not within ``timeout`` seconds."""
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        found: dict[str, object] = client.get(f"/api/solves/{solve_id}").json()
        if found["state"] in FINISHED:
            return found
        time.sleep(0.1)
    raise AssertionError(f"solve {solve_id} not finished in {timeout} s")
