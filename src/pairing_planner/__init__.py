"""pairing-planner: rule-abiding, explainable school pairing plans (鲁教基函〔2016〕7号).

The flow is one-way: instance file → :class:`Instance` → candidates and costs → CP-SAT model
and algorithms → solve strategy → :class:`Result` with :class:`Plan` s → report and export
(docs/architecture.md). Everything the CLI does is one of these functions.

Names load on first use (PEP 562), so ``import pairing_planner`` and ``plan --help`` do not
pay for OR-Tools, pandas and scipy, and a worker process imports only what its task uses.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pairing_planner.api import activity_calendar as activity_calendar
    from pairing_planner.api import check_calendar as check_calendar
    from pairing_planner.api import instance_of as instance_of
    from pairing_planner.api import load_calendar as load_calendar
    from pairing_planner.api import plan_of as plan_of
    from pairing_planner.api import solve as solve
    from pairing_planner.api import track_progress as track_progress
    from pairing_planner.diagnosis.checks import check_instance as check_instance
    from pairing_planner.diagnosis.finding import Finding as Finding
    from pairing_planner.errors import InputError as InputError
    from pairing_planner.instance.index.instance import Instance as Instance
    from pairing_planner.instance.yaml_files.load import instance_from_data as instance_from_data
    from pairing_planner.instance.yaml_files.load import load_instance as load_instance
    from pairing_planner.io.plans import read_plan as read_plan
    from pairing_planner.report.calendar_files import write_calendar as write_calendar
    from pairing_planner.report.export import export_plan as export_plan
    from pairing_planner.report.frames import pairs_frame as pairs_frame
    from pairing_planner.report.result_folder import load_result as load_result
    from pairing_planner.report.result_folder import write_result as write_result
    from pairing_planner.result.compare import compare_plans as compare_plans
    from pairing_planner.result.plan import Pair as Pair
    from pairing_planner.result.plan import Plan as Plan
    from pairing_planner.result.plan import Replan as Replan
    from pairing_planner.result.plan import Result as Result
    from pairing_planner.solving.options import SolveOptions as SolveOptions
    from pairing_planner.verify import Verdict as Verdict
    from pairing_planner.verify import verify_plan as verify_plan

_WHERE = {
    "Finding": "pairing_planner.diagnosis.finding",
    "InputError": "pairing_planner.errors",
    "Instance": "pairing_planner.instance.index.instance",
    "Pair": "pairing_planner.result.plan",
    "Plan": "pairing_planner.result.plan",
    "Replan": "pairing_planner.result.plan",
    "Result": "pairing_planner.result.plan",
    "SolveOptions": "pairing_planner.solving.options",
    "Verdict": "pairing_planner.verify",
    "activity_calendar": "pairing_planner.api",
    "check_calendar": "pairing_planner.api",
    "check_instance": "pairing_planner.diagnosis.checks",
    "compare_plans": "pairing_planner.result.compare",
    "export_plan": "pairing_planner.report.export",
    "instance_from_data": "pairing_planner.instance.yaml_files.load",
    "instance_of": "pairing_planner.api",
    "load_calendar": "pairing_planner.api",
    "load_instance": "pairing_planner.instance.yaml_files.load",
    "load_result": "pairing_planner.report.result_folder",
    "pairs_frame": "pairing_planner.report.frames",
    "plan_of": "pairing_planner.api",
    "read_plan": "pairing_planner.io.plans",
    "solve": "pairing_planner.api",
    "trade_off": "pairing_planner.api",
    "track_progress": "pairing_planner.api",
    "verify_plan": "pairing_planner.verify",
    "write_calendar": "pairing_planner.report.calendar_files",
    "write_result": "pairing_planner.report.result_folder",
}
"""Each public name and the module that holds it."""

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'pairing_planner' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
