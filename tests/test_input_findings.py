"""What a bureau planner's test of issue 30 found in inputs and messages (part 30E): each
test reproduces one finding of that test, in its order."""

from __future__ import annotations

import csv
from pathlib import Path

from pairing_planner.i18n import use_language
from pairing_planner.instance.instance import Instance
from pairing_planner.report.frames import baseline_changes_frame
from pairing_planner.result.plan import Pair, Plan, Replan
from pairing_planner.solving.replan import apply_replan, changes_of


def _plan(pairs: list[tuple[str, str]]) -> Plan:
    """A plan of these pairs (their costs play no part in a change report)."""
    return Plan(
        rank=1,
        status="OPTIMAL",
        objective=0.0,
        bound=0.0,
        seconds=0.0,
        pairs=[Pair(h, r, 0.0, {}, 0.0) for h, r in pairs],
        term_costs={},
    )


def test_a_change_report_names_removed_schools_and_new_schools_helpers(
    heze_as_stated: Instance, tmp_path: Path
) -> None:
    """Finding 2: a baseline given as a plan CSV or ledger names its schools in its rows, so
    a school closed since is named, not shown by id; a new school's row says its helper."""
    instance = heze_as_stated
    helpers, recipients = list(instance.helpers.values()), list(instance.recipients.values())
    kept, new = recipients[0], recipients[1]
    baseline = tmp_path / "plan-1.csv"
    with baseline.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["helper_id", "recipient_id", "helper", "recipient"])
        writer.writerow([helpers[0].id, kept.id, helpers[0].name, kept.name])
        writer.writerow([helpers[1].id, "r-gone", helpers[1].name, "吴店镇中心中学"])
    replanned = apply_replan(instance, Replan(baseline=str(baseline)))
    changes = changes_of(replanned, _plan([(helpers[0].id, kept.id), (helpers[2].id, new.id)]))
    assert changes is not None
    with use_language("zh"):
        frame = baseline_changes_frame(replanned, changes)
    rows = {row["school_id"]: row for row in frame.to_dict("records")}
    assert rows["r-gone"]["school"] == "吴店镇中心中学"
    assert rows[new.id]["new"] == helpers[2].name
    assert rows[new.id]["why"] == "原方案中没有"
