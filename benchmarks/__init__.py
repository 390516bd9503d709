"""Benchmarks: scripts run by hand (``python -m benchmarks.NAME``), not by the test suite;
each writes its results to ``benchmarks/results/`` and the docs summarise them."""
