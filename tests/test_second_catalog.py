"""A second catalog, unlike the demo, built end to end through the CLI with the SEO
check on: cables sold by the metre and the kilogram, in English, Simplified Chinese,
Russian and Hebrew (right to left), with translation gaps, price-on-request items,
aliases and hostile text. Every assertion reads the written files as a crawler would,
so a generator tuned to the demo catalog fails here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po
from click.testing import CliRunner
from lxml import etree, html

from generator.cli import main

from .conftest import REPO
from .output import XHTML, BuiltSite, by_type, canonical, hreflangs

FIXTURE = Path(__file__).parent / "fixtures" / "cable-catalog"
ORIGIN = "https://cables.example.org"
SITECHECK = REPO.parent / "shared/tools/sitecheck/run"
PREFIXES = {"zh-Hans": "zh-hans/", "ru": "ru/", "he": "he/"}
PRODUCT_SECTIONS = {"en": "products", "zh-Hans": "chanpin", "ru": "katalog", "he": "mutzarim"}
PRICE_ON_REQUEST = ("VC-SWA-4X25", "VC-MV-CUSTOM")
PLANTED_TEMPLATE_TEXT = (
    "{{ 7*7 }}",
    "{% if 1 %}",
    "{% endif %}",
    "${7*7}",
    "{{ config }}",
    "{% raw %}",
    "{{ braces }}",
    "{{ скобки }}",
    "{{ 花括号 }}",
    "{{ סוגריים }}",
)
"""Template syntax the hostile fixture texts contain on purpose; shown as text, it is
what a crawler cannot tell from a template leak."""


def content(relative: str) -> dict[str, Any]:
    return yaml.safe_load((FIXTURE / "content" / relative).read_text(encoding="utf-8"))


def theme_strings(lang: str) -> dict[str, str]:
    """The theme's UI messages without placeholders (msgid → text in `lang`)."""
    catalog = read_po(
        (REPO / f"themes/default/locale/{lang.replace('-', '_')}/LC_MESSAGES/messages.po").open("rb")
    )
    return {
        message.id: message.string
        for message in catalog
        if isinstance(message.id, str) and message.id and "%(" not in message.id and not message.context
    }


def language_of(relative: str) -> str:
    return next((lang for lang, prefix in PREFIXES.items() if relative.startswith(prefix)), "en")


def is_stub(tree: html.HtmlElement) -> bool:
    return bool(tree.xpath('//meta[@http-equiv="refresh"]'))


def product_url(lang: str, slug: str) -> str:
    return f"{ORIGIN}/{PREFIXES.get(lang, '')}{PRODUCT_SECTIONS[lang]}/{slug}/"


def url_of(relative: str) -> str:
    return f"{ORIGIN}/{relative.removesuffix('index.html')}"


