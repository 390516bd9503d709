"""The rest of the web review (issue 32, part 32H): what ``plan serve`` says as it ends, the
token a page carries, the held instances, a worker slot that outlives its worker, the
calendar's files written whole, and the shapes the API shares with the library."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.web_helpers import SERVE, free_port, listening


@pytest.mark.slow
def test_plan_serve_says_its_closing_lines_after_sigterm(tmp_path: Path) -> None:
    """uvicorn raised SIGTERM again once it had ended, so the process died of it before
    saying what became of its solves; now it says so and exits 0."""
    port = free_port()
    serve = ["serve", "--port", str(port), "--data", str(tmp_path / "data"), "--lang", "en"]
    child = subprocess.Popen(
        [sys.executable, "-c", SERVE, *serve], cwd=tmp_path, stderr=subprocess.PIPE
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            listening(client, child)
        child.send_signal(signal.SIGTERM)
        _out, err = child.communicate(timeout=90)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, err.decode()
    assert "No solve was running." in err.decode()
