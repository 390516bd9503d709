"""The CP-SAT formulation: pair variables and rule instances (:mod:`.context`), the model of an
instance (:mod:`.build`), diversity constraints between plans, reading a plan back out, the
check of a given plan against the model, and the one place a ``CpSolver`` is configured
(:mod:`.solver`). Only this package and the ``post`` half of rule and term modules build
constraints; the algorithms and solve strategies above use what it builds."""
