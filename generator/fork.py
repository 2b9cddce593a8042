"""Work handed to forked processes: the rendering of cold meetings spread over the cores,
and the search index built beside the pages.

A fork inherits the parent's memory as it is (the loaded archive, the rendered text), so
the work is never pickled: it is put in a module global for the moment of the fork, and
the parent keeps no reference to it (so what only the work needs is freed in the parent
at once); only results travel back, through a pipe. Each child dies with its parent: a
build that is interrupted (Ctrl-C, or `kill -9`) leaves no worker behind. Where fork is
unavailable, or there is one core, callers do the work themselves.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing as mp
import multiprocessing.connection as mp_connection
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

PR_SET_PDEATHSIG = 1  # linux/prctl.h
_TASK: Callable[[], Any] | None = None  # the task of the child being forked


class WorkerDied(RuntimeError):
    pass


def can_fork(workers: int = 2) -> bool:
    return workers >= 2 and (os.cpu_count() or 1) >= 2 and "fork" in mp.get_all_start_methods()


def fork_map(work: Callable[[int], Any], count: int, workers: int) -> list[Any]:
    """[work(0), ..., work(count - 1)], computed by `workers` forked processes."""
    return ForkedMap(work, count, workers).results()


class ForkedMap:
    """[work(0), ..., work(count - 1)] computed by `workers` forked processes while the
    parent goes on; results() waits for them. Each process takes the next index not yet
    taken (a counter in shared memory), so pages or chunks of unequal cost spread
    evenly; the parent may take its share too (help). The last `after_count` workers
    start only once the Background `after` has ended: poll() forks them then.

    They are forked then rather than forked now to wait: a waiting child keeps every page
    of memory as it was at its fork, so each page that this process or `after` writes
    meanwhile (a reference count is a write) would exist three times, not twice (at
    20,000 meetings that is another copy of most of the archive)."""

    def __init__(self, work: Callable[[int], Any], count: int, workers: int,
                 after: Background | None = None, after_count: int = 0):
        self.work, self.count = work, count
        self._next = mp.get_context("fork").Value("q", 0)  # the next index to take, with its lock
        self._mine: list[tuple[int, Any]] = []
        self._gate = after.sentinel() if after else None
        self._late = min(after_count, workers) if self._gate is not None else 0
        self.children: list[Forked] = []
        self._fork(workers - self._late)

    def _fork(self, workers: int) -> None:
        gc.freeze()  # the children's collector leaves the parent's objects alone (shared pages stay shared)
        try:
            self.children += [Forked(self._drain) for _ in range(workers)]
        finally:
            gc.unfreeze()

    def poll(self, wait: bool = False) -> None:
        """Fork the late workers if `after` has ended (with `wait`, once it has), unless
        no work is left for them."""
        if self._late and not self._left():
            self._late = 0
        if self._late and mp_connection.wait([self._gate], None if wait else 0):
            late, self._late = self._late, 0
            self._fork(late)

    def _left(self) -> bool:
        with self._next.get_lock():
            return self._next.value < self.count

    def _take(self) -> int | None:
        with self._next.get_lock():
            index = self._next.value
            if index >= self.count:
                return None
            self._next.value = index + 1
        return index

    def _drain(self, between: Callable[[], None] | None = None) -> list[tuple[int, Any]]:
        done = []
        while (index := self._take()) is not None:
            done.append((index, self.work(index)))
            if between is not None:
                between()
        return done

    def help(self) -> None:
        """Work in this process too, until every index is taken (forking the late
        workers as soon as they may start)."""
        self._mine += self._drain(self.poll)

    def results(self) -> list[Any]:
        results: list[Any] = [None] * self.count
        try:
            self.poll(wait=True)
            for done in [self._mine, *(child.result() for child in self.children)]:
                for index, value in done:
                    results[index] = value
        finally:
            self.cancel()
        return results

    def cancel(self) -> None:
        for child in self.children:
            child.cancel()


class Forked:
    """`task()` run in a forked child while the parent goes on; result() waits for its
    return value and raises what it raised."""

    def __init__(self, task: Callable[[], Any]):
        global _TASK
        self._reader, writer = mp.Pipe(duplex=False)
        # daemon: multiprocessing ends the child when the parent exits (e.g. on Ctrl-C)
        self.process = mp.get_context("fork").Process(target=_child, args=(writer, os.getpid()), daemon=True)
        _TASK = task
        try:
            self.process.start()
        finally:
            _TASK = None
        writer.close()

    def result(self) -> Any:
        try:
            ok, value = self._reader.recv()
        except EOFError:
            self.process.join()
            raise WorkerDied(f"a forked worker of the build ended without a result (exit code {self.process.exitcode}; "
                             "a negative code is the signal that ended it, -9 often the system running out of "
                             "memory): the build wrote nothing; run it again, or with more memory") from None
        finally:
            self._reader.close()
        self.process.join()
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


class Background:
    """One task run beside the build, in a forked process; at once, in this process,
    where fork is unavailable or there is one core."""

    def __init__(self, task: Callable[[], None]):
        self.child = Forked(task) if can_fork() else None
        if self.child is None:
            task()

    def sentinel(self) -> int | None:
        """A descriptor that becomes readable when the task's process ends (None when the
        task ran here): processes forked later inherit it, and can wait on it too."""
        return self.child.process.sentinel if self.child is not None else None

    def wait(self) -> None:
        """Until the task is done; raises what it raised."""
        if self.child is not None:
            child, self.child = self.child, None
            child.result()

    def cancel(self) -> None:
        if self.child is not None:
            self.child.cancel()
            self.child = None


def _child(writer, parent: int) -> None:
    tie_to_parent(parent)
    try:
        outcome = (True, _TASK())
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        outcome = (False, exc)
    try:
        writer.send(outcome)
    except (pickle.PicklingError, TypeError, AttributeError):  # an exception that does not pickle
        writer.send((False, RuntimeError("".join(traceback.format_exception(outcome[1])))))
    writer.close()


def tie_to_parent(parent: int) -> None:
    """Runs first in a forked child: it is killed when its parent dies. Linux's
    PR_SET_PDEATHSIG does that in the kernel; elsewhere a thread watches the parent."""
    if not _kill_on_parent_death():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the tie was made
        os._exit(1)


def _kill_on_parent_death() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)
