"""Solving an instance: typed options (:mod:`.options`), the strategy that chooses among the ways
(:mod:`.strategy`), the methods (:mod:`.methods`), decomposition into independent parts
(:mod:`.decomposition`), where parts run and for how long (:mod:`.execution`), and the notes a
result says about itself (:mod:`.result_notes`).
"""
