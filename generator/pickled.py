"""What a build keeps for the next one, pickled: read with the collector paused,
written whole or not at all.

The records of a large site are millions of small tuples and strings. Every few hundred
objects made, the collector would scan the young ones, and each older generation it
promotes them to is scanned again as it grows: reading the page-key record of 100,000
pages took 3.5 s with it and 1.9 s without, the validated library of 25,000 products
8.1 s and 2.6 s. Records hold no reference cycles to collect.
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

UNREADABLE = (
    OSError,
    pickle.UnpicklingError,
    EOFError,
    AttributeError,
    ModuleNotFoundError,
    TypeError,
    ValueError,
)
"""What reading a record written by other code, or cut short, raises."""


@contextmanager
def paused_collector() -> Iterator[None]:
    """No collection while the block makes objects that live on (a record read back, the
    library loaded); the collector runs again as before when it ends."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def read_pickled(path: Path) -> Any | None:
    """The value pickled in `path`; None when it is missing, cut short or of other code."""
    try:
        data = path.read_bytes()
        with paused_collector():
            return pickle.loads(data)
    except UNREADABLE:
        return None


def loads_quietly(data: bytes) -> Any:
    """`pickle.loads` with the collector paused (see the module's note)."""
    with paused_collector():
        return pickle.loads(data)


def write_pickled(path: Path, value: object) -> None:
    """Pickle `value` straight to a temporary file beside `path` (no in-memory copy of a
    large record), then rename it into place, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as stream:
        pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
