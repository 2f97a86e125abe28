"""Listing pages and the article collection, built end to end on the small test site:
the products index, article pages with their structured data, the articles index, tag
and yearly archive pages, RSS and Atom feeds, links between articles and products, and
nested category URLs. Every assertion reads the written files."""

from __future__ import annotations

import re
import shutil
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from generator.build import build_site
from generator.cli import main

from .conftest import (
    CATEGORY_YAML,
    PAGE_AR_MD,
    PAGE_MD,
    PRODUCT_YAML,
    RFQ_PRODUCT_YAML,
    SITE_YAML,
    SiteFolder,
    build,
    fails_with,
    snapshot,
    write_site,
)
from .output import SITEMAP, XHTML, BuiltSite, by_type, canonical, hreflangs

ORIGIN = "https://www.example-valves.com"
ATOM = "{http://www.w3.org/2005/Atom}"

REGISTRIES = """\
authors:
  mei-lin:
    name: Mei Lin
    url: https://www.example-valves.com/about/
    job_title: {en: Valve engineer, ar: مهندسة صمامات}
  omar-haddad:
    name: Omar Haddad
    url: https://www.linkedin.com/in/omar-haddad-valves
article_tags:
  standards: {en: Standards, ar: المعايير}
  maintenance: {en: Maintenance, ar: الصيانة}
sections:
  articles: {en: insights, ar: maqalat}
"""

NEWS_MD = """\
---
title: New test bench for seat leakage
description: Our Ningbo plant runs a new bench for seat leakage tests with nitrogen, so every valve ships with a report.
kind: news
date: 2026-03-05
authors: [omar-haddad]
tags: [standards]
---
We have added a bench for seat tests with nitrogen at six bar.
"""

NEWS_AR_MD = """\
---
title: منصة اختبار جديدة لتسرب المقاعد
description: يشغّل مصنعنا في نينغبو منصة جديدة لاختبار تسرب المقاعد بالنيتروجين، ويُشحن كل صمام مع تقريره.
slug: test-bench
---
أضفنا منصة لاختبار المقاعد بالنيتروجين عند ستة بار.
"""

GUIDE_MD = """\
---
title: "Choosing seats: PTFE & RPTFE <compared>"
description: When to choose PTFE or glass-filled RPTFE seats for a ball valve, by temperature, pressure and medium.
kind: guide
date: 2025-11-20
updated: 2026-01-15
authors: [mei-lin, omar-haddad]
tags: [maintenance, standards]
products: [BV-DN50, GV-DN80]
image: images/valve.jpg
---
PTFE seats suit most water and oil lines; RPTFE holds higher pressure.
"""


def article_site(root: Path) -> SiteFolder:
    site_yaml = SITE_YAML.replace(
        "seo:\n",
        "  - {label: {en: All products, ar: كل المنتجات}, target: products}\n"
        "  - {label: {en: Insights, ar: مقالات}, target: articles}\n" + REGISTRIES + "seo:\n",
        1,
    )
    return write_site(
        root,
        {
            "site.yaml": site_yaml,
            "content/categories/valves.yaml": CATEGORY_YAML,
            "content/products/ball-valve-dn50.yaml": PRODUCT_YAML,
            # Two products in each language: one product gets no products index.
            "content/products/gate-valve-dn80.yaml": RFQ_PRODUCT_YAML.replace(
                "name: {en: Flanged gate valve DN80}",
                "name: {en: Flanged gate valve DN80, ar: صمام بوابي DN80}",
            )
            .replace(
                "summary: {en: Rising-stem gate valve to DIN 3352.}",
                "summary: {en: Rising-stem gate valve to DIN 3352., ar: صمام بوابي بساق صاعدة.}",
            )
            .replace(
                'description: {en: "Rising stem, bolted bonnet, flanged ends."}',
                'description: {en: "Rising stem, bolted bonnet, flanged ends.", ar: "ساق صاعدة وغطاء مثبت بمسامير."}',
            ),
            "content/pages/about.md": PAGE_MD,
            "content/pages/about.ar.md": PAGE_AR_MD,
            "content/articles/test-bench.md": NEWS_MD,
            "content/articles/test-bench.ar.md": NEWS_AR_MD,
            "content/articles/seats/choosing-seats.md": GUIDE_MD,
        },
    )


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("articles") / "site"
    site = article_site(root)
    result = build(site, root / "public")
    assert result.exit_code == 0, result.output
    return root, snapshot(root / "public")


