"""Session fixtures of the browser tests: the demo site and the second fixture catalog,
each built once and served locally, Debian's Chromium driven by Playwright, and a `visit`
helper that records everything a page does wrong (console errors, uncaught exceptions,
failed requests, dialogs).

Chromium comes from the system (`/usr/bin/chromium`, installed by `make test`), never
from a browser download. Where it is missing the tests skip with the reason, except
when `PSEO_REQUIRE_BROWSER=1` (set by `.ci/run`): there a missing browser is a failure,
so CI can never pass by silently skipping the browser suite.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import yaml
from lxml import etree

from generator.build import build_site

from ..optional_tools import require
from .host import INQUIRY_PATH, Submissions, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PAGE_KINDS = {
    "home": "home",
    "category": "category",
    "product": "product",
    "landing": "landing",
    "hub": "hub",
    "products": "products",
    "article": "article",
    "articles": "articles",
}
"""Page kind → the sitemap that lists its pages."""


def browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: run `make test` as root on Debian to install the chromium package"
    try:
        import playwright.sync_api  # noqa: F401 (only probing that it is installed)
    except ImportError:
        return "the playwright package is missing: install the test extra (`pip install -e '.[test]'`)"
    return None


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Playwright]:
    require(browser_unavailable())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    chromium = playwright_session.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@dataclass
class DemoSite:
    """The built demo, served at `origin`, with its inquiry form posting to the
    local recording endpoint."""

    root: Path
    origin: str
    submissions: Submissions
    production: str
    """The production origin (`base_url`), which canonical and hreflang URLs use."""

    def url(self, path: str) -> str:
        return self.origin + path

    def local(self, production_url: str) -> str:
        """The local URL of a page given by its production URL."""
        return self.origin + production_url.removeprefix(self.production)

    def sitemap_paths(self, kind: str, lang_prefix: str = "") -> list[str]:
        """Paths of one page kind from the built sitemaps, optionally limited to the
        URLs under a language prefix (`/de/`); the default language has no prefix."""
        tree = etree.parse(str(self.root / "sitemaps" / f"{kind}-1.xml"))
        paths = [urlsplit(loc).path for loc in tree.xpath("//sm:url/sm:loc/text()", namespaces=SITEMAP_NS)]
        if lang_prefix:
            return [path for path in paths if path.startswith(lang_prefix)]
        return [path for path in paths if not re.match(r"^/[a-z]{2}(-[a-z]{2})?/", path)]

    def alternates(self, path: str) -> dict[str, str]:
        """hreflang → local path of the built page at `path`, read from its HTML."""
        file = self.root / path.lstrip("/") / "index.html"
        tree = etree.parse(str(file), etree.HTMLParser())
        links = tree.xpath('//link[@rel="alternate"][@hreflang]')
        return {
            link.get("hreflang"): urlsplit(link.get("href")).path
            for link in links
            if link.get("hreflang") != "x-default"
        }


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    """The repository's demo site, built from a copy whose inquiry endpoint is the
    local test path (the model accepts https:// URLs or site paths)."""
    source = tmp_path_factory.mktemp("demo-source")
    for name in ("site.yaml", "content", "themes"):
        path = REPO / name
        (shutil.copytree if path.is_dir() else shutil.copy2)(path, source / name)
    config = yaml.safe_load((source / "site.yaml").read_text(encoding="utf-8"))
    text = (source / "site.yaml").read_text(encoding="utf-8")
    text = text.replace(f"endpoint: {config['inquiry']['endpoint']}", f"endpoint: {INQUIRY_PATH}", 1)
    (source / "site.yaml").write_text(text, encoding="utf-8")
    out = tmp_path_factory.mktemp("demo-public") / "public"
    build_site(source, out, check=False, cache_dir=REPO / ".pseo-cache")
    submissions = Submissions()
    with serve(out, submissions) as origin:
        yield DemoSite(out, origin, submissions, config["base_url"].rstrip("/"))


@pytest.fixture(scope="session")
def cable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    """The second fixture catalog (en, zh-Hans, ru, he), built and served like the demo."""
    source = tmp_path_factory.mktemp("cable-source")
    shutil.copytree(REPO / "tests/fixtures/cable-catalog", source, dirs_exist_ok=True)
    shutil.copytree(REPO / "themes", source / "themes")
    config = yaml.safe_load((source / "site.yaml").read_text(encoding="utf-8"))
    out = tmp_path_factory.mktemp("cable-public") / "public"
    build_site(source, out, check=False, cache_dir=source / ".pseo-cache")
    with serve(out) as origin:
        yield DemoSite(out, origin, Submissions(), config["base_url"].rstrip("/"))


@dataclass
class Visit:
    """One page load and everything that went wrong during it."""

    page: Page
    status: int
    problems: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


Visitor = Callable[..., Visit]


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visitor]:
    """`visit(url, viewport=PHONE)` opens `url` in a fresh context and returns the
    Visit; every context is closed when the test ends."""
    contexts = []

    def _visit(url: str, viewport: dict[str, int] | None = None, expect_status: int = 200) -> Visit:
        context = browser.new_context(viewport=viewport or PHONE, locale="en-US")
        contexts.append(context)
        page = context.new_page()
        problems: list[str] = []
        dialogs: list[str] = []

        def on_response(response: Any) -> None:
            expected = expect_status if response.url == url else 200
            if response.status not in (expected, 303, 304):
                problems.append(f"HTTP {response.status} for {response.url}")

        def on_dialog(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        def on_console(message: Any) -> None:
            # Chromium also logs the expected status of a 404 page as an error.
            if message.type == "error" and not (expect_status != 200 and message.location["url"] == url):
                problems.append(f"console error: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
        page.on("requestfailed", lambda r: problems.append(f"failed request {r.url}: {r.failure}"))
        page.on("response", on_response)
        page.on("dialog", on_dialog)
        response = page.goto(url, wait_until="load")
        assert response is not None, url
        return Visit(page, response.status, problems, dialogs)

    yield _visit
    for context in contexts:
        context.close()


def screenshot(page: Page, name: str) -> None:
    """Save a full-page screenshot for design review (test-artifacts/ is gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="session")
def page_types(demo: DemoSite) -> dict[str, str]:
    """One path of each page kind in the default language, found in the sitemaps
    (the 404 page is any unknown URL)."""
    pages = {name: demo.sitemap_paths(kind)[0] for name, kind in PAGE_KINDS.items()}
    contact = [path for path in demo.sitemap_paths("page") if "contact" in path]
    markdown = [path for path in demo.sitemap_paths("page") if "about" in path]
    return {**pages, "page": markdown[0], "contact": contact[0], "404": "/no-such-page/"}
