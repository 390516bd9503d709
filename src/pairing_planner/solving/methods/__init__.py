"""Ways to solve one model or part: one CP-SAT call (:mod:`.cpsat_call`), the K best plans of one
model (:mod:`.one_model`), mid-size parts proven on a model cut down by Lagrangian reduced-cost
fixing (:mod:`.reduced_cost_fixing`), parts too large for one model (:mod:`.large_part_search`),
the greedy plan as a floor under CP-SAT's (:mod:`.greedy_fallback`), the least-penalty plan when
no plan keeps every rule (:mod:`.least_penalty`), and the trade-off between two cost terms
(:mod:`.trade_off_front`).
"""
