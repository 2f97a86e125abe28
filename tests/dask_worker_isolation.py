"""Preloaded into each `dask worker` the tests start (`--preload`): the worker may open
nothing in the folders listed in $PSEO_FORBIDDEN (the site, its cache and output, the
build's temp folder, the system's fonts), as if it ran on another machine."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

FORBIDDEN = tuple(folder for folder in os.environ.get("PSEO_FORBIDDEN", "").split(os.pathsep) if folder)


def _deny_forbidden(event: str, args: tuple[Any, ...]) -> None:
    if event not in ("open", "os.listdir", "os.scandir") or not isinstance(args[0], (str, Path)):
        return
    path = os.path.abspath(args[0])
    if any(path == root or path.startswith(root + os.sep) for root in FORBIDDEN):
        raise PermissionError(f"a worker opened {path}")


sys.addaudithook(_deny_forbidden)
