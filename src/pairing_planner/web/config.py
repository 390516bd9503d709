"""What ``plan serve`` was started with: where data goes, who may connect, which language."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from pairing_planner.i18n import Language

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
"""Host names that reach this machine only."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, IPv6 in brackets or not) reaches this machine
    only: binding anything else lets other machines of the bureau's network connect."""
    bare = host.strip("[]").lower()
    if bare in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(bare).is_loopback
    except ValueError:
        return False


SHIPPED_INSTANCES = Path(__file__).resolve().parents[3] / "instances"
"""The instances the tool's repository ships (``instances/`` beside ``src/``), the templates
and examples ``plan serve`` offers, found from the package wherever the server is started:
``Path("instances")`` was read from the server's working directory, so a server started in
/tmp had none, and the page could take no school list (issue 32). An installation without
the repository has none: ``plan serve --examples DIR`` names a folder of instance files."""


@dataclass(frozen=True)
class ServeConfig:
    """The server's settings: ``data`` holds uploads and results (kept across restarts);
    ``token``, when set, is the bearer token every request must carry; ``examples`` is the
    folder of shipped instances a template may be named from; ``workers`` how many solves run
    at once (one per core: a solve keeps a core busy)."""

    data: Path
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None
    language: Language = "zh"
    examples: Path | None = SHIPPED_INSTANCES
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)

    @property
    def remote(self) -> bool:
        """Whether other machines may connect (a non-loopback ``host``)."""
        return not is_loopback(self.host)
