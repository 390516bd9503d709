"""Every file the tool writes goes through here: to a temporary name in the target's folder,
synced to disk, given ordinary permissions, then renamed into place. A crash or a full disk
never leaves half a file where a good one was, and a ledger is as readable as a CSV."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

FILE_MODE = 0o644
"""Written files are readable by others, as ordinary files are (mkstemp makes them 0600)."""


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path with ``target``'s suffix (writers that choose their format by it,
    xlsxwriter and matplotlib, need it) to write to; on success it replaces ``target``."""
    handle, temp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=target.suffix
    )
    os.close(handle)
    path = Path(temp)
    try:
        yield path
        os.chmod(path, FILE_MODE)
        with path.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(path, target)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def write_atomic(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``target`` atomically."""
    with replacing(target) as path:
        path.write_text(text, encoding="utf-8", newline="")
