"""The inquiry form in a real browser: validation, hidden context fields, UTM capture,
honeypot and the POST it finally sends."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import yaml

from .conftest import REPO, DemoSite, Visitor
from .host import INQUIRY_PATH

if TYPE_CHECKING:
    from playwright.sync_api import Page

REQUIRED = ("name", "email", "company", "message", "consent")
UTM = {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "spring-fair"}


def matrix_with_hub(slug: str) -> str:
    """Id of the demo's pSEO matrix whose hub index lives at `/slug/` in English."""
    for path in sorted((REPO / "content" / "pseo").glob("*.yaml")):
        matrix = yaml.safe_load(path.read_text(encoding="utf-8"))
        if matrix["hub"]["slug"]["en"] == slug:
            return str(matrix["id"])
    raise AssertionError(f"no matrix has its hub at /{slug}/")


def hidden_values(page: Page) -> dict[str, str]:
    form = page.locator("form.inquiry")
    return {
        field.get_attribute("name") or "": field.input_value()
        for field in form.locator("input[type=hidden]").all()
    }


def wait_for_posts(demo: DemoSite, count: int, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while len(demo.submissions.posts) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def fill_valid(page: Page) -> None:
    page.fill("#f-name", "Ana Ruiz")
    page.fill("#f-email", "ana@example.com")
    page.fill("#f-company", "Ruiz Industrial S.A.")
    page.fill("#f-country", "Mexico")
    page.fill("#f-quantity", "250")
    page.fill("#f-message", "DN50, PN40, CF8M, threaded ends.")
    page.check("#f-consent")


def test_required_fields_block_submission_with_visible_messages(
    demo: DemoSite, page_types: dict[str, str], visit: Visitor
) -> None:
    demo.submissions.clear()
    page = visit(demo.url(page_types["product"])).page
    page.click("form.inquiry button[type=submit]")
    for name in REQUIRED:
        error = page.locator(f"#f-{name}-error")
        assert error.is_visible(), f"no visible message for the empty required field {name}"
        assert error.inner_text().strip(), name
        assert page.get_attribute(f"#f-{name}", "aria-invalid") == "true"
        assert f"f-{name}-error" in (page.get_attribute(f"#f-{name}", "aria-describedby") or "")
    assert not page.locator("#f-country-error").is_visible(), "an optional field is flagged"

    page.fill("#f-email", "not-an-email")
    assert page.locator("#f-email-error").inner_text().strip(), "a malformed email is not explained"
    page.fill("#f-name", "Ana Ruiz")
    assert not page.locator("#f-name-error").is_visible(), "the message stays after the field was fixed"
    time.sleep(0.3)
    assert demo.submissions.posts == [], "an invalid form was submitted"


def test_product_form_carries_its_context_and_posts_every_field(
    demo: DemoSite, page_types: dict[str, str], visit: Visitor
) -> None:
    demo.submissions.clear()
    path = page_types["product"]
    visited = visit(demo.url(path))
    page = visited.page
    assert page.get_attribute("form.inquiry", "action") == INQUIRY_PATH
    assert page.get_attribute("form.inquiry", "method") == "post"
    hidden = hidden_values(page)
    sku = page.locator(".sku").inner_text().removeprefix("SKU").strip()
    assert hidden["sku"] == sku
    assert hidden["product"] == page.locator("h1").inner_text()
    assert hidden["page_url"] == demo.production + path
    assert hidden["page_url"] == page.get_attribute("link[rel=canonical]", "href")
    assert hidden["language"] == "en" == page.get_attribute("html", "lang")

    honeypot = page.locator("input[name=company_website]")
    assert honeypot.count() == 1
    assert not honeypot.is_visible() or honeypot.bounding_box()["x"] < -1000  # type: ignore[index]
    assert honeypot.get_attribute("tabindex") == "-1"
    assert page.locator(".hp").get_attribute("aria-hidden") == "true"

    fill_valid(page)
    page.click("form.inquiry button[type=submit]")
    wait_for_posts(demo, 1)
    assert len(demo.submissions.posts) == 1, "the valid form did not reach the endpoint"
    posted = {name: values[0] for name, values in demo.submissions.posts[0].items()}
    assert posted["name"] == "Ana Ruiz"
    assert posted["email"] == "ana@example.com"
    assert posted["company"] == "Ruiz Industrial S.A."
    assert posted["country"] == "Mexico"
    assert posted["quantity"] == "250"
    assert posted["message"] == "DN50, PN40, CF8M, threaded ends."
    assert posted["consent"] == "yes"
    assert posted["phone"] == ""
    assert posted["company_website"] == "", "the honeypot must reach the endpoint empty"
    for name, value in hidden.items():
        assert posted[name] == value, name
    assert visited.problems == []


def test_landing_form_carries_matrix_keyword_and_utm(
    demo: DemoSite, page_types: dict[str, str], visit: Visitor
) -> None:
    demo.submissions.clear()
    path = page_types["landing"]
    query = "&".join(f"{key}={value}" for key, value in UTM.items())
    visited = visit(demo.url(f"{path}?{query}"))
    page = visited.page
    hidden = hidden_values(page)
    matrix_slug = path.strip("/").split("/")[0]
    hub_link = page.locator(f'.crumbs a[href="/{matrix_slug}/"]')
    assert hub_link.count() == 1, "the landing's breadcrumb does not start at its hub index"
    assert hidden["matrix"] == matrix_with_hub(matrix_slug)
    market = page.locator(".crumbs li").nth(2).inner_text().strip()
    assert hidden["keyword"].startswith(hidden["product"] + " "), hidden
    assert hidden["keyword"].endswith(" " + market), hidden
    assert hidden["page_url"] == demo.production + path, "UTM parameters leaked into page_url"
    for key, value in UTM.items():
        assert hidden[key] == value, key
    assert hidden["utm_term"] == hidden["utm_content"] == ""

    fill_valid(page)
    page.click("form.inquiry button[type=submit]")
    wait_for_posts(demo, 1)
    posted = {name: values[0] for name, values in demo.submissions.posts[0].items()}
    for key in ("matrix", "keyword", "sku", "product", "page_url", "language", *UTM):
        assert posted[key] == hidden[key], key
    assert visited.problems == []
