"""What keeps a web page the planner happens to visit from driving the server, and other
machines out unless asked for (docs/workbench.md#security).

As Jupyter Server does on a person's own machine: the Host header must name this machine
(a page on another site whose name is made to resolve to 127.0.0.1, DNS rebinding, sends its
own name), a request that changes anything must come from the server's own pages (a form or
a script on another site, CSRF, sends its Origin and ``Sec-Fetch-Site: cross-site``), and a
server bound beyond loopback asks every request for its bearer token. As Jupyter's login
link, the token is taken from the address (``?token=``) only on the page itself (``GET /``),
which answers with an HttpOnly, SameSite=Strict cookie holding it: the page's scripts and
styles, its events streams (EventSource cannot set a header) and its download links carry
the cookie, so the token appears in no other address (a log or a browser's history would
keep it; before, ``?token=`` was taken on every request, issue 32). A request body larger
than the largest upload is refused: before it is read when its length is announced, and as
soon as it passes the cap when it is sent in chunks (its length unannounced: such a body was
once spooled to disk whatever its size, issue 32). No page of another site may frame the
server's (every answer says ``X-Frame-Options: DENY`` and ``Content-Security-Policy:
frame-ancestors 'none'``): a framed page, made invisible, lets that site trick the planner's
clicks past the cross-site check (clickjacking, review 37).
"""

from __future__ import annotations

import hmac
import html
import re
from urllib.parse import parse_qs, quote, unquote, urlsplit

from starlette.requests import cookie_parser
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pairing_planner.errors import Problem
from pairing_planner.i18n import _, current_language
from pairing_planner.instance.spreadsheets.file_caps import MAX_TABLE_BYTES, MIB
from pairing_planner.web.config import ServeConfig, is_loopback
from pairing_planner.web.language import speaking
from pairing_planner.web.problems import ApiProblem

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SAME_SITE = frozenset({"same-origin", "none"})
"""``Sec-Fetch-Site`` values of a request the planner made: from the server's own page, or
typed in the address bar."""
TOKEN_COOKIE = "plan-serve-token"
"""The name of the cookie holding the token, followed by the server's port."""
NOT_FRAMED = [
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
]
"""The headers every answer carries, so that no other site's page may frame it: the CSP for
today's browsers, X-Frame-Options for older ones. The policy says nothing else: the page's
map draws a bureau's own tile server, wherever it is."""
HOST = re.compile(r"(?P<name>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::[0-9]{1,5})?")
"""A Host header: a bracketed IPv6 address or a name, then an optional numeric port, and
nothing else."""
TOKEN_PAGE = (
    '<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
    "</head><body><h1>{title}</h1><p>{message}</p></body></html>\n"
)
"""The page a browser gets without the token: the words alone, nothing loaded."""
MAX_BODY_BYTES = 3 * MAX_TABLE_BYTES + MIB
"""The largest request body: two lists and a template at ``plan import``'s cap, and the
form around them; a body announced larger is refused before a byte of it is read."""


