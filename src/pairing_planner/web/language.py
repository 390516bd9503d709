"""The language a request is answered in: messages come from one process-wide catalogue
(:mod:`pairing_planner.i18n`), so requests that choose one take turns."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from pairing_planner.i18n import Language, use_language

_speaking = threading.RLock()


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    """Words in ``language`` while inside; another request's words wait: the catalogue is
    one for the process, and two tabs may ask in Chinese and in English at once."""
    with _speaking, use_language(language):
        yield
