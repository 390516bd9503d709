"""Why a job ended without a result, in the planner's words: the server stopped while it ran,
or the server lost track of the worker process running it."""

from __future__ import annotations

from pairing_planner.i18n import N_, _

INTERRUPTED_BY_RESTART = N_(
    "the server stopped while this solve was running, so it has no result; solve again"
)
WORKER_ENDED = N_("the worker process solving this ended unexpectedly; solve again, and report it")
SLOT_FAILED = N_(
    "the server could not follow this solve ({error}), so it has no result; solve again, and "
    "report it"
)


def failure(error: Exception) -> str:
    """Why a solve failed when its slot lost its worker: the worker ended (its pipe closed),
    or the server's own fault, named."""
    if isinstance(error, EOFError | OSError):
        return _(WORKER_ENDED)
    return _(SLOT_FAILED).format(error=f"{type(error).__name__}: {error}")


TRY_AGAIN = 503
"""The status of a job that failed only for want of time (a calendar not found within its
limit): not kept as the plan's failure, so that the next download tries again."""
