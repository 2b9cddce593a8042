"""Pausing Python's cycle collector while the build makes data that stays alive."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Loading an archive and preparing its pages and index make millions of objects that
    stay alive and next to no cyclic garbage; the cycle collector would walk them again and
    again (a quarter of the load time at 5,000 meetings) and find nothing to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
