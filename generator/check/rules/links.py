"""Internal links, referenced resources and images (rule book R7, R8).

A URL resolves when the built file exists; `/dir/` resolves to `dir/index.html`. Links are
collected per page for the orphan check, which runs on the whole site.
"""

from __future__ import annotations

from ..facts import Doc, PageEmit, PageEnv
from ..registry import ERROR, WARNING, Rule, catalogue
from ..site import Site, SiteEmit

IMAGE_SEO = "https://developers.google.com/search/docs/appearance/google-images"
LINKS_DOC = "https://developers.google.com/search/docs/crawling-indexing/links-crawlable"

RULES = catalogue(
    Rule("links.broken", ERROR, "internal link to a URL that is not built",
         "Fix the link target or build the missing page",
         f"R8.1: SF 'Internal Client Error (4xx)' ({LINKS_DOC})."),
    Rule("links.broken-resource", ERROR, "img/srcset/stylesheet/script URL that is not built",
         "Copy the asset into the build or fix its path", "R8.1/R7.6: Ahrefs 'Page has broken image'."),
    Rule("links.redirect", WARNING, "internal link relies on a trailing-slash redirect",
         "Link to the final URL ending in '/'",
         "R8.4: https://developers.google.com/search/docs/crawling-indexing/301-redirects ; "
         "SF 'Internal Redirection'."),
    Rule("links.orphan", WARNING, "indexable page without any internal link to it",
         "Link the page from its category, hub or related-products block",
         f"R8.6: every page should be reachable through links ({LINKS_DOC}); Ahrefs 'Orphan page'."),
    Rule("img.alt-missing", ERROR, "<img> without alt attribute",
         "Give every image an alt text (alt=\"\" only for decoration)",
         f"R7.1: Google uses alt text ({IMAGE_SEO}); Lighthouse image-alt."),
    Rule("img.size-missing", WARNING, "<img> without width and height",
         "Write the image's intrinsic width and height attributes",
         "R7.3: https://github.com/GoogleChrome/lighthouse/blob/main/core/audits/unsized-images.js"),
    Rule("img.lcp-lazy", WARNING, "first image in <main> is lazy-loaded",
         "Drop loading=\"lazy\" (add fetchpriority=\"high\") on the hero image",
         "R7.4: https://web.dev/articles/lcp-lazy-loading"),
)  # fmt: skip

RESOURCE_RELS = frozenset({"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"})


def _srcset_urls(srcset: str) -> list[str]:
    return [part.strip().split()[0] for part in srcset.split(",") if part.strip()]


def _target(env: PageEnv, base: str, href: str) -> tuple[str | None, str | None]:
    """(site path, served file) of an internal URL; (None, None) for external URLs."""
    site_path = env.urls.site_path(href, base)
    if site_path is None:
        return None, None
    return site_path, env.urls.file_for(site_path)


def check_page(doc: Doc, env: PageEnv, emit: PageEmit) -> None:
    """R8.1, R8.4, R7.1, R7.3, R7.4 on one page; records link targets for R8.6."""
    url = doc.facts.url
    for anchor in doc.tags("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        site_path, file = _target(env, url, href)
        if site_path is None:
            continue
        if file is not None:
            if file != doc.facts.path:
                doc.linked.add(file)
        elif env.urls.redirects_to_directory(site_path):
            emit("links.redirect", f"href=\"{href}\" redirects to '{href.split('#')[0].split('?')[0]}/'")
            doc.linked.add(f"{site_path}/index.html")
        else:
            emit("links.broken", f'href="{href}"')
    for ref in _resources(doc):
        site_path, file = _target(env, url, ref)
        if site_path is not None and file is None:
            emit("links.broken-resource", f'"{ref}" is not in the build')
    _check_images(doc, emit)


def _resources(doc: Doc) -> list[str]:
    refs = []
    for img in doc.tags("img"):
        if img.get("src"):
            refs.append(img.get("src", ""))
        refs += _srcset_urls(img.get("srcset") or "")
    for source in doc.tags("source"):
        refs += _srcset_urls(source.get("srcset") or "")
        if source.get("src"):
            refs.append(source.get("src", ""))
    for link in doc.tags("link"):
        if RESOURCE_RELS & set((link.get("rel") or "").lower().split()) and link.get("href"):
            refs.append(link.get("href", ""))
    refs += [script.get("src", "") for script in doc.tags("script") if script.get("src")]
    return [ref.strip() for ref in refs if not ref.strip().startswith("data:")]


def _check_images(doc: Doc, emit: PageEmit) -> None:
    for img in doc.tags("img"):
        name = img.get("src") or img.get("srcset") or "(no src)"
        if img.get("alt") is None:
            emit("img.alt-missing", f'<img src="{name}"> has no alt')
        if not (img.get("width") and img.get("height")):
            emit("img.size-missing", f'<img src="{name}"> lacks width/height')
    mains = doc.tags("main")
    if mains:
        first = next(mains[0].iter("img"), None)
        if first is not None and (first.get("loading") or "").strip().lower() == "lazy":
            emit("img.lcp-lazy", f'<img src="{first.get("src")}"> is the first image in <main>')


def check_site(site: Site, emit: SiteEmit) -> None:
    """R8.6: indexable pages that no other page links to (the home page is the entry point)."""
    home = site.urls.file_for("")
    for page in site.pages.values():
        if page.indexable and page.path != home and page.path not in site.linked:
            emit("links.orphan", page.url, "no internal <a href> points to this page")
