"""What the routes share: the settings, the stored instances, the jobs, and the language a
request is answered in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from fastapi import Request

from pairing_planner.i18n import Language
from pairing_planner.web.config import ServeConfig
from pairing_planner.web.jobs import JobManager
from pairing_planner.web.store import InstanceStore

LANGUAGES: tuple[Language, ...] = ("zh", "en")


@dataclass
class Server:
    """One running server's parts."""

    config: ServeConfig
    store: InstanceStore
    jobs: JobManager

    @classmethod
    def of(cls, config: ServeConfig) -> Server:
        return cls(
            config,
            InstanceStore(config.data / "instances", config.examples),
            JobManager(config.data / "solves", config.workers),
        )


def server(request: Request) -> Server:
    """The server a request reached (a FastAPI dependency)."""
    return cast(Server, request.app.state.server)


def language(request: Request, lang: Language | None = None) -> Language:
    """The language of the answer: ``?lang=zh|en``, else the server's (``plan serve
    --lang``); kept on the request for the error handlers (a FastAPI dependency)."""
    chosen = lang or server(request).config.language
    request.state.language = chosen
    return chosen


def request_language(request: Request) -> Language:
    """The language :func:`language` chose for ``request``, else the server's."""
    return cast(Language, getattr(request.state, "language", server(request).config.language))
