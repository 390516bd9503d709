"""Whether a plan file's names agree with its ids, and its rows with one plan number: a
clerk who types another school's name over a row of the ledger (帮扶学校), or a row of
another plan into it, has changed what the plan says, even where the ids still verify."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace

from pairing_planner.i18n import N_, _
from pairing_planner.instance.index.instance import Instance
from pairing_planner.result.identity import Mismatch, PlanRow, identity_mismatches, row_mismatches
from pairing_planner.result.plan import SchoolIdentity
from pairing_planner.verify.verifier import Verdict, Violation

CLAUSE = "R2"
"""The ledger (结对帮扶台账) is R2's: what it says of each pair must be true."""
COLUMN_WORDS = {
    "helper": N_("helper school"),
    "recipient": N_("recipient school"),
    "county": N_("county"),
    "helper_city": N_("helper city"),
}
"""A row's name and place columns as the ledger's headers call them."""


def with_identities(
    verdict: Verdict,
    instance: Instance,
    schools: Mapping[str, SchoolIdentity],
    rows: Iterable[PlanRow],
) -> Verdict:
    """``verdict`` with a violation for every recorded school, name cell and place cell that
    disagrees with the instance's school of its id, and for every row whose plan number is
    not the file's (``schools`` and ``rows`` as :func:`pairing_planner.io.plans.read_plan`
    reads them)."""
    rows = list(rows)
    mismatches = identity_mismatches(instance, schools) + row_mismatches(
        instance, rows, with_places=True
    )
    found = [_misnamed(m) for m in mismatches] + _other_plans(rows)
    return replace(verdict, violations=[*verdict.violations, *found])


def _misnamed(mismatch: Mismatch) -> Violation:
    if mismatch.line is None:
        message = _("{id} is {stated} in the plan file but {actual} in the instance").format(
            id=mismatch.school, stated=mismatch.stated, actual=mismatch.actual
        )
    else:
        message = _(
            "row {row}: its {column} column says {stated}, but {id} is {actual} in the "
            "instance; correct the name or the id"
        ).format(
            row=mismatch.line,
            column=_(COLUMN_WORDS[mismatch.column]),
            stated=mismatch.stated,
            id=mismatch.school,
            actual=mismatch.actual,
        )
    return Violation(CLAUSE, "identity", message, (mismatch.school,), mismatch.school)


def _other_plans(rows: list[PlanRow]) -> list[Violation]:
    """Rows whose ``plan`` cell differs from the file's plan (the number most rows give): a
    plan file holds one plan."""
    numbers = [(row.line, _plan_number(row.cells.get("plan", ""))) for row in rows]
    given = Counter(number for _line, number in numbers if number)
    if not given:
        return []
    plan = given.most_common(1)[0][0]
    message = _(
        "row {row} says plan {number}, the other rows plan {plan}: a plan file holds one plan; "
        "correct the number or move the row to its plan's file"
    )
    return [
        Violation(CLAUSE, "plan_number", message.format(row=line, number=number, plan=plan))
        for line, number in numbers
        if number and number != plan
    ]


def _plan_number(cell: str) -> str:
    """A plan cell as written, a number a spreadsheet stored as ``2.0`` read as ``2``."""
    return cell.removesuffix(".0").strip()