class Guard:
    """ASGI middleware applying the checks above to every HTTP request."""

    def __init__(self, app: ASGIApp, config: ServeConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        page = scope["method"] == "GET" and scope["path"] == "/"
        send = _adding(send, NOT_FRAMED)
        query = scope.get("query_string", b"") if page else b""
        with speaking(self.config.language):
            refused = self.refusal(scope["method"], headers, query)
            response = _answer(refused, headers) if refused else None
        if response is not None:
            await response(scope, receive, send)
            return
        if page and self.config.token:
            send = _adding(send, [(b"set-cookie", self.cookie.encode("latin-1"))])
        body = _CappedBody(receive, send)
        try:
            await self.app(scope, body.receive, body.send)
        except Exception:
            if not body.cut:
                raise
        if body.cut and not body.answered:
            with speaking(self.config.language):
                message = _(
                    "the upload is more than the {limit} MB the lists may take together; send "
                    "each list alone, or split the list"
                ).format(limit=MAX_BODY_BYTES // MIB)
                refused = ApiProblem(413, "too-large", _("Too large."), [Problem(message)])
            await refused.response()(scope, receive, send)

    @property
    def cookie(self) -> str:
        """The cookie the page sets: the token, for this server's port (a cookie is shared by
        every port of a host)."""
        name, token = f"{TOKEN_COOKIE}-{self.config.port}", quote(self.config.token or "", safe="")
        return f"{name}={token}; Path=/; HttpOnly; SameSite=Strict"

    def refusal(self, method: str, headers: dict[str, str], query: bytes) -> ApiProblem | None:
        """Why this request is refused, or None; ``query`` is the query string of the page's
        own address (``GET /``), empty for any other request."""
        host = headers.get("host", "")
        if not (self.config.remote and self.config.token) and not is_loopback(_hostname(host)):
            message = _(
                "this server answers only requests addressed to this computer (127.0.0.1 or "
                "localhost), not to '{host}'; open it by the address plan serve printed"
            ).format(host=host)
            return ApiProblem(403, "wrong-host", _("Refused."), [Problem(message)])
        if method not in SAFE_METHODS and _cross_origin(headers, host):
            message = _(
                "a page of another site may not change anything on this server; use the "
                "workbench's own pages, or a program that sends no Origin header"
            )
            return ApiProblem(403, "cross-origin", _("Refused."), [Problem(message)])
        if self.config.token and not self._has_token(headers, query, self.config.token):
            message = _(
                "this server asks for its token: send the header 'Authorization: Bearer "
                "TOKEN' with the token given to plan serve --token"
            )
            return ApiProblem(401, "token", _("Token required."), [Problem(message)])
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_BODY_BYTES:
            message = _(
                "the upload is {size:,} bytes, more than the {limit} MB the lists may take "
                "together; send each list alone, or split the list"
            ).format(size=int(length), limit=MAX_BODY_BYTES // MIB)
            return ApiProblem(413, "too-large", _("Too large."), [Problem(message)])
        return None

    def _has_token(self, headers: dict[str, str], query: bytes, token: str) -> bool:
        """Whether the request carries ``token``: as a bearer token, in the page's cookie, or
        as ``?token=`` in ``query`` (the page's own address only). Any of them will do: a
        cookie of the server's earlier token does not refuse the page opened with the new."""
        given = headers.get("authorization", "")
        bearer = given[7:].strip() if given.lower().startswith("bearer ") else None
        kept = cookie_parser(headers.get("cookie", "")).get(f"{TOKEN_COOKIE}-{self.config.port}")
        found = parse_qs(query.decode("latin-1")).get("token", [])
        carried = [bearer, None if kept is None else unquote(kept), *found]
        return any(hmac.compare_digest(c.encode(), token.encode()) for c in carried if c)


def _answer(refused: ApiProblem, headers: dict[str, str]) -> Response:
    """The refusal as the client reads it: a browser asking for a page without the token
    gets a page saying where the address with the token is (it got the problem's raw JSON,
    需要令牌。: the planner's re-check, N7), an API client the problem document."""
    if refused.kind != "token" or "text/html" not in headers.get("accept", ""):
        return refused.response()
    title = html.escape(refused.title)
    message = html.escape(
        _(
            "This workbench asks for its token: open it by the address with ?token= that "
            "plan serve printed as it started (whoever started the server has it)."
        )
    )
    page = TOKEN_PAGE.format(lang=current_language(), title=title, message=message)
    return HTMLResponse(page, status_code=refused.status)


def _hostname(host: str) -> str:
    """The name in a Host header, without its port (``[::1]:8765`` → ``[::1]``); empty, so
    refused, when the header is not a name and a port alone: a looser reading let
    ``[::1]evil.com:80`` and ``127.0.0.1:8765@evil.com`` pass for this machine (review 37)."""
    found = HOST.fullmatch(host)
    return found["name"] if found else ""


def _cross_origin(headers: dict[str, str], host: str) -> bool:
    """Whether a browser says the request comes from another site's page: by
    ``Sec-Fetch-Site``, else by an Origin that is not this server. A client that sends
    neither (curl, a bureau's system) is no browser page."""
    site = headers.get("sec-fetch-site")
    if site is not None and site not in SAME_SITE:
        return True
    origin = headers.get("origin")
    return origin is not None and urlsplit(origin).netloc.lower() != host.lower()


def _adding(send: Send, added: list[tuple[bytes, bytes]]) -> Send:
    """``send`` with the headers ``added`` added to the answer."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [*message.get("headers", []), *added]
            message = {**message, "headers": headers}
        await send(message)

    return sending


class _CappedBody:
    """A request's body counted as the app reads it: past :data:`MAX_BODY_BYTES` the app is
    told the client went away (it stops reading), its answer is dropped, and the guard
    answers 413 in its place, unless the app had begun answering already."""

    def __init__(self, receive: Receive, send: Send) -> None:
        self._receive = receive
        self._send = send
        self.size = 0
        self.cut = False
        self.answered = False

    async def receive(self) -> Message:
        if self.cut:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] == "http.request":
            self.size += len(message.get("body", b""))
            if self.size > MAX_BODY_BYTES:
                self.cut = True
                return {"type": "http.disconnect"}
        return message

    async def send(self, message: Message) -> None:
        if self.cut and not self.answered:
            return
        self.answered = True
        await self._send(message)
