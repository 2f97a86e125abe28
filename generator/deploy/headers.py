"""`_headers` for Netlify and Cloudflare Pages: cache lifetimes and security headers.

Both hosts apply every rule whose pattern matches and join repeated headers with a
comma, so a `Cache-Control` on `/*` would be glued onto the immutable one of
`/assets/*`. The long-lived rules (`/assets/*`, `/img/*`: content-hashed names that
never change) and the revalidated HTML rules therefore never overlap: HTML gets its
rule per top-level folder that holds pages, and only the security headers go on `/*`.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from ..models import Site

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"
IMMUTABLE_FOLDERS = ("assets", "img")


def content_security_policy(site: Site) -> str:
    """A policy the default theme satisfies: no inline script or style (JSON-LD blocks
    are data, which CSP does not block) and a form that may post to the inquiry
    endpoint's origin."""
    form_action = "'self'"
    endpoint = urlsplit(site.inquiry.endpoint)
    if endpoint.scheme and endpoint.netloc:
        form_action += f" {endpoint.scheme}://{endpoint.netloc}"
    return "; ".join(
        (
            "default-src 'self'",
            "img-src 'self' data:",
            "style-src 'self'",
            "script-src 'self'",
            f"form-action {form_action}",
            "base-uri 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        )
    )


def html_patterns(html_paths: Iterable[str]) -> list[str]:
    """One pattern per place that holds HTML: `/` and root files exactly, everything
    else by its top-level folder."""
    patterns: set[str] = set()
    for path in html_paths:
        first, slash, _ = path.lstrip("/").partition("/")
        if not first:
            patterns.add("/")
        elif not slash:
            patterns.add("/" + first)
        elif first not in IMMUTABLE_FOLDERS:
            patterns.add(f"/{first}/*")
    return sorted(patterns)


def render_headers(site: Site, html_paths: Iterable[str]) -> str:
    """The `_headers` file for a site whose HTML lives at `html_paths` (URL paths)."""
    blocks = [
        (
            "/*",
            [
                ("Content-Security-Policy", content_security_policy(site)),
                ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "strict-origin-when-cross-origin"),
                ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
            ],
        ),
        *((f"/{folder}/*", [("Cache-Control", IMMUTABLE)]) for folder in IMMUTABLE_FOLDERS),
        *((pattern, [("Cache-Control", REVALIDATE)]) for pattern in html_patterns(html_paths)),
    ]
    lines = ["# Written by pseo build: security headers, then cache lifetimes per path class."]
    for pattern, headers in blocks:
        lines.append(pattern)
        lines += [f"  {name}: {value}" for name, value in headers]
    return "\n".join(lines) + "\n"
