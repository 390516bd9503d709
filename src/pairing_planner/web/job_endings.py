"""What ``plan serve`` says as it ends (Ctrl-C or SIGTERM) about the solves it had: each that was
running, stopped with its best plan kept or why not, and how many wait in the queue for the next
start.
"""

from __future__ import annotations

from pairing_planner.i18n import _
from pairing_planner.web.jobs import FAILED, Job, JobManager


def ending_lines(jobs: JobManager) -> list[str]:
    """What ``plan serve`` says as it ends (Ctrl-C or SIGTERM) about the solves it had: each
    that was running, stopped with its best plan kept, or why not; and how many wait in the
    queue for the next start."""
    lines = [_ending_line(job) for job in jobs.ended] or [_("No solve was running.")]
    waiting = jobs.queued()
    if waiting:
        lines.append(
            _("{n} queued solve(s) will run when the server starts again.").format(n=waiting)
        )
    return lines


def _ending_line(job: Job) -> str:
    if job.has_result:
        return _(
            "The solve {id} was stopped as the server ended: its best plan so far is kept in "
            "{folder}, marked interrupted."
        ).format(id=job.id, folder=job.folder)
    if job.state == FAILED:
        reason = job.problems[0]["message"] if job.problems else ""
        return _("The solve {id} failed as the server ended: {reason}").format(
            id=job.id, reason=reason
        )
    return _(
        "The solve {id} did not stop in time and has no result; the next start marks it "
        "interrupted. Solve it again."
    ).format(id=job.id)
