"""Where the pure stages run: in this process for small jobs, else in a process pool."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, TypeVar

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
    return ProcessPoolExecutor(max_workers=workers)


def chunked(items: list[T], size: int) -> list[list[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]
