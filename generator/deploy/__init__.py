"""CDN-ready output: host configuration files written next to the built pages.

- `_headers`: cache lifetimes per path class, security headers and `noindex` for data files
  (Netlify, Cloudflare Pages)
- `_redirects` plus an HTML redirect page per old URL (`aliases:`), for every host
- `KEY.txt`: the IndexNow key, when site.yaml has one, for `pseo ping`
- `pseo-manifest.json`: hash, size and type of every file, for incremental deploys
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..manifest import MANIFEST, render_manifest

if TYPE_CHECKING:
    from ..library import Library
    from ..route import RouteTable
    from ..write import Output

__all__ = ["write_host_files"]


def write_host_files(library: Library, routes: RouteTable, output: Output) -> list[str]:
    """Write the host files into `output` (after every page, image and sitemap, so
    that the manifest covers them all); return their paths relative to it."""
    # Imported here: `pseo --help` and `pseo diff` load this package, not the content models.
    from ..models.video import csp_sources
    from ..route import DATA_KINDS
    from .headers import render_headers
    from .redirects import plan_redirects, redirect_page, render_redirects

    redirects = plan_redirects(library, routes, output.exists)
    files: dict[str, str] = {
        "_headers": render_headers(
            library.site,
            [r.path for r in routes.routes] + [r.alias for r in redirects],
            csp_sources(library.videos()),
            [r.path for r in routes.routes if r.kind in DATA_KINDS],
        ),
        "_redirects": render_redirects(redirects, routes),
    }
    files.update((r.output_file, redirect_page(r, routes)) for r in redirects)
    if library.site.indexnow:
        files[library.site.indexnow.key_file] = library.site.indexnow.key
    for relative, text in files.items():
        output.write(relative, text.encode("utf-8"))
    output.write(MANIFEST, render_manifest(output.manifest()))
    return [*files, MANIFEST]