def cli_build(site: Path, out: Path, *extra: str) -> None:
    """Build through the CLI with the SEO check on (the default)."""
    result = CliRunner().invoke(main, ["build", "--site", str(site), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("cables") / "site"
    shutil.copytree(FIXTURE, site)
    shutil.copytree(REPO / "themes", site / "themes")
    return site


@pytest.fixture(scope="module")
def built(site_dir: Path) -> BuiltSite:
    out = site_dir.parent / "public"
    cli_build(site_dir, out, "--jobs", "1")
    return BuiltSite(out, ORIGIN)


@pytest.fixture(scope="module")
def pages(built: BuiltSite) -> dict[str, html.HtmlElement]:
    return {relative: tree for relative, tree in built.pages().items() if not is_stub(tree)}


def test_every_page_declares_its_language_and_direction(pages):
    assert {language_of(relative) for relative in pages} == {"en", "zh-Hans", "ru", "he"}
    for relative, tree in pages.items():
        lang = language_of(relative)
        assert tree.get("lang") == lang, relative
        assert tree.get("dir") == ("rtl" if lang == "he" else "ltr"), relative
        og_locale = {"en": "en_US", "zh-Hans": "zh_CN", "ru": "ru_RU", "he": "he_IL"}[lang]
        assert tree.xpath('//meta[@property="og:locale"]/@content') == [og_locale], relative


def test_canonicals_are_absolute_and_self_referencing(pages):
    for relative, tree in pages.items():
        if not relative.endswith("404.html"):
            assert canonical(tree) == url_of(relative), relative


def test_hreflang_clusters_hold_exactly_the_existing_translations(built, pages):
    for relative, tree in pages.items():
        cluster = hreflangs(tree)
        if not cluster:
            continue
        assert cluster.get("x-default") == cluster.get("en"), relative
        for code, href in cluster.items():
            assert href.startswith(f"{ORIGIN}/"), (relative, href)
            target = built.page(href)
            if code != "x-default":
                assert target.get("lang") == code, (relative, code)
            assert hreflangs(target) == cluster, f"{relative}: cluster differs on {href}"
    for name in ("yjv-3x95", "swa-4x25", "kvvp-7x1-5", "tinned-copper-wire", "custom-mv-cable"):
        product = content(f"products/{name}.yaml")
        cluster = hreflangs(built.page(f"{ORIGIN}/products/{product['slug']}/"))
        assert set(cluster) == {*product["name"], "x-default"}, name


def test_untranslated_entities_are_neither_built_nor_linked(built, pages):
    assert built.file_for(f"{ORIGIN}/ru/katalog/kvvp-control-cable-7x1-5/") is None
    assert built.file_for(f"{ORIGIN}/ru/razdely/control-cables/") is None
    assert built.file_for(f"{ORIGIN}/he/mutzarim/swa-armoured-cable-4x25/") is None
    assert built.file_for(f"{ORIGIN}/he/kategoriot/armoured-cables/") is None
    assert built.file_for(f"{ORIGIN}/zh-hans/about/") is None
    for relative, tree in pages.items():
        for href in tree.xpath("//a/@href"):
            if href.startswith(("/", ORIGIN)):
                assert built.file_for(href) is not None, f"{relative} links to {href}, which was not built"
    chinese_menu = pages["zh-hans/index.html"].xpath("//header//nav//a/@href")
    assert "/zh-hans/contact/" in chinese_menu and not any("about" in href for href in chinese_menu)
    russian_menu = pages["ru/index.html"].xpath("//header//nav//a/@href")
    assert "/ru/o-kompanii/" in russian_menu and not any("contact" in href for href in russian_menu)


def test_sitemaps_list_every_indexable_page_with_its_alternates(built, pages):
    entries = {
        entry.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"): entry
        for entry in built.sitemap_entries()
        if not entry.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").endswith(".pdf")
    }  # the PDFs: see test_documents
    indexable = {
        url_of(relative): tree
        for relative, tree in pages.items()
        if not relative.endswith("404.html")
        and "noindex" not in " ".join(tree.xpath('//meta[@name="robots"]/@content'))
    }
    assert set(entries) == set(indexable)
    for url, entry in entries.items():
        alternates = {link.get("hreflang"): link.get("href") for link in entry.iter(f"{XHTML}link")}
        assert alternates == hreflangs(indexable[url]), url


@pytest.mark.parametrize(
    ("url", "prices", "moq", "unit"),
    [
        ("/products/yjv-power-cable-3x95/", ["18.45", "17.90", "17.125"], 500, "MTR"),
        ("/ru/katalog/silovoy-kabel-yjv-3x95/", ["18.45", "17.90", "17.125"], 500, "MTR"),
        (
            "/zh-hans/chanpin/bare-copper-wire-2-5/",
            ["11.80", "11.35", "10.9875"],
            25,
            "KGM",
        ),
        ("/he/mutzarim/cable-gland-m20/", ["0.42", "0.365"], 100, "C62"),
        ("/ru/katalog/tinned-copper-wire-0-5/", ["13.40"], 50, "KGM"),
    ],
)
def test_offers_carry_tiers_moq_and_unit(built, url, prices, moq, unit):
    """One Offer priced for the MOQ lot (the first tier), every tier as a price specification."""
    (product,) = by_type(built.jsonld(ORIGIN + url), "Product")
    heading = built.page(ORIGIN + url).xpath("string(//h1)")
    assert product["name"] == heading and product["url"] == ORIGIN + url
    offer = product["offers"]
    assert offer["@type"] == "Offer" and offer["priceCurrency"] == "USD"
    assert offer["eligibleQuantity"] == {"@type": "QuantitativeValue", "minValue": moq, "unitCode": unit}
    tiers = offer["priceSpecification"]
    assert [tier["price"] for tier in tiers] == prices
    assert {tier["eligibleQuantity"]["unitCode"] for tier in tiers} == {unit}
    assert tiers[0]["eligibleQuantity"]["minValue"] == moq
    assert offer["price"] == prices[0]


def test_price_table_shows_every_decimal(built):
    english = built.page(f"{ORIGIN}/products/yjv-power-cable-3x95/").xpath(
        "//table[@class='tiers']//td/text()"
    )
    assert english[-1] == "$17.125" and english[-3] == "$17.90"
    russian = built.page(f"{ORIGIN}/ru/katalog/silovoy-kabel-yjv-3x95/").xpath(
        "//table[@class='tiers']//td/text()"
    )
    assert russian[-1].replace("\xa0", " ") == "17,125 $"


def test_labels_use_the_languages_colon(built):
    chinese = built.page(f"{ORIGIN}/zh-hans/chanpin/bare-copper-wire-2-5/")
    assert chinese.xpath("string(//main//p[strong])").startswith("最小起订量：")
    assert "电话：" in chinese.xpath("string(//footer)")


def test_price_on_request_invents_no_price(built, pages):
    for relative, tree in pages.items():
        for node in _jsonld(tree):
            if node.get("sku") in PRICE_ON_REQUEST:
                assert "offers" not in node, relative
    for name in ("swa-4x25", "custom-mv-cable"):
        product = content(f"products/{name}.yaml")
        for lang in product["name"]:
            url = product_url(lang, product["slug"])
            tree = built.page(url)
            assert by_type(built.jsonld(url), "Product") == []
            assert tree.xpath("//table[@class='tiers']") == []
            assert theme_strings(lang)[
                "Price on request – send us your quantity for a quotation."
            ] in tree.xpath("string(//main)")


def test_hostile_text_stays_inert_text(built):
    product = content("products/hostile-test-item.yaml")
    for lang, name in product["name"].items():
        url = product_url(lang, product["slug"])
        raw = built.file_for(url).read_text(encoding="utf-8")
        tree = html.fromstring(raw)
        assert tree.xpath("string(//h1)") == name
        assert name in tree.findtext(".//title")
        assert tree.xpath("//@*[starts-with(name(), 'on')]") == []
        assert tree.xpath("//iframe | //img[@src='x'] | //main//b | //main//i") == []
        scripts = tree.xpath("//script")
        assert all(
            s.get("type") == "application/ld+json" or s.get("src", "").startswith("/assets/") for s in scripts
        )
        assert raw.count("<script") == raw.count("</script>") == len(scripts)
        assert not any(
            href.strip().lower().startswith(("javascript:", "data:")) for href in tree.xpath("//a/@href")
        )
        (node,) = [node for node in _jsonld(tree) if node.get("@type") == "Product"]
        assert node["name"] == name and node["offers"]["price"] == "0.8125"
        spec_label = product["specs"][0]["name"][lang]
        assert spec_label in tree.xpath("//th/text()")
        assert 'M8 "<b>bold</b>" <i>mm</i>' in [
            td.text_content() for td in tree.xpath("//table[@class='specs']//td")
        ]
        faqs = product["faqs"].get(lang, [])
        questions = [q for n in _jsonld(tree) if n.get("@type") == "FAQPage" for q in n["mainEntity"]]
        assert [q["name"] for q in questions] == [faq["question"] for faq in faqs]
    english = built.page(f"{ORIGIN}/products/hostile-test-item/")
    assert "\U0001f469\u200d\U0001f527" in english.xpath("string(//h1)")
    assert "\u200f" in built.page(f"{ORIGIN}/he/mutzarim/hostile-test-item/").xpath("string(//h1)")


def test_no_english_ui_text_under_another_language(pages):
    """Every UI string of the theme reads in the page's language, not in English."""
    english = theme_strings("en")
    for lang in PREFIXES:
        own = theme_strings(lang)
        leaks = {text for msgid, text in english.items() if own[msgid] != text}
        for relative, tree in pages.items():
            if language_of(relative) == lang:
                shown = {text.strip() for text in tree.xpath("//body//text() | //@aria-label | //@alt")}
                assert not shown & leaks, f"{relative}: English {sorted(shown & leaks)}"


def test_aliases_redirect_to_the_live_page(built):
    rules = (built.root / "_redirects").read_text(encoding="utf-8").splitlines()
    expected = {
        "/products/yjv-3x95.html": "/products/yjv-power-cable-3x95/",
        "/glands/m20/": "/products/cable-gland-m20/",
        "/old-site/cables.html": "/range/cables/",
        "/company.html": "/about/",
    }
    for alias, target in expected.items():
        assert f"{alias} {target} 301" in rules
        stub = built.page(ORIGIN + alias)
        assert canonical(stub) == ORIGIN + target
        assert built.file_for(ORIGIN + target) is not None


ARTICLE_SECTIONS = {"en": "insights", "zh-Hans": "wenzhang", "ru": "stati", "he": "maamarim"}


def test_chinese_category_urls_are_nested_and_the_others_flat(built):
    nested = built.page(f"{ORIGIN}/zh-hans/fenlei/cables/power-cables/armoured-cables/")
    cluster = hreflangs(nested)
    assert cluster["en"] == f"{ORIGIN}/range/armoured-cables/"
    assert cluster["zh-Hans"] == f"{ORIGIN}/zh-hans/fenlei/cables/power-cables/armoured-cables/"
    assert built.file_for(f"{ORIGIN}/zh-hans/fenlei/armoured-cables/") is None
    assert built.page(f"{ORIGIN}/ru/razdely/silovye-kabeli/") is not None


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "ru", "he"])
def test_each_language_has_its_articles_and_feeds(built, lang):
    section = f"{ORIGIN}/{PREFIXES.get(lang, '')}{ARTICLE_SECTIONS[lang]}/"
    expected = {
        "en": ["handling-cable-drums", "xlpe-or-pvc-insulation"],
        "zh-Hans": ["xlpe-pvc-jueyuan"],
        "ru": ["izolyaciya-spe-ili-pvh"],
        "he": ["handling-cable-drums"],
    }[lang]
    index = built.page(section)
    assert index.get("lang") == lang
    assert index.xpath("//main/ul[contains(@class, 'articles')]//a/@href") == [
        f"/{PREFIXES.get(lang, '')}{ARTICLE_SECTIONS[lang]}/{slug}/" for slug in expected
    ]
    rss = etree.parse(str(built.file_for(section + "feed.xml"))).getroot()
    assert [item.findtext("link") for item in rss.iter("item")] == [f"{section}{slug}/" for slug in expected]
    assert rss.findtext("channel/language") == lang
    atom = etree.parse(str(built.file_for(section + "atom.xml"))).getroot()
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    ids = [entry.findtext("{http://www.w3.org/2005/Atom}id") for entry in entries]
    assert ids == [f"{section}{slug}/" for slug in expected]
    for slug in expected:
        (article,) = [n for n in _jsonld(built.page(f"{section}{slug}/")) if n.get("@type") in ("Article",)]
        assert article["inLanguage"] == lang and article["headline"]
        assert all(person["url"].startswith("https://") for person in article["author"])


