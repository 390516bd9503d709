"""Plans as pandas DataFrames: one row per pair with names, places and costs (no contacts).

The same frame feeds the CSV file, the terminal table and notebooks.
"""

from __future__ import annotations

import pandas as pd

from pairing_planner.i18n import _
from pairing_planner.instance.index.instance import Instance
from pairing_planner.instance.schema.models import Term
from pairing_planner.objective import TERM_KINDS
from pairing_planner.prepare.replan import move_reason
from pairing_planner.report.pair_rows import pair_rows, readable_rows
from pairing_planner.result.baseline_changes import Changes
from pairing_planner.result.compare import Comparison
from pairing_planner.result.plan import Plan, Result


def pairs_frame(instance: Instance, plan: Plan) -> pd.DataFrame:
    """One row per pair of ``plan`` (:func:`~pairing_planner.report.pair_rows.pair_rows`)."""
    columns, rows = pair_rows(instance, plan)
    return pd.DataFrame(rows, columns=columns)


def terms_frame(result: Result) -> pd.DataFrame:
    """One row per plan: rank, status, objective, gap to plan 1, and each term's cost."""
    rows = [
        {
            "plan": plan.rank,
            "status": plan.status,
            "objective": plan.objective,
            "gap_to_first": plan.gap_to_first,
            "relaxations": len(plan.relaxations),
            **plan.term_costs,
        }
        for plan in result.plans
    ]
    return pd.DataFrame(rows)


def city_frame(instance: Instance, plan: Plan) -> pd.DataFrame:
    """Per helper city: helper schools it supplies, schools they serve, mean and max km,
    largest load and cost, its helpers' load terms included, so the costs add up to the
    plan's objective."""
    frame = _summary(instance, plan, by="helper_city")
    if frame.empty:
        return frame
    per_city: dict[str, float] = {}
    for helper, terms in plan.helper_costs.items():
        city = instance.city_of(instance.helpers[helper]).name
        per_city[city] = per_city.get(city, 0.0) + sum(terms.values())
    extra = frame["helper_city"].map(per_city).fillna(0.0)
    frame["cost"] = (frame["cost"] + extra).round(2)
    return frame


def county_frame(instance: Instance, plan: Plan) -> pd.DataFrame:
    """Per recipient county: schools served, helper schools serving them, mean and max km,
    largest load and the pairs' cost (a helper's load terms belong to no one county)."""
    return _summary(instance, plan, by="county")


def _summary(instance: Instance, plan: Plan, by: str) -> pd.DataFrame:
    pairs = pairs_frame(instance, plan)
    if pairs.empty:
        return pd.DataFrame()
    grouped = pairs.groupby(by, sort=True)
    frame = pd.DataFrame(
        {
            "helpers": grouped["helper_id"].nunique(),
            "recipients": grouped["recipient_id"].nunique(),
            "mean_km": grouped["distance_km"].mean().round(1),
            "max_km": grouped["distance_km"].max(),
            "max_load": pairs.groupby([by, "helper_id"]).size().groupby(level=0).max(),
            "cost": grouped["cost"].sum().round(2),
        }
    )
    return frame.reset_index()


def readable_pairs(instance: Instance, plan: Plan) -> pd.DataFrame:
    """:func:`pairs_frame` with each stage in words of the current language (初中, junior),
    as the ledger and the pairs CSV show it."""
    columns, rows = readable_rows(instance, plan)
    return pd.DataFrame(rows, columns=columns)


def changes_frame(instance: Instance, comparison: Comparison) -> pd.DataFrame:
    """One row per recipient whose helpers differ: helper in A → helper in B, cost change,
    and whether it only swaps interchangeable schools (``swap``)."""

    def names(ids: list[str]) -> str:
        return "、".join(instance.helpers[h].name for h in ids)

    rows = [
        {
            "recipient_id": change.recipient,
            "recipient": instance.recipients[change.recipient].name,
            f"helper_{comparison.label_a}": names(change.helpers_a),
            f"helper_{comparison.label_b}": names(change.helpers_b),
            "cost_change": change.cost_change,
            "swap": change.swap,
        }
        for change in comparison.changes
    ]
    return pd.DataFrame(rows)


def baseline_changes_frame(instance: Instance, changes: Changes) -> pd.DataFrame:
    """One row per change against the baseline plan: moved recipients (old → new helper, and
    why; forced or chosen), new recipients, removed schools, renamed schools, and helpers
    whose load changed.
    The ``change`` column says which; ``clause`` cites the ``change`` term's clauses."""
    helpers, recipients = instance.helpers, instance.recipients

    def names(ids: list[str]) -> str:
        return "、".join(helpers[h].name if h in helpers else h for h in ids)

    rows: list[dict[str, object]] = []
    for move in changes.moved:
        rows.append(
            {
                "change": _("forced move") if move.forced else _("chosen move"),
                "school_id": move.recipient,
                "school": recipients[move.recipient].name,
                "old": names(move.old),
                "new": names(move.new),
                "why": move_reason(instance, move),
            }
        )
    for rid in changes.new_recipients:
        rows.append(
            {
                "change": _("new recipient"),
                "school_id": rid,
                "school": recipients[rid].name,
                "new": names(changes.new_helpers.get(rid, [])),
                "why": _("not in the baseline plan"),
            }
        )
    gone = changes.removed_names
    for rid in changes.removed_recipients:
        rows.append(
            {"change": _("removed recipient"), "school_id": rid, "school": gone.get(rid, rid)}
        )
    for hid in changes.removed_helpers:
        rows.append({"change": _("removed helper"), "school_id": hid, "school": gone.get(hid, hid)})
    for renamed in changes.renamed:
        school = instance.school(renamed.school)
        now = school.name if school is not None else renamed.school
        rows.append(
            {
                "change": _("renamed"),
                "school_id": renamed.school,
                "school": now,
                "old": renamed.old,
                "new": now,
            }
        )
    for load in changes.load_changes:
        rows.append(
            {
                "change": _("load changed"),
                "school_id": load.helper,
                "school": helpers[load.helper].name,
                "old": str(load.old),
                "new": str(load.new),
            }
        )
    columns = ["change", "school_id", "school", "old", "new", "why"]
    frame = pd.DataFrame(rows, columns=columns, dtype=object).fillna("")
    frame["clause"] = ", ".join(TERM_KINDS[Term.change].clauses)
    return frame
