"""Live solver progress on stderr: only in a terminal, and only for solves over a second."""

from __future__ import annotations

import threading
import time
from types import TracebackType

from rich.console import Console
from rich.live import Live
from rich.text import Text

from pairing_planner.i18n import _
from pairing_planner.report.unproven import gap_text
from pairing_planner.result.solver_progress import SolverProgress

DELAY_SECONDS = 1.0


class LiveProgress:
    """Context manager and progress hook: shows incumbent, bound, gap and elapsed time."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._last: SolverProgress | None = None
        self._parts: tuple[int, int] | None = None
        self._start = time.monotonic()
        self._live = Live(get_renderable=self.render, console=console, transient=True)
        self._timer = threading.Timer(DELAY_SECONDS, self._live.start)
        self._timer.daemon = True

    def __call__(self, progress: SolverProgress) -> None:
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

    def render(self) -> Text:
        """The line shown now, in the language of the solve."""
        elapsed = time.monotonic() - self._start
        if self._parts is not None:
            done, total = self._parts
            bar = "█" * (20 * done // total) + "·" * (20 - 20 * done // total)
            line = _("solving parts {bar} {done}/{total} · {seconds:.1f} s")
            return Text(line.format(bar=bar, done=done, total=total, seconds=elapsed))
        last = self._last
        if last is None:
            return Text(_("solving… {seconds:.1f} s, no plan yet").format(seconds=elapsed))
        gap = (last.objective - last.bound) / last.objective if last.objective > 0 else 0.0
        line = _(
            "solving plan {plan}… best {best:.2f} · bound {bound:.2f} · gap {gap} · {seconds:.1f} s"
        )
        return Text(
            line.format(
                plan=last.plan,
                best=last.objective,
                bound=last.bound,
                gap=gap_text(gap),
                seconds=elapsed,
            )
        )
