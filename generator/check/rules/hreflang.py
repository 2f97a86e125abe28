"""hreflang: valid codes, self reference, return links, canonical targets, sitemap agreement (R3)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from ..facts import Doc, PageEmit, PageEnv, PageFacts
from ..langtags import primary_language, tag_problem
from ..registry import ERROR, WARNING, Rule, catalogue
from ..site import Site, SiteEmit
from ..urls import normalize

LOCALIZED = "https://developers.google.com/search/docs/specialty/international/localized-versions"

RULES = catalogue(
    Rule("hreflang.invalid-code", ERROR, "hreflang value is not a valid language(-script)(-region) code",
         "Use ISO 639-1 language, optional ISO 15924 script and ISO 3166-1 region, e.g. en-GB",
         f"R3.1/R3.2: invalid codes are ignored ({LOCALIZED}); en-UK, en_US and jp are common mistakes."),
    Rule("hreflang.href-invalid", ERROR, "hreflang href is not an absolute https URL on our host",
         "Write the alternate's full https:// URL without a fragment",
         f"R3.3: alternate URLs must be fully qualified ({LOCALIZED}; Lighthouse hreflang)."),
    Rule("hreflang.outside-head", ERROR, "hreflang link outside <head>",
         "Move hreflang links into <head>", "R3.11: SF 'Hreflang: Outside <head>', Issue/High."),
    Rule("hreflang.duplicate-code", ERROR, "one hreflang code points to several URLs",
         "List each language-region code once per page", "R3.7: SF 'Hreflang: Multiple Entries'."),
    Rule("hreflang.self-missing", ERROR, "page with hreflang does not list itself",
         "Include the page's own URL in its hreflang set",
         f"R3.4: each version must list itself as well as all other versions ({LOCALIZED})."),
    Rule("hreflang.x-default-missing", WARNING, "hreflang cluster with several languages has no x-default",
         "Add hreflang=\"x-default\" pointing to the default-language page",
         f"R3.8: x-default is the fallback for unmatched users ({LOCALIZED})."),
    Rule("hreflang.generic-missing", WARNING,
         "regional code (es-MX) with neither its generic code (es) nor an x-default in that language",
         "Announce one regional version under the generic code too (also_serves: [es] on es-MX)",
         f"R3.9: a generic code serves the language's speakers in every other region ({LOCALIZED})."),
    Rule("hreflang.unresolved", ERROR, "hreflang target is not a built page",
         "Link alternates to existing page URLs (mind the trailing slash)",
         "R3.6: SF 'Non-200 hreflang URLs'; Ahrefs 'Hreflang to redirect or broken page'."),
    Rule("hreflang.target-not-canonical", ERROR, "hreflang target is noindex or canonicalises elsewhere",
         "Only list indexable, self-canonical URLs as alternates",
         "R3.6/R2.6: SF 'Noindex Return Links', 'Non-Canonical Return Links', Issue/High."),
    Rule("hreflang.no-return-link", ERROR, "hreflang target does not link back",
         "Emit the identical hreflang set on every page of the cluster",
         f"R3.5: 'If two pages don't both point to each other, the tags will be ignored' ({LOCALIZED})."),
    Rule("hreflang.inconsistent", ERROR, "pages of one hreflang cluster carry different sets",
         "Emit the identical hreflang set (same codes, same URLs) on every page of the cluster",
         "R3.5: SF 'Inconsistent Language & Region Return Links', Issue/High."),
    Rule("hreflang.lang-mismatch", ERROR, "hreflang language differs from the target's <html lang>",
         "Make hreflang codes and <html lang> come from the same language setting",
         "R3.12 (policy): Ahrefs 'Hreflang and HTML lang mismatch'."),
    Rule("hreflang.sitemap-mismatch", ERROR, "sitemap xhtml:link alternates differ from the page's hreflang",
         "Generate HTML and sitemap annotations from one source",
         f"R3.10: if several methods are used they must agree ({LOCALIZED})."),
)  # fmt: skip


def check_page(doc: Doc, env: PageEnv, emit: PageEmit) -> None:
    """R3.1-R3.4, R3.7, R3.8, R3.11 on one page's own annotations."""
    facts = doc.facts
    entries: list[tuple[str, str]] = []
    for link in doc.tags("link"):
        code = link.get("hreflang")
        if code is None or "alternate" not in (link.get("rel") or "").lower().split():
            continue
        code, href = code.strip(), (link.get("href") or "").strip()
        if not doc.in_head(link):
            emit("hreflang.outside-head", f'hreflang="{code}" found in <body>')
        if problem := tag_problem(code, hreflang=True):
            emit("hreflang.invalid-code", f'hreflang="{code}": {problem}')
        parts = urlsplit(href)
        if parts.scheme.lower() != "https" or parts.netloc.lower() != env.urls.origin[1] or parts.fragment:
            emit("hreflang.href-invalid", f'hreflang="{code}" href="{href}"')
        entries.append((code.lower(), normalize(urljoin(facts.url, href))))
    if not entries:
        return
    facts.hreflang = tuple(sorted(set(entries)))
    by_code: dict[str, set[str]] = {}
    for code, url in entries:
        by_code.setdefault(code, set()).add(url)
    for code, urls in sorted(by_code.items()):
        if len(urls) > 1:
            emit("hreflang.duplicate-code", f'hreflang="{code}" → {", ".join(sorted(urls))}')
    if facts.url not in {url for _, url in entries} and not facts.redirect:
        emit("hreflang.self-missing", "own URL not among the hreflang alternates")
    languages = {primary_language(code) for code in by_code if code != "x-default"}
    if len(languages) > 1 and "x-default" not in by_code:
        emit("hreflang.x-default-missing", f"{len(languages)} languages, no x-default")
    default_urls = by_code.get("x-default", set())
    for language in sorted(languages):
        codes = [code for code in by_code if code != "x-default" and primary_language(code) == language]
        served = {url for code in codes for url in by_code[code]}
        if all(_has_region(code) for code in codes) and not served & default_urls:
            emit(
                "hreflang.generic-missing",
                f"{', '.join(sorted(codes))} without '{language}' or an x-default in it",
            )


