"""The independent verifier: re-checks a plan against every rule and recomputes its cost.

It shares no code with ``rules/``, ``objective/`` or ``model/``: each rule and cost is written
again here, from the instance format's definitions, so that a bug in the model cannot hide
itself. It reads only the instance.
"""

from pairing_planner.verify.read_plan import read_plan
from pairing_planner.verify.verifier import Verdict, Violation, verify_plan

__all__ = ["Verdict", "Violation", "read_plan", "verify_plan"]
