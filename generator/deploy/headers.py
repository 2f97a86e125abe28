"""`_headers` for Netlify and Cloudflare Pages: cache lifetimes and security headers.

Both hosts apply every rule whose pattern matches and join repeated headers with a
comma, so a `Cache-Control` on `/*` would be glued onto the immutable one of
`/assets/*`. The long-lived rules (`/assets/*`, `/img/*`: content-hashed names that
never change) and the revalidated HTML rules therefore never overlap: HTML gets its
rule per top-level folder that holds pages, and only the security headers go on `/*`.
Data files (the compare page's shards) get `X-Robots-Tag: noindex`, per folder.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Site
from ..models.origins import Origin

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"
IMMUTABLE_FOLDERS = ("assets", "img")


def cache_control(relative: str) -> str:
    """The Cache-Control of the output file `relative` (a path below the output folder),
    for hosts that take headers per object (S3 and its kin) rather than from `_headers`."""
    first, slash, _ = relative.partition("/")
    return IMMUTABLE if slash and first in IMMUTABLE_FOLDERS else REVALIDATE


BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "style-src": ("'self'",),
    "script-src": ("'self'",),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "frame-src": ("'self'",),
    "media-src": ("'self'",),
    "form-action": ("'self'",),
    "base-uri": ("'self'",),
    "frame-ancestors": ("'none'",),
    "object-src": ("'none'",),
}
WASM = "'wasm-unsafe-eval'"
"""Lets the search index's WebAssembly compile; it allows no eval of script text."""
FALLS_BACK_TO_DEFAULT = frozenset({"font-src", "connect-src", "frame-src", "media-src"})
"""Directives left out unless a site adds origins: default-src already says 'self'."""


def content_security_policy(site: Site, media: dict[str, list[Origin]] | None = None) -> str:
    """A policy the default theme satisfies: no inline script or style (JSON-LD blocks
    are data, which CSP does not block), a form that may post to the inquiry
    endpoint's origin, the origins of the configured analytics vendors (`tracking`),
    WebAssembly for the site search (`search.enabled`), the origins `security.csp` adds
    per directive, and `media`: the players and video hosts the catalog's videos need
    (see `models.video.csp_sources`). Every source
    comes from a parsed `Origin`, so no value can end a directive or add one."""
    added = site.security.csp.directives()
    if site.inquiry.origin is not None:
        added["form-action"] = [site.inquiry.origin]
    if site.tracking is not None:
        for name, origins in site.tracking.csp_sources().items():
            added[name] = [*added.get(name, ()), *origins]
    for name, origins in (media or {}).items():
        added[name] = [*added.get(name, ()), *origins]
    directives = []
    for name, base in BASE_POLICY.items():
        extra = sorted({str(origin) for origin in added.get(name, ())})
        if name == "script-src" and site.search.enabled:
            base = (*base, WASM)
        if name in FALLS_BACK_TO_DEFAULT and not extra:
            continue
        directives.append(" ".join((name, *base, *extra)))
    return "; ".join(directives)


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


def data_patterns(data_paths: Iterable[str]) -> list[str]:
    """One pattern per folder of data files (the URL paths `data_paths`): every file in it."""
    return sorted({path.rpartition("/")[0] + "/*" for path in data_paths})


def render_headers(
    site: Site,
    html_paths: Iterable[str],
    media: dict[str, list[Origin]] | None = None,
    data_paths: Iterable[str] = (),
) -> str:
    """The `_headers` file for a site whose HTML lives at `html_paths` (URL paths), shows
    the videos whose policy sources are `media` and fetches the data files at `data_paths`:
    those are linked from no page, and a crawler that finds them anyway must not index them."""
    blocks = [
        (
            "/*",
            [
                ("Content-Security-Policy", content_security_policy(site, media)),
                ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "strict-origin-when-cross-origin"),
                ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
            ],
        ),
        *((f"/{folder}/*", [("Cache-Control", IMMUTABLE)]) for folder in IMMUTABLE_FOLDERS),
        *((pattern, [("Cache-Control", REVALIDATE)]) for pattern in html_patterns(html_paths)),
        *((pattern, [("X-Robots-Tag", "noindex")]) for pattern in data_patterns(data_paths)),
    ]
    lines = ["# Written by pseo build: security headers, cache lifetimes per path class, noindex for data."]
    for pattern, headers in blocks:
        lines.append(pattern)
        lines += [f"  {name}: {value}" for name, value in headers]
    return "\n".join(lines) + "\n"
