"""The HTTP server under `pseo serve`: it answers only requests addressed to itself.

Binding to 127.0.0.1 keeps other machines out, but not other web sites: a page on a
domain whose DNS record is re-pointed at 127.0.0.1 (DNS rebinding) becomes
same-origin with the preview and could read it. The server therefore answers only
requests addressed to itself. It also takes bursts: a page load opens many
connections at once, and live-reload streams hold theirs open.
"""

from __future__ import annotations

import ipaddress
import re
import sys
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from socketserver import BaseRequestHandler
from typing import Any

HOST_HEADER = re.compile(r"(?P<name>[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?")


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
