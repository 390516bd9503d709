"""A clean stop: Ctrl-C (SIGINT) and SIGTERM end the search, not the process, so the best
plan found so far is still returned and written."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def stoppable(on_stop: Callable[[], None]) -> Iterator[threading.Event]:
    """While inside, SIGINT and SIGTERM call ``on_stop`` (e.g. a solver's ``stop_search``) and
    set the event yielded. Outside the main thread (a notebook's worker, a part's thread)
    signals cannot be taken: the event then stays clear."""
    stopped = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stopped
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        stopped.set()
        on_stop()

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stopped
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
