"""The listing policy of the article collection, built end to end with one and with five
articles per tag: a tag or yearly archive page listing fewer than `listings.min_articles`
indexable articles, or the same articles as another listing, is `noindex, follow`, left
out of the sitemaps and out of every hreflang cluster; the other listings are indexed
with descriptive titles and the intros of site.yaml. Every assertion reads the output."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from .conftest import (
    CATEGORY_YAML,
    PRODUCT_YAML,
    SITE_YAML,
    SiteFolder,
    build,
    fails_with,
    snapshot,
    write_site,
)
from .output import SITEMAP, XHTML, BuiltSite, hreflangs

ORIGIN = "https://www.example-valves.com"
YEARS = {"standards": 2026, "flanges": 2025}
"""Each tag's articles are all from one year: the year's archive lists the tag's articles."""
ARTICLES_INTRO = {
    "en": "Field notes from our test bay and engineering office for valve buyers.",
    "ar": "ملاحظات من منصة الاختبار ومكتب الهندسة لدينا لمشتري الصمامات.",
}
STANDARDS_INTRO = {
    "en": "How ASME, EN and API standards shape the valves you order.",
    "ar": "كيف تحدد معايير ASME وEN وAPI الصمامات التي تطلبونها.",
}
LISTINGS = f"""\
article_tags:
  standards: {{en: Standards, ar: المعايير}}
  flanges: {{en: Flanges, ar: الفلنجات}}
authors:
  mei-lin: {{name: Mei Lin, url: "https://www.example-valves.com/about/"}}
sections:
  articles: {{en: insights, ar: maqalat}}
listings:
MIN_ARTICLES
  intro:
    articles: {{en: "{ARTICLES_INTRO["en"]}", ar: "{ARTICLES_INTRO["ar"]}"}}
    tags:
      standards: {{en: "{STANDARDS_INTRO["en"]}", ar: "{STANDARDS_INTRO["ar"]}"}}
"""


def listing_site(root: Path, per_tag: int, min_articles: int | None = None) -> SiteFolder:
    """`per_tag` English articles per tag; Arabic translations of every standards article
    and of all flanges articles but the last."""
    site_yaml = SITE_YAML.replace(
        'page: {en: "{title} | {site} valve factory", ar: "{title} | {site} مصنع الصمامات"}',
        'page: {en: "{title} | {site}", ar: "{title} | {site}"}',
    ).replace(
        "seo:\n",
        "  - {label: {en: Insights, ar: مقالات}, target: articles}\n"
        + LISTINGS.replace("MIN_ARTICLES\n", f"  min_articles: {min_articles}\n" if min_articles else "")
        + "seo:\n",
        1,
    )
    files = {
        "site.yaml": site_yaml,
        "content/categories/valves.yaml": CATEGORY_YAML,
        "content/products/ball-valve-dn50.yaml": PRODUCT_YAML,
    }
    for tag, year in YEARS.items():
        for number in range(1, per_tag + 1):
            key = f"{tag}-{number}"
            files[f"content/articles/{key}.md"] = (
                f"---\ntitle: {tag.title()} note {number}\n"
                f"description: What buyers should check about {tag} in case {number}.\n"
                f"kind: technical\ndate: {year}-0{number}-10\nauthors: [mei-lin]\ntags: [{tag}]\n---\n"
                f"Case {number} on {tag}.\n"
            )
            if tag == "standards" or number < per_tag:
                files[f"content/articles/{key}.ar.md"] = (
                    f"---\ntitle: ملاحظة {number} عن {tag}\ndescription: ما يجب على المشترين فحصه في الحالة {number}.\n"
                    f"slug: {key}\n---\nالحالة {number}.\n"
                )
    return write_site(root, files)


BUILDS = {"one per tag": (1, None), "five per tag": (5, None), "one per tag, min_articles 1": (1, 1)}


@pytest.fixture(scope="module", params=list(BUILDS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, BuiltSite]:
    per_tag, min_articles = BUILDS[request.param]
    root = tmp_path_factory.mktemp("listings") / "site"
    result = build(listing_site(root, per_tag, min_articles), root / "public")
    assert result.exit_code == 0, result.output
    return request.param, BuiltSite(root / "public", ORIGIN)


LISTING_PAGES = {
    "en": ("/insights/tags/standards/", "/insights/tags/flanges/", "/insights/2026/", "/insights/2025/"),
    "ar": (
        "/ar/maqalat/tags/standards/",
        "/ar/maqalat/tags/flanges/",
        "/ar/maqalat/2026/",
        "/ar/maqalat/2025/",
    ),
}
INDEXED = {
    # Five standards articles in both languages; five flanges articles in English, four in Arabic.
    # Every archive lists the same articles as a tag, which stays the indexed one.
    "five per tag": {"/insights/tags/standards/", "/ar/maqalat/tags/standards/", "/insights/tags/flanges/"},
    "one per tag": set(),
    # One article is enough; the archives still duplicate the tags. The Arabic standards tag
    # lists the language's only article, as its articles index does.
    "one per tag, min_articles 1": {"/insights/tags/standards/", "/insights/tags/flanges/"},
}


ABSENT = {"/ar/maqalat/tags/flanges/", "/ar/maqalat/2025/"}
"""Pages of the builds with one article per tag: no Arabic flanges article exists."""


def listing_pages(name: str) -> list[str]:
    every = [*LISTING_PAGES["en"], *LISTING_PAGES["ar"]]
    return [path for path in every if name == "five per tag" or path not in ABSENT]


def robots(tree: html.HtmlElement) -> str:
    (content,) = tree.xpath('//head/meta[@name="robots"]/@content')
    return content


def sitemap(site: BuiltSite) -> dict[str, dict[str, str]]:
    """Sitemap URL → its xhtml:link alternates (hreflang → URL)."""
    return {
        entry.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in entry.findall(f"{XHTML}link")
        }
        for entry in site.sitemap_entries()
    }


