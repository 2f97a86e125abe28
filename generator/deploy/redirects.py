"""Redirects from old URL paths (`aliases:`) to the pages that replaced them.

Each alias becomes a 301 line in `_redirects` (Netlify, Cloudflare Pages) and, for
hosts that ignore that file (S3 behind CloudFront), a small HTML page at the old path
that search engines treat as a permanent redirect: an instant meta refresh, a
canonical link to the new URL, and noindex so that the stub itself is never listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from ..errors import BuildError, ContentError
from ..library import Library, Source
from ..models.aliases import alias_output_file
from ..models.ids import EntityId
from ..route import Route, RouteTable, language_prefix

ENTITY_KINDS = ("product", "category", "page")


@dataclass(frozen=True)
class Redirect:
    alias: str
    target: Route
    source: Source

    @property
    def output_file(self) -> str:
        return alias_output_file(self.alias)


def plan_redirects(
    library: Library, routes: RouteTable, written: Callable[[str], bool] = lambda _: False
) -> list[Redirect]:
    """One redirect per alias, sorted by alias. An alias that is the URL of another
    output file (`written`) is an error at the alias; the loader has already rejected
    aliases claimed twice and routing those that are the URL of a page."""
    owners = {
        source.path: entity for entity, source in library.sources.items() if entity.kind in ENTITY_KINDS
    }
    taken = {route.output_file for route in routes.routes}
    redirects: list[Redirect] = []
    errors: list[ContentError] = []
    for entity, source in sorted(library.sources.items()):
        if entity.kind != "alias" or source.path not in owners:
            continue
        alias = entity.key
        target = _target(library, routes, owners[source.path], alias)
        if alias_output_file(alias) in taken:
            continue  # reported by routing
        if written(alias_output_file(alias)):
            message = f"alias {alias} is the URL of the output file {alias_output_file(alias)}"
            errors.append(ContentError(source.path, source.line, source.column, "aliases", message))
        elif target is not None:
            redirects.append(Redirect(alias, target, source))
    if errors:
        raise BuildError(errors)
    return redirects


def _target(library: Library, routes: RouteTable, entity: EntityId, alias: str) -> Route | None:
    """The entity's route in the language whose URL prefix starts the alias, else in
    the default language (else its first language). A page's alias is declared in one
    language file, so it leads to that language version."""
    if entity.kind == "page":
        if library.pages[entity.key].layout == "home":
            return routes.find("home", "home", entity.lang)
        return routes.find("page", entity.key, entity.lang)
    versions = routes.by_entity.get((entity.kind, entity.key), {})
    prefixed = [
        (len(prefix), lang)
        for lang in versions
        if (prefix := language_prefix(library, lang)) and (alias + "/").startswith(prefix + "/")
    ]
    lang = max(prefixed)[1] if prefixed else library.site.default_language
    return versions.get(lang) or next(iter(versions.values()), None)


def render_redirects(redirects: list[Redirect], routes: RouteTable) -> str:
    """301s from the `aliases:`, then each language's "not found" page for misses below
    its prefix (Netlify; Cloudflare Pages finds the nearest 404.html by itself)."""
    lines = ["# Written by pseo build from the `aliases:` of the content files."]
    lines += [f"{r.alias} {r.target.path} 301" for r in redirects]
    for route in routes.routes:
        prefix = route.path.removesuffix("/404.html")
        if route.kind == "404" and prefix:
            lines.append(f"{prefix}/* {route.path} 404")
    return "\n".join(lines) + "\n"


def read_redirects(text: str) -> dict[str, str]:
    """The stubs of a `_redirects` file written by `render_redirects`: the output file
    of each alias → the path it redirects to."""
    stubs: dict[str, str] = {}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) == 3 and not line.startswith("#"):
            stubs[alias_output_file(fields[0])] = fields[1]
    return stubs


def redirect_page(redirect: Redirect, routes: RouteTable) -> str:
    """A stub page at the old path for hosts without server-side redirects. The refresh
    and link stay relative to the host, so a preview deploy redirects within itself. It
    holds no words, only the new URL, so no text is marked as a language it is not in."""
    path = escape(redirect.target.path)
    url = escape(routes.url(redirect.target))
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(redirect.target.lang)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{url}</title>\n"
        f'<link rel="canonical" href="{url}">\n'
        '<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={path}">\n'
        "</head>\n<body>\n"
        f'<p><a href="{path}">{url}</a></p>\n'
        "</body>\n</html>\n"
    )
