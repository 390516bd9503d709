"""The CSV files a planner opens in Excel: a plan's pairs (``plan-K.csv``, ``plan export
--to X.csv``) and two plans' differences (``plan compare --csv``).

Headed and worded in the language of the run: under ``--lang zh`` 被帮扶学校编号, 初中, 是 (they
were ``recipient_id``, ``junior``, ``True``: issue 30); in English the ids other systems
join on, as before. ``plan verify`` and ``--baseline`` read a pairs CSV under either header
(:data:`~pairing_planner.io.plans.READ_BACK_HEADERS`).
"""

from __future__ import annotations

from pairing_planner.i18n import N_, _, current_language
from pairing_planner.instance.index.instance import Instance
from pairing_planner.io.csv_cells import frame_csv, records_csv
from pairing_planner.report.frames import changes_frame
from pairing_planner.report.ledger import ledger_header
from pairing_planner.report.pair_rows import readable_rows
from pairing_planner.result.compare import Comparison
from pairing_planner.result.plan import Plan

COMPARISON_HEADERS = {
    "cost_change": N_("cost difference"),
    "swap": N_("only swaps interchangeable schools"),
}
"""The comparison's own columns, as a clerk reads them."""


def plan_csv(instance: Instance, plan: Plan) -> str:
    """A plan's pairs as CSV text, headed as the ledger's pairs sheet is."""
    columns, rows = readable_rows(instance, plan)
    return records_csv(columns, rows, [ledger_header(c) for c in columns])


def comparison_csv(instance: Instance, comparison: Comparison) -> str:
    """The recipients whose helpers differ between two plans, as CSV text: under zh with
    Chinese headers (the helper columns named by the plans' labels) and 是/否 for a swap."""
    frame = changes_frame(instance, comparison)
    if current_language() != "zh" or frame.empty:
        return frame_csv(frame)
    helpers = {
        f"helper_{label}": _("helper in {label}").format(label=label)
        for label in (comparison.label_a, comparison.label_b)
    }
    headers = {c: _(COMPARISON_HEADERS[c]) for c in COMPARISON_HEADERS}
    frame["swap"] = [_("yes") if swap else _("no") for swap in frame["swap"]]
    frame.columns = [
        helpers.get(c) or headers.get(c) or ledger_header(str(c)) for c in frame.columns
    ]
    return frame_csv(frame)
