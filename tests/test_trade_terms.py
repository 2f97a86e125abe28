"""Trade terms in the page language: each Incoterm with its explanation from the theme's
catalog, payment terms and ports given as language maps (a plain string still reads in
every language), on the second catalog's product pages and the demo's market data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html

from generator.expand import page_data
from generator.formatting import Formats
from generator.load import load_site
from generator.models.matrix import Market

from .conftest import REPO
from .output import BuiltSite
from .test_second_catalog import ORIGIN, cli_build, product_url


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    site = tmp_path_factory.mktemp("trade") / "site"
    shutil.copytree(Path(__file__).parent / "fixtures" / "cable-catalog", site)
    out = site.parent / "public"
    cli_build(site, out, "--no-check")
    return BuiltSite(out, ORIGIN)


def terms(page: html.HtmlElement, first: str) -> list[str]:
    """The <dd>s of the <dt> whose first <dd> holds `first`, up to the next <dt>."""
    (dt,) = page.xpath("//dt[following-sibling::*[1][self::dd][contains(., $first)]]", first=first)
    values = []
    for sibling in dt.itersiblings():
        if sibling.tag == "dt":
            break
        values.append(" ".join(sibling.text_content().split()))
    return values


@pytest.mark.parametrize(
    ("lang", "incoterm", "payment"),
    [
        ("en", "FOB – Free On Board: the seller loads the goods", ["T/T", "L/C at sight"]),
        ("zh-Hans", "FOB – 船上交货：卖方在装运港将货物装上买方船舶", ["T/T", "即期信用证"]),
        ("ru", "FOB – Франко борт: продавец грузит товар на борт", ["T/T", "Аккредитив по предъявлении"]),
        ("he", "FOB – חופשי על האונייה: המוכר מטעין את הסחורה", ["T/T", "מכתב אשראי לפי דרישה"]),
    ],
)
def test_incoterms_and_payment_terms_read_in_the_page_language(
    built: BuiltSite, lang: str, incoterm: str, payment: list[str]
):
    page = built.page(product_url(lang, "bare-copper-wire-2-5"))
    assert page.get("lang") == lang
    (fob,) = terms(page, "FOB")
    assert fob.startswith(incoterm), fob
    assert "FOB" in page.xpath("//dd/bdi[@dir='ltr']/text()")
    (shown,) = terms(page, "T/T")
    assert [part.strip() for part in shown.split(";")] == payment


def test_a_port_of_loading_map_reads_in_each_language(built: BuiltSite):
    slugs = {"ru": "silovoy-kabel-yjv-3x95"}
    ports = {"en": "Shanghai", "zh-Hans": "上海", "ru": "Шанхай", "he": "שנחאי"}
    for lang, port in ports.items():
        page = built.page(product_url(lang, slugs.get(lang, "yjv-power-cable-3x95")))
        assert terms(page, port) == [port]


def test_every_incoterm_is_explained_in_every_language():
    import hashlib
    from gettext import GNUTranslations
    from io import BytesIO

    from generator.render.catalogs import catalog_layers, read_catalogs
    from generator.render.incoterms import EXPLANATIONS
    from generator.theme_layers import theme_layers

    layers = theme_layers(REPO)
    catalogs = read_catalogs(list(catalog_layers(layers)), layers.display, hashlib.sha256(), [])
    assert len(catalogs.compiled) == 25
    for tag, mo in catalogs.compiled.items():
        catalog = GNUTranslations(BytesIO(mo))
        texts = {code: catalog.gettext(message) for code, message in EXPLANATIONS.items()}
        assert len(set(texts.values())) == 11, tag
        for code, text in texts.items():
            assert ":" in text or "：" in text, (tag, code, text)
            if tag != "en":
                assert text != EXPLANATIONS[code], (tag, code)


def test_market_ports_follow_the_page_language():
    library = load_site(REPO).library
    assert library is not None
    markets = [
        m
        for matrix in library.matrices.values()
        for d in matrix.dimensions
        for m in d.markets
        if isinstance(m, Market) and m.country == "SA"
    ]
    assert len(markets) == 2  # one per matrix that sells to Saudi Arabia
    for saudi in markets:
        assert page_data(library, None, saudi, Formats("ar", {}))["ports"] == "جدة, الدمام"
        assert page_data(library, None, saudi, Formats("en", {}))["ports"] == "Jeddah, Dammam"


def test_several_incoterms_share_one_definition(built: BuiltSite):
    page = built.page(product_url("en", "kvvp-control-cable-7x1-5"))
    (shown,) = terms(page, "EXW")
    assert shown.startswith("EXW – Ex Works: the buyer collects the goods")
    assert "FOB – Free On Board: the seller loads" in shown
    (dd,) = page.xpath("//dd[bdi='EXW']")
    assert dd.xpath("bdi[@dir='ltr']/text()") == ["EXW", "FOB"]
