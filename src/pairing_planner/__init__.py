"""pairing-planner: rule-abiding, explainable school pairing plans (鲁教基函〔2016〕7号).

The flow is one-way: instance file → :class:`Instance` → CP-SAT model → :class:`Result` with
:class:`Plan` s → report and export. Everything the CLI does is one of these functions.
"""

from pairing_planner.api import instance_of, load_result, plan_of, solve
from pairing_planner.checks import Finding, check_instance
from pairing_planner.compare import compare_plans
from pairing_planner.errors import InputError
from pairing_planner.instance.instance import Instance
from pairing_planner.instance.load import instance_from_data, load_instance
from pairing_planner.model.solver import SolveOptions
from pairing_planner.plan import Pair, Plan, Replan, Result
from pairing_planner.report.export import export_plan
from pairing_planner.report.files import write_result
from pairing_planner.report.frames import pairs_frame
from pairing_planner.verify import Verdict, read_plan, verify_plan

__all__ = [
    "Finding",
    "InputError",
    "Instance",
    "Pair",
    "Plan",
    "Replan",
    "Result",
    "SolveOptions",
    "Verdict",
    "check_instance",
    "compare_plans",
    "export_plan",
    "instance_from_data",
    "instance_of",
    "load_instance",
    "load_result",
    "pairs_frame",
    "plan_of",
    "read_plan",
    "solve",
    "verify_plan",
    "write_result",
]
