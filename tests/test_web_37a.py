"""Review 37, part A: nothing the server serves makes a browser load from the internet (the
API's page at /docs included), no other site may frame its pages, the Host header is read
strictly, and the cross-site cases the guard already refused stay refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from fastapi.testclient import TestClient

from pairing_planner.web.app import create_app
from pairing_planner.web.config import ServeConfig
from pairing_planner.web.security import MAX_BODY_BYTES

ROOT = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:8765"
SOLVE = "/api/solves/0000000000000000"
"""A solve no server holds: a request the guard lets through is answered 404 there."""
VERIFY = {"instance": "0000000000000000", "pairs": []}
"""A verify request of an instance no server holds: 404 once past the guard."""
LOADED = {
    "html": [
        r"<(?:script|link|img|iframe|source|embed|object|video|audio)\b[^>]*?"
        r"\b(?:src|href|data)\s*=\s*[\"']([^\"']*)[\"']"
    ],
    "css": [r"url\(\s*[\"']?([^\"')\s]+)", r"@import\s+(?:url\()?\s*[\"']?([^\"')\s;]+)"],
    "javascript": [
        r"\b(?:fetch|EventSource|Worker|importScripts|import)\(\s*[\"'`]([^\"'`]+)",
        r"\burl:\s*[\"'`]([^\"'`]+)",
    ],
}
"""Where, by a file's kind, an address the browser loads is written: a script's or style's
source, a style's ``url()`` and ``@import``, a script's fetch or Swagger UI's ``url:``."""
KNOWN = {
    "/",
    "/docs",
    "/openapi.json",
    "/static/workbench.js",
    "/static/workbench.css",
    "/static/map.js",
    "/static/swagger-ui/swagger-ui-bundle.js",
    "/static/swagger-ui/swagger-ui.css",
}
"""What the crawl must reach, so that it cannot pass by reading nothing."""
EXTERNAL = re.compile(r"(?i)(?:https?:)?//")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    config = ServeConfig(
        data=tmp_path_factory.mktemp("workbench"), workers=1, language="en", examples=None
    )
    yield TestClient(create_app(config), base_url=BASE)


def _loaded(text: str, kind: str) -> list[str]:
    """The addresses ``text``, a file of ``kind``, makes a browser load: an HTML page's
    inline scripts and styles counted too."""
    if kind == "html":
        inline = re.findall(r"<script\b[^>]*>(.*?)</script>", text, re.S)
        styled = re.findall(r"<style\b[^>]*>(.*?)</style>", text, re.S)
        return [
            *(found for pattern in LOADED["html"] for found in re.findall(pattern, text)),
            *(found for script in inline for found in _loaded(script, "javascript")),
            *(found for style in styled for found in _loaded(style, "css")),
        ]
    return [found for pattern in LOADED.get(kind, []) for found in re.findall(pattern, text)]


def _crawl(client: TestClient, start: list[str]) -> tuple[set[str], set[str]]:
    """Every local address reached from ``start`` by what each file loads, and every
    address elsewhere that one of them loads."""
    seen: set[str] = set()
    elsewhere: set[str] = set()
    waiting = list(start)
    while waiting:
        path = waiting.pop()
        if path in seen:
            continue
        seen.add(path)
        answer = client.get(path)
        assert answer.status_code == 200, path
        kind = answer.headers["content-type"].split(";")[0].split("/")[-1]
        for found in _loaded(answer.text, kind):
            if found.startswith("data:"):
                continue
            address = urljoin(BASE + path, found)
            if EXTERNAL.match(found) and urlsplit(address).netloc != urlsplit(BASE).netloc:
                elsewhere.add(found)
            else:
                waiting.append(urlsplit(address).path)
    return seen, elsewhere


def test_nothing_served_loads_from_the_internet(client: TestClient) -> None:
    """Issue 32: a bureau's intranet has no internet; FastAPI's own /docs took Swagger UI
    from a CDN and its icon from fastapi.tiangolo.com, /redoc its fonts from Google."""
    seen, elsewhere = _crawl(client, ["/", "/docs", "/workbench/words"])
    assert seen >= KNOWN
    assert elsewhere == set()
    assert "servers" not in client.get("/openapi.json").json()
    assert client.get("/redoc").status_code == 404


def test_the_api_page_lists_the_vendored_swagger_ui(client: TestClient) -> None:
    """The vendored Swagger UI is the version the code names, with its licence."""
    from pairing_planner.web.api_page import SWAGGER_UI

    bundle = client.get("/static/swagger-ui/swagger-ui-bundle.js")
    assert f'"{SWAGGER_UI}"' in bundle.text
    assert "Apache License" in client.get("/static/swagger-ui/LICENSE").text
    assert "SmartBear" in client.get("/static/swagger-ui/NOTICE").text
    assert client.get("/static/swagger-ui/../app.py").status_code == 404
    assert client.get("/static/swagger-ui/index.html").status_code == 404


