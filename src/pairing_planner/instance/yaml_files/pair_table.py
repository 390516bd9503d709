"""The optional pair table: ``helper,recipient,cost`` rows a planner scored by hand.

A pair missing from a given table is not allowed; every problem is reported with its CSV line.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from pathlib import Path

from pairing_planner.errors import Problem
from pairing_planner.i18n import N_, _
from pairing_planner.instance.index.instance import PairKey
from pairing_planner.instance.schema.number_caps import MAX_PAIR_COST
from pairing_planner.instance.spreadsheets.csv_records import csv_dicts
from pairing_planner.instance.yaml_files.yaml_source import read_text

COLUMNS = ("helper", "recipient", "cost")


def read_pair_table(
    path: Path, helpers: Collection[str], recipients: Collection[str]
) -> tuple[dict[PairKey, float], list[Problem]]:
    """The table's costs by pair, and every problem found in it (an empty list when clean)."""
    header, rows = csv_dicts(path, read_text(path, what=N_("pair table")))
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        message = _("the pair table lacks the column(s) {missing}; it needs {columns}")
        message = message.format(missing=", ".join(missing), columns=COLUMNS)
        return {}, [Problem(message, path, 1)]
    costs: dict[PairKey, float] = {}
    problems: list[Problem] = []
    for line, row in rows:
        helper, recipient = row["helper"].strip(), row["recipient"].strip()
        found = _row_problems(helper, recipient, row["cost"], helpers, recipients)
        if (helper, recipient) in costs:
            found.append(("the pair is listed twice", "helper"))
        problems.extend(Problem(msg, path, line, field) for msg, field in found)
        if not found:
            costs[(helper, recipient)] = float(row["cost"])
    return costs, problems


def _row_problems(
    helper: str,
    recipient: str,
    cost: str | None,
    helpers: Collection[str],
    recipients: Collection[str],
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if helper not in helpers:
        found.append((_("'{id}' is not a helper of this instance").format(id=helper), "helper"))
    if recipient not in recipients:
        message = _("'{id}' is not a recipient of this instance").format(id=recipient)
        found.append((message, "recipient"))
    try:
        value = float(cost or "")
    except ValueError:
        return [*found, (_("the cost '{cost}' is not a number").format(cost=cost), "cost")]
    if not math.isfinite(value) or value < 0:
        found.append((_("the cost {cost} must be a finite number ≥ 0").format(cost=cost), "cost"))
    elif value > MAX_PAIR_COST:
        message = _("the cost {cost} is above {cap:,.0f}, the largest a pair table may give")
        found.append((message.format(cost=cost, cap=MAX_PAIR_COST), "cost"))
    return found
