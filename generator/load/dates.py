"""Honest `lastmod` dates: from content, else from git history, never from file mtimes.

A fresh CI clone resets every mtime to the checkout time, so mtimes would make every
page look changed on every build.
"""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime
from pathlib import Path


def git_commit_dates(root: Path) -> dict[str, date]:
    """Date of the last commit touching each file under `root`, keyed by path relative to root.

    Git's output is read as bytes and decoded like file names (os.fsdecode), with path
    quoting off, so non-ASCII folders and files work under any locale, `LC_ALL=C` included.
    """
    git = ["git", "-c", "core.quotePath=false", "-C", os.fspath(root)]
    try:
        top = subprocess.run([*git, "rev-parse", "--show-toplevel"], capture_output=True, check=True).stdout
        log = subprocess.run(
            [*git, "log", "-z", "--format=%x01%cI", "--name-only", "--", "."], capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    prefix = Path(root).resolve().relative_to(Path(os.fsdecode(top.strip())).resolve())
    dates: dict[str, date] = {}
    current: date | None = None
    for field in log.split(b"\0"):
        name = field.lstrip(b"\n")
        if name.startswith(b"\x01"):
            commit_date, _, name = name[1:].partition(b"\n")
            current = datetime.fromisoformat(commit_date.decode("ascii")).date()
        if name and current is not None:
            try:
                relative = Path(os.fsdecode(name)).relative_to(prefix)
            except ValueError:
                continue
            dates.setdefault(relative.as_posix(), current)
    return dates
