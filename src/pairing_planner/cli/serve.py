"""``plan serve``: the planner's workbench and the HTTP API (docs/workbench.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pairing_planner.cli import friendly_in, stderr
from pairing_planner.cli.language import TranslatedCommand, chosen_language
from pairing_planner.i18n import N_, use_language

if TYPE_CHECKING:
    import socket

    from pairing_planner.i18n import Language
    from pairing_planner.web.config import ServeConfig

HELP = N_(
    "Serve the workbench and the HTTP API on this computer (127.0.0.1) until Ctrl-C; any other "
    "--host needs --token. Uploads and results are kept under --data. Exit 2 on bad options."
)
"""What ``plan serve --help`` says."""
SHORT = N_("Serve the workbench and the HTTP API.")
"""Its line in ``plan --help``."""
NO_TEMPLATES = N_(
    "No templates found in {folder}: the page can open no example, and takes school lists only "
    "with a template file uploaded beside them; give --examples DIR, a folder of instance files "
    "(the tool's instances/)."
)
"""What ``plan serve`` says as it starts when it has no template to offer."""
SERVING = N_("Serving on {url} (the API at {url}api/, its schema at {url}docs); Ctrl-C stops.")
"""What ``plan serve`` says once it listens."""
OPEN_WITH_TOKEN = N_(
    "Open the workbench with its token (the page keeps it; the API takes it as "
    "Authorization: Bearer): {page}"
)
"""What ``plan serve --token`` says as it starts: the page's address with its token, as
Jupyter gives its login link (the bare address answers 401; review 37, finding 13), last on
its line so that nothing sticks to it when it is copied."""
OPEN_AT_ANY = N_(
    "Open the workbench with its token at any of these addresses of this computer (the page "
    "keeps the token; the API takes it as Authorization: Bearer):"
)
"""What ``plan serve --token`` says as it starts on every address (``--host 0.0.0.0``),
followed by the page's address on each of the computer's own, one a line: ``0.0.0.0`` is no
address another computer can open (the planner's re-check, N7)."""


@click.command("serve", cls=TranslatedCommand, help=HELP, short_help=SHORT)
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help=N_("The address to listen on; beyond this computer only with --token."),
)
@click.option(
    "--token", help=N_("A bearer token every request must carry (needed beyond 127.0.0.1).")
)
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("workbench"),
    show_default=True,
    help=N_("The folder for uploads and results, kept across restarts."),
)
@click.option(
    "--examples",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help=N_(
        "The folder of instance files the page offers as templates and examples (default: "
        "the tool's own instances/, wherever the server is started)."
    ),
)
@click.option("--open", "open_browser", is_flag=True, help=N_("Open the workbench in a browser."))
@friendly_in("zh")
def command(
    port: int,
    host: str,
    token: str | None,
    data: Path,
    examples: Path | None,
    open_browser: bool,
) -> None:
    """``plan serve``: its help, translated where shown, is ``HELP``."""
    from pairing_planner.errors import InputError, Problem
    from pairing_planner.i18n import _
    from pairing_planner.web.binding import bare_host, listening_socket, page_url, served_urls
    from pairing_planner.web.config import SHIPPED_INSTANCES, ServeConfig, is_loopback

    host = bare_host(host)
    if not is_loopback(host) and not token:
        message = _(
            "--host {host} lets other computers reach the server, so it needs --token: every "
            "request must then carry that token (or leave --host out to serve this computer "
            "only)"
        ).format(host=host)
        raise InputError([Problem(message, None, None, "--host")])
    config = ServeConfig(
        data=data,
        host=host,
        port=port,
        token=token,
        language=_language(),
        examples=examples or SHIPPED_INSTANCES,
    )
    urls = served_urls(host, port)
    pages = [page_url(url, token) for url in urls]
    with listening_socket(host, port) as listening:
        with use_language(config.language):
            stderr().print(_(SERVING).format(url=urls[0]), highlight=False)
            if token and len(pages) > 1:
                stderr().print(_(OPEN_AT_ANY), highlight=False)
                for page in pages:
                    stderr().print(f"  {page}", highlight=False, soft_wrap=True)
            elif token:
                stderr().print(_(OPEN_WITH_TOKEN).format(page=pages[0]), highlight=False)
        _serve(config, listening, pages[0] if open_browser else None)


def _language() -> Language:
    """The workbench speaks Chinese unless ``--lang`` (or ``$PLAN_LANG``) says otherwise, and
    so do the server's start and closing lines, whatever the terminal's locale."""
    return chosen_language() or "zh"


def _serve(config: ServeConfig, listening: socket.socket, opened: str | None) -> None:
    """Run uvicorn on ``listening`` until Ctrl-C; open ``opened`` in a browser; then say
    what became of the solves that were running (stopped, their best plan kept: the workers
    share the terminal's process group, so Ctrl-C reaches them too) and of those queued."""
    import threading
    import webbrowser

    import uvicorn

    from pairing_planner.i18n import _
    from pairing_planner.web.app import create_app
    from pairing_planner.web.job_endings import ending_lines
    from pairing_planner.web.serving import GRACE_SECONDS, EndingServer

    if opened is not None:
        threading.Timer(1.0, webbrowser.open, args=(opened,)).start()
    app = create_app(config)
    if not app.state.server.store.shipped():
        with use_language(config.language):
            stderr().print(_(NO_TEMPLATES).format(folder=config.examples), highlight=False)
    jobs = app.state.server.jobs
    settings = uvicorn.Config(
        app,
        log_level="warning",
        timeout_graceful_shutdown=GRACE_SECONDS,
    )
    EndingServer(settings, jobs).run(sockets=[listening])
    with use_language(config.language):
        for line in ending_lines(jobs):
            stderr().print(line, highlight=False)
