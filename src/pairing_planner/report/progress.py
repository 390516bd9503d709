"""Live solver progress on stderr: only in a terminal, and only for solves over a second."""

from __future__ import annotations

import threading
import time
from types import TracebackType

from rich.console import Console
from rich.live import Live
from rich.text import Text

from pairing_planner.report.unproven import gap_text
from pairing_planner.result.progress import Progress

DELAY_SECONDS = 1.0


class LiveProgress:
    """Context manager and progress hook: shows incumbent, bound, gap and elapsed time."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._last: Progress | None = None
        self._parts: tuple[int, int] | None = None
        self._start = time.monotonic()
        self._live = Live(get_renderable=self._render, console=console, transient=True)
        self._timer = threading.Timer(DELAY_SECONDS, self._live.start)
        self._timer.daemon = True

    def __call__(self, progress: Progress) -> None:
        self._last = progress

    def part(self, done: int, total: int) -> None:
        """A part of a decomposed solve is done."""
        self._parts = (done, total)

    def __enter__(self) -> LiveProgress:
        if self._console.is_terminal:
            self._timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._timer.cancel()
        if self._live.is_started:
            self._live.stop()

    def _render(self) -> Text:
        elapsed = time.monotonic() - self._start
        if self._parts is not None:
            done, total = self._parts
            bar = "█" * (20 * done // total) + "·" * (20 - 20 * done // total)
            return Text(f"solving parts {bar} {done}/{total} · {elapsed:.1f} s")
        last = self._last
        if last is None:
            return Text(f"solving… {elapsed:.1f} s, no plan yet")
        gap = (last.objective - last.bound) / last.objective if last.objective > 0 else 0.0
        return Text(
            f"solving plan {last.plan}… best {last.objective:.2f} · bound {last.bound:.2f} · "
            f"gap {gap_text(gap)} · {elapsed:.1f} s"
        )
