"""``plan serve``'s address (issue 32, review 37, findings 13 and 14): the page's address with
its token printed and opened (the bare one answers 401), ``--host [::1]`` served at
``http://[::1]:PORT/``, and an address it cannot listen on a bad option (exit 2, naming
``--port`` or ``--host``) said before any "Serving on" line, where uvicorn's ``[Errno …]``
ended it with exit 3 after that line."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import pytest
from click.testing import CliRunner

from pairing_planner.cli import main
from tests.web_helpers import SERVE, free_port, listening


def _serve(tmp_path: Path, *options: str) -> tuple[int, str]:
    """``plan --lang en serve`` with ``options`` run in-process (it must end by itself): its
    exit code and what it said, its lines joined (the console wraps them)."""
    data = str(tmp_path / "data")
    result = CliRunner().invoke(main, ["--lang", "en", "serve", "--data", data, *options])
    return result.exit_code, " ".join(result.output.split())


def _refused(tmp_path: Path, *options: str, within: float = 120.0) -> tuple[int, str]:
    """``plan --lang en serve`` of options it must refuse, in a child process: its exit code
    and what it said; a failure saying so, where the test hung for ever, when it has not
    ended within ``within`` seconds (it could listen, and serves: the child is killed, its
    workers end with it; review 37b, finding 8)."""
    serve = ["--lang", "en", "serve", "--data", str(tmp_path / "data"), *options]
    try:
        ended = subprocess.run(
            [sys.executable, "-c", SERVE, *serve], cwd=tmp_path, capture_output=True, timeout=within
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"plan serve {' '.join(options)} did not end within {within:.0f} s: it could "
            "listen there, so this address is no test of one it cannot"
        )
    said = (ended.stdout + ended.stderr).decode("utf-8")
    return ended.returncode, " ".join(said.split())


def test_a_port_in_use_is_a_bad_option(tmp_path: Path) -> None:
    """A port another program listens on: exit 2 naming --port and another to give, and
    no "Serving on" line (it was exit 3, "[Errno 98]", after "Serving on")."""
    with socket.create_server(("127.0.0.1", 0)) as held:
        port = held.getsockname()[1]
        code, said = _serve(tmp_path, "--port", str(port))
    assert code == 2, said
    assert f"'--port': port {port} is in use" in said and "give another --port" in said, said
    assert "Serving on" not in said and "Errno" not in said, said


def test_a_host_not_of_this_computer_is_a_bad_option(tmp_path: Path) -> None:
    """An address of no interface here (TEST-NET-1) or a name that resolves nowhere: exit 2
    naming --host, before any "Serving on" line."""
    for host in ("192.0.2.1", "nowhere.invalid"):
        port = str(free_port())
        code, said = _refused(tmp_path, "--host", host, "--token", "t", "--port", port)
        assert code == 2, said
        assert f"'--host': --host {host} is not an address of this computer" in said, said
        assert "Serving on" not in said and "Errno" not in said, said


def test_a_port_kept_for_the_administrator_is_a_bad_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A port the system refuses (EACCES: below 1024 without rights; the tests may run as
    root, so the refusal is stood in for): exit 2 naming --port and the ports to give."""

    def refused(*_args: object, **_kwargs: object) -> socket.socket:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(socket, "create_server", refused)
    code, said = _serve(tmp_path, "--port", "80")
    assert code == 2, said
    assert "'--port': port 80 may be taken only by the computer's administrator" in said, said
    assert "Serving on" not in said, said


@contextmanager
def _served(tmp_path: Path, *options: str) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """A real ``plan --lang en serve`` with ``options`` in a child process, its stderr
    written to a file; ended by SIGTERM after."""
    said = tmp_path / "stderr.txt"
    serve = ["--lang", "en", "serve", "--data", str(tmp_path / "data"), *options]
    with said.open("wb") as stderr:
        child = subprocess.Popen([sys.executable, "-c", SERVE, *serve], cwd=tmp_path, stderr=stderr)
    try:
        yield child, said
    finally:
        child.send_signal(signal.SIGTERM)
        try:
            child.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()


def _opened(record: Path, child: subprocess.Popen[bytes]) -> str:
    """The address the browser stand-in was given, once it has written it."""
    until = time.monotonic() + 120
    while not record.exists() or not record.read_text("utf-8").strip():
        assert child.poll() is None, "plan serve ended before it opened the browser"
        assert time.monotonic() < until, "plan serve --open opened no browser within 120 s"
        time.sleep(0.2)
    return record.read_text("utf-8").strip()


@pytest.mark.slow
def test_open_with_a_token_opens_the_page_with_its_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--token and --open: the browser is given the page's address with ?token=, which
    answers the page and sets the token's cookie (the bare address, opened before, answers
    401); the start line gives that address too."""
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {record}\n', "utf-8")
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    port = free_port()
    started = _served(tmp_path, "--port", str(port), "--token", "s3 cret", "--open")
    with started as (child, said):
        opened = _opened(record, child)
        page = httpx2.get(opened, timeout=60)
        bare = httpx2.get(f"http://127.0.0.1:{port}/", timeout=60)
    assert opened == f"http://127.0.0.1:{port}/?token=s3%20cret"
    assert page.status_code == 200 and "plan-serve-token" in page.headers["set-cookie"]
    assert bare.status_code == 401
    assert "Open the workbench with its token" in said.read_text("utf-8")
    assert opened in said.read_text("utf-8").split()


def _ipv6_loopback() -> bool:
    """Whether this machine can listen on ::1."""
    try:
        socket.create_server(("::1", 0), family=socket.AF_INET6).close()
    except OSError:
        return False
    return True


def _free_ipv6_port() -> int:
    """A port nothing listens on now at ::1 (:func:`free_port` asks 127.0.0.1, and a port
    free there may be taken on ::1; review 37b, finding 8)."""
    with socket.create_server(("::1", 0), family=socket.AF_INET6) as probe:
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.slow
@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine cannot listen on ::1")
def test_ipv6_loopback_in_brackets_is_served(tmp_path: Path) -> None:
    """--host [::1] (as a URL writes it): the server listens on ::1, says
    http://[::1]:PORT/ (it said http://[[::1]]:…/ and ended with exit 3), and its page
    answers there."""
    port = _free_ipv6_port()
    served = _served(tmp_path, "--host", "[::1]", "--port", str(port))
    client = httpx2.Client(base_url=f"http://[::1]:{port}", timeout=60)
    with served as (child, said), client:
        listening(client, child)
        page = client.get("/")
    assert page.status_code == 200
    assert f"Serving on http://[::1]:{port}/ " in said.read_text("utf-8")
