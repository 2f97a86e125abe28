"""Trust content on both catalogs: certificates, factories, customer cases and
testimonials load with positioned errors, build their pages, and feed the home page's
hero, trust bar, cases and testimonials; product pages link their certificates, cases
link their products, and no page rates the company itself."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import html

from generator.build import build_site
from generator.load import load_site

from .conftest import REPO

CABLES = REPO / "tests/fixtures/cable-catalog"


def page(out: Path, path: str) -> html.HtmlElement:
    return html.fromstring((out / path.lstrip("/") / "index.html").read_bytes())


def graph(tree: html.HtmlElement) -> list[dict]:
    nodes = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        data = json.loads(script.text)
        nodes += data.get("@graph", [data])
    return nodes


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("trust-demo") / "public"
    build_site(REPO, out, check=False, cache_dir=REPO / ".pseo-cache")
    return out


@pytest.fixture(scope="module")
def cables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("trust-cables")
    shutil.copytree(CABLES, source, dirs_exist_ok=True)
    out = source / "public"
    build_site(source, out, check=False, cache_dir=source / ".pseo-cache")
    return out


@pytest.fixture
def cable_copy(tmp_path: Path) -> Path:
    shutil.copytree(CABLES, tmp_path / "site")
    return tmp_path / "site"


def errors_of(root: Path) -> list[str]:
    return [str(error) for error in load_site(root).errors]


# Loading


@pytest.mark.parametrize(
    ("relative", "old", "new", "expected"),
    [
        (
            "content/certificates/ccc.yaml",
            "valid_until: 2028-10-15",
            "valid_until: 2021-10-15",
            "content/certificates/ccc.yaml:11:14: valid_until: the certificate expired on 2021-10-15: "
            "add the renewed certificate or delete this file",
        ),
        (
            "content/certificates/ccc.yaml",
            "order: 2",
            "order: 2\nvalid_from: 2020-01-01",
            "content/certificates/ccc.yaml:17:1: valid_from: unknown key 'valid_from'",
        ),
        (
            "content/certificates/ccc.yaml",
            "src: images/cert-ccc.png",
            "src: images/missing.png",
            "content/certificates/ccc.yaml:13:8: scan.src: image file 'images/missing.png' not found in content/",
        ),
        (
            "content/cases/metro-depot-haifa.yaml",
            "VC-MV-CUSTOM]",
            "VC-NOPE]",
            "content/cases/metro-depot-haifa.yaml:16:38: products[2]: unknown product 'VC-NOPE'",
        ),
        (
            "content/testimonials/depot-contractor.yaml",
            "case: metro-depot-haifa",
            "case: metro-depot-tel-aviv",
            "content/testimonials/depot-contractor.yaml:9:7: case: unknown case 'metro-depot-tel-aviv'",
        ),
        (
            "content/factory/wuxi-works.yaml",
            "staff: 420",
            "staff: 0",
            "content/factory/wuxi-works.yaml:11:8: staff: input should be greater than 0",
        ),
    ],
    ids=["expired", "unknown-key", "missing-scan", "unknown-product", "unknown-case", "staff"],
)
def test_trust_content_errors_are_positioned(
    cable_copy: Path, relative: str, old: str, new: str, expected: str
):
    path = cable_copy / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    errors = errors_of(cable_copy)
    assert any(error.startswith(expected) for error in errors), errors


def test_a_case_translation_gap_is_reported_at_the_text(cable_copy: Path):
    path = cable_copy / "content/cases/metro-depot-haifa.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "industry: {en: Rail transport, he: תחבורה מסילתית}", "industry: {en: Rail transport}"
    )
    path.write_text(text, encoding="utf-8")
    errors = errors_of(cable_copy)
    assert errors == [
        "content/cases/metro-depot-haifa.yaml:8:11: industry: translated to 'he' in name but not here"
    ]


def test_duplicate_certificate_slug(cable_copy: Path):
    shutil.copy(
        cable_copy / "content/certificates/ccc.yaml", cable_copy / "content/certificates/ccc-copy.yaml"
    )
    assert errors_of(cable_copy) == [
        "content/certificates/ccc.yaml:1:7: slug: duplicate certificate slug (also in content/certificates/ccc-copy.yaml)"
    ]


# The demo


def test_home_sells_with_hero_trust_bar_cases_and_testimonials(demo: Path):
    home = page(demo, "/")
    hero = home.xpath('//section[contains(@class,"hero")]')[0]
    assert hero.xpath("string(.//p[@class='lead'])").startswith("API 6D and PED-certified valves")
    cta, browse = hero.xpath(".//p[@class='actions']/a")
    assert cta.text == "Request a quotation" and cta.get("href") == "/contact/#inquiry-title"
    assert browse.get("href") == "/products/"
    hero_img = hero.xpath(".//img")[0]
    assert hero_img.get("fetchpriority") == "high" and hero_img.get("width") and hero_img.get("height")
    assert home.xpath("//img[@fetchpriority='high']") == [hero_img]  # one eager image: the LCP
    bar = home.xpath('//section[@class="trust-bar"]')[0]
    values = dict(zip(bar.xpath(".//dt/text()"), bar.xpath(".//dd"), strict=True))
    assert values["In business since"].text == "2006"
    assert values["Export countries"].text == "22"
    badges = values["Certifications"].xpath(".//span[@class='badge']/text()")
    assert badges == ["ISO 9001:2015", "API 6D", "CE (PED 2014/68/EU)", "API 607", "WRAS"]
    assert bar.xpath(".//a/@href") == ["/certificates/", "/factory/"]
    cases = home.xpath('//section[@aria-labelledby="cases"]//h3/a')
    assert [a.get("href") for a in cases] == [
        "/cases/lng-terminal-rotterdam/",
        "/cases/water-plant-monterrey/",
        "/cases/pump-station-jeddah/",
    ]
    quotes = home.xpath('//ul[@class="testimonials"]//blockquote')
    assert len(quotes) == 3
    featured = home.xpath('//section[@aria-labelledby="featured"]//h3/a/@href')
    assert featured[0].endswith("/flanged-ball-valve-dn100-class-300/") or "dn100" in featured[0]


def test_testimonials_show_only_in_the_language_they_were_given(demo: Path):
    german = page(demo, "/de/").xpath('//ul[@class="testimonials"]//figcaption')
    assert [" ".join(f.text_content().split()).split(",")[0] for f in german] == ["Pieter van Dijk"]
    spanish = page(demo, "/es-mx/").xpath('//ul[@class="testimonials"]//figcaption')
    assert [f.text_content().split(",")[0] for f in spanish] == ["Ing. Laura Garza"]
    arabic = page(demo, "/ar/")
    assert arabic.get("dir") == "rtl"
    assert [
        f.text_content().split(",")[0] for f in arabic.xpath('//ul[@class="testimonials"]//figcaption')
    ] == ["Faisal Al-Harbi"]


def test_certificates_page_lists_every_certificate_with_its_facts(demo: Path):
    certificates = page(demo, "/certificates/")
    items = certificates.xpath('//li[@class="certificate"]')
    assert [item.get("id") for item in items] == ["iso-9001", "api-6d", "ce-ped", "api-607", "wras"]
    iso = items[0]
    facts = dict(
        zip(iso.xpath(".//dt/text()"), (dd.text_content() for dd in iso.xpath(".//dd")), strict=True)
    )
    assert facts["Certificate number"] == "12 100 56789 TMS"
    assert facts["Issued by"] == "TÜV SÜD Management Service GmbH"
    assert facts["Valid until"] == "May 14, 2028"
    assert iso.xpath(".//img/@alt") == ["ISO 9001:2015 certificate of Ningbo Hengtai Valve issued by TÜV SÜD"]
    german = page(demo, "/de/certificates/").xpath('//li[@id="iso-9001"]//dd')
    assert "14. Mai 2028" in [dd.text_content() for dd in german]


def test_product_pages_link_the_certificates_they_name(demo: Path):
    product = page(demo, "/products/2-piece-threaded-ball-valve-dn50/")
    links = {a.text: a.get("href") for a in product.xpath('//dl[@class="facts"]//a[@class="badge"]')}
    assert links == {
        "ISO 9001": "/certificates/#iso-9001",
        "CE (PED 2014/68/EU)": "/certificates/#ce-ped",
        "WRAS": "/certificates/#wras",
    }


def test_case_pages_link_the_products_they_used(demo: Path):
    case = page(demo, "/cases/lng-terminal-rotterdam/")
    assert case.xpath("string(//h1)") == "Cryogenic ball valves for an LNG bunkering terminal"
    used = case.xpath('//section[@aria-labelledby="used"]//h3/a/@href')
    assert len(used) == 2 and all(href.startswith("/products/") for href in used)
    assert "Netherlands" in case.xpath("//dl[@class='stats']//dd/text()")
    assert case.xpath("//blockquote/p/text()")[0].startswith("Hengtai delivered 320 cryogenic valves")
    crumbs = next(n for n in graph(case) if n.get("@type") == "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]][1] == "Customer cases"


def test_an_untranslated_case_has_no_page_in_that_language(demo: Path):
    assert not (demo / "es-mx/cases/pump-station-jeddah").exists()
    listed = page(demo, "/es-mx/cases/").xpath("//ul[contains(@class,'cases')]//h2/a/@href")
    assert "/es-mx/cases/pump-station-jeddah/" not in listed and len(listed) == 2


def test_cases_list_cards_show_outcome_and_linked_products(demo: Path):
    cards = page(demo, "/de/cases/").xpath("//ul[contains(@class,'cases')]/li")
    jeddah = next(c for c in cards if c.xpath("string(.//h2/a/@href)") == "/de/cases/pump-station-jeddah/")
    assert jeddah.xpath("string(.//p[@class='meta'])") == "Meerwasserentsalzung · Saudi-Arabien"
    outcome = jeddah.xpath("string(.//p[@class='outcome'])")
    assert outcome.startswith("Der Druckstoß sank im bezeugten Test um 60 %")
    links = jeddah.xpath(".//ul[@class='tags']//a")
    assert [(a.text, a.get("href")) for a in links] == [
        ("Doppelplatten-Rückschlagventil DN200", "/de/produkte/doppelplatten-rueckschlagventil-dn200/")
    ]
    # The home page's cards stay short: the outcome and products are the list's.
    home = page(demo, "/").xpath('//section[@aria-labelledby="cases"]//li')
    assert home and not any(card.xpath(".//p[@class='outcome'] | .//ul[@class='tags']") for card in home)


def test_factory_page_shows_capacity_and_equipment(demo: Path):
    factory = page(demo, "/factory/")
    stats = factory.xpath("//dl[@class='stats']//dd/text()")
    assert stats == ["18,500 m²", "6", "180", "Ningbo, China"]
    capacity = factory.xpath("//section[@class='factory']/table//td/text()")
    assert capacity == ["12,000 pieces", "4,500 pieces", "30,000 pieces"]
    assert "CNC turning centres" in factory.text_content()
    assert "Shell test" in factory.xpath("string(//div[@class='prose'])")


def test_factory_videos_play_behind_a_poster_with_video_objects(demo: Path, cables: Path):
    factory = page(demo, "/factory/")
    (facade,) = factory.xpath("//section[@class='factory']//a[@class='video-facade']")
    assert facade.get("data-video-embed", "").startswith("https://www.youtube-nocookie.com/embed/M7lc1UVf-VE")
    assert not factory.xpath("//iframe"), "no player before the click"
    (poster,) = facade.xpath(".//img")
    assert (
        poster.get("alt")
        == "Play video: A walk through the Beilun plant: casting, machining, assembly and test bay"
    )
    (node,) = [n for n in graph(factory) if n.get("@type") == "VideoObject"]
    assert node["uploadDate"] == "2026-09-14" and node["duration"] == "PT4M5S"
    assert node["embedUrl"].startswith("https://www.youtube-nocookie.com/embed/")
    assert node["thumbnailUrl"][0].startswith("https://www.hengtai-valves.com/img/factory-machining-hall")
    hebrew = page(cables, "/he/factory/")
    (node,) = [n for n in graph(hebrew) if n.get("@type") == "VideoObject"]
    assert node["name"] == "בתוך מפעל הכבלים בווּשי"
    assert node["contentUrl"] == "https://media.volta-cable.example/wuxi-works-tour.mp4"
    assert hebrew.xpath("//a[@data-video-provider='file']/@href") == [node["contentUrl"]]


def test_structured_data_is_honest(demo: Path):
    nodes = graph(page(demo, "/"))
    organization = next(n for n in nodes if n.get("@type") == "Organization")
    credentials = organization["hasCredential"]
    assert [c["name"] for c in credentials] == [
        "ISO 9001:2015",
        "API 6D",
        "CE (PED 2014/68/EU)",
        "API 607",
        "WRAS",
    ]
    assert credentials[0]["identifier"] == "12 100 56789 TMS"
    for path in ("/", "/cases/", "/cases/lng-terminal-rotterdam/", "/certificates/", "/factory/"):
        text = json.dumps(graph(page(demo, path)))
        assert "Review" not in text and "AggregateRating" not in text and "ratingValue" not in text, path


def test_trust_pages_are_in_the_sitemaps_and_footer(demo: Path):
    sitemaps = " ".join(p.read_text(encoding="utf-8") for p in (demo / "sitemaps").glob("*.xml"))
    for path in (
        "/certificates/",
        "/factory/",
        "/cases/",
        "/cases/lng-terminal-rotterdam/",
        "/ar/certificates/",
    ):
        assert f"https://www.hengtai-valves.com{path}<" in sitemaps, path
    footer = page(demo, "/products/").xpath("//footer//nav//a/@href")
    assert {"/certificates/", "/factory/", "/cases/"} <= set(footer)


# The cable catalog: RTL, gaps, price on request, hostile text


def test_cable_home_in_hebrew_is_rtl_with_its_own_trust_content(cables: Path):
    home = page(cables, "/he/")
    assert home.get("dir") == "rtl" and home.get("lang") == "he"
    assert home.xpath("string(//section[contains(@class,'hero')]//p[@class='lead'])").startswith("כבלי נחושת")
    assert home.xpath("//section[contains(@class,'hero')]//img") == []  # no hero image configured
    badges = home.xpath("//section[@class='trust-bar']//span[@class='badge']/text()")
    assert badges == ["ISO 9001:2015", "CCC"]
    assert home.xpath('//section[@aria-labelledby="cases"]//h3/a/@href') == ["/he/cases/metro-depot-haifa/"]
    caption = home.xpath('//ul[@class="testimonials"]//figcaption')[0].text_content()
    assert "Carmel Rail Works <b>Ltd</b> </script>" in caption  # shown as text, never as markup
    assert b"<b>Ltd</b>" not in (cables / "he/index.html").read_bytes()


def test_cable_gaps_leave_pages_out_instead_of_showing_english(cables: Path):
    assert not (cables / "ru/factory").exists() and not (cables / "ru/cases").exists()
    # ISO 9001's title and scope are not in Russian: the Russian list shows CCC only.
    assert page(cables, "/ru/certificates/").xpath('//li[@class="certificate"]/@id') == ["ccc"]
    russian = page(cables, "/ru/")
    assert russian.xpath('//section[@aria-labelledby="cases"]') == []
    assert [q.text for q in russian.xpath("//blockquote/p")] == [
        "Кабель соответствует заявленному сечению, документы приходят вместе с грузом. Работаем третий год."
    ]
    assert "/ru/cases/" not in russian.xpath("//nav//a/@href")


def test_cable_case_links_price_on_request_products(cables: Path):
    english = page(cables, "/cases/metro-depot-haifa/")
    assert len(english.xpath('//section[@aria-labelledby="used"]//li[@class="card"]')) == 3
    # The armoured cable has no Hebrew page: the Hebrew case shows only what exists in Hebrew.
    case = page(cables, "/he/cases/metro-depot-haifa/")
    cards = case.xpath('//section[@aria-labelledby="used"]//li[@class="card"]')
    assert [card.xpath("string(.//h3/a/@href)") for card in cards] == [
        "/he/mutzarim/yjv-power-cable-3x95/",
        "/he/mutzarim/custom-medium-voltage-cable/",
    ]
    assert not any("MOQ" in card.text_content() for card in cards)  # the Hebrew UI, price on request too
    assert case.xpath("//dl[@class='stats']//dd/text()")[0] == "ישראל"


def test_cable_cases_list_links_only_the_products_published_in_hebrew(cables: Path):
    listing = page(cables, "/he/cases/")
    assert listing.get("dir") == "rtl"
    card = listing.xpath("//ul[contains(@class,'cases')]/li")[0]
    assert card.xpath("string(.//p[@class='outcome'])") == "אף כבל לא נפסל בבדיקת הבידוד באתר."
    assert card.xpath(".//ul[@class='tags']//a/@href") == [
        "/he/mutzarim/yjv-power-cable-3x95/",
        "/he/mutzarim/custom-medium-voltage-cable/",
    ]
    english = page(cables, "/cases/").xpath("//ul[contains(@class,'cases')]/li//ul[@class='tags']//a")
    assert len(english) == 3


def test_cable_product_links_its_certificate_in_every_language_listing_it(cables: Path):
    russian = page(cables, "/ru/katalog/silovoy-kabel-yjv-3x95/")
    links = russian.xpath('//dl[@class="facts"]//a[@class="badge"]')
    assert [(a.text, a.get("href")) for a in links] == [("CCC", "/ru/certificates/#ccc")]
    assert "IEC 60502-1" in russian.xpath(
        '//dl[@class="facts"]//span[@class="badge"]/text()'
    )  # no certificate
