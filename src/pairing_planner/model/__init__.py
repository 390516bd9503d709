"""Everything that builds or runs the CP-SAT model. Only this package (and the ``post`` half of
rule and term modules, through :class:`~pairing_planner.model.context.ModelContext`) touches
OR-Tools."""
