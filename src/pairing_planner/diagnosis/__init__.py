"""Why no plan may exist: structural checks before solving (``plan check``; Hall's condition,
schools without a candidate, quotas a city cannot meet) and the minimal set of conflicting rule
instances found by CP-SAT."""
