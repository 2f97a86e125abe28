"""Where the pure stages run, and how their large read-only inputs reach them.

An `Engine` maps a picklable function over picklable items and broadcasts values (the
library, the theme, the card fonts) that many tasks read: a task carries a `Ref`, and
resolves it on whatever worker it runs. `InProcess` runs everything here; `ProcessPool`
ships each broadcast value once per worker process, as bytes in a task, never through a
file, so a worker needs nothing from this machine's file system. `DaskEngine`
(dask_engine.py) implements the same methods on a cluster, `scatter(broadcast=True)`
behind `broadcast`. `open_engine` is the one place that decides between them.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import secrets
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.synchronize import Barrier
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar

from .pickled import loads_quietly
from .syscalls import set_parent_death_signal

if TYPE_CHECKING:
    from .dask_engine import DaskEngine

T = TypeVar("T")
R = TypeVar("R")

SMALL_BUILD = 400
"""Below this many work items a process pool costs more to start than it saves."""

BROADCAST_TIMEOUT = 600.0
"""Seconds a worker waits for the others to take their copy of a broadcast value."""
_ABSENT: Any = object()
_RECEIVED: dict[str, Any] = {}
"""Broadcast values this worker process received, by token."""
_BARRIER: Barrier | None = None


class Ref(Generic[T]):
    """A handle on a broadcast value. In the process that broadcast it, it holds the
    value; pickled into a task it is only a token, which the worker resolves to the
    copy its engine shipped it."""

    __slots__ = ("_value", "token")

    def __init__(self, token: str, value: T) -> None:
        self.token = token
        self._value = value

    def get(self) -> T:
        if self._value is not _ABSENT:
            return self._value  # type: ignore[no-any-return]
        try:
            return _RECEIVED[self.token]  # type: ignore[no-any-return]
        except KeyError:
            raise RuntimeError(f"broadcast value {self.token} was never shipped to this worker") from None

    def __getstate__(self) -> dict[str, str]:
        return {"token": self.token}

    def __setstate__(self, state: dict[str, str]) -> None:
        self.token = state["token"]
        self._value = _ABSENT


class Engine(Protocol):
    workers: int

    def map(
        self, fn: Callable[[Any], R], items: Iterable[Any], work: int | None = None, ahead: int = 2
    ) -> Iterator[R]:
        """`fn` over `items`, results in order, with at most `ahead` tasks per worker in
        flight so that neither tasks nor results pile up in memory (tasks of uneven
        length want more, so that a long one does not leave the other workers idle).
        `work` (in the units of `SMALL_BUILD`) lets a pool run a small map here instead."""
        ...

    def broadcast(self, value: T) -> Ref[T]: ...

    def release(self, ref: Ref[Any]) -> None:
        """`ref` is no longer needed: workers drop their copy before the next map."""
        ...

    def close(self) -> None: ...


class InProcess:
    """The Engine run serially: the same code path, no pickling, easy debugging."""

    workers = 1

    def map(
        self, fn: Callable[[Any], R], items: Iterable[Any], work: int | None = None, ahead: int = 2
    ) -> Iterator[R]:
        return map(fn, items)

    def broadcast(self, value: T) -> Ref[T]:
        return Ref(secrets.token_hex(8), value)

    def release(self, ref: Ref[Any]) -> None:
        pass

    def close(self) -> None:
        pass

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ProcessPool:
    """Worker processes on this machine, started at the first map that needs them (early
    in a build, while this process is still small). A broadcast value is pickled once
    and sent to each worker in a task of its own, at the next map that runs in the pool;
    each worker keeps it until it is released."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.tasks_sent = 0
        """Tasks that went to worker processes: how tests know the pool really ran."""
        self._pool: ProcessPoolExecutor | None = None
        self._unshipped: dict[str, Any] = {}
        self._released: list[str] = []

    def broadcast(self, value: T) -> Ref[T]:
        ref = Ref(secrets.token_hex(8), value)
        self._unshipped[ref.token] = value
        return ref

    def release(self, ref: Ref[Any]) -> None:
        if self._unshipped.pop(ref.token, _ABSENT) is _ABSENT:
            self._released.append(ref.token)

    def map(
        self, fn: Callable[[Any], R], items: Iterable[Any], work: int | None = None, ahead: int = 2
    ) -> Iterator[R]:
        if work is not None and work < SMALL_BUILD:
            yield from map(fn, items)  # the Refs in tasks still hold their values here
            return
        pool = self._ready()
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            self.tasks_sent += 1
            if len(pending) >= ahead * self.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def _ready(self) -> ProcessPoolExecutor:
        """The pool, with every value broadcast so far in each worker."""
        if self._pool is None:
            context = multiprocessing.get_context()
            barrier = context.Barrier(self.workers)
            self._pool = ProcessPoolExecutor(
                self.workers, context, initializer=start_worker, initargs=(os.getpid(), barrier)
            )
        if self._unshipped or self._released:
            payload = pickle.dumps((self._unshipped, self._released), protocol=pickle.HIGHEST_PROTOCOL)
            self._unshipped, self._released = {}, []
            # One task per worker: each waits at the barrier until all have theirs, so
            # no worker takes two and every worker gets one.
            for future in [self._pool.submit(_receive, payload) for _ in range(self.workers)]:
                future.result()
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ProcessPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


EngineKind = Literal["local", "dask"]


def open_engine(
    jobs: int, kind: EngineKind = "local", scheduler: str | None = None
) -> InProcess | ProcessPool | DaskEngine:
    """The one policy: `jobs` 0 means one worker per core; a single worker runs in this
    process. A pool starts its workers only at the first map of at least `SMALL_BUILD`
    work items (each map says how much work it is), so a small build never starts
    them and nobody has to guess a build's size before loading it. `kind` "dask" runs
    every map on a Dask cluster: the one at `scheduler` (or $DASK_SCHEDULER_ADDRESS),
    else a `LocalCluster` of `jobs` workers."""
    workers = jobs or os.cpu_count() or 1
    if kind == "dask":
        from .dask_engine import open_dask

        return open_dask(scheduler, workers)
    if workers == 1:
        return InProcess()
    return ProcessPool(workers)


def start_worker(parent: int, barrier: Barrier) -> None:
    """Pool initializer: end with the build; keep the barrier that broadcasts meet at.
    The collector is switched on: a worker forked while the build paused its own (see
    `pickled.paused_collector`) would otherwise keep every cycle its pages leave behind,
    hundreds of megabytes at 10,000 pages."""
    global _BARRIER
    _BARRIER = barrier
    gc.enable()
    die_with_parent(parent)


def _receive(payload: bytes) -> None:
    """Task run once by every worker: keep new broadcast values, drop released ones."""
    values, released = loads_quietly(payload)
    _RECEIVED.update(values)
    for token in released:
        _RECEIVED.pop(token, None)
    gc.freeze()  # broadcast values live as long as the worker: no full collection walks them
    assert _BARRIER is not None, "a pool worker starts with start_worker"
    _BARRIER.wait(timeout=BROADCAST_TIMEOUT)


def die_with_parent(parent: int) -> None:
    """End this worker when the build that started it ends, however it ends (a killed
    build would otherwise leave its workers running, holding memory and the staging
    folder's lock). Linux only; elsewhere workers exit when they find their task queue
    closed."""
    if not set_parent_death_signal(signal.SIGKILL):
        return
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        os._exit(1)  # the parent died before the signal was armed, so it will never come


def chunked(items: list[T], size: int) -> list[list[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]