def test_listing_pages_are_indexed_only_above_the_minimum_and_when_distinct(built):
    name, site = built
    listed = sitemap(site)
    for path in ABSENT if name != "five per tag" else ():
        assert site.file_for(ORIGIN + path) is None, path
    for path in listing_pages(name):
        tree = site.page(ORIGIN + path)
        indexed = path in INDEXED[name]
        assert robots(tree) == ("index, follow" if indexed else "noindex, follow"), path
        assert (ORIGIN + path in listed) is indexed, path
        if not indexed:
            assert hreflangs(tree) == {}, path
    # The articles index is the section's entry page: always indexed, in both languages.
    for path in ("/insights/", "/ar/maqalat/"):
        assert robots(site.page(ORIGIN + path)) == "index, follow"
        assert ORIGIN + path in listed


def test_hreflang_clusters_hold_only_indexed_versions_in_pages_and_sitemaps(built):
    name, site = built
    listed = sitemap(site)
    for path in (*listing_pages(name), "/insights/", "/ar/maqalat/"):
        tree = site.page(ORIGIN + path)
        cluster = hreflangs(tree)
        if robots(tree).startswith("noindex"):
            continue
        assert listed[ORIGIN + path] == cluster, path
        for target in cluster.values():
            other = site.page(target)
            assert robots(other) == "index, follow", (path, target)
            assert hreflangs(other) == cluster, (path, target)
    if name == "five per tag":
        both = {"en": f"{ORIGIN}/insights/tags/standards/", "ar": f"{ORIGIN}/ar/maqalat/tags/standards/"}
        assert hreflangs(site.page(both["ar"])) == {**both, "x-default": both["en"]}
        # Four Arabic flanges articles keep that page out: the English one has no alternate left.
        assert hreflangs(site.page(f"{ORIGIN}/insights/tags/flanges/")) == {}
        assert listed[f"{ORIGIN}/insights/tags/flanges/"] == {}


def test_listing_titles_headings_and_intros(built):
    name, site = built
    index = site.page(f"{ORIGIN}/insights/")
    assert index.findtext(".//title") == "Technical articles, guides and news | Example Valves"
    assert index.findtext(".//h1") == "Technical articles, guides and news"
    assert index.xpath("string(//main/div[@class='prose'])").strip() == ARTICLES_INTRO["en"]
    arabic = site.page(f"{ORIGIN}/ar/maqalat/")
    assert arabic.findtext(".//title") == "مقالات فنية وأدلة وأخبار | Example Valves"
    assert arabic.xpath("string(//main/div[@class='prose'])").strip() == ARTICLES_INTRO["ar"]
    standards = site.page(f"{ORIGIN}/insights/tags/standards/")
    assert standards.findtext(".//title") == "Articles on Standards | Example Valves"
    assert standards.xpath("string(//main/div[@class='prose'])").strip() == STANDARDS_INTRO["en"]
    arabic_standards = site.page(f"{ORIGIN}/ar/maqalat/tags/standards/")
    assert arabic_standards.xpath("string(//main/div[@class='prose'])").strip() == STANDARDS_INTRO["ar"]
    # Tags without an intro and archives show none.
    for path in ("/insights/tags/flanges/", "/insights/2026/"):
        assert not site.page(ORIGIN + path).xpath("//main/div[@class='prose']"), path
    assert site.page(f"{ORIGIN}/insights/2025/").findtext(".//title") == "Articles from 2025 | Example Valves"
    indexed = [site.page(ORIGIN + path).findtext(".//title") for path in ("/insights/", *INDEXED[name])]
    assert len(set(indexed)) == len(indexed)
    assert all(30 <= len(title) <= 60 for title in indexed), indexed


@pytest.fixture
def rebuilt(tmp_path: Path) -> tuple[SiteFolder, Path, dict[str, str]]:
    site = listing_site(tmp_path / "site", 1)
    out = tmp_path / "site/public"
    result = build(site, out)
    assert result.exit_code == 0, result.output
    return site, out, snapshot(out)


def _position(site: SiteFolder, needle: str) -> tuple[int, int]:
    """1-based line and column of `needle` in site.yaml."""
    for number, line in enumerate(site.read("site.yaml").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_an_intro_for_an_unknown_tag_is_a_positioned_error(rebuilt):
    site = rebuilt[0]
    site.replace("site.yaml", "      standards: {en: ", "      standard: {en: ")
    line, column = _position(site, f'{{en: "{STANDARDS_INTRO["en"]}"')
    fails_with(
        rebuilt,
        f"site.yaml:{line}:{column}: listings.intro.tags.standard: unknown tag 'standard' "
        "(did you mean 'standards'?)",
    )


def test_an_intro_missing_a_language_and_a_zero_minimum_are_reported_together(rebuilt):
    site = rebuilt[0]
    site.replace("site.yaml", f', ar: "{ARTICLES_INTRO["ar"]}"', "")
    site.replace("site.yaml", "listings:\n", "listings:\n  min_articles: 0\n")
    minimum = _position(site, "min_articles: 0")
    intro = _position(site, f'{{en: "{ARTICLES_INTRO["en"]}"}}')
    fails_with(
        rebuilt,
        f"site.yaml:{minimum[0]}:{minimum[1] + len('min_articles: ')}: listings.min_articles: "
        "input should be greater than or equal to 1",
        f"site.yaml:{intro[0]}:{intro[1]}: listings.intro.articles: no translation to 'ar' (a site language)",
        "Build failed: 2 errors.",
    )
