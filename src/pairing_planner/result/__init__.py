"""Plain data out: :class:`~.plan.Plan` and :class:`~.plan.Result` (JSON in and out), and how
two plans differ (:mod:`.compare`). No solver here, so reports and notebooks read results
without OR-Tools."""
