"""Versions recorded in every result, so a plan can be reproduced.

Each is read once a process: reading package metadata takes about 1 ms, and every part of a
province makes a result of its own (288 on the Shandong preset)."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version


@cache
def tool_version() -> str:
    """This tool's installed version."""
    try:
        return version("pairing-planner")
    except PackageNotFoundError:
        return "0+unknown"


@cache
def ortools_version() -> str:
    """The OR-Tools version that solved."""
    return version("ortools")
