"""plan serve's server side after review 37b (issue 32): downloads name no server path
(finding 2), the socket bound as the host's family asks (finding 3) and closed when no
server took it (finding 4), and a token-guarded server's address and bare page (planner's
re-check, N7)."""

from __future__ import annotations

import io
import json
import socket
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from pairing_planner.cli import main, serve
from pairing_planner.web.app import create_app
from pairing_planner.web.binding import listening_socket
from pairing_planner.web.config import ServeConfig
from tests.web_helpers import done, examples_server, free_port


def test_downloaded_json_names_no_server_path(tmp_path: Path) -> None:
    """``plans.json`` and ``plan-1.json`` (as a file and as ``plans/1``) of a solve and of
    its re-plan name the instance by id and the baseline by its solve, as the JSON answers
    do; the result folder keeps what ``plan solve`` writes (its paths, for the commands).
    They were sent as written: ``/tmp/…/instances/…/instance.yaml``."""
    data = tmp_path / "data"
    needle = str(data.resolve()).encode()
    with examples_server(data, "en") as client:
        instance = client.post("/api/examples/heze-as-stated").json()["id"]
        first = client.post("/api/solves", json={"instance": instance, "options": {}}).json()
        assert done(client, first["id"])["state"] == "done"
        again = {"instance": instance, "options": {}, "baseline": {"solve": first["id"]}}
        second = client.post("/api/solves", json=again).json()
        assert done(client, second["id"])["state"] == "done"
        for solve in (first["id"], second["id"]):
            for route in ("files/plans.json", "files/plan-1.json", "plans/1?format=json"):
                answer = client.get(f"/api/solves/{solve}/{route}")
                assert answer.status_code == 200, answer.text
                assert answer.headers["content-type"].startswith("application/json")
                assert "attachment" in answer.headers["content-disposition"]
                assert needle not in answer.content, (route, answer.text[:300])
                sent = answer.json()
                assert sent["instance_path"] == instance, route
                assert sent["plans"], route
                if solve == second["id"]:
                    assert sent["replan"]["baseline"] == first["id"], route
                    source = sent["plans"][0]["changes"]["source"]
                    assert source.startswith(f"the solve '{first['id']}'"), source
            for name in ("plan-1.csv", "ledger-1.xlsx", "list-1.docx", "report-1.xlsx"):
                answer = client.get(f"/api/solves/{solve}/files/{name}")
                assert answer.status_code == 200, answer.text
                if name.endswith("csv"):
                    assert needle not in answer.content, name
                else:
                    packed = zipfile.ZipFile(io.BytesIO(answer.content))
                    assert all(needle not in packed.read(n) for n in packed.namelist()), name
    written = [json.loads(p.read_text()) for p in (data / "solves").glob("*/*/plans.json")]
    assert len(written) == 2
    assert all(w["instance_path"].endswith("instance.yaml") for w in written)
    assert any(w.get("replan") and w["replan"]["baseline"].endswith("plans.json") for w in written)


def _started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *options: str
) -> tuple[str, list[socket.socket]]:
    """``plan --lang en serve`` with ``options``, its server stood in for by one that
    returns at once without taking the socket: what it said, and the socket it was given
    (then open)."""
    given: list[socket.socket] = []

    def stand_in(_config: ServeConfig, listening: socket.socket, _opened: str | None) -> None:
        assert listening.fileno() != -1
        given.append(listening)

    monkeypatch.setattr(serve, "_serve", stand_in)
    data = str(tmp_path / "data")
    ran = CliRunner().invoke(main, ["--lang", "en", "serve", "--data", data, *options])
    assert ran.exit_code == 0, ran.output
    return ran.output, given


def test_every_address_is_printed_as_this_computers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--host 0.0.0.0 --token``: the page's address with its token on the computer's own
    addresses (its name among them), one a line, never on 0.0.0.0, which another computer
    cannot open (it printed http://0.0.0.0:8803/?token=…)."""
    port = free_port()
    options = ("--host", "0.0.0.0", "--token", "t k", "--port", str(port))
    said, _given = _started(tmp_path, monkeypatch, *options)
    assert "0.0.0.0" not in said, said
    assert "at any of these addresses of this computer" in said, said
    assert f"  http://{socket.gethostname()}:{port}/?token=t%20k\n" in said, said


def test_the_socket_is_closed_when_no_server_took_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bound socket is closed once plan serve ends, whether or not uvicorn took it (it
    was left open: a ResourceWarning, review 37b, finding 4)."""
    _said, given = _started(tmp_path, monkeypatch, "--port", str(free_port()))
    assert len(given) == 1
    assert given[0].fileno() == -1


def _has_ipv6() -> bool:
    try:
        with socket.create_server(("::1", 0), family=socket.AF_INET6):
            return socket.has_dualstack_ipv6()
    except OSError:
        return False


@pytest.mark.skipif(not _has_ipv6(), reason="no IPv6 (dual-stack) on this machine")
def test_every_ipv6_address_takes_ipv4_too() -> None:
    """``--host ::`` listens on IPv4 as well, as uvicorn's own bind did: create_server made
    it IPv6-only (review 37b, finding 3)."""
    with listening_socket("::", 0) as listening:
        port = listening.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=30):
            pass


def test_a_name_is_bound_as_its_address_family() -> None:
    """A host name is bound as the family of its addresses: ``localhost`` (IPv4 here, as
    /etc/hosts says) as IPv4."""
    with listening_socket("localhost", 0) as listening:
        assert listening.family == socket.AF_INET


def _guarded(tmp_path: Path) -> TestClient:
    """A server bound beyond loopback with a token, speaking Chinese."""
    config = ServeConfig(data=tmp_path, host="0.0.0.0", token="s3cret", language="zh")
    return TestClient(create_app(config), base_url="http://10.0.0.5:8765")


def test_a_browser_without_the_token_gets_a_page(tmp_path: Path) -> None:
    """A browser opening the bare address gets a page (401, in the server's language)
    saying to open the address with ?token= that plan serve printed, with the framing
    headers and nothing loaded; an API client keeps the problem document. The browser got
    the raw JSON ({"type": "urn:pairing-planner:problem:token", "title": "需要令牌。"…})."""
    client = _guarded(tmp_path)
    browser = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    page = client.get("/", headers=browser)
    assert page.status_code == 401
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert '<html lang="zh">' in page.text and "需要令牌" in page.text, page.text
    assert "?token=" in page.text and "plan serve" in page.text, page.text
    assert "http" not in page.text and "<script" not in page.text and "<link" not in page.text
    answer = client.get("/api/examples")
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"] == "urn:pairing-planner:problem:token"
    assert client.get("/", headers={"accept": "application/json"}).status_code == 401
    assert client.get("/?token=s3cret", headers=browser).status_code == 200


def test_a_connection_sends_at_once() -> None:
    """A connection the server's socket accepts has TCP_NODELAY: asyncio sets it only on a
    socket made with the TCP protocol named, which socket.create_server's is not, and each
    answer after a connection's first waited 40 ms for the client's delayed acknowledgement
    (the page's four files, one connection: 0.19 s, where they took 0.02)."""
    listening = listening_socket("127.0.0.1", 0)
    with listening, socket.create_connection(listening.getsockname()[:2]):
        accepted, _address = listening.accept()
        with accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
