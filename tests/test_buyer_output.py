"""What the buyer features write: header contacts, the inquiry-list and thank-you
pages, sample/OEM variants, the upload field, and a policy that admits exactly the
configured analytics vendors. Bad `contacts:`/`tracking:` blocks are positioned errors."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html

from .conftest import SiteFolder, snapshot, write_site
from .test_security import ENDPOINT, FILES, build, fails_at, policy

CONTACTS = 'contacts:\n  whatsapp: "+49 151 2345 6789"\n  phone: "+49 30 1234 567"\n  email: rfq@example-valves.com\n'


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteFolder, Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("buyer")
    site = write_site(root / "site", FILES)
    result = build(site, root / "public")
    assert result.exit_code == 0, result.output
    return site, root / "public", snapshot(root / "public")


@pytest.fixture
def edited(previous: tuple[SiteFolder, Path, dict[str, str]]) -> Iterator[SiteFolder]:
    site = previous[0]
    yield site
    for relative, text in FILES.items():
        site.write(relative, text)
    shutil.rmtree(site.root / "content/pseo", ignore_errors=True)


def page(out: Path, relative: str) -> html.HtmlElement:
    return html.fromstring((out / relative).read_bytes())


def test_tracking_adds_exactly_its_vendors_to_the_policy(site: SiteFolder, tmp_path: Path):
    site.write("site.yaml", site.read("site.yaml") + "tracking:\n  ga4: G-TEST12345\n  gtm: GTM-AB12CD3\n")
    assert build(site, tmp_path / "out").exit_code == 0
    csp = policy(tmp_path / "out")
    assert csp["script-src"] == [
        "'self'",
        "'wasm-unsafe-eval'",
        "https://*.googletagmanager.com",
        "https://www.googletagmanager.com",
    ]
    assert csp["connect-src"] == [
        "'self'",
        "https://*.analytics.google.com",
        "https://*.google-analytics.com",
        "https://*.googletagmanager.com",
        "https://www.googletagmanager.com",
    ]
    assert csp["img-src"] == [
        "'self'",
        "data:",
        "https://*.google-analytics.com",
        "https://*.googletagmanager.com",
        "https://www.googletagmanager.com",
    ]
    assert csp["style-src"] == ["'self'"] and "frame-src" not in csp
    product = page(tmp_path / "out", "products/ball-valve-dn50/index.html")
    script = product.xpath("//script[contains(@src, '/consent.')]")[0]
    assert (script.get("data-ga4"), script.get("data-gtm")) == ("G-TEST12345", "GTM-AB12CD3")
    assert product.xpath("//section[@id='consent'][@hidden]"), "shown by consent.js"
    assert not product.xpath("//script[not(@src) and not(@type='application/ld+json')]"), "no inline script"


def test_without_tracking_nothing_of_it_is_emitted(previous):
    _, out, _ = previous
    product = page(out, "products/ball-valve-dn50/index.html")
    assert not product.xpath("//script[contains(@src, '/consent.')]") and not product.xpath(
        "//*[@id='consent']"
    )
    assert "google" not in (out / "_headers").read_text()


def test_header_contacts_name_the_page(site: SiteFolder, tmp_path: Path):
    site.write("site.yaml", site.read("site.yaml") + CONTACTS)
    assert build(site, tmp_path / "out").exit_code == 0
    product = page(tmp_path / "out", "products/ball-valve-dn50/index.html")
    title = product.findtext(".//title")
    links = {a.get("class"): a.get("href") for a in product.xpath("//ul[@class='reach']/li/a")}
    whatsapp = urlsplit(links["reach-whatsapp"])
    assert (whatsapp.netloc, whatsapp.path) == ("wa.me", "/4915123456789")
    text = parse_qs(whatsapp.query)["text"][0]
    assert title in text and text.endswith("https://www.example-valves.com/products/ball-valve-dn50/")
    assert links["reach-phone"] == "tel:+49301234567"
    mail = urlsplit(links["reach-email"])
    assert mail.path == "rfq@example-valves.com" and parse_qs(mail.query)["subject"] == [f"Inquiry: {title}"]
    assert links["reach-basket"] == "/inquiry-list/"


def test_inquiry_list_and_thank_you_pages_stay_out_of_search(previous):
    _, out, _ = previous
    sitemaps = "".join(p.read_text() for p in out.rglob("*.xml"))
    for relative in ("inquiry-list/index.html", "thank-you/index.html", "ar/thank-you/index.html"):
        tree = page(out, relative)
        assert tree.xpath("//meta[@name='robots']/@content") == ["noindex, follow"], relative
        assert not tree.xpath("//link[@rel='alternate']"), relative
        assert "/" + relative.removesuffix("index.html") not in sitemaps
    basket = page(out, "inquiry-list/index.html")
    assert basket.xpath("//form[@class='inquiry']/@data-form-kind") == ["basket"]
    assert basket.xpath("//form//input[@name='sku']") == [], "the lines carry the SKUs"
    assert page(out, "thank-you/index.html").xpath("//*[@data-conversion]")
    product = page(out, "products/ball-valve-dn50/index.html")
    assert product.xpath("//form//input[@name='_next']/@value") == [
        "https://www.example-valves.com/thank-you/"
    ]
    arabic = page(out, "ar/products/ball-valve-dn50/index.html")
    assert arabic.xpath("//form//input[@name='_next']/@value") == [
        "https://www.example-valves.com/ar/thank-you/"
    ]


def test_multipart_endpoint_offers_a_drawing_upload(site: SiteFolder, tmp_path: Path):
    site.replace("site.yaml", f"endpoint: {ENDPOINT}", f"endpoint: {ENDPOINT}\n  multipart: true")
    assert build(site, tmp_path / "out").exit_code == 0
    product = page(tmp_path / "out", "products/ball-valve-dn50/index.html")
    assert product.xpath("//form[@class='inquiry']/@enctype") == ["multipart/form-data"]
    assert product.xpath("//form//input[@type='file']/@name") == ["attachment"]


@pytest.mark.parametrize(
    ("block", "below", "where"),
    [
        ("tracking:\n  ga4: UA-1234567-1\n", 1, "8: tracking.ga4: string should match pattern '^G-"),
        ("tracking: {}\n", 0, "11: tracking: give ga4, gtm or both (or remove tracking)"),
        ("contacts: {}\n", 0, "11: contacts: give at least one of whatsapp, phone or email"),
        ("contacts:\n  whatsapp: 0151 2345\n", 1, "13: contacts.whatsapp: string should match pattern"),
    ],
)
def test_bad_contacts_and_tracking_are_positioned_errors(
    previous, edited: SiteFolder, block: str, below: int, where: str
):
    start = edited.read("site.yaml").count("\n") + 1
    edited.write("site.yaml", edited.read("site.yaml") + block)
    fails_at(previous, f"site.yaml:{start + below}:{where}")