def test_the_api_page_asks_for_the_token(tmp_path: Path) -> None:
    """/docs passes the guard as every page does: bound beyond loopback, without the token
    it is refused; with it (the page's cookie or the header) it is served."""
    config = ServeConfig(data=tmp_path, host="0.0.0.0", token="s3cret", language="en")
    client = TestClient(create_app(config), base_url="http://10.0.0.5:8765")
    assert client.get("/docs").status_code == 401
    assert client.get("/static/swagger-ui/swagger-ui.css").status_code == 401
    client.get("/?token=s3cret")
    assert client.get("/docs").status_code == 200
    assert client.get("/openapi.json").status_code == 200


def _framing(answer: object) -> tuple[str | None, str | None]:
    headers = answer.headers  # type: ignore[attr-defined]
    return headers.get("x-frame-options"), headers.get("content-security-policy")


NOT_FRAMED = ("DENY", "frame-ancestors 'none'")


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/", {}),
        ("GET", "/docs", {}),
        ("GET", "/static/workbench.js", {}),
        ("GET", "/static/swagger-ui/swagger-ui.css", {}),
        ("GET", "/openapi.json", {}),
        ("GET", SOLVE, {}),
        ("GET", "/", {"host": "evil.example"}),
        ("DELETE", SOLVE, {"origin": "http://evil.example"}),
        ("POST", "/api/instances", {"content-length": str(MAX_BODY_BYTES + 1)}),
    ],
)
def test_no_other_site_may_frame_an_answer(
    client: TestClient, method: str, path: str, headers: dict[str, str]
) -> None:
    """Clickjacking: every answer, a refusal too, forbids framing by another site."""
    assert _framing(client.request(method, path, headers=headers)) == NOT_FRAMED


def test_a_token_refusal_and_the_cookie_page_forbid_framing(tmp_path: Path) -> None:
    config = ServeConfig(data=tmp_path, token="s3cret", language="en")
    client = TestClient(create_app(config), base_url=BASE)
    refused = client.get("/docs")
    assert refused.status_code == 401
    assert _framing(refused) == NOT_FRAMED
    page = client.get("/?token=s3cret")
    assert _framing(page) == NOT_FRAMED
    assert "set-cookie" in page.headers


@pytest.mark.parametrize(
    "host",
    [
        "[::1]evil.com:80",
        "127.0.0.1:8765@evil.com",
        "[::1].evil.com",
        "localhost:abc",
        "localhost:",
        "127.0.0.1:8765:80",
        "localhost/evil.com",
        "localhost evil.com",
        "[::1]:8765x",
        "",
    ],
)
def test_a_host_header_is_read_strictly(client: TestClient, host: str) -> None:
    """A name or a bracketed IPv6 address, an optional numeric port, nothing else: the
    looser reading let the first two pass for this machine."""
    answer = client.get("/", headers={"host": host})
    assert answer.status_code == 403
    assert answer.json()["type"].endswith("wrong-host")


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8765", "127.0.0.1", "localhost:8765", "[::1]:8765", "[::1]", "LOCALHOST"]
)
def test_this_machines_names_are_served(client: TestClient, host: str) -> None:
    """IPv6's loopback and an upper-case name are this machine."""
    assert client.get("/", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "null"},
        {"sec-fetch-site": "same-site", "origin": "http://127.0.0.1:9999"},
        {"sec-fetch-site": "same-site"},
        {"origin": "http://127.0.0.1:9999"},
        {"origin": "http://localhost:8765"},
    ],
)
def test_writes_from_other_origins_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    """``Origin: null`` (a sandboxed frame, a file:// page) and another port of this machine
    (``Sec-Fetch-Site: same-site``) are other origins: they may not write."""
    answer = client.post("/api/verify", json=VERIFY, headers=headers)
    assert answer.status_code == 403
    assert answer.json()["type"].endswith("cross-origin")


def test_a_cross_origin_delete_is_refused(client: TestClient) -> None:
    """Stopping a solve is a write too: another site's page may not, the page itself may."""
    refused = client.delete(SOLVE, headers={"origin": "http://evil.example"})
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("cross-origin")
    own = {"origin": BASE, "sec-fetch-site": "same-origin"}
    assert client.delete(SOLVE, headers=own).status_code == 404


@pytest.mark.parametrize(
    ("host", "origin"),
    [("[::1]:8765", "http://[::1]:8765"), ("LOCALHOST:8765", "http://localhost:8765")],
)
def test_the_page_writes_by_ipv6_and_an_upper_case_host(
    client: TestClient, host: str, origin: str
) -> None:
    """The page opened at [::1] or at an upper-case name writes through the guard."""
    answer = client.post("/api/verify", json=VERIFY, headers={"host": host, "origin": origin})
    assert answer.status_code == 404


def test_the_vendored_files_are_package_data() -> None:
    """An installed package (not only this checkout) serves /docs: pyproject.toml's
    package-data takes every file of ``web/static``, Swagger UI's folder too."""
    import tomllib

    settings = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = settings["tool"]["setuptools"]["package-data"]["pairing_planner"]
    package = ROOT / "src" / "pairing_planner"
    shipped = [p for p in (package / "web" / "static").rglob("*") if p.is_file()]
    assert any(p.parent.name == "swagger-ui" for p in shipped)
    for path in shipped:
        relative = path.relative_to(package).as_posix()
        assert any(Path(relative).match(pattern) for pattern in patterns), relative