@pytest.fixture(scope="module")
def out(prebuilt: tuple[Path, dict[str, str]]) -> BuiltSite:
    return BuiltSite(prebuilt[0] / "public", ORIGIN)


@pytest.fixture
def built(prebuilt: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[SiteFolder, Path, dict[str, str]]:
    source, before = prebuilt
    shutil.copytree(source, tmp_path / "site")
    return SiteFolder(tmp_path / "site"), tmp_path / "site/public", before


def test_products_index_lists_every_product_as_a_card(out: BuiltSite):
    tree = out.page(f"{ORIGIN}/products/")
    assert tree.findtext(".//h1") == "All products by category"
    cards = tree.xpath("//main//li[@class='card']")
    assert [card.findtext(".//h3/a") for card in cards] == [
        "Two-piece ball valve DN50",
        "Flanged gate valve DN80",
    ]
    first, second = (" ".join(card.xpath(".//p[@class='meta']//text()")) for card in cards)
    assert "Industrial valves" in first and "MOQ: 100 pieces" in first and "$15.20" in first
    assert "Price on request" in second
    assert cards[0].xpath(".//img/@src")
    (page,) = by_type(out.jsonld(f"{ORIGIN}/products/"), "CollectionPage")
    items = page["mainEntity"]["itemListElement"]
    assert [item["url"] for item in items] == [
        f"{ORIGIN}/products/ball-valve-dn50/",
        f"{ORIGIN}/products/gate-valve-dn80/",
    ]
    arabic = out.page(f"{ORIGIN}/ar/products/")
    assert (
        hreflangs(arabic)
        == hreflangs(tree)
        == {
            "en": f"{ORIGIN}/products/",
            "ar": f"{ORIGIN}/ar/products/",
            "x-default": f"{ORIGIN}/products/",
        }
    )
    assert canonical(arabic) == f"{ORIGIN}/ar/products/"
    # The Arabic index names the products in Arabic.
    assert [a.text for a in arabic.xpath("//main//h3/a")] == ["صمام كروي من قطعتين DN50", "صمام بوابي DN80"]
    home = out.page(f"{ORIGIN}/")
    assert "/products/" in home.xpath("//header//nav//a/@href")
    assert "/products/" in home.xpath("//main//a/@href")


def test_products_index_is_split_into_numbered_pages(site: SiteFolder, tmp_path: Path, monkeypatch):
    import generator.dependencies.kinds
    import generator.render.collections
    import generator.route

    for module in (generator.route, generator.render.collections, generator.dependencies.kinds):
        monkeypatch.setattr(module, "PRODUCTS_PAGE_SIZE", 1)
    result = build(site, tmp_path / "out")
    assert result.exit_code == 0, result.output
    built = BuiltSite(tmp_path / "out", ORIGIN)
    first, second = built.page(f"{ORIGIN}/products/"), built.page(f"{ORIGIN}/products/2/")
    assert first.findtext(".//title") != second.findtext(".//title")
    assert second.findtext(".//h1") == "All products by category (2)"
    for tree in (first, second):
        assert len(tree.xpath("//main//li[@class='card']")) == 1
        pages = tree.xpath("//main//nav//li")
        assert [li.text_content() for li in pages] == ["1", "2"]
        assert len(tree.xpath("//main//nav//span[@aria-current='page']")) == 1
    assert canonical(second) == f"{ORIGIN}/products/2/"
    # A rebuild after editing the product of page 1 shows the edit there.
    site.replace(
        "content/products/ball-valve-dn50.yaml", "en: Two-piece ball valve DN50", "en: Ball valve DN50"
    )
    result = build(site, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert built.page(f"{ORIGIN}/products/").xpath("//main//h3/a/text()") == ["Ball valve DN50"]
    assert built.page(f"{ORIGIN}/products/2/").xpath("//main//h3/a/text()") == ["Flanged gate valve DN80"]


def test_article_page_has_article_data_with_authors_and_a_resolvable_publisher(out: BuiltSite):
    url = f"{ORIGIN}/insights/choosing-seats/"
    nodes = out.jsonld(url)
    (article,) = by_type(nodes, "Article")
    assert article["headline"] == "Choosing seats: PTFE & RPTFE <compared>"
    assert article["datePublished"] == "2025-11-20" and article["dateModified"] == "2026-01-15"
    assert article["mainEntityOfPage"] == url and article["inLanguage"] == "en"
    assert [(a["@type"], a["name"], a["url"]) for a in article["author"]] == [
        ("Person", "Mei Lin", f"{ORIGIN}/about/"),
        ("Person", "Omar Haddad", "https://www.linkedin.com/in/omar-haddad-valves"),
    ]
    assert article["author"][0]["jobTitle"] == "Valve engineer"
    assert article["image"][0].startswith(f"{ORIGIN}/img/")
    (publisher,) = [n for n in nodes if n.get("@id") == article["publisher"]["@id"]]
    assert publisher["@type"] == "Organization" and publisher["name"] == "Example Valves"
    (news,) = by_type(out.jsonld(f"{ORIGIN}/insights/test-bench/"), "BlogPosting")
    assert news["datePublished"] == news["dateModified"] == "2026-03-05"
    tree = out.page(url)
    assert tree.findtext(".//h1") == "Choosing seats: PTFE & RPTFE <compared>"
    assert tree.xpath("//meta[@property='og:type']/@content") == ["article"]
    assert tree.xpath("//main//time/@datetime") == ["2025-11-20", "2026-01-15"]
    assert "By Mei Lin and Omar Haddad" in tree.xpath("string(//main//p[@class='meta'][2])")
    crumbs = [a.get("href") for a in tree.xpath("//nav[contains(@class, 'crumbs')]//a")]
    assert crumbs == ["/", "/insights/"]


def test_articles_and_products_link_both_ways(out: BuiltSite):
    article = out.page(f"{ORIGIN}/insights/choosing-seats/")
    linked = article.xpath("//section[@aria-labelledby='products']//h3/a/@href")
    assert linked == ["/products/ball-valve-dn50/", "/products/gate-valve-dn80/"]
    for product in ("ball-valve-dn50", "gate-valve-dn80"):
        tree = out.page(f"{ORIGIN}/products/{product}/")
        assert tree.xpath("//section[@aria-labelledby='articles']//a/@href") == ["/insights/choosing-seats/"]
    # The guide has no Arabic version: the Arabic product page names no article.
    assert not out.page(f"{ORIGIN}/ar/products/ball-valve-dn50/").xpath(
        "//section[@aria-labelledby='articles']"
    )


def test_translation_gaps_leave_no_route_and_no_hreflang(out: BuiltSite):
    assert out.file_for(f"{ORIGIN}/ar/maqalat/choosing-seats/") is None
    guide = out.page(f"{ORIGIN}/insights/choosing-seats/")
    assert hreflangs(guide) == {}
    news = out.page(f"{ORIGIN}/insights/test-bench/")
    assert hreflangs(news) == {
        "en": f"{ORIGIN}/insights/test-bench/",
        "ar": f"{ORIGIN}/ar/maqalat/test-bench/",
        "x-default": f"{ORIGIN}/insights/test-bench/",
    }
    arabic_index = out.page(f"{ORIGIN}/ar/maqalat/")
    assert arabic_index.xpath("//main/ul//a/@href") == ["/ar/maqalat/test-bench/"]


def test_index_tag_and_archive_pages_list_newest_first(out: BuiltSite):
    index = out.page(f"{ORIGIN}/insights/")
    assert index.xpath("//main/ul[contains(@class, 'articles')]//a/@href") == [
        "/insights/test-bench/",
        "/insights/choosing-seats/",
    ]
    assert index.xpath("//main//time/@datetime") == ["2026-03-05", "2025-11-20"]
    assert index.xpath("//nav[@aria-labelledby='tags-title']//a/@href") == [
        "/insights/tags/maintenance/",
        "/insights/tags/standards/",
    ]
    assert index.xpath("//nav[@aria-labelledby='archive-title']//a/@href") == [
        "/insights/2026/",
        "/insights/2025/",
    ]
    tag = out.page(f"{ORIGIN}/insights/tags/maintenance/")
    assert tag.findtext(".//h1") == "Articles on Maintenance"
    assert tag.xpath("//main/ul[contains(@class, 'articles')]//a/@href") == ["/insights/choosing-seats/"]
    archive = out.page(f"{ORIGIN}/insights/2026/")
    assert archive.findtext(".//h1") == "Articles from 2026"
    assert archive.xpath("//main/ul[contains(@class, 'articles')]//a/@href") == ["/insights/test-bench/"]
    (listing,) = by_type(out.jsonld(f"{ORIGIN}/insights/tags/standards/"), "CollectionPage")
    assert len(listing["mainEntity"]["itemListElement"]) == 2
    arabic_tag = out.page(f"{ORIGIN}/ar/maqalat/tags/standards/")
    assert arabic_tag.findtext(".//h1") == "مقالات حول المعايير"


def test_every_new_page_is_in_the_sitemap_with_its_alternates(out: BuiltSite):
    entries = {entry.findtext(f"{SITEMAP}loc"): entry for entry in out.sitemap_entries()}
    for path in (
        "/products/",
        "/ar/products/",
        "/insights/",
        "/insights/choosing-seats/",
        "/insights/test-bench/",
        "/ar/maqalat/test-bench/",
    ):
        assert ORIGIN + path in entries, path
    # Tag and archive pages of one or two articles are below `listings.min_articles`.
    for path in ("/insights/tags/standards/", "/insights/2025/", "/ar/maqalat/2026/"):
        assert ORIGIN + path not in entries, path
    news = entries[f"{ORIGIN}/insights/test-bench/"]
    assert news.findtext(f"{SITEMAP}lastmod") == "2026-03-05"
    alternates = {link.get("hreflang") for link in news.findall(f"{XHTML}link")}
    assert alternates == {"en", "ar", "x-default"}
    guide = entries[f"{ORIGIN}/insights/choosing-seats/"]
    assert guide.findtext(f"{SITEMAP}lastmod") == "2026-01-15"
    image = guide.findtext(
        "{http://www.google.com/schemas/sitemap-image/1.1}image/{http://www.google.com/schemas/sitemap-image/1.1}loc"
    )
    assert image.startswith(f"{ORIGIN}/img/")
    assert entries[f"{ORIGIN}/insights/"].findtext(f"{SITEMAP}lastmod") == "2026-03-05"


RFC_822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


def test_rss_feed_has_every_required_element_with_absolute_links(out: BuiltSite):
    rss = etree.parse(str(out.root / "insights/feed.xml")).getroot()
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    for name in ("title", "link", "description", "language", "lastBuildDate"):
        assert channel.findtext(name), name
    assert channel.findtext("link") == f"{ORIGIN}/insights/"
    assert channel.findtext("language") == "en"
    (self_link,) = channel.findall(f"{ATOM}link")
    assert self_link.get("rel") == "self" and self_link.get("href") == f"{ORIGIN}/insights/feed.xml"
    items = channel.findall("item")
    assert [item.findtext("link") for item in items] == [
        f"{ORIGIN}/insights/test-bench/",
        f"{ORIGIN}/insights/choosing-seats/",
    ]
    for item in items:
        assert item.findtext("title") and item.findtext("description")
        assert (
            item.findtext("guid") == item.findtext("link") and item.find("guid").get("isPermaLink") == "true"
        )
        assert RFC_822.match(item.findtext("pubDate")), item.findtext("pubDate")
    assert parsedate_to_datetime(items[1].findtext("pubDate")).date().isoformat() == "2025-11-20"
    assert items[1].findtext("title") == "Choosing seats: PTFE & RPTFE <compared>"
    assert [c.text for c in items[1].findall("category")] == ["Maintenance", "Standards"]
    assert RFC_822.match(channel.findtext("lastBuildDate"))


def test_atom_feed_has_every_required_element_with_absolute_links(out: BuiltSite):
    feed = etree.parse(str(out.root / "ar/maqalat/atom.xml")).getroot()
    assert feed.tag == f"{ATOM}feed" and feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert feed.findtext(f"{ATOM}id") == f"{ORIGIN}/ar/maqalat/"
    assert feed.findtext(f"{ATOM}title") == "Example Valves: مقالات"
    assert RFC_3339.match(feed.findtext(f"{ATOM}updated"))
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": f"{ORIGIN}/ar/maqalat/atom.xml", "alternate": f"{ORIGIN}/ar/maqalat/"}
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id") == f"{ORIGIN}/ar/maqalat/test-bench/"
    assert entry.find(f"{ATOM}link").get("href") == f"{ORIGIN}/ar/maqalat/test-bench/"
    assert entry.findtext(f"{ATOM}title") == "منصة اختبار جديدة لتسرب المقاعد"
    for name in ("published", "updated"):
        assert entry.findtext(f"{ATOM}{name}") == "2026-03-05T00:00:00Z"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Omar Haddad"


def test_every_page_of_a_language_with_articles_announces_its_feeds(out: BuiltSite):
    for url, prefix in (
        (f"{ORIGIN}/", "/insights/"),
        (f"{ORIGIN}/ar/products/ball-valve-dn50/", "/ar/maqalat/"),
    ):
        tree = out.page(url)
        feeds = {
            link.get("type"): link.get("href") for link in tree.xpath("//head/link[@rel='alternate'][@type]")
        }
        assert feeds == {
            "application/atom+xml": prefix + "atom.xml",
            "application/rss+xml": prefix + "feed.xml",
        }
        for href in feeds.values():
            assert (out.root / href.lstrip("/")).is_file()


def test_an_unknown_sku_author_or_tag_is_a_positioned_error(built):
    site = built[0]
    site.replace("content/articles/seats/choosing-seats.md", "[BV-DN50, GV-DN80]", "[BV-DN50, GV-DN8]")
    site.replace(
        "content/articles/seats/choosing-seats.md", "[mei-lin, omar-haddad]", "[mei-lin, omar-hadad]"
    )
    site.replace("content/articles/test-bench.md", "tags: [standards]", "tags: [standard]")
    fails_with(
        built,
        "content/articles/seats/choosing-seats.md:9:21: products[1]: unknown product 'GV-DN8' (did you mean 'GV-DN80'?)",
        "content/articles/seats/choosing-seats.md:7:20: authors[1]: unknown author 'omar-hadad' (did you mean 'omar-haddad'?)",
        "content/articles/test-bench.md:7:8: tags[0]: unknown tag 'standard' (did you mean 'standards'?)",
    )


def test_an_article_naming_a_draft_product_says_so(built):
    site = built[0]
    site.replace(
        "content/products/gate-valve-dn80.yaml", "related: [BV-DN50]", "related: [BV-DN50]\ndraft: true"
    )
    fails_with(
        built,
        "choosing-seats.md:9:21: products[1]: product 'GV-DN80' is a draft "
        "(content/products/gate-valve-dn80.yaml): publish it or remove this reference",
    )


def test_bad_article_front_matter_is_reported_at_its_line(built):
    site = built[0]
    site.replace("content/articles/test-bench.md", "kind: news", "kind: press-release")
    site.replace("content/articles/seats/choosing-seats.md", "updated: 2026-01-15", "updated: 2025-01-15")
    fails_with(
        built,
        "content/articles/test-bench.md:4:7: kind: input should be 'news', 'technical', 'guide' or 'application-note'",
        "content/articles/seats/choosing-seats.md:6:10: updated: must not be before the publication date (2025-11-20)",
    )


def test_an_article_url_taken_by_another_page_is_a_positioned_error(built):
    site = built[0]
    site.replace(
        "site.yaml", "articles: {en: insights, ar: maqalat}", "articles: {en: products, ar: maqalat}"
    )
    fails_with(
        built,
        "site.yaml:41:18: sections.articles.en: 'products' is the URL segment of the products index; "
        "the pages of 'en' start with it",
    )


def test_nested_category_and_product_paths(site: SiteFolder, tmp_path: Path):
    site.write(
        "content/categories/ball-valves.yaml",
        """\
        slug: ball-valves
        parent: valves
        name: {en: Ball valves, ar: صمامات كروية}
        summary: {en: Two- and three-piece ball valves., ar: صمامات كروية من قطعتين وثلاث قطع.}
        """,
    )
    site.replace("content/products/ball-valve-dn50.yaml", "category: valves", "category: ball-valves")
    site.write(
        "site.yaml",
        site.read("site.yaml") + "category_paths:\n  nested: true\n  products_under_category: {ar: true}\n",
    )
    result = build(site, tmp_path / "out")
    assert result.exit_code == 0, result.output
    out = BuiltSite(tmp_path / "out", ORIGIN)
    category = out.page(f"{ORIGIN}/categories/valves/ball-valves/")
    assert canonical(category) == f"{ORIGIN}/categories/valves/ball-valves/"
    assert hreflangs(category)["ar"] == f"{ORIGIN}/ar/categories/valves/ball-valves/"
    # English products stay in their section; Arabic ones move under their category.
    product = out.page(f"{ORIGIN}/products/ball-valve-dn50/")
    assert hreflangs(product)["ar"] == f"{ORIGIN}/ar/categories/valves/ball-valves/ball-valve-dn50/"
    crumbs = product.xpath("//nav[contains(@class, 'crumbs')]//a/@href")
    assert crumbs == ["/", "/categories/valves/", "/categories/valves/ball-valves/"]
    entries = {entry.findtext(f"{SITEMAP}loc") for entry in out.sitemap_entries()}
    assert f"{ORIGIN}/ar/categories/valves/ball-valves/ball-valve-dn50/" in entries
    assert out.file_for(f"{ORIGIN}/categories/ball-valves/") is None


def test_a_nested_path_taken_by_a_product_is_a_positioned_error(site: SiteFolder, tmp_path: Path):
    site.write(
        "content/categories/ball-valves.yaml",
        """\
        slug: ball-valves
        parent: valves
        name: {en: Ball valves}
        summary: {en: Two- and three-piece ball valves.}
        """,
    )
    site.replace("content/products/gate-valve-dn80.yaml", "slug: gate-valve-dn80", "slug: ball-valves")
    site.write(
        "site.yaml",
        site.read("site.yaml") + "category_paths: {nested: true, products_under_category: true}\n",
    )
    result = build(site, tmp_path / "out")
    assert result.exit_code == 1
    assert (
        "content/products/gate-valve-dn80.yaml:2:7: slug: URL /categories/valves/ball-valves/ "
        "is also produced by category:ball-valves"
    ) in result.output
    assert not (tmp_path / "out").exists()


def test_category_paths_name_only_site_languages(site: SiteFolder, tmp_path: Path):
    site.write("site.yaml", site.read("site.yaml") + "category_paths:\n  nested: {en: true, fr: true}\n")
    result = build(site, tmp_path / "out")
    assert result.exit_code == 1
    assert "site.yaml" in result.output and "category_paths.nested" in result.output
    assert "'fr' is not one of the site's languages" in result.output


def test_a_rebuild_shows_an_edited_article_wherever_it_is_listed(built):
    site, public, _ = built
    site.replace("content/articles/seats/choosing-seats.md", "PTFE & RPTFE <compared>", "PTFE or RPTFE?")
    result = build(site, public)
    assert result.exit_code == 0, result.output
    built = re.search(r"Built (\d+) pages and (\d+) data files \((\d+) rendered", result.output)
    assert built is not None
    pages, data_files, rendered = map(int, built.groups())
    assert 0 < rendered < pages + data_files
    out = BuiltSite(public, ORIGIN)
    for path in ("/products/ball-valve-dn50/", "/insights/", "/insights/tags/maintenance/", "/"):
        assert "Choosing seats: PTFE or RPTFE?" in out.page(ORIGIN + path).xpath("//main//a/text()"), path
    rss = etree.parse(str(public / "insights/feed.xml")).getroot()
    assert "Choosing seats: PTFE or RPTFE?" in [item.findtext("title") for item in rss.iter("item")]


def test_a_missing_image_or_an_orphan_translation_is_a_positioned_error(built):
    site = built[0]
    site.replace(
        "content/articles/seats/choosing-seats.md", "image: images/valve.jpg", "image: images/seat.jpg"
    )
    site.write("content/articles/old-news.ar.md", "---\ntitle: خبر\ndescription: خبر قديم.\n---\nنص.\n")
    fails_with(
        built,
        "content/articles/seats/choosing-seats.md:10:8: image: image file 'images/seat.jpg' not found in content/",
        "content/articles/old-news.ar.md:2:1: translation of 'old-news' has no old-news.md in the default language",
    )


def test_a_draft_article_is_left_out_everywhere(built):
    site, public, _ = built
    site.replace("content/articles/seats/choosing-seats.md", "kind: guide", "kind: guide\ndraft: true")
    result = build(site, public)
    assert result.exit_code == 0, result.output
    out = BuiltSite(public, ORIGIN)
    assert out.file_for(f"{ORIGIN}/insights/choosing-seats/") is None
    assert out.file_for(f"{ORIGIN}/insights/tags/maintenance/") is None
    assert out.file_for(f"{ORIGIN}/insights/2025/") is None
    assert not out.page(f"{ORIGIN}/products/ball-valve-dn50/").xpath("//section[@aria-labelledby='articles']")
    rss = etree.parse(str(public / "insights/feed.xml")).getroot()
    assert [item.findtext("link") for item in rss.iter("item")] == [f"{ORIGIN}/insights/test-bench/"]
    entries = {entry.findtext(f"{SITEMAP}loc") for entry in out.sitemap_entries()}
    assert not any("choosing-seats" in url or "maintenance" in url for url in entries)


def test_tag_names_and_job_titles_read_in_every_language(built):
    site = built[0]
    site.replace("site.yaml", "maintenance: {en: Maintenance, ar: الصيانة}", "maintenance: {en: Maintenance}")
    site.replace(
        "site.yaml", "job_title: {en: Valve engineer, ar: مهندسة صمامات}", "job_title: {en: Engineer}"
    )
    lines = site.read("site.yaml").splitlines()
    tag = next(n for n, line in enumerate(lines, 1) if "maintenance:" in line)
    title = next(n for n, line in enumerate(lines, 1) if "job_title:" in line)
    fails_with(
        built,
        f"site.yaml:{tag}:16: article_tags.maintenance: no translation to 'ar' (a site language)",
        f"site.yaml:{title}:16: authors.mei-lin.job_title: no translation to 'ar' (a site language)",
    )


def test_a_scaffolded_article_is_a_draft_that_builds(built, tmp_path: Path):
    site = built[0]
    result = CliRunner().invoke(main, ["new", "article", "seat-leakage-classes", "--site", str(site.root)])
    assert result.exit_code == 0, result.output
    text = site.read("content/articles/seat-leakage-classes.md")
    assert "authors: [mei-lin]" in text and "draft: true" in text
    build_site(site.root, tmp_path / "preview", jobs=1, check=False, drafts=True)
    preview = BuiltSite(tmp_path / "preview", ORIGIN).page(f"{ORIGIN}/insights/seat-leakage-classes/")
    assert preview.findtext(".//h1") == "Seat leakage classes: headline of the article"
    assert preview.xpath('//p[@class="draft-banner"]')
    build_site(site.root, tmp_path / "out", jobs=1, check=False)
    assert BuiltSite(tmp_path / "out", ORIGIN).file_for(f"{ORIGIN}/insights/seat-leakage-classes/") is None
