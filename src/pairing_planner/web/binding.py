"""The address ``plan serve`` listens on: the host as given (IPv6 in brackets or not), its
address for a browser, and the socket, bound before the server says it serves.

uvicorn bound the address itself, after ``plan serve`` had printed "Serving on …": a port
in use was then logged as ``[Errno 98]`` and ended the command with exit 3, a fault of the
tool; ``--host [::1]`` was passed on with its brackets (``[Errno -2]``) and printed as
``http://[[::1]]:…/`` (issue 32, review 37, finding 14). Here the socket is bound first, and
a failure to bind is a bad option the planner can fix: exit 2, naming ``--port`` or
``--host`` and what to give instead.
"""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import socket
from urllib.parse import quote

from pairing_planner.errors import InputError, Problem
from pairing_planner.i18n import _

WILDCARDS = frozenset({"0.0.0.0", "::"})
"""Hosts that listen on every address of the computer, none of which a browser can open."""
ROUTE_PROBE = ("10.255.255.255", 9)
"""An address the computer's route out is asked for (nothing is sent to it)."""


def bare_host(host: str) -> str:
    """``host`` without the brackets an IPv6 address takes in a URL (``[::1]`` → ``::1``):
    the socket takes the address bare."""
    if host.startswith("[") and host.endswith("]"):
        return host[1:-1]
    return host


def server_url(host: str, port: int) -> str:
    """The server's address for a browser: an IPv6 address in brackets, once."""
    bare = bare_host(host)
    return f"http://{f'[{bare}]' if ':' in bare else bare}:{port}/"


def page_url(url: str, token: str | None) -> str:
    """The workbench's page at ``url``, with ``?token=`` when the server asks for one: the
    page takes the token from its address and keeps it as a cookie (web/security.py), where
    the bare address answers 401 (review 37, finding 13)."""
    return f"{url}?token={quote(token, safe='')}" if token else url


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host`` (bare) and ``port`` and listening, the address reusable at
    once after a restart; an :class:`InputError` naming the option to change when it cannot
    be bound. Its family is the host's: IPv4 for a name with an IPv4 address (as uvicorn bound
    one), IPv6 for an IPv6 address or a name with IPv6 ones only, and ``::`` takes IPv4 too,
    as uvicorn's bind did: ``create_server`` alone made ``::`` IPv6-only and tried every name
    as IPv4 (review 37b, finding 3). Its connections send at once (``TCP_NODELAY``, taken
    over by each accepted connection): asyncio sets it only on a socket made with the TCP
    protocol named, which ``create_server``'s is not, so each answer after a connection's
    first waited 40 ms for the browser's delayed acknowledgement (the page's four files
    took 0.19 s, not 0.02)."""
    try:
        found = {info[0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)}
        family = socket.AF_INET if socket.AF_INET in found else socket.AF_INET6
        both = host == "::" and socket.has_dualstack_ipv6()
        listening = socket.create_server((host, port), family=family, dualstack_ipv6=both)
    except OSError as error:
        raise InputError([_refusal(error, host, port)]) from None
    listening.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return listening


def served_urls(host: str, port: int) -> list[str]:
    """The server's addresses for a browser: for a wildcard host (``0.0.0.0``, ``::``), which
    another computer cannot open, this computer's own addresses, any of which serves (the
    planner's re-check, N7: ``http://0.0.0.0:8803/?token=…`` was printed)."""
    if host not in WILDCARDS:
        return [server_url(host, port)]
    return [server_url(address, port) for address in _own_addresses()]


def _own_addresses() -> list[str]:
    """This computer's IPv4 addresses other than loopback, then its name, found offline:
    the addresses its name resolves to, and the one its route out leaves by (a UDP socket
    "connected" sends nothing)."""
    name = socket.gethostname()
    found: list[str] = []
    with contextlib.suppress(OSError):
        found += [str(info[4][0]) for info in socket.getaddrinfo(name, None, socket.AF_INET)]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe, contextlib.suppress(OSError):
        probe.connect(ROUTE_PROBE)
        found.append(str(probe.getsockname()[0]))
    kept = [a for a in dict.fromkeys(found) if not ipaddress.ip_address(a).is_loopback]
    return [a for a in kept if a != "0.0.0.0"] + [name]


def _refusal(error: OSError, host: str, port: int) -> Problem:
    """What a failure to bind means to the planner, and the option it concerns."""
    if error.errno == errno.EADDRINUSE:
        message = _(
            "port {port} is in use on this computer (another plan serve, or another program, "
            "listens on it): give another --port, such as --port {other}, or end that program"
        ).format(port=port, other=port + 1 if port < 65535 else port - 1)
        return Problem(message, None, None, "--port")
    if error.errno == errno.EACCES:
        message = _(
            "port {port} may be taken only by the computer's administrator (ports below 1024 "
            "are): give --port 1024 or above, such as the default 8765"
        ).format(port=port)
        return Problem(message, None, None, "--port")
    message = _(
        "--host {host} is not an address of this computer, so the server cannot listen on it: "
        "give one of its addresses (0.0.0.0 for all of them, with --token), or leave --host "
        "out to serve this computer only"
    ).format(host=host)
    return Problem(message, None, None, "--host")
