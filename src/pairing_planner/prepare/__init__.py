"""From an :class:`~pairing_planner.instance.index.instance.Instance` to what every solver works on:
the candidate pairs the filter rules allow, their integer costs, and the independent parts."""
