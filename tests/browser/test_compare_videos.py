"""Comparing products and playing videos in a real browser: Compare toggles that stop
at four, the comparison table in English and Arabic (right to left, sticky first
column on a phone) from the one shard file the picks need, its how-to text when that
file fails, and video facades that contact the video host only on the click,
under the site's own Content-Security-Policy."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .conftest import DESKTOP, PHONE, DemoSite, Visitor, screenshot

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

PRODUCT = "/products/2-piece-threaded-ball-valve-dn50/"
CATEGORY = "/categories/valves/"
PLAYER = re.compile(r"https://www\.youtube-nocookie\.com/")


def stored(page: Page) -> list[str]:
    return page.evaluate("JSON.parse(localStorage.getItem('pseo-compare') || '[]').map(i => i.sku)")


def pick(page: Page, count: int) -> list[str]:
    """Press the first `count` Compare toggles of the page; the SKUs they name."""
    toggles = page.locator(".card .add-compare")
    skus = []
    for index in range(count):
        toggles.nth(index).click()
        skus.append(toggles.nth(index).get_attribute("data-sku") or "")
    return skus


def test_compare_adds_removes_and_stops_at_four(demo: DemoSite, visit: Visitor) -> None:
    visit_ = visit(demo.url(CATEGORY), viewport=DESKTOP)
    page = visit_.page
    page.click("[data-consent=reject]")
    assert page.locator(".card .add-compare").count() >= 5
    skus = pick(page, 5)
    assert stored(page) == skus[:4], "the fifth is refused"
    assert page.locator(".card .add-compare").nth(4).get_attribute("aria-pressed") == "false"
    assert "4" in page.locator("[data-compare-status]").inner_text()
    assert page.locator("[data-compare-link]").is_visible()
    assert page.locator("[data-compare-count]").inner_text() == "(4)"
    page.locator(".card .add-compare").nth(0).click()  # a second press takes it out again
    assert stored(page) == skus[1:4]
    page.locator(".card .add-compare").nth(0).click()
    assert stored(page) == [*skus[1:4], skus[0]]

    page.click("[data-compare-link] a")
    page.wait_for_selector(".compare-table thead th")
    heads = page.locator(".compare-table thead th")
    assert heads.count() == 4
    sku_row = page.locator(".compare-table tbody tr").first
    assert sku_row.locator("th").inner_text() == "SKU"
    assert [cell.inner_text() for cell in sku_row.locator("td").all()] == [*skus[1:4], skus[0]]
    rows = [row.inner_text() for row in page.locator(".compare-table tbody th").all()]
    for label in ("Minimum order quantity", "Unit price", "Lead time", "Samples", "Certifications"):
        assert label in rows
    assert page.locator(".compare-table td.missing").count() > 0, "specs some products lack are marked"
    page.locator(".compare-table thead th button").first.click()
    assert heads.count() == 3 and stored(page) == [*skus[2:4], skus[0]]
    page.locator(".compare-table .add-inquiry").first.click()
    assert page.locator("[data-basket-count]").inner_text() == "(1)"
    assert page.locator(".compare-table .add-inquiry").first.is_disabled()
    assert not visit_.problems, visit_.problems
    screenshot(page, "compare-desktop")


def test_compare_table_in_arabic_runs_right_to_left_on_a_phone(demo: DemoSite, visit: Visitor) -> None:
    visit_ = visit(demo.url(demo.alternates(CATEGORY)["ar"]), viewport=PHONE)
    page = visit_.page
    page.click("[data-consent=reject]")
    skus = pick(page, 3)
    page.wait_for_load_state("networkidle")  # the cards' photos, before leaving
    page.goto(demo.url("/ar/compare/"))
    page.wait_for_selector(".compare-table thead th")
    assert page.locator("html").get_attribute("dir") == "rtl"
    labels = [row.inner_text() for row in page.locator(".compare-table tbody th").all()]
    assert "مدة التوريد" in labels, labels  # Lead time
    sku_cells = page.locator(".compare-table tbody tr").first.locator("td")
    assert [cell.inner_text() for cell in sku_cells.all()] == skus
    scroll = page.locator("[data-compare-scroll]")
    assert scroll.evaluate("e => e.scrollWidth > e.clientWidth"), "three columns scroll sideways on a phone"
    first = page.locator(".compare-table tbody th").first
    cell = sku_cells.first
    assert first.evaluate("e => getComputedStyle(e).position") == "sticky"
    head_box, cell_box = first.bounding_box(), cell.bounding_box()
    assert head_box and cell_box and head_box["x"] > cell_box["x"], "labels on the right in Arabic"
    scroll.evaluate("e => { e.scrollLeft = -e.scrollWidth; }")
    moved = first.bounding_box()
    assert moved and abs(moved["x"] - head_box["x"]) < 1, "the label column stays while the table scrolls"
    assert not visit_.problems, visit_.problems
    screenshot(page, "compare-ar-phone")


def test_compare_page_without_choices_explains_itself(demo: DemoSite, visit: Visitor) -> None:
    page = visit(demo.url("/compare/"), viewport=PHONE).page
    assert page.locator("[data-compare-empty]").is_visible()
    assert page.locator("[data-compare-scroll]").is_hidden()


def test_compare_page_fetches_one_shard_and_survives_its_failure(demo: DemoSite, visit: Visitor) -> None:
    page = visit(demo.url(CATEGORY), viewport=PHONE).page
    page.click("[data-consent=reject]")
    pick(page, 2)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.context.route(
        re.compile(r"/compare/data/\d+\.json$"), lambda route: route.fulfill(status=503, body="")
    )
    page.goto(demo.url("/compare/"))
    page.wait_for_selector("[data-compare-empty]", state="visible")
    assert page.locator("[data-compare-scroll]").is_hidden()
    assert [path for path in fetched if path.endswith(".json")] == ["/compare/data/0.json"]


def test_video_facade_contacts_the_host_only_on_the_click(demo: DemoSite, visit: Visitor) -> None:
    local = urlsplit(demo.origin).netloc
    visit_ = visit(demo.url(PRODUCT), viewport=PHONE)
    page = visit_.page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    player: list[str] = []

    def answer(route: Route) -> None:  # no traffic leaves the test
        player.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>player</title>")

    page.context.route(PLAYER, answer)
    page.click("[data-consent=reject]")
    facade = page.locator("a[data-video-embed]")
    page.locator("a[data-video-file]").scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert not page.locator("iframe, video").count()
    assert [url for url in requests if urlsplit(url).netloc != local] == []
    facade.click()
    frame = page.locator("iframe.video-frame")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1"
    page.wait_for_function("() => document.querySelector('iframe.video-frame')")
    page.wait_for_timeout(500)
    assert player and all(PLAYER.match(url) for url in player)
    assert not [p for p in visit_.problems if "youtube" not in p], visit_.problems


def test_file_video_becomes_a_video_element_on_the_click(demo: DemoSite, visit: Visitor) -> None:
    page = visit(demo.url(PRODUCT), viewport=PHONE).page
    media: list[str] = []

    def answer(route: Route) -> None:
        media.append(route.request.url)
        route.fulfill(status=200, content_type="video/mp4", body=b"")

    page.context.route(re.compile(r"https://media\.hengtai-valves\.com/"), answer)
    page.click("[data-consent=reject]")
    link = page.locator("a[data-video-file]")
    link.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    assert not media
    link.click()
    video = page.locator("video.video-frame")
    video.wait_for(state="attached")
    assert video.get_attribute("src") == "https://media.hengtai-valves.com/ht-bv2-dn50-factory.mp4"
    assert (video.get_attribute("poster") or "").startswith("/img/")
    assert video.evaluate("v => v.controls")
