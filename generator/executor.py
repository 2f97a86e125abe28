"""Where the pure stages run: in this process for small jobs, else in a process pool."""

from __future__ import annotations

import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from .syscalls import set_parent_death_signal

T = TypeVar("T")

SMALL_BUILD = 400
"""Below this many work items a process pool costs more to start than it saves."""


class InProcessExecutor(Executor):
    """The Executor interface, run serially: same code path, no pickling, easy debugging."""

    def map(  # type: ignore[override]
        self,
        fn: Callable[..., T],
        *iterables: Iterable[Any],
        timeout: float | None = None,
        chunksize: int = 1,
    ) -> Iterator[T]:
        return map(fn, *iterables)


def make_executor(jobs: int, work_items: int) -> Executor:
    """`jobs` 0 means one worker per core; small builds always run in process."""
    workers = jobs or os.cpu_count() or 1
    if workers == 1 or work_items < SMALL_BUILD:
        return InProcessExecutor()
    return ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),))


def die_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when the build that started it ends, however
    it ends (a killed build would otherwise leave its workers running, holding memory
    and the staging folder's lock). Linux only; elsewhere workers exit when they find
    their task queue closed."""
    if not set_parent_death_signal(signal.SIGKILL):
        return
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        os._exit(1)  # the parent died before the signal was armed, so it will never come


def bounded_map(executor: Executor, fn: Callable[[Any], T], items: list[Any], ahead: int = 4) -> Iterator[T]:
    """Like `executor.map`, in order, but with at most `ahead` tasks in flight, so that
    finished results never pile up in memory while this process writes them out."""
    if isinstance(executor, InProcessExecutor):
        yield from map(fn, items)
        return
    pending: deque[Future[T]] = deque()
    for item in items:
        pending.append(executor.submit(fn, item))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def chunked(items: list[T], size: int) -> list[list[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


class Shared(Generic[T]):
    """A large read-only input (the library, the routing table) that tasks refer to.

    Pickling it into every task would cost more than the work itself, so it is
    written once to a file and loaded once per worker process; in this process it
    is used as is. A distributed executor would broadcast the same file.
    """

    def __init__(self, value: T, folder: Path) -> None:
        self._value: T | None = value
        self.path = folder / f"shared-{id(value):x}.pickle"

    def get(self) -> T:
        return self._value if self._value is not None else _load_shared(self.path)

    def __getstate__(self) -> dict[str, Any]:
        """Sent to a worker: write the value once, then send only its file name."""
        if self._value is not None and not self.path.exists():
            with self.path.open("wb") as stream:  # streamed: no second copy in memory
                pickle.dump(self._value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        return {"path": self.path, "_value": None}


@lru_cache(maxsize=2)
def _load_shared(path: Path) -> Any:
    with path.open("rb") as stream:
        return pickle.load(stream)
