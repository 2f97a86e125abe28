"""Page basics: title, meta description, h1, html lang, charset, viewport, duplicates (R1, R10)."""

from __future__ import annotations

from collections import defaultdict

from ...wording import noun
from ..facts import Doc, PageEmit, PageEnv, clean_text, normalize_text
from ..langtags import is_cjk, primary_language, tag_problem
from ..registry import ERROR, WARNING, Rule, catalogue
from ..site import Site, SiteEmit

TITLE_DOC = "https://developers.google.com/search/docs/appearance/title-link"
SNIPPET_DOC = "https://developers.google.com/search/docs/appearance/snippet"
SF_ISSUES = "https://www.screamingfrog.co.uk/seo-spider/issues/"

RULES = catalogue(
    Rule("html.parse", ERROR, "file is empty or cannot be parsed as HTML",
         "Fix the template so it writes a complete HTML document",
         "C0.2: the checker reads the raw built HTML as a crawler would; an unreadable page "
         "cannot be indexed."),
    Rule("og.locale-format", WARNING, "og:locale is not language_TERRITORY or names another language",
         "Write og:locale as ll_CC (en_US, de_DE, zh_CN), the language of <html lang>",
         "R10.5: the Open Graph protocol defines og:locale as language_TERRITORY (https://ogp.me/)."),
    Rule("title.missing", ERROR, "page has no <title>", "Render a <title> in every layout's <head>",
         f"R1.1: every page needs a title ({TITLE_DOC}; Lighthouse document-title)."),
    Rule("title.empty", ERROR, "<title> is empty", "Check the title template and its data fields",
         f"R1.1: an empty title is a missing title ({TITLE_DOC})."),
    Rule("title.multiple", ERROR, "more than one <title>", "Keep one <title> in the base layout",
         f"R1.1: Screaming Frog 'Page Titles: Multiple', Issue/High ({SF_ISSUES})."),
    Rule("title.length", WARNING, "title length outside the configured range",
         "Aim for 30-60 characters: name, key attribute, brand",
         f"R1.3: long titles get truncated ({TITLE_DOC}); range from Screaming Frog defaults; "
         "not applied to ja/zh/ko."),
    Rule("title.duplicate", ERROR, "same title on several indexable pages of one language",
         "Add the distinguishing attribute (model, size, market) to the title template",
         f"R1.2: titles should be distinct per page ({TITLE_DOC}); SF 'Page Titles: Duplicate'."),
    Rule("description.missing", ERROR, "page has no meta description",
         "Render <meta name=\"description\"> from the page data",
         f"R1.6: every page should have a meta description ({SNIPPET_DOC}; Lighthouse meta-description)."),
    Rule("description.empty", ERROR, "meta description is empty",
         "Fill the description template or its fallback", f"R1.6 ({SNIPPET_DOC})."),
    Rule("description.multiple", ERROR, "more than one meta description",
         "Keep one description tag in the base layout",
         f"R1.6: SF 'Meta Description: Multiple' ({SF_ISSUES})."),
    Rule("description.length", WARNING, "meta description length outside the configured range",
         "Aim for 70-155 characters summarising the page",
         f"R1.8: snippets are truncated as needed ({SNIPPET_DOC}); range from SF defaults; "
         "not for ja/zh/ko."),
    Rule("description.duplicate", ERROR, "same meta description on several indexable pages of one language",
         "Generate descriptions from each page's own data",
         f"R1.7: 'Create unique descriptions for each page' ({SNIPPET_DOC})."),
    Rule("description.duplicate-in-matrix", WARNING,
         "same meta description on several indexable landing pages of one keyword matrix",
         "Use placeholders in the matrix's description pattern that differ between these pages "
         "({price_from}, {moq}, the value of the dimension they differ in)",
         "R1.7: the pages come from one description pattern; each still needs its own snippet, "
         "but pages of one plan sharing a template are a fix in one pattern, not a broken site."),
    Rule("h1.missing", ERROR, "page has no non-empty <h1>", "Render the page name as the single <h1>",
         f"R1.9: SF 'H1: Missing', Issue/Medium ({SF_ISSUES})."),
    Rule("h1.multiple", WARNING, "more than one <h1>", "Demote secondary headings to <h2>",
         f"R1.10: SF 'H1: Multiple', Warning/Medium ({SF_ISSUES})."),
    Rule("html.lang-missing", ERROR, "<html> has no lang attribute", "Set <html lang> to the page language",
         "R10.1: axe/Lighthouse html-has-lang; Bing reads lang "
         "(https://developers.google.com/search/docs/specialty/international/managing-multi-regional-sites)."),
    Rule("html.lang-invalid", ERROR, "<html lang> is not a valid BCP 47 tag",
         "Use language[-Script][-REGION], e.g. en, zh-Hans, en-GB", "R10.1: axe/Lighthouse html-lang-valid."),
    Rule("meta.charset-missing", ERROR, "no <meta charset>", "Put <meta charset=\"utf-8\"> first in <head>",
         "R10.3: https://html.spec.whatwg.org/multipage/semantics.html#charset"),
    Rule("meta.charset-invalid", WARNING, "charset is not UTF-8 or not within the first 1024 bytes",
         "Declare utf-8 as the first element of <head>",
         "R10.3: the declaration must be complete within the first 1024 bytes (WHATWG HTML)."),
    Rule("meta.viewport-missing", ERROR, "no <meta name=viewport>",
         "Add <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
         "R10.2: Lighthouse viewport; SF 'Mobile: Viewport Not Set'."),
    Rule("meta.viewport-invalid", WARNING, "viewport lacks width=device-width or blocks zooming",
         "Use content=\"width=device-width, initial-scale=1\"", "R10.2: axe meta-viewport."),
    Rule("html.meta-refresh", WARNING, "page is a meta-refresh redirect stub",
         "Prefer a host-level 301/308 redirect for moved pages",
         "R10.13: https://developers.google.com/search/docs/crawling-indexing/301-redirects ; "
         "SF 'Meta Refresh Redirect'."),
)  # fmt: skip


