"""The Engine on a Dask cluster: a `LocalCluster` sized to this machine, or an existing
scheduler given by address.

No file system is shared with the workers: a broadcast value is scattered to every worker
(`scatter(broadcast=True)`), a task carries its inputs as bytes, and results come back
through the client. The stage functions keep their one code path: a task's `Ref`s are
pickled as tokens, and the worker binds each to the scattered value that Dask resolved
for the task, so `Ref.get()` works there as in any other engine. A worker lost mid-build
is Dask's to handle: the scheduler runs its tasks again elsewhere, and each task's result
is still read exactly once, in order.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from .engine import Ref

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

T = TypeVar("T")
R = TypeVar("R")

SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
CONNECT_TIMEOUT = 30.0
"""Seconds to reach a scheduler, and to wait for its first worker."""


class EngineUnavailable(Exception):
    """The engine asked for cannot run here (its extra is not installed, or no cluster
    answers)."""


class DaskEngine:
    """Tasks and broadcast values on a Dask cluster, through one client."""

    def __init__(self, client: Client, cluster: LocalCluster | None = None) -> None:
        self._client = client
        self.cluster = cluster
        """The `LocalCluster` this engine started and stops (None when it joined a cluster)."""
        self._scattered: dict[str, Future] = {}
        self.tasks_sent = 0
        """Tasks submitted to the cluster: how tests know the cluster really ran."""
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        self.workers = max(1, sum(client.nthreads().values()))
        self.dashboard_link = _dashboard_link(client) if cluster is not None else None
        """Where to watch the tasks of a cluster this engine started (None when it joined one)."""

    def broadcast(self, value: T) -> Ref[T]:
        ref = Ref(secrets.token_hex(8), value)
        # In a list: a dict or list value is one value here, not a collection to split.
        [self._scattered[ref.token]] = self._client.scatter([value], broadcast=True, hash=False)
        return ref

    def release(self, ref: Ref[Any]) -> None:
        future = self._scattered.pop(ref.token, None)
        if future is not None:
            future.release()

    def map(
        self, fn: Callable[[Any], R], items: Iterable[Any], work: int | None = None, ahead: int = 2
    ) -> Iterator[R]:
        """Every task runs on the cluster, however small the map: the build asked for it."""
        tokens = tuple(ref.token for ref in _refs_of(fn))
        values = [self._scattered[token] for token in tokens]
        stage = getattr(fn, "func", fn).__name__.strip("_")
        pending: deque[Future] = deque()
        for item in items:
            # Keys named after the stage: the dashboard shows render_chunk, process_image, ...
            key = f"{stage}-{secrets.token_hex(8)}"
            pending.append(self._client.submit(run_task, fn, tokens, item, *values, key=key))
            self.tasks_sent += 1
            if len(pending) >= ahead * self.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        for token in list(self._scattered):
            self._scattered.pop(token).release()
        self._client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_dask(scheduler: str | None, workers: int) -> DaskEngine:
    """A client of the cluster at `scheduler` (or $DASK_SCHEDULER_ADDRESS), else of a new
    `LocalCluster` of `workers` single-threaded processes (rendering holds the GIL)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineUnavailable(
            "--engine dask needs Dask: pip install 'pseo[dask]' (dask[distributed])"
        ) from None
    address = scheduler or os.environ.get(SCHEDULER_ENV)
    if address:
        try:
            return DaskEngine(Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False))
        except (OSError, TimeoutError) as exc:
            raise EngineUnavailable(f"no Dask scheduler with workers answers at {address}: {exc}") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True)
    return DaskEngine(Client(cluster, set_as_default=False), cluster)


def run_task(fn: Callable[[Any], R], tokens: tuple[str, ...], item: Any, *values: Any) -> R:
    """On a worker: `fn(item)` with each of its `Ref`s bound to the value Dask resolved."""
    return _bound(fn, dict(zip(tokens, values, strict=True)))(item)


def _refs_of(fn: Callable[..., Any]) -> list[Ref[Any]]:
    if not isinstance(fn, partial):
        return []
    return [arg for arg in (*fn.args, *fn.keywords.values()) if isinstance(arg, Ref)]


def _bound(fn: Callable[[Any], R], values: dict[str, Any]) -> Callable[[Any], R]:
    if not isinstance(fn, partial):
        return fn

    def bind(arg: Any) -> Any:
        return Ref(arg.token, values[arg.token]) if isinstance(arg, Ref) else arg

    args = [bind(arg) for arg in fn.args]
    return partial(fn.func, *args, **{name: bind(arg) for name, arg in fn.keywords.items()})


def _dashboard_link(client: Client) -> str | None:
    """The dashboard is served only when bokeh is installed."""
    return client.dashboard_link if importlib.util.find_spec("bokeh") else None
