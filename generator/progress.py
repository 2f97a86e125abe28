"""Progress of long steps, shown the same way by every command: a live rich display on
a terminal, a few plain lines per step in a log (CI, a pipe), nothing with `--quiet`.

Plain lines are sparse on purpose: one when a step starts, one per quarter of its work
and one when it ends, so a 7,000-page build logs a handful of lines per step, not one per
page. Everything goes to stderr: stdout keeps a command's result (a report, JSON).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal, TypeVar

import click

if TYPE_CHECKING:
    from rich.progress import Progress as LiveDisplay
    from rich.progress import TaskID

T = TypeVar("T")
Mode = Literal["live", "plain", "quiet"]


def choose_mode(quiet: bool) -> Mode:
    """Animated only when both streams are a terminal: a log or a pipe gets lines."""
    if quiet:
        return "quiet"
    return "live" if sys.stdout.isatty() and sys.stderr.isatty() else "plain"


class Progress:
    """The running step of a command with its count of work done. A step ends when
    the next one starts or on `finish`; `total` may be set once the step knows it."""

    def __init__(self, mode: Mode = "quiet") -> None:
        self.mode = mode
        self._step = ""
        self._unit = ""
        self._total: int | None = None
        self._done = 0
        self._quarter = 0
        self._started = 0.0
        self._live: LiveDisplay | None = None
        self._task: TaskID | None = None
        self._counting = threading.Lock()  # deploy uploads report from several threads

    def start(self, step: str, doing: str, total: int | None = None, unit: str = "") -> None:
        """Begin `step` (a short name for logs), described on a terminal as `doing`."""
        self.finish()
        self._step, self._unit, self._total, self._done, self._quarter = step, unit, total, 0, 0
        self._started = time.perf_counter()
        if self.mode == "plain":
            self._line(f"started ({total:,} {unit})" if total is not None else "started")
        elif self.mode == "live":
            live = self._display()
            if self._task is not None:
                live.remove_task(self._task)
            self._task = live.add_task(doing, total=total)  # a new task: its own clock and total
            live.refresh()  # a short step still shows

    def total(self, total: int, unit: str = "") -> None:
        """The amount of work of the running step, once it is known."""
        self._total, self._unit = total, unit or self._unit
        if self.mode == "plain":
            self._line(f"{total:,} {self._unit}")
        elif self._live is not None and self._task is not None:
            self._live.update(self._task, total=total)

    def advance(self, count: int = 1) -> None:
        with self._counting:
            self._advance(count)

    def _advance(self, count: int) -> None:
        self._done += count
        if self.mode == "live" and self._live is not None and self._task is not None:
            self._live.update(self._task, completed=self._done)
        elif self.mode == "plain" and self._total:
            quarter = min(4 * self._done // self._total, 4)
            if quarter > self._quarter and self._done < self._total:
                self._line(f"{self._done:,}/{self._total:,} {self._unit}")
            self._quarter = max(quarter, self._quarter)

    def track(self, items: Iterable[T], size: Callable[[T], int] = lambda _item: 1) -> Iterator[T]:
        """`items` as they come, each counted as `size(item)` units of work done."""
        for item in items:
            yield item
            self.advance(size(item))

    def finish(self) -> None:
        """End the running step, if any."""
        if not self._step:
            return
        if self.mode == "plain":
            seconds = time.perf_counter() - self._started
            counted = f"{self._done:,}/{self._total:,} {self._unit}, " if self._total else ""
            self._line(f"done, {counted}{seconds:.2f} s")
        self._step = ""

    def close(self, failed: bool = False) -> None:
        """End the display; after a failure the running step is not reported done."""
        if failed:
            self._step = ""
        self.finish()
        if self._live is not None:
            self._live.stop()
            self._live, self._task = None, None

    def _line(self, text: str) -> None:
        click.echo(f"{self._step}: {text}", err=True)

    def _display(self) -> LiveDisplay:
        """One transient rich display for the whole command, cleared when it ends."""
        if self._live is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            columns = (
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
            )
            self._live = Progress(*columns, console=Console(stderr=True), transient=True)
            self._live.start()
        return self._live


NO_PROGRESS = Progress()
"""For callers that show no progress (tests, the library API): it prints nothing."""


@contextmanager
def show_progress(quiet: bool = False) -> Iterator[Progress]:
    """A Progress for one command, in the mode its streams call for."""
    shown = Progress(choose_mode(quiet))
    try:
        yield shown
    except BaseException:
        shown.close(failed=True)
        raise
    shown.close()