def _text_of(element: object) -> str:
    return "".join(element.itertext())  # type: ignore[attr-defined]


def check_page(doc: Doc, env: PageEnv, emit: PageEmit) -> None:
    """Head basics of one page; redirect stubs only get the redirect warning."""
    facts = doc.facts
    if facts.redirect:
        emit("html.meta-refresh", "meta refresh redirect")
        return
    titles = [t for t in doc.tags("title") if t.getparent() is not None and t.getparent().tag != "svg"]
    if not titles:
        emit("title.missing", "no <title> element")
    else:
        if len(titles) > 1:
            emit("title.multiple", f"{len(titles)} <title> elements")
        title = clean_text(_text_of(titles[0]))
        facts.title, facts.title_length = normalize_text(title), len(title)
        if not title:
            emit("title.empty", "<title> has no text")
    matrices = doc.root.xpath("//main//article[@data-matrix][1]/@data-matrix")
    facts.matrix = str(matrices[0]) if matrices else ""
    descriptions = [m for m in doc.tags("meta") if (m.get("name") or "").strip().lower() == "description"]
    if descriptions:
        text = clean_text(descriptions[0].get("content") or "")
        facts.description, facts.description_length = normalize_text(text), len(text)
        if len(descriptions) > 1:
            emit("description.multiple", f"{len(descriptions)} description tags")
        if not text and not facts.error_page:
            emit("description.empty", "content attribute is empty")
    elif not facts.error_page:
        emit("description.missing", 'no <meta name="description">')
    _check_lengths(doc, env, emit)
    h1s = doc.tags("h1")
    if not any(clean_text(_text_of(h)) or h.xpath(".//img[normalize-space(@alt)]") for h in h1s):
        if not facts.error_page:
            emit("h1.missing", "no <h1>" if not h1s else "<h1> is empty")
    elif len(h1s) > 1:
        emit("h1.multiple", f"{len(h1s)} <h1> elements")
    if not facts.lang:
        emit("html.lang-missing", "<html> has no lang attribute")
    elif problem := tag_problem(facts.lang, hreflang=False):
        emit("html.lang-invalid", f'lang="{facts.lang}": {problem}')
    _check_og_locale(doc, emit)
    _check_charset_viewport(doc, emit)


