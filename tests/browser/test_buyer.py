"""The buyer's path in a real browser: the quote-first phone screen, the inquiry list,
sample and OEM requests, the thank-you page, and conversion events that wait for
consent under the site's own Content-Security-Policy."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from .conftest import PHONE, DemoSite, Visitor, screenshot
from .host import INQUIRY_PATH

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

PRODUCT = "/products/2-piece-threaded-ball-valve-dn50/"
SKU = "HT-BV2-DN50"
VENDORS = re.compile(r"https://[^/]*(googletagmanager|google-analytics)\.com/")
RECORD_VIOLATIONS = (
    "window.__violations = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
)


def vendor_calls(page: Page) -> list[str]:
    """Answer every request to the analytics vendors locally (no traffic leaves the
    test) and record it."""
    calls: list[str] = []

    def answer(route: Route) -> None:
        calls.append(route.request.url)
        route.fulfill(status=200, content_type="text/javascript", body="")

    page.route(VENDORS, answer)
    return calls


def events(page: Page) -> list[dict[str, Any]]:
    """The event messages in dataLayer (gtag's own argument lists left out)."""
    return page.evaluate(
        "(window.dataLayer || []).filter(m => m && !('length' in m) && m.event && m.event !== 'gtm.js')"
    )


def fill_contact(page: Page) -> None:
    page.fill("#f-name", "Ana Ruiz")
    page.fill("#f-email", "ana@example.com")
    page.fill("#f-company", "Ruiz Industrial S.A.")
    page.fill("#f-message", "Please quote FOB Ningbo.")
    page.check("#f-consent")


def test_phone_first_screen_shows_name_moq_price_lead_time_and_quote_button(
    demo: DemoSite, visit: Visitor
) -> None:
    page = visit(demo.url(PRODUCT), viewport=PHONE).page
    page.click("[data-consent=reject]")
    block = page.locator(".quote-first")
    assert block.locator("h1").inner_text() == "2-Piece Threaded Ball Valve DN50"
    assert block.locator(".quote-line").first.inner_text() == "MOQ: 20 pieces · From $18.60 per piece"
    assert "Lead time:" in block.locator(".quote-line").nth(1).inner_text()
    for element in (block.locator("h1"), block.locator(".quote-line").nth(1), block.locator(".button")):
        box = element.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    assert page.locator("[data-quote-bar]").is_hidden()
    page.locator("#details").scroll_into_view_if_needed()
    page.wait_for_selector("[data-quote-bar]", state="visible")
    screenshot(page, "buyer-product-phone")


def test_inquiry_list_adds_validates_removes_and_posts_every_line(demo: DemoSite, visit: Visitor) -> None:
    demo.submissions.clear()
    page = visit(demo.url(PRODUCT)).page
    page.click("[data-consent=reject]")
    page.click(".quote-first .add-inquiry")
    assert page.locator(".quote-first .add-inquiry").is_disabled()
    assert page.locator("[data-basket-count]").inner_text() == "(1)"
    page.goto(demo.url("/categories/valves/"))
    cards = page.locator(".card .add-inquiry:not([disabled])")
    second_sku = cards.first.get_attribute("data-sku")
    second_moq = cards.first.get_attribute("data-moq")
    cards.first.click()
    page.goto(demo.url("/inquiry-list/"))
    lines = page.locator("[data-basket-lines] tr")
    assert lines.count() == 2
    assert page.locator("input[name=item_quantity]").first.input_value() == "20"
    assert page.locator("input[name=item_quantity]").nth(1).input_value() == second_moq
    fill_contact(page)
    page.fill("#q-0", "5")
    page.click("form.inquiry button[type=submit]")
    assert page.locator("#q-0").get_attribute("aria-invalid") == "true"
    assert page.locator("#q-0").evaluate("el => el.parentNode.querySelector('.error').textContent")
    assert demo.submissions.posts == []
    page.fill("#q-0", "150")
    page.reload()
    assert page.locator("#q-0").input_value() == "150", "quantities are kept"
    fill_contact(page)
    page.locator("[data-line-remove]").nth(1).click()
    assert page.locator("[data-basket-lines] tr").count() == 1
    page.locator("[data-basket-lines] tr").first.evaluate("row => row")
    page.goto(demo.url("/categories/valves/"))
    page.locator(f".card .add-inquiry[data-sku='{second_sku}']").click()
    page.goto(demo.url("/inquiry-list/"))
    fill_contact(page)
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.post_data or "") if r.url.endswith(INQUIRY_PATH) else None)
    with page.expect_navigation(url=re.compile(r"/thank-you/$")):
        page.click("form.inquiry button[type=submit]")
    fields = parse_qs(posted[0])
    assert fields["item_sku"] == [SKU, second_sku]
    assert fields["item_quantity"] == ["150", second_moq]
    assert "sku" not in fields and fields["_next"] == ["https://www.hengtai-valves.com/thank-you/"]
    assert page.evaluate("localStorage.getItem('pseo-inquiry')") == "[]", "a sent list is emptied"


