"""Synthetic instances for tests, benchmarks and demonstrations."""
