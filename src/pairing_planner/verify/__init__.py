"""The independent verifier: re-checks a plan against every rule and recomputes its cost.

It shares no code with ``rules/``, ``objective/``, ``cpsat/``, ``algorithms/`` or ``solve/``
(a test reads its imports): each rule and cost is written again here, from the instance
format's definitions, so that a bug in the model cannot hide itself. It reads only the
instance.
"""

from pairing_planner.verify.verifier import CHECKED_KINDS, Verdict, Violation, verify_plan

__all__ = ["CHECKED_KINDS", "Verdict", "Violation", "verify_plan"]