def test_sample_and_oem_requests_are_variants_of_the_product_form(demo: DemoSite, visit: Visitor) -> None:
    demo.submissions.clear()
    page = visit(demo.url(PRODUCT)).page
    page.click("[data-consent=reject]")
    assert "Samples at $25.00" in page.locator("[data-kind-note=sample]").inner_text()
    oem = page.locator("[data-kind-fields=oem]")
    assert oem.is_hidden()
    page.check("input[name=request_kind][value=oem]")
    assert oem.is_visible()
    fill_contact(page)
    page.fill("#f-logo", "RUIZ laser mark")
    page.fill("#f-packaging", "Private-label boxes")
    page.fill("#f-custom_quantity", "800")
    with page.expect_navigation(url=re.compile(r"/thank-you/$")):
        page.click("form.inquiry button[type=submit]")
    post = demo.submissions.posts[-1]
    assert post["request_kind"] == ["oem"] and post["sku"] == [SKU]
    assert post["logo"] == ["RUIZ laser mark"] and post["custom_quantity"] == ["800"]
    page.goto(demo.url(PRODUCT))
    page.check("input[name=request_kind][value=sample]")
    assert oem.is_hidden()
    fill_contact(page)
    with page.expect_navigation(url=re.compile(r"/thank-you/$")):
        page.click("form.inquiry button[type=submit]")
    assert demo.submissions.posts[-1]["request_kind"] == ["sample"]
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex, follow"


def test_events_wait_for_consent_and_reach_the_data_layer_after_it(demo: DemoSite, visit: Visitor) -> None:
    page = visit(demo.url(PRODUCT)).page
    calls = vendor_calls(page)
    page.add_init_script(RECORD_VIOLATIONS)
    page.reload()
    page.evaluate("document.addEventListener('click', e => e.preventDefault(), true)")
    page.click(".reach-phone")
    page.click(".quote-first .add-inquiry")
    page.evaluate("pseo.search('gate valve', 0)")
    assert events(page) == [] and calls == [], "nothing before consent"
    page.click("[data-consent=accept]")
    assert [e["event"] for e in events(page)] == [
        "click_to_call",
        "add_to_inquiry",
        "search",
        "search_no_results",
    ]
    page.click(".reach-email")
    page.click(".reach-whatsapp")
    page.evaluate("pseo.search('ball valve', 12)")
    found = events(page)[4:]
    assert found == [
        {"event": "email_click", "link_url": "mailto:sales@hengtai-valves.com"},
        {"event": "whatsapp_click", "link_url": "https://wa.me/8613857412716"},
        {"event": "search", "search_term": "ball valve"},
    ]
    assert events(page)[1] == {"event": "add_to_inquiry", "sku": SKU, "quantity": 20}
    page.wait_for_function("document.querySelector('script[src*=\"gtag/js\"]')")
    assert any("gtag/js?id=G-XXXXXXXXXX" in url for url in calls)
    consent = page.evaluate("[...dataLayer].filter(m => m[0] === 'consent').map(m => [m[1], m[2]])")
    assert consent[0] == ["default", {k: "denied" for k in consent[0][1]}]
    assert consent[-1][1]["analytics_storage"] == "granted"
    page.goto(demo.url("/thank-you/"))
    assert events(page) == [{"event": "generate_lead", "form_kind": "unknown", "skus": ""}]
    assert page.evaluate("window.__violations") == []


def test_generate_lead_names_the_form_kind_and_skus(demo: DemoSite, visit: Visitor) -> None:
    page = visit(demo.url(PRODUCT)).page
    vendor_calls(page)
    page.click("[data-consent=accept]")
    page.check("input[name=request_kind][value=sample]")
    fill_contact(page)
    with page.expect_navigation(url=re.compile(r"/thank-you/$")):
        page.click("form.inquiry button[type=submit]")
    assert events(page) == [{"event": "generate_lead", "form_kind": "sample", "skus": SKU}]


def test_refused_consent_sends_nothing_to_the_vendors(demo: DemoSite, visit: Visitor) -> None:
    page = visit(demo.url(PRODUCT)).page
    calls = vendor_calls(page)
    page.click("[data-consent=reject]")
    page.click(".quote-first .add-inquiry")
    page.goto(demo.url("/thank-you/"))
    page.goto(demo.url(PRODUCT))
    assert page.locator("#consent").is_hidden(), "the choice is remembered"
    assert events(page) == [] and calls == []
    page.click("[data-consent-open]")
    assert page.locator("#consent").is_visible(), "the choice can be changed"


def test_arabic_header_contacts_and_inquiry_list_run_right_to_left(demo: DemoSite, visit: Visitor) -> None:
    page = visit(demo.url("/ar/products/2-piece-threaded-ball-valve-dn50/")).page
    page.click("[data-consent=reject]")
    reach = page.locator(".reach")
    assert reach.evaluate("el => getComputedStyle(el).direction") == "rtl"
    first, last = reach.locator("li").first.bounding_box(), reach.locator("li").last.bounding_box()
    assert first and last and (first["x"] > last["x"] or first["y"] < last["y"]), "starts on the right"
    assert page.locator(".reach-phone bdi").get_attribute("dir") == "ltr"
    page.click(".quote-first .add-inquiry")
    page.goto(demo.url("/ar/inquiry-list/"))
    row = page.locator("[data-basket-lines] tr").first
    name, remove = row.locator("td").first.bounding_box(), row.locator("td").last.bounding_box()
    assert name and remove and name["x"] > remove["x"], "the product column is on the right"
    assert page.locator("h1").inner_text() == "قائمة طلب العرض"
    screenshot(page, "buyer-basket-ar")