LISTINGS = {
    "en": ("tags/installation/", "tags/insulation/", "2026/", "2025/"),
    "zh-Hans": ("tags/insulation/", "2025/"),
    "ru": ("tags/insulation/", "2025/"),
    "he": ("tags/installation/", "2026/"),
}
"""Tag and archive pages of each language (the year of each of its articles)."""


def test_listing_policy_indexes_distinct_tags_only(built):
    """`listings.min_articles: 1`: the English tag pages are indexed; every archive lists
    what a tag does, and a language with one article lists it on its index already, so
    those stay noindex, outside the sitemap and the hreflang clusters."""
    listed = {
        entry.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        for entry in built.sitemap_entries()
    }
    indexed = {f"{ORIGIN}/insights/tags/installation/", f"{ORIGIN}/insights/tags/insulation/"}
    for lang, paths in LISTINGS.items():
        section = f"{ORIGIN}/{PREFIXES.get(lang, '')}{ARTICLE_SECTIONS[lang]}/"
        for path in paths:
            tree = built.page(section + path)
            (robots,) = tree.xpath('//head/meta[@name="robots"]/@content')
            assert robots == ("index, follow" if section + path in indexed else "noindex, follow"), path
            assert (section + path in listed) == (section + path in indexed), path
            # No other language indexes these tags: the indexed English ones stand alone.
            assert hreflangs(tree) == {}, path
        index = built.page(section)
        assert index.findtext(".//h1") == theme_strings(lang)["Technical articles, guides and news"]
        intro = content_yaml_listings()["intro"]["articles"][lang]
        assert index.xpath("string(//main/div[@class='prose'])").strip() == intro
    # A headline too long for a search result gets a shorter `seo_title` in the <title>.
    for lang, slug in (("en", "xlpe-or-pvc-insulation"), ("ru", "izolyaciya-spe-ili-pvh")):
        suffix = ".md" if lang == "en" else f".{lang}.md"
        front = yaml.safe_load(
            (FIXTURE / "content/articles" / f"xlpe-or-pvc-insulation{suffix}")
            .read_text(encoding="utf-8")
            .split("---")[1]
        )
        tree = built.page(f"{ORIGIN}/{PREFIXES.get(lang, '')}{ARTICLE_SECTIONS[lang]}/{slug}/")
        assert tree.findtext(".//title") == f"{front['seo_title']} | Volta Cable Works"
        assert tree.findtext(".//h1") == front["title"]
    hebrew_tag = built.page(f"{ORIGIN}/he/maamarim/tags/installation/")
    intro = content_yaml_listings()["intro"]["tags"]["installation"]["he"]
    assert hebrew_tag.xpath("string(//main/div[@class='prose'])").strip() == intro


