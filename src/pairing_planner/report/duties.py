"""What every pair must do each year, with the minimum counts the notice sets (M1–M3 for
urban-rural pairs, H1–H2 for Heze pairs): the rows of the ledger's duties sheet."""

from __future__ import annotations

from typing import NamedTuple

from pairing_planner.i18n import N_


class Duty(NamedTuple):
    """One yearly duty of a pair: its clause, who acts, what, and the least number a year."""

    clause: str
    actor: str
    duty: str
    minimum: int


DUTIES: dict[str, tuple[Duty, ...]] = {
    "UR": (
        Duty("M1", N_("both"), N_("joint teaching-research meeting (one per semester)"), 2),
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