def _check_og_locale(doc: Doc, emit: PageEmit) -> None:
    for meta in doc.tags("meta"):
        if (meta.get("property") or "").strip().lower() != "og:locale":
            continue
        locale = (meta.get("content") or "").strip()
        language, _, territory = locale.partition("_")
        well_formed = (
            language.isalpha() and language.islower() and territory.isalpha() and territory.isupper()
        )
        if not well_formed or len(territory) != 2:
            emit("og.locale-format", f'og:locale="{locale}" (expected ll_CC, e.g. en_US)')
        elif doc.facts.lang and primary_language(doc.facts.lang) != language:
            emit("og.locale-format", f'og:locale="{locale}" but <html lang="{doc.facts.lang}">')


def _check_lengths(doc: Doc, env: PageEnv, emit: PageEmit) -> None:
    facts, settings = doc.facts, env.settings
    if facts.error_page or is_cjk(facts.lang):
        return
    low, high = settings.title_length.min, settings.title_length.max
    if facts.title and not low <= facts.title_length <= high:
        length = f"{facts.title_length} {noun(facts.title_length, 'character')}"
        emit("title.length", f"title has {length} (expected {low}-{high})")
    low, high = settings.description_length.min, settings.description_length.max
    if facts.description and not low <= facts.description_length <= high:
        length = f"{facts.description_length} {noun(facts.description_length, 'character')}"
        emit("description.length", f"description has {length} (expected {low}-{high})")


def _check_charset_viewport(doc: Doc, emit: PageEmit) -> None:
    charsets = [m.get("charset") for m in doc.tags("meta") if m.get("charset") is not None]
    charsets += [
        (m.get("content") or "").lower().partition("charset=")[2]
        for m in doc.tags("meta")
        if (m.get("http-equiv") or "").strip().lower() == "content-type"
    ]
    if not charsets:
        emit("meta.charset-missing", "no charset declaration")
    elif charsets[0].strip().lower() not in {"utf-8", "utf8"}:
        emit("meta.charset-invalid", f"charset is '{charsets[0]}', not utf-8")
    elif b"charset" not in doc.raw[:1024].lower():
        emit("meta.charset-invalid", "charset declaration is not within the first 1024 bytes")
    viewports = [m for m in doc.tags("meta") if (m.get("name") or "").strip().lower() == "viewport"]
    if not viewports:
        emit("meta.viewport-missing", "no viewport meta tag")
        return
    content = (viewports[0].get("content") or "").replace(" ", "").lower()
    if "width=device-width" not in content or "user-scalable=no" in content:
        emit("meta.viewport-invalid", f'viewport content="{viewports[0].get("content")}"')


def check_site(site: Site, emit: SiteEmit) -> None:
    """R1.2/R1.7: duplicate titles and descriptions among indexable pages of one language."""
    for attribute, rule_id in (("title", "title.duplicate"), ("description", "description.duplicate")):
        groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        for page in site.pages.values():
            text = getattr(page, attribute)
            if text and page.indexable:
                groups[(page.lang.lower(), text)].append(page.url)
        for urls in groups.values():
            if len(urls) < 2:
                continue
            urls.sort()
            matrices = {site.pages[url].matrix for url in urls}
            within = attribute == "description" and len(matrices) == 1 and "" not in matrices
            for url in urls:
                other = urls[1] if url == urls[0] else urls[0]
                if within:
                    emit(
                        "description.duplicate-in-matrix",
                        url,
                        f"description shared with {len(urls) - 1} other landing page(s) of matrix "
                        f"'{site.pages[url].matrix}', e.g. {other}: its description pattern reads the same "
                        "for them; a placeholder that differs between them makes each snippet unique",
                    )
                else:
                    emit(rule_id, url, f"{attribute} shared with {len(urls) - 1} other page(s), e.g. {other}")
