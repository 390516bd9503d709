"""Algorithms over candidate pairs and the built model, each exact or bounded in a stated way:
min-cost flow (parts that are transportation problems), Hall's condition by maximum flow, the
LP and Lagrangian relaxations (bounds), rounding, neighbourhood search, and the greedy plan.
Which instances each may take is asked of the rules (:mod:`pairing_planner.rules.capabilities`)."""
