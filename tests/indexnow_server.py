"""A loopback IndexNow endpoint for tests: records every POST and answers with the
statuses it is given, one per request (the last one repeats)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Endpoint:
    url: str
    statuses: list[int] = field(default_factory=lambda: [200])
    requests: list[dict[str, Any]] = field(default_factory=list)
    """Path, Content-Type and parsed JSON body of each POST."""

    @property
    def submitted(self) -> list[str]:
        return [url for request in self.requests for url in request["body"]["urlList"]]


@contextmanager
def indexnow_endpoint() -> Iterator[Endpoint]:
    endpoint = Endpoint("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            endpoint.requests.append(
                {"path": self.path, "type": self.headers["Content-Type"], "body": json.loads(body)}
            )
            status = endpoint.statuses[min(len(endpoint.requests), len(endpoint.statuses)) - 1]
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    endpoint.url = f"http://127.0.0.1:{server.server_address[1]}/indexnow"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        server.shutdown()
        server.server_close()