def content_yaml_listings() -> dict[str, Any]:
    return yaml.safe_load((FIXTURE / "site.yaml").read_text(encoding="utf-8"))["listings"]


def test_articles_link_only_products_published_in_their_language(built):
    russian = built.page(f"{ORIGIN}/ru/stati/izolyaciya-spe-ili-pvh/")
    # KVVP has no Russian version: the Russian article shows only the YJV cable.
    assert russian.xpath("//section[@aria-labelledby='products']//h3/a/@href") == [
        "/ru/katalog/silovoy-kabel-yjv-3x95/"
    ]
    english = built.page(product_url("en", "kvvp-control-cable-7x1-5"))
    naming = english.xpath("//section[@aria-labelledby='articles']//a/@href")
    assert naming == ["/insights/xlpe-or-pvc-insulation/"]
    hebrew = built.page(f"{ORIGIN}/he/maamarim/handling-cable-drums/")
    assert hebrew.get("dir") == "rtl"
    assert not hebrew.xpath("//section[@aria-labelledby='products']")  # SWA has no Hebrew page


def test_no_section_shows_a_heading_with_nothing_under_it(built, pages):
    """The made-to-order cable has no Incoterms, port, payment terms or codes: its page has
    no "Trade terms" heading; no page anywhere has a heading over an empty section."""
    for relative, tree in pages.items():
        for section in tree.xpath("//main//section[h2 or h3][not(ancestor-or-self::*[@hidden])]"):
            below = [child for child in section if child.tag not in ("h2", "h3")]
            shown = "".join(child.text_content() for child in below).strip()
            assert shown or section.xpath(".//img | .//form | .//template"), (relative, section.get("class"))
    custom = built.page(f"{ORIGIN}/products/custom-medium-voltage-cable/")
    assert not custom.xpath("//section[@aria-labelledby='terms']")
    assert built.page(f"{ORIGIN}/he/mutzarim/yjv-power-cable-3x95/").xpath(
        "//section[@aria-labelledby='terms']//dt"
    )


