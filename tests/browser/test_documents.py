"""Datasheet and catalog PDFs in a real browser: the links download the PDF under its
own name and, after consent, report `file_download` to the data layer."""

from __future__ import annotations

from .conftest import DemoSite, Visitor
from .test_buyer import PRODUCT, events, vendor_calls


def test_the_datasheet_link_downloads_the_pdf_and_reports_it(demo: DemoSite, visit: Visitor) -> None:
    page = visit(demo.url(PRODUCT)).page
    vendor_calls(page)
    page.click("[data-consent=accept]")
    with page.expect_download() as download:
        page.click(".document a")
    assert download.value.suggested_filename == "ht-bv2-dn50-datasheet-en.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")
    (event,) = [e for e in events(page) if e["event"] == "file_download"]
    assert event == {
        "event": "file_download",
        "link_url": demo.url(f"{PRODUCT}ht-bv2-dn50-datasheet-en.pdf"),
        "file_name": "ht-bv2-dn50-datasheet-en.pdf",
    }


def test_the_arabic_home_page_downloads_the_arabic_catalog(demo: DemoSite, visit: Visitor) -> None:
    page = visit(demo.url("/ar/")).page
    with page.expect_download() as download:
        page.click(".document a")
    assert download.value.suggested_filename == "catalog-ar.pdf"
    assert download.value.path().read_bytes().startswith(b"%PDF-")
