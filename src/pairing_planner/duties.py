"""What every pair must do each year, with the minimum counts the notice sets (M1–M3 for
urban-rural pairs, H1–H2 for Heze pairs): the rows of the ledger's duties sheet."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from pairing_planner.i18n import N_

CALENDAR_SECONDS = 10.0
"""The activity calendar's default time limit, the same for ``plan calendar`` and the
workbench's calendar jobs: one plan, one calendar, whichever way it is asked for (issue 32)."""


class Duty(NamedTuple):
    """One duty of a pair: its clause, who acts, what, and the least number a year, or in each
    term when ``per_term`` (M1: one joint meeting every semester)."""

    clause: str
    actor: str
    duty: str
    minimum: int
    per_term: bool = False


DUTIES: dict[str, tuple[Duty, ...]] = {
    "UR": (
        Duty("M1", N_("both"), N_("joint teaching-research meeting"), 1, per_term=True),
        Duty("M2", N_("helper"), N_("staff member sent on secondment to the recipient"), 1),
        Duty("M2", N_("recipient"), N_("staff member sent on secondment to the helper"), 1),
        Duty("M3", N_("both"), N_("joint research project"), 1),
    ),
    "HZ": (
        Duty("H1", N_("recipient"), N_("middle-level or higher managers sent to the helper"), 2),
        Duty("H1", N_("recipient"), N_("young key teachers sent to the helper"), 5),
        Duty("H2", N_("helper"), N_("visit by key teachers for training and exchange"), 1),
    ),
}
"""Duties by program (S1–S4: UR; S5–S7: HZ)."""

PROGRAMS = {"UR": N_("urban-rural pairing"), "HZ": N_("Heze support")}
"""The two programs by name (S1–S4: UR; S5–S7: HZ)."""

TERMS = (N_("first term"), N_("second term"))
"""The two terms of a school year (a duty per term is due in each)."""
WHOLE_YEAR = N_("whole year")


def school_year(start: int) -> str:
    """The school year that begins in September of ``start``: "2016–2017"."""
    return f"{start}–{start + 1}"


def current_school_year(today: date) -> int:
    """The year the school year of ``today`` began: September starts a new one."""
    return today.year if today.month >= 9 else today.year - 1