def test_long_titles_leave_out_the_site_name(built, pages):
    """Product, category and landing titles longer than a search result shows (60
    characters) drop the `| {site}` of their pattern; shorter ones and the home page keep it."""
    brands = ("Volta Cable Works", "沃尔塔电缆", "וולטה כבלים")
    for relative, tree in pages.items():
        title = tree.findtext(".//title")
        if any(title.endswith(f"| {brand}") for brand in brands):
            assert len(title) <= 60, (relative, title)
    expected = {
        "/products/kvvp-control-cable-7x1-5/": "KVVP screened control cable 7×1.5 mm² (VC-KVVP-7X1.5)",
        "/products/cable-gland-m20/": "Nylon cable gland M20 (VC-GLAND-M20) | Volta Cable Works",
        "/ru/katalog/silovoy-kabel-yjv-3x95/": "Силовой кабель YJV 0,6/1 кВ 3×95 мм² (VC-YJV-3X95)",
        "/he/mutzarim/kvvp-control-cable-7x1-5/": "כבל פיקוד ממוסך KVVP \u200f7×1.5 מ״מ² (VC-KVVP-7X1.5)",
        "/projects/tunnels/yjv-power-cable-3x95/": "YJV 0.6/1 kV power cable 3×95 mm² for Road and rail tunnels",
        "/projects/data-centres/": "Data centres: cable selection | Volta Cable Works",
    }
    for path, title in expected.items():
        tree = built.page(ORIGIN + path)
        assert tree.findtext(".//title") == title, path
        assert tree.xpath('//head/meta[@property="og:title"]/@content') == [title], path
    assert built.page(ORIGIN + "/").findtext(".//title").startswith("Volta Cable Works: ")


