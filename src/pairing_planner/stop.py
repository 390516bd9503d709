"""A clean stop: Ctrl-C (SIGINT) or SIGTERM ends the search, not the process, so the best plan
found so far is still returned and written; a second Ctrl-C gives up at once.

One stop serves the whole solve, whichever path it takes: :func:`handling_signals` (entered
once, around a solve, in the main thread) turns the first signal into a stop request; every
running search registers what stops it with :func:`on_stop` (a CP-SAT solver's
``stop_search``, a pool's ``terminate``), and every step that starts work asks
:func:`requested` first. Outside the main thread (a notebook's worker thread) signals cannot
be taken, and a stop is never requested.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

_requested = threading.Event()
_callbacks: list[Callable[[], None]] = []
_lock = threading.Lock()


def requested() -> bool:
    """Whether a stop was asked for during this solve."""
    return _requested.is_set()


def request() -> None:
    """Ask every registered search to stop (what the first signal does)."""
    _requested.set()
    with _lock:
        callbacks = list(_callbacks)
    for callback in callbacks:
        callback()


@contextmanager
def on_stop(callback: Callable[[], None]) -> Iterator[threading.Event]:
    """While inside, a stop request calls ``callback`` (at once if one came already); the
    event yielded is set once a stop is requested."""
    with _lock:
        _callbacks.append(callback)
    if _requested.is_set():
        callback()
    try:
        yield _requested
    finally:
        with _lock:
            _callbacks.remove(callback)


@contextmanager
def handling_signals() -> Iterator[None]:
    """SIGINT and SIGTERM request a stop while inside; a second one raises
    :class:`KeyboardInterrupt`. Entered again (a solve within a solve) it does nothing more;
    on leaving the outermost, the handlers and the request are cleared."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    current = signal.getsignal(signal.SIGINT)
    if current is _handler:
        yield
        return
    _requested.clear()
    previous = {s: signal.signal(s, _handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        _requested.clear()


def _handler(signum: int, frame: FrameType | None) -> None:
    if _requested.is_set():
        raise KeyboardInterrupt
    request()
