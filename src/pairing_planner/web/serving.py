"""uvicorn's server for ``plan serve``, ending the jobs as soon as it is asked to end.

uvicorn, asked to end (Ctrl-C, SIGTERM), first waits for open connections to close and only
then ends the app (:meth:`~pairing_planner.web.jobs.JobManager.close`). A page watching a solve
holds its events stream open until the solve is finished, so a server asked to end ran its
solves to their time limit, started a queued one 87 s later, and ended only when the page
went (issue 32). Here the jobs begin ending at the signal itself: the running solves are
stopped, no queued one is started, and the streams end, so the connections close.

Once ended, uvicorn raises the signal that ended it again, so that the process dies of it:
``plan serve`` then ended without saying what became of its solves. Here the signal is kept
from being raised again; ``plan serve`` says its closing lines and exits 0, the end it was asked
for.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import uvicorn

from pairing_planner.web.jobs import JobManager

GRACE_SECONDS = 10
"""The most seconds uvicorn waits for requests still open after the jobs began ending, before it
cancels them: a download being written, a stream that has not noticed yet."""


class EndingServer(uvicorn.Server):
    """A uvicorn server whose signal to end also begins ending ``jobs``."""

    def __init__(self, config: uvicorn.Config, jobs: JobManager) -> None:
        super().__init__(config)
        self.jobs = jobs

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """Begin ending the jobs in a thread (the handler runs between two steps of the
        event loop, which may hold the jobs' lock), then end as uvicorn does."""
        threading.Thread(target=self.jobs.begin_ending, name="plan-serve-ending").start()
        super().handle_exit(sig, frame)

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        """uvicorn's handlers for the signals to end, without raising the signal that ended
        the server again once it has ended (which killed ``plan serve`` before it said what
        became of its solves)."""
        with super().capture_signals():
            try:
                yield
            finally:
                self._captured_signals.clear()