def _has_region(code: str) -> bool:
    """`es-mx`, `es-419`, `zh-hant-tw` name a region; `zh-hant` and `es` serve every region."""
    return any(len(part) == 2 or (len(part) == 3 and part.isdigit()) for part in code.split("-")[1:])


def check_site(site: Site, emit: SiteEmit) -> None:
    """R3.5, R3.6, R3.10, R3.12: targets, return links, languages and sitemap agreement."""
    checked_lang: set[tuple[str, str]] = set()
    for page in site.pages.values():
        if not page.hreflang:
            continue
        for code, url in page.hreflang:
            target = page if url == page.url else site.page_at(url)
            if target is None:
                if site.urls.is_internal(url):
                    emit("hreflang.unresolved", page.url, f'hreflang="{code}" → {url} is not a built page')
                continue
            if not target.indexable:
                emit("hreflang.target-not-canonical", page.url,
                     f"hreflang=\"{code}\" → {url} {target.why_not_indexable}")  # fmt: skip
                continue
            if target is not page:
                _compare_sets(page, target, code, emit)
            if code != "x-default" and (target.url, code) not in checked_lang:
                checked_lang.add((target.url, code))
                if target.lang and primary_language(target.lang) != primary_language(code):
                    emit("hreflang.lang-mismatch", target.url,
                         f"listed as hreflang=\"{code}\" but <html lang=\"{target.lang}\">")  # fmt: skip
    for url, alternates in site.sitemap_alternates.items():
        page = site.pages.get(url)
        if page is None or not page.hreflang:
            continue
        html = frozenset(page.hreflang)
        if alternates != html:
            only_html = sorted(html - alternates)
            only_map = sorted(alternates - html)
            emit("hreflang.sitemap-mismatch", url,
                 f"only in HTML: {_pairs(only_html)}; only in sitemap: {_pairs(only_map)}")  # fmt: skip


def _compare_sets(page: PageFacts, target: PageFacts, code: str, emit: SiteEmit) -> None:
    if page.url not in {url for _, url in target.hreflang}:
        emit("hreflang.no-return-link", page.url, f'{target.url} (hreflang="{code}") does not link back')
    elif target.hreflang != page.hreflang:
        missing = sorted(set(page.hreflang) - set(target.hreflang))
        extra = sorted(set(target.hreflang) - set(page.hreflang))
        emit("hreflang.inconsistent", page.url,
             f"{target.url} lacks {_pairs(missing)} and adds {_pairs(extra)}")  # fmt: skip


def _pairs(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(f"{code}→{url}" for code, url in pairs[:3]) or "-"
