"""`pseo serve`: build into a temporary folder, serve it locally, rebuild on every
change and reload the open pages.

The reload script and the error overlay (`preview_http`) are added to HTML responses only as they
are served, never to the built files, so the preview shows exactly the pages a
deploy would publish, plus the drafts, each marked with a banner by the theme
(the build runs with `drafts=True`). A failed rebuild leaves the last good output in place (the
build swaps its staging folder in only on success); the overlay lists the errors on
top of it until the next rebuild succeeds.

Every rebuild runs the normal build with `check=False`, so the build cache decides
what is redone: pages whose inputs did not change and known image renditions are
reused, everything else is rendered again.
"""

from __future__ import annotations

import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from types import TracebackType

import click
import watchfiles

from .errors import BuildError
from .options import site_option
from .preview_http import PreviewHandler, PreviewHTTPServer, SiteState
from .progress import NO_PROGRESS, Progress, show_progress
from .theme_layers import theme_layers

WATCH_TICK_MS = 100


def describe_failure(exc: Exception) -> list[str]:
    """Error lines as `file:line:col: field: message`, whatever stage failed."""
    if isinstance(exc, BuildError):
        return [str(error) for error in exc.errors]
    return [f"{type(exc).__name__}: {exc}"]


class PreviewServer:
    """Build, serve and watch one site; `start()` returns once the first build is done
    and the server listens, `stop()` ends every thread and removes the output."""

    def __init__(
        self,
        site_dir: Path,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        log: Callable[[str], None] = lambda _: None,
        debounce_ms: int = 200,
        cache_dir: Path | None = None,
        show_first_build: bool = False,
    ) -> None:
        self.site_dir = site_dir.resolve()
        self.show_first_build = show_first_build  # its steps: a cold first build takes a minute
        self.cache_dir = cache_dir
        self.state = SiteState()
        self.log = log
        self.debounce_ms = debounce_ms
        self._temp = tempfile.TemporaryDirectory(prefix="pseo-serve-")
        self.out_dir = Path(self._temp.name) / "public"
        self._stop = threading.Event()
        self._dirty = threading.Event()
        self._threads: list[threading.Thread] = []
        self._serving = False
        self._building = threading.Lock()
        self._themes_watched = False
        handler = partial(PreviewHandler, state=self.state, directory=str(self.out_dir))
        self.httpd = PreviewHTTPServer((host, port), handler)

    @property
    def url(self) -> str:
        return self.httpd.url

    def rebuild(self, progress: Progress = NO_PROGRESS) -> bool:
        """Build once and publish the outcome; True on success. Builds never overlap:
        they share the output folder and the caches."""
        from .build import build_site  # the pipeline loads when the preview starts, not with `pseo --help`

        with self._building:
            started = time.perf_counter()
            try:
                result = build_site(
                    self.site_dir,
                    self.out_dir,
                    check=False,
                    cache_dir=self.cache_dir,
                    drafts=True,
                    progress=progress,
                )
            except Exception as exc:  # any failure must leave the preview running
                progress.close(failed=True)
                errors = describe_failure(exc)
                self.state.publish(errors)
                self.log(f"Build failed ({len(errors)} error{'s' if len(errors) != 1 else ''}):")
                for line in errors:
                    self.log(f"  {line}")
                return False
            self.state.publish([])
            seconds = time.perf_counter() - started
            self.log(f"Built {result.counted()} ({result.rendered} rendered) in {seconds:.2f} s")
            return True

    def start(self) -> None:
        # Said at once: a first build encodes every image and may take a minute.
        self.log(f"Building {self.site_dir} for the preview (drafts included; later builds are incremental)…")
        with show_progress(quiet=not self.show_first_build) as progress:
            self.rebuild(progress)
        self._spawn(partial(self.httpd.serve_forever, poll_interval=0.1))
        self._serving = True
        self._spawn(self._build_on_change)
        themes = self.site_dir / "themes"
        # locale/: the site's UI catalog overrides.
        own = [p for p in (self.site_dir / "content", themes, self.site_dir / "locale") if p.is_dir()]
        # The packaged theme too: it changes in a source checkout of pseo.
        packaged = [p for p in theme_layers(self.site_dir).folders if not p.is_relative_to(self.site_dir)]
        self._themes_watched = themes.is_dir()
        if own or packaged:
            self._watch_ready([*own, *packaged], True, watchfiles.DefaultFilter())
        # site.yaml, and a themes/ folder made while serving (a site's first override).
        top = {str(self.site_dir / "site.yaml"), str(themes)}
        self._watch_ready([self.site_dir], False, lambda _, path: path in top)

    def _watch_ready(
        self, paths: list[Path], recursive: bool, accept: Callable[[watchfiles.Change, str], bool]
    ) -> None:
        ready = threading.Event()
        self._spawn(partial(self._watch, paths, recursive, accept, ready))
        ready.wait(timeout=10)

    def _watch_new_themes(self) -> None:
        """Watch SITE/themes once it exists; then build again, for overrides written
        before its watcher was ready."""
        themes = self.site_dir / "themes"
        if self._themes_watched or not themes.is_dir():
            return
        self._themes_watched = True
        self._watch_ready([themes], True, watchfiles.DefaultFilter())
        self._dirty.set()

    def wait(self) -> None:
        """Block until stopped; wakes twice a second so Ctrl-C is handled at once."""
        while not self._stop.wait(0.5):
            pass

    def stop(self) -> None:
        self._stop.set()
        self._dirty.set()
        self.state.close()
        if self._serving:
            self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=10)
        self._temp.cleanup()

    def __enter__(self) -> PreviewServer:
        try:
            self.start()
        except BaseException:  # Ctrl-C during the first build included
            self.stop()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    def _spawn(self, target: Callable[[], object]) -> None:
        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _watch(
        self,
        paths: Iterable[Path],
        recursive: bool,
        accept: Callable[[watchfiles.Change, str], bool],
        ready: threading.Event,
    ) -> None:
        """Mark the build dirty on every accepted change. The watcher also yields
        (nothing) every WATCH_TICK_MS, the first time once it is set up: `start()`
        waits for that, so that no edit made after it returns goes unnoticed."""
        changes = watchfiles.watch(
            *paths,
            watch_filter=accept,
            recursive=recursive,
            debounce=self.debounce_ms,
            stop_event=self._stop,
            rust_timeout=WATCH_TICK_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
        )
        for batch in changes:
            ready.set()
            if batch:
                self._dirty.set()
                if not recursive:
                    self._watch_new_themes()

    def _build_on_change(self) -> None:
        """One builder thread: changes made during a build trigger one more build."""
        while True:
            self._dirty.wait()
            if self._stop.is_set():
                return
            self._dirty.clear()
            self.rebuild()


@click.command("serve")
@site_option
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0 = any free port."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
def serve_command(site_dir: Path, port: int, host: str) -> None:
    """Preview the site locally; rebuild and reload the browser on every change."""
    try:
        server = PreviewServer(site_dir, host, port, log=click.echo, show_first_build=True)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` cleans up like Ctrl-C
    try:
        with server:
            click.echo(f"Serving {server.url} (watching content/, themes/ and site.yaml; Ctrl-C to stop)")
            server.wait()
    except KeyboardInterrupt:
        click.echo("Stopped.")
