"""Work that runs beside the build, on the other core: the search index is built in a
forked process while mkdocs renders the pages. A fork inherits the loaded archive and
rendered text as they are (nothing is pickled); where fork is unavailable, or there is
one core, the work runs at once instead."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

_TASK: Callable[[], None] | None = None


class Background:
    def __init__(self, task: Callable[[], None]):
        self.pool: ProcessPoolExecutor | None = None
        self.future: Future | None = None
        if (os.cpu_count() or 1) < 2 or "fork" not in mp.get_all_start_methods():
            task()
            return
        global _TASK
        _TASK = task  # inherited by the forked worker, not pickled
        try:
            self.pool = ProcessPoolExecutor(1, mp_context=mp.get_context("fork"))
            self.future = self.pool.submit(_run)
        finally:
            _TASK = None

    def wait(self) -> None:
        """Until the task is done; raises what it raised."""
        if self.pool is None:
            return
        try:
            self.future.result()
        finally:
            self.pool.shutdown()
            self.pool = None

    def cancel(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _run() -> None:
    _TASK()
