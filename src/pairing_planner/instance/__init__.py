"""The instance file format: pydantic models, the YAML reader that keeps line numbers, semantic
checks of references, places and distances, and synthetic instances around real seats."""
