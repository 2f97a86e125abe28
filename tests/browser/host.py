"""A local static host for built sites, as close to the production CDN as the browser
tests need: folder URLs serve their index.html, unknown URLs the site's 404.html with
status 404, every response carries the security headers the build wrote to `_headers`
(so a theme that needed inline script or style would fail under its CSP here, not in
production), and POSTs to the test inquiry path are recorded and answered with a redirect to
the page the form names in `_next` (or back to the page), as a form service would.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from generator.preview_http import nearest_not_found

INQUIRY_PATH = "/__inquiry"


@dataclass
class Submissions:
    """Form posts received by the inquiry endpoint, in arrival order."""

    posts: list[dict[str, list[str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, fields: dict[str, list[str]]) -> None:
        with self.lock:
            self.posts.append(fields)

    def clear(self) -> None:
        with self.lock:
            self.posts.clear()


def security_headers(root: Path) -> list[tuple[str, str]]:
    """The headers the build declares for every path (`/*` in `_headers`)."""
    path = root / "_headers"
    if not path.exists():
        return []
    headers, in_block = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            in_block = line.strip() == "/*"
        elif in_block:
            name, _, value = line.strip().partition(":")
            headers.append((name.strip(), value.strip()))
    return headers


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files plus the recording inquiry endpoint."""

    def __init__(
        self, *args: Any, headers: list[tuple[str, str]], submissions: Submissions, **kwargs: Any
    ) -> None:
        self.site_headers = headers
        self.submissions = submissions
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        for name, value in self.site_headers:
            self.send_header(name, value)
        super().end_headers()

    def send_head(self) -> Any:
        relative = urlsplit(self.path).path.lstrip("/")
        target = Path(self.directory) / relative
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            return self._not_found(relative)
        return super().send_head()

    def _not_found(self, relative: str) -> Any:
        page = nearest_not_found(Path(self.directory), relative)
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None

    def do_POST(self) -> None:
        if urlsplit(self.path).path != INQUIRY_PATH:
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        fields = parse_qs(body, keep_blank_values=True)
        self.submissions.add(fields)
        # Like a form service: to the page the form names (the thank-you page), else back.
        target = urlsplit(fields["_next"][0]).path if fields.get("_next") else None
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", target or self.headers.get("Referer") or "/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request log: pytest shows failures, not traffic."""


@contextmanager
def serve(root: Path, submissions: Submissions | None = None) -> Iterator[str]:
    """Serve `root` on a free port of 127.0.0.1 in a background thread; yield its origin."""
    handler = partial(
        SiteHandler,
        directory=str(root),
        headers=security_headers(root),
        submissions=submissions or Submissions(),
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