@pytest.mark.skipif(not SITECHECK.is_file(), reason="the external sitecheck tool is not installed")
def test_external_site_checker_finds_no_errors(built, tmp_path):
    report = tmp_path / "sitecheck.json"
    result = subprocess.run(
        [str(SITECHECK), str(built.root), "--base-url", ORIGIN, "--json", str(report), "--jobs", "1"],
        capture_output=True,
        text=True,
        env={**os.environ, "SITECHECK_PYTHON": sys.executable},
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    errors = [finding for finding in findings if finding["severity"] == "error"]
    # The hostile item and the accessories summary show template syntax as text, on
    # purpose: to a crawler that is indistinguishable from a leak. Such a finding passes
    # only if its page shows no template syntax beyond the planted texts.
    unexpected = [
        finding
        for finding in errors
        if finding["rule"] != "content.template-leak"
        or _unplanted_template_syntax(built.page(finding["url"]))
    ]
    assert unexpected == []
    # The first photo of a page is never lazy, even when the first products have none.
    assert [finding["url"] for finding in findings if finding["rule"] == "img.lcp-lazy"] == []


def _unplanted_template_syntax(tree: html.HtmlElement) -> list[str]:
    text = " ".join(
        [tree.xpath("string(/html)"), *tree.xpath("//@content | //@alt | //@aria-label | //@value")]
    )
    for planted in PLANTED_TEMPLATE_TEXT:
        text = text.replace(planted, "")
    return [marker for marker in ("{{", "{%", "${") if marker in text]


def _jsonld(tree: html.HtmlElement) -> list[dict[str, Any]]:
    """JSON-LD nodes parsed with the strict JSON parser: a `</script>` in content that
    ended the element early would leave invalid JSON behind."""
    nodes = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        data = json.loads(script.text)
        nodes.extend(data.get("@graph", [data]))
    return nodes


def test_pseo_check_finds_no_untranslated_ui(built, site_dir):
    """The i18n.untranslated-ui rule on the second catalog (zh-Hans, ru, he): silent."""
    from generator.check import check_site
    from generator.models.checks import CheckSettings
    from generator.render.catalogs import ui_phrases
    from generator.theme_layers import theme_layers

    phrases = ui_phrases(theme_layers(site_dir))
    assert "Request a quotation" in phrases
    # Codes that every language keeps (the GTIN label on the ru and he pages) are no English.
    assert "Manufacturer part number (MPN)" in phrases and "GTIN (EAN/UPC)" not in phrases
    report = check_site(built.root, ORIGIN, CheckSettings(), jobs=1, ui_phrases=phrases)
    assert report.pages_checked > 20
    assert [f for f in report.findings if f.rule_id == "i18n.untranslated-ui"] == []


def test_contacts_without_whatsapp_and_no_tracking(built, pages):
    """The catalog configures a phone and an email but no WhatsApp, and no `tracking:`:
    every page links both, none mentions WhatsApp, and nothing of the consent banner,
    its script or an analytics vendor is written."""
    for relative, tree in pages.items():
        kinds = tree.xpath("//ul[@class='reach']/li/a/@class")
        assert kinds == ["reach-phone", "reach-email", "reach-compare", "reach-basket"], relative
        assert tree.xpath("//a[@class='reach-phone']/@href") == ["tel:+8651088203311"], relative
        assert not tree.xpath("//*[@id='consent'] | //script[contains(@src, '/consent.')]"), relative
    assert "google" not in (built.root / "_headers").read_text()
    hebrew = built.page(f"{ORIGIN}/he/thank-you/")
    assert hebrew.get("dir") == "rtl" and hebrew.xpath("//meta[@name='robots']/@content") == [
        "noindex, follow"
    ]
