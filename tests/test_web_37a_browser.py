"""Review 37, part A, in Chromium: the API's page and the workbench work with every address
but this machine's blocked (a bureau's intranet has no internet), and another site's page
cannot frame them (clickjacking)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.web_helpers import NEEDS_CHROMIUM, chromium_at
from tools.workbench_screenshots import chromium, serving

pytestmark = NEEDS_CHROMIUM
WAIT = 120_000
"""How long a page may take to show, in ms: the machine may be loaded."""


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("offline")) as found:
        yield found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium_at(chromium()) as launched:
        yield launched


def _offline(browser: Any, url: str) -> tuple[Any, list[str]]:
    """A page on which every request to another address than ``url``'s is refused, and
    the list those requests are written to."""
    page = browser.new_page()
    ours = urlsplit(url).netloc
    blocked: list[str] = []

    def route(asked: Any) -> None:
        if urlsplit(asked.request.url).netloc == ours:
            asked.continue_()
        else:
            blocked.append(asked.request.url)
            asked.abort()

    page.route("**/*", route)
    return page, blocked


def test_the_api_page_shows_every_operation_offline(browser: Any, url: str) -> None:
    """/docs lists the API's operations with nothing but this server to load from (it took
    Swagger UI from a CDN, and showed a blank page on an intranet)."""
    page, blocked = _offline(browser, url)
    schema = page.request.get(url + "openapi.json").json()
    operations = sum(len(methods) for methods in schema["paths"].values())
    page.goto(url + "docs")
    page.wait_for_selector(".opblock", timeout=WAIT)
    assert page.locator(".opblock").count() == operations
    assert page.locator(".opblock-summary-path[data-path='/api/solves']").count() >= 1
    assert blocked == []
    page.close()


def test_the_workbench_loads_nothing_elsewhere(browser: Any, url: str) -> None:
    """The workbench's page gets ready with every other address refused."""
    page, blocked = _offline(browser, url)
    page.goto(url)
    page.wait_for_selector("body[data-ready=true]", timeout=WAIT)
    assert blocked == []
    page.close()


@pytest.fixture(scope="module")
def elsewhere(url: str) -> Iterator[str]:
    """Another site's page (another port of this machine: Chromium keeps a public page from
    this machine anyway) framing the workbench's page named by its path."""

    class Framing(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            framing = f'<iframe src="{url}{self.path[1:]}" width="800" height="600"></iframe>'
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(framing.encode())

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Framing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["", "docs"])
def test_another_site_cannot_frame_the_pages(
    browser: Any, url: str, elsewhere: str, path: str
) -> None:
    """A page of another site framing the workbench (to trick the planner's clicks) gets
    the browser's error in the frame, not the page (without the headers it got the page)."""
    page = browser.new_page()
    page.goto(elsewhere + path, timeout=WAIT)
    page.wait_for_load_state("load", timeout=WAIT)
    framed = page.frames[1]
    assert not framed.url.startswith(url)
    assert framed.evaluate("() => document.querySelectorAll('#swagger-ui, #start').length") == 0
    page.close()
