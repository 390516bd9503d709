"""When this process started, on the clock time limits are counted by.

A command's time limit covers the whole command as a planner times it (issue 17: "from reading
the file to writing the result"), and on a loaded 2-core machine starting Python and importing
the command's libraries took a second of a 30 s limit before the command's own code ran.
"""

from __future__ import annotations

import os
import sys
import time

_IMPORTED = time.monotonic()


def process_start() -> float:
    """``time.monotonic()`` as it was when this process started: on Linux from the kernel's
    record of the start (``/proc/self/stat``, in clock ticks since boot), elsewhere, or when
    that cannot be read, when this module was first imported (the CLI imports it first)."""
    if not sys.platform.startswith("linux"):
        return _IMPORTED
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = int(fields[19])
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return _IMPORTED
    return time.monotonic() - max(0.0, age)
