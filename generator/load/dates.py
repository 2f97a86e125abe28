"""Honest `lastmod` dates: from content, else from git history, never from file mtimes.

A fresh CI clone resets every mtime to the checkout time, so mtimes would make every
page look changed on every build.
"""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path


def git_commit_dates(root: Path) -> dict[str, date]:
    """Date of the last commit touching each file under `root`, keyed by path relative to root."""
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        log = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cI", "--name-only", "--", "."],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    prefix = Path(root).resolve().relative_to(Path(top).resolve())
    dates: dict[str, date] = {}
    current: date | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = datetime.fromisoformat(line[1:]).date()
        elif line and current is not None:
            path = Path(line)
            try:
                relative = path.relative_to(prefix).as_posix() if str(prefix) != "." else path.as_posix()
            except ValueError:
                continue
            dates.setdefault(relative, current)
    return dates
