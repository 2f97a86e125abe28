"""Canonical URLs: one absolute https declaration on our host, pointing at a final page (R2)."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..facts import Doc, PageEmit, PageEnv
from ..registry import ERROR, Rule, catalogue
from ..site import Site, SiteEmit

DUPLICATES_DOC = "https://developers.google.com/search/docs/crawling-indexing/consolidate-duplicate-urls"
LIGHTHOUSE = "https://github.com/GoogleChrome/lighthouse/blob/main/core/audits/seo/canonical.js"

RULES = catalogue(
    Rule("canonical.missing", ERROR, "indexable page has no rel=canonical",
         "Emit <link rel=\"canonical\"> with the page's own absolute URL",
         f"R2.1 (policy): programmatic sites create duplicates; declare the canonical ({DUPLICATES_DOC})."),
    Rule("canonical.multiple", ERROR, "several rel=canonical with different targets",
         "Keep exactly one canonical link in <head>",
         f"R2.1: conflicting canonicals are ignored ({DUPLICATES_DOC}; Lighthouse canonical.js)."),
    Rule("canonical.outside-head", ERROR, "rel=canonical outside <head>",
         "Move the canonical into <head> before any non-metadata element",
         "R2.9: Google only reads rel=canonical in <head> "
         "(https://developers.google.com/search/docs/crawling-indexing/valid-page-metadata)."),
    Rule("canonical.relative", ERROR, "canonical href is not absolute",
         "Write the full https:// URL", f"R2.2: use absolute URLs ({DUPLICATES_DOC}; {LIGHTHOUSE})."),
    Rule("canonical.not-https", ERROR, "canonical does not use https",
         "Build canonicals from the https base URL", "R2.2: Ahrefs 'Canonical from HTTPS to HTTP'."),
    Rule("canonical.host", ERROR, "canonical points to another host than the base URL",
         "Build canonicals from the configured base_url",
         f"R2.2: canonical must be on our host ({DUPLICATES_DOC})."),
    Rule("canonical.fragment", ERROR, "canonical contains a #fragment",
         "Drop the fragment from the canonical URL",
         "R2.2: SF 'Canonicals: Contains Fragment URL', Issue/High."),
    Rule("canonical.unresolved", ERROR, "canonical target is not a built page",
         "Point the canonical at an existing page URL (mind the trailing slash)",
         "R2.4: the target must answer 200 without a redirect (Ahrefs 'Canonical points to 4XX')."),
    Rule("canonical.to-noindex", ERROR, "canonical points to a noindex or non-page target",
         "Canonicalise only to indexable pages",
         f"R2.4/R5.4: never combine canonical with a noindex target ({DUPLICATES_DOC})."),
    Rule("canonical.chain", ERROR, "canonical target canonicalises elsewhere (chain)",
         "Point the canonical straight at the final page",
         "R2.4: SF 'Canonicals: Non-Indexable Canonical'; chains A→B→C are ignored."),
)  # fmt: skip


def check_page(doc: Doc, env: PageEnv, emit: PageEmit) -> None:
    """R2.1/R2.2/R2.9 on the declarations of one page."""
    facts = doc.facts
    if facts.redirect:
        return
    links = [link for link in doc.tags("link") if "canonical" in (link.get("rel") or "").lower().split()]
    if not links:
        if not (facts.noindex or facts.error_page):
            emit("canonical.missing", 'no <link rel="canonical">')
        return
    hrefs = {(link.get("href") or "").strip() for link in links}
    if len(hrefs) > 1:
        emit("canonical.multiple", f"{len(links)} canonical links: " + ", ".join(sorted(hrefs)))
    if any(not doc.in_head(link) for link in links):
        emit("canonical.outside-head", "rel=canonical found in <body>")
    href = (links[0].get("href") or "").strip()
    parts = urlsplit(href)
    if not parts.scheme or not parts.netloc:
        emit("canonical.relative", f'href="{href}" is not an absolute URL')
        return
    if parts.scheme.lower() != "https":
        emit("canonical.not-https", f'href="{href}"')
    if parts.netloc.lower() != env.urls.origin[1]:
        emit("canonical.host", f'href="{href}" is not on {env.urls.origin[1]}')
    if parts.fragment or href.endswith("#"):
        emit("canonical.fragment", f'href="{href}"')


def check_site(site: Site, emit: SiteEmit) -> None:
    """R2.4: every canonical target is a built, indexable, self-canonical page."""
    for page in site.pages.values():
        target_url = page.canonical
        if page.redirect or target_url is None or target_url == page.url:
            continue
        if not site.urls.is_internal(target_url):
            continue
        target = site.page_at(target_url)
        if target is None:
            site_path = site.urls.site_path(target_url) or ""
            why = (
                " (only reachable via a redirect to '/')"
                if site.urls.redirects_to_directory(site_path)
                else ""
            )
            emit("canonical.unresolved", page.url, f"canonical {target_url} is not a built page{why}")
        elif target.noindex or target.redirect or target.error_page:
            emit("canonical.to-noindex", page.url, f"canonical {target_url} {target.why_not_indexable}")
        elif not target.self_canonical:
            emit("canonical.chain", page.url,
                 f"canonical {target_url} canonicalises to {target.canonical}")  # fmt: skip
