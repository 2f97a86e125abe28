"""The HTTP side of `pseo serve`: the output folder served like a CDN serves it, the
live-reload event stream and the error overlay, from a server that answers only
requests addressed to itself.

Binding to 127.0.0.1 keeps other machines out, but not other web sites: a page on a
domain whose DNS record is re-pointed at 127.0.0.1 (DNS rebinding) becomes
same-origin with the preview and could read it. The server therefore answers only
requests addressed to itself. It also takes bursts: a page load opens many
connections at once, and live-reload streams hold theirs open.
"""

from __future__ import annotations

import ipaddress
import json
import re
import sys
import threading
from collections.abc import Callable
from html import escape
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import BaseRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .manifest import content_type

HOST_HEADER = re.compile(r"(?P<name>[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?")
EVENTS = "/__pseo/events"
KEEPALIVE_SECONDS = 15.0
RELOAD_SCRIPT = (
    "<script>(function(){{var s=new EventSource({url});"
    's.addEventListener("reload",function(){{s.close();location.reload();}});}})();</script>'
)
OVERLAY_STYLE = (
    "position:fixed;top:0;left:0;right:0;z-index:2147483647;max-height:70vh;overflow:auto;"
    "margin:0;padding:1rem 1.25rem;background:#2b0b0b;color:#ffe3e3;"
    "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;border-bottom:4px solid #e5484d;text-align:left"
)


class SiteState:
    """The outcome of the latest build, shared by the builder and the request threads.

    `generation` counts finished builds, good or bad; a page loaded at generation N
    reloads as soon as a later one exists, even if it finished before the page
    subscribed to the event stream.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.generation = 0
        self.errors: list[str] = []
        self.has_site = False
        self.closed = False

    def snapshot(self) -> tuple[int, list[str], bool]:
        """(generation, errors, has_site), read together."""
        with self._changed:
            return self.generation, self.errors, self.has_site

    def publish(self, errors: list[str]) -> None:
        with self._changed:
            self.errors = errors
            self.has_site = self.has_site or not errors
            self.generation += 1
            self._changed.notify_all()

    def wait_for_change(self, since: int, timeout: float) -> int:
        """Block until a build newer than `since` finished, the state closed or
        `timeout` passed; return the current generation."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation > since or self.closed, timeout)
            return self.generation

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def nearest_not_found(root: Path, path: str) -> Path:
    """The 404.html closest above `path` (`/de/x/` → `/de/404.html`), as CDN hosts pick it."""
    root = root.resolve()
    folder = (root / path.lstrip("/")).resolve()
    folder = folder if path.endswith("/") else folder.parent
    while folder != root and folder.is_relative_to(root):
        if (folder / "404.html").is_file():
            return folder / "404.html"
        folder = folder.parent
    return root / "404.html"


class PreviewHTTPServer(ThreadingHTTPServer):
    """One daemon thread per request (a live-reload stream holds its thread until the
    page closes) and an accept queue deep enough for a burst of parallel requests:
    the default of 5 drops connections, which then wait seconds for a retry."""

    request_queue_size = 1024
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: Callable[..., BaseRequestHandler]) -> None:
        self.bound_host = address[0].lower()
        super().__init__(address, handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def answers(self, host_header: str) -> bool:
        """True for `localhost`, the bound host name or an IP address, at this server's
        port. DNS rebinding needs a domain name, so an address is always safe."""
        match = HOST_HEADER.fullmatch(host_header.strip().lower())
        if match is None:
            return False
        name, port = match["name"], match["port"] or "80"
        if int(port) != self.server_address[1]:
            return False
        if name in ("localhost", self.bound_host):
            return True
        try:
            ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
        except ValueError:
            return False
        return True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a connection mid-response is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def decorate(html: bytes, generation: int, errors: list[str], has_site: bool) -> bytes:
    """Add the reload script and, after a failed build, the error overlay to a page
    served from build `generation`."""
    snippet = RELOAD_SCRIPT.format(url=json.dumps(f"{EVENTS}?since={generation}"))
    if errors:
        items = "".join(f"<li>{escape(line)}</li>" for line in errors)
        heading = "Build failed – showing the last good build" if has_site else "Build failed"
        snippet = (
            f'<div id="pseo-errors" role="alert" style="{OVERLAY_STYLE}">'
            f"<strong>{heading}</strong><ul>{items}</ul></div>{snippet}"
        )
    data = snippet.encode()
    end = html.lower().rfind(b"</body>")
    return html + data if end < 0 else html[:end] + data + html[end:]


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files from the output folder, like a CDN would serve them (folder URLs
    → index.html, unknown URLs → 404.html with status 404), plus the event stream."""

    server: PreviewHTTPServer

    def __init__(self, *args: Any, state: SiteState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the console is for build results."""

    def parse_request(self) -> bool:
        """Answer only requests for this server's own host: a page on another domain
        whose DNS name is rebound to 127.0.0.1 must not read the preview."""
        if not super().parse_request():
            return False
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1:
            self.send_error(HTTPStatus.BAD_REQUEST, explain="Exactly one Host header is required")
            return False
        if not self.server.answers(hosts[0]):
            explain = f"This preview answers {self.server.url} only"
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, explain=explain)
            return False
        return True

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == EVENTS:
            self._stream_events(url.query)
        else:
            self._send_page(url.path, url.query, body=True)

    def do_HEAD(self) -> None:
        url = urlsplit(self.path)
        self._send_page(url.path, url.query, body=False)

    def _send_page(self, path: str, query: str, *, body: bool) -> None:
        # Read before the file: a build finishing in between then still triggers a reload.
        generation, errors, has_site = self.state.snapshot()
        file = Path(self.translate_path(path))
        if file.is_dir():
            if not path.endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", path + "/" + (f"?{query}" if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file /= "index.html"
        status = HTTPStatus.OK
        if not file.is_file():
            status, file = HTTPStatus.NOT_FOUND, nearest_not_found(Path(self.directory), path)
        if file.is_file():
            data, kind = file.read_bytes(), content_type(file.name)
        else:  # no good build yet: the overlay is the whole page
            status, data, kind = HTTPStatus.SERVICE_UNAVAILABLE, b"<!doctype html><body></body>", "text/html"
        if kind.startswith("text/html"):
            data = decorate(data, generation, errors, has_site)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _stream_events(self, query: str) -> None:
        """Server-Sent Events: `reload` after each finished build, comments as keep-alive."""
        try:
            since = int(parse_qs(query).get("since", [""])[0])
        except ValueError:
            since = self.state.generation
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while True:
                generation = self.state.wait_for_change(since, KEEPALIVE_SECONDS)
                if self.state.closed:
                    return
                if generation > since:
                    self.wfile.write(f"event: reload\ndata: {generation}\n\n".encode())
                    since = generation
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
