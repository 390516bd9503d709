"""A command's time limit counts from the start of its process, imports included."""

from __future__ import annotations

import subprocess
import sys
import time

from pairing_planner.clock import process_start


def test_the_process_started_before_now() -> None:
    assert process_start() <= time.monotonic()


def test_time_spent_before_the_import_is_counted() -> None:
    """A process that waits half a second before importing the module still finds its start
    at least half a second back (on Linux, from the kernel's record; elsewhere the import)."""
    code = (
        "import time; time.sleep(0.5)\n"
        "from pairing_planner.clock import process_start\n"
        "print(time.monotonic() - process_start())"
    )
    age = float(subprocess.check_output([sys.executable, "-c", code], text=True))
    if sys.platform.startswith("linux"):
        assert 0.5 <= age < 60
    else:
        assert 0 <= age < 60
