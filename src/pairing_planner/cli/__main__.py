"""``python -m pairing_planner.cli``: the same as the ``plan`` command."""

from pairing_planner.cli import entry

entry()
