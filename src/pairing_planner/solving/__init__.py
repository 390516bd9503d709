"""Solve strategies: typed options, one model (K plans under diversity constraints), the least
relaxation, large parts (relaxation and neighbourhood search), independent parts solved apart
(in this process or a pool) and merged, plans apart across parts, re-planning, and the
strategy that chooses among them (:mod:`.strategy`)."""
