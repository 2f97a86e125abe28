"""`pseo serve`: live preview with rebuilds, reload events and an error overlay."""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from http.client import HTTPResponse
from pathlib import Path

import pytest

from generator.preview_http import EVENTS, decorate
from generator.serve import PreviewServer

from .conftest import REPO, SiteFolder

PRODUCT = "content/products/ball-valve-dn50.yaml"
DEADLINE = 8.0


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Image renditions shared by the module: every test serves the same photos."""
    return tmp_path_factory.mktemp("image-cache")


@pytest.fixture
def server(site: SiteFolder, cache: Path) -> Iterator[PreviewServer]:
    with PreviewServer(site.root, port=0, debounce_ms=100, cache_dir=cache) as preview:
        yield preview


def fetch(server: PreviewServer, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(server.url.rstrip("/") + path, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def next_event(stream: HTTPResponse) -> tuple[str, str]:
    """Read the event stream up to the next named event."""
    event = ""
    while True:
        line = stream.readline().decode()
        assert line, "stream closed"
        if line.startswith("event: "):
            event = line.removeprefix("event: ").strip()
        elif line.startswith("data: ") and event:
            return event, line.removeprefix("data: ").strip()


def subscribe(server: PreviewServer, page: str) -> HTTPResponse:
    """Subscribe the way the injected script of `page` does."""
    (url,) = re.findall(r'EventSource\("([^"]+)"\)', page)
    return urllib.request.urlopen(server.url.rstrip("/") + url, timeout=DEADLINE)


def test_serves_pages_like_a_static_host(server: PreviewServer):
    status, home = fetch(server, "/")
    assert status == 200 and "<h1" in home
    assert home.count("EventSource") == 1 and home.index("EventSource") < home.rindex("</body>")
    status, product = fetch(server, "/products/ball-valve-dn50/")
    assert status == 200 and "18.50" in product
    status, missing = fetch(server, "/no/such/page/")
    assert status == 404 and "EventSource" in missing and "noindex" in missing
    request = urllib.request.Request(server.url + "products/ball-valve-dn50", method="HEAD")
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.url.endswith("/products/ball-valve-dn50/")
    built = (server.out_dir / "products/ball-valve-dn50/index.html").read_text()
    assert "EventSource" not in built, "the reload script must never reach the built files"


def test_edit_rebuilds_and_reloads(site: SiteFolder, server: PreviewServer):
    _, page = fetch(server, "/products/ball-valve-dn50/")
    with subscribe(server, page) as stream:
        site.replace(PRODUCT, "unit_price: 18.50", "unit_price: 17.25")
        assert next_event(stream)[0] == "reload"
    _, page = fetch(server, "/products/ball-valve-dn50/")
    assert "17.25" in page and "18.50" not in page and "pseo-errors" not in page


def test_broken_edit_shows_the_errors_over_the_last_good_site(site: SiteFolder, server: PreviewServer):
    _, page = fetch(server, "/products/ball-valve-dn50/")
    with subscribe(server, page) as stream:
        site.replace(PRODUCT, "min_qty: 500, max_qty: 1999", "min_qty: 50, max_qty: 1999")
        assert next_event(stream)[0] == "reload"
        status, page = fetch(server, "/products/ball-valve-dn50/")
        assert status == 200 and "18.50" in page, "the last good page stays up"
        assert (
            f"{PRODUCT}:25:15: price_tiers[1].min_qty: must be greater than the previous tier&#x27;s" in page
        )
        _, home = fetch(server, "/")
        assert "pseo-errors" in home

        site.replace(PRODUCT, "min_qty: 50, max_qty: 1999", "min_qty: 500, max_qty: 1999")
        assert next_event(stream)[0] == "reload"
    _, page = fetch(server, "/products/ball-valve-dn50/")
    assert "pseo-errors" not in page


def test_theme_edits_show_and_template_errors_point_at_the_template(site: SiteFolder, server: PreviewServer):
    template = "themes/default/templates/product.html"
    site.replace(template, "{% endblock %}", "<p>Edited theme</p>{% endblock %}")
    until(lambda: "Edited theme" in fetch(server, "/products/ball-valve-dn50/")[1])
    line = site.read(template).splitlines().index("<p>Edited theme</p>{% endblock %}") + 1
    site.replace(template, "<p>Edited theme</p>{% endblock %}", "{% endblok %}")
    until(lambda: f"{template}:{line}:1: template: " in fetch(server, "/")[1])
    assert "Edited theme" in fetch(server, "/products/ball-valve-dn50/")[1]


def test_a_first_override_made_while_serving_is_watched(site: SiteFolder, cache: Path):
    """A site on the packaged theme alone: its themes/ folder appears during the preview."""
    shutil.rmtree(site.root / "themes")
    template = "themes/default/templates/product.html"
    packaged = (REPO / template).read_text(encoding="utf-8")
    with PreviewServer(site.root, port=0, debounce_ms=100, cache_dir=cache) as server:
        assert "Own product page" not in fetch(server, "/products/ball-valve-dn50/")[1]
        site.write(template, packaged.replace("{% endblock %}", "<p>Own product page</p>{% endblock %}", 1))
        until(lambda: "Own product page" in fetch(server, "/products/ball-valve-dn50/")[1])
        site.replace(template, "<p>Own product page</p>", "<p>Edited again</p>")
        until(lambda: "Edited again" in fetch(server, "/products/ball-valve-dn50/")[1])


def test_site_yaml_changes_are_watched(site: SiteFolder, server: PreviewServer):
    site.replace("site.yaml", "name: Example Valves", "name: Example Valves Group")
    until(lambda: "Example Valves Group" in fetch(server, "/")[1])


def test_a_late_subscriber_still_gets_the_reload(server: PreviewServer):
    _, page = fetch(server, "/")
    server.rebuild()
    with subscribe(server, page) as stream:
        assert next_event(stream)[0] == "reload"


def test_overlay_escapes_the_messages():
    page = decorate(b"<html><body><p>ok</p></body></html>", 3, ["a.yaml:1:2: name: <script>x</script>"], True)
    text = page.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in text and "<script>x" not in text
    assert text.index("pseo-errors") > text.index("<p>ok</p>") and text.endswith("</body></html>")
    assert f'"{EVENTS}?since=3"' in text


def test_stop_ends_every_thread_and_removes_the_output(site: SiteFolder, cache: Path):
    preview = PreviewServer(site.root, port=0, cache_dir=cache)
    preview.start()
    out = preview.out_dir
    assert out.is_dir()
    started = time.monotonic()
    preview.stop()
    assert time.monotonic() - started < 5
    assert not out.exists()
    assert all(not thread.is_alive() for thread in preview._threads)


def test_a_miss_gets_the_nearest_not_found_page(tmp_path: Path):
    """As CDN hosts do: /ar/… misses get /ar/404.html, others the root one."""
    from generator.preview_http import nearest_not_found

    for folder in ("", "ar"):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / "404.html").write_text(folder or "root")
    assert nearest_not_found(tmp_path, "/ar/no/such/page/") == tmp_path / "ar/404.html"
    assert nearest_not_found(tmp_path, "/ar/missing.html") == tmp_path / "ar/404.html"
    assert nearest_not_found(tmp_path, "/de/produkte/x/") == tmp_path / "404.html"
    (tmp_path.parent / "404.html").write_text("outside")
    assert nearest_not_found(tmp_path, "/../../") == tmp_path / "404.html"


def test_the_preview_says_what_it_does_before_the_first_build(site: SiteFolder, tmp_path: Path):
    lines: list[str] = []
    with PreviewServer(site.root, port=0, log=lines.append, cache_dir=tmp_path / "cache"):
        pass
    assert lines[0].startswith(f"Building {site.root} for the preview")
    assert lines[1].startswith("Built ")


def test_pseo_serve_says_what_it_does_from_the_first_second(site: SiteFolder, tmp_path: Path):
    """In a log (stdout not a terminal): the first line comes before the pipeline is even
    imported, then the first build's steps with their counts, then the address."""
    command = [sys.executable, "-c", "from generator.cli import main; main()", "serve", "--port", "0"]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    process = subprocess.Popen(
        [*command, "--site", str(site.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
        cwd=tmp_path,
    )
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    assert process.stdout is not None
    reader = threading.Thread(
        target=lambda: [lines.put((time.monotonic(), line.rstrip("\n"))) for line in process.stdout or ()],
        daemon=True,
    )
    reader.start()
    seen: list[tuple[float, str]] = []
    try:
        while not seen or not seen[-1][1].startswith("Serving "):
            seen.append(lines.get(timeout=120))
    finally:
        process.terminate()
        process.wait(timeout=30)
    first_at, first = seen[0]
    assert first.startswith(f"Building {site.root} for the preview"), seen
    assert first_at - started < 10, "said at once, not after the first build"
    texts = [line for _, line in seen]
    steps = [line.partition(":")[0] for line in texts[1:] if re.match(r"[a-z]+: ", line)]
    assert list(dict.fromkeys(steps)) == [
        "load",
        "expand",
        "render",
        "images",
        "search",
        "sitemaps",
        "publish",
    ]
    assert any(
        re.fullmatch(r"render: done, (\d+)/\1 pages and data files, \d+\.\d\d s", line) for line in texts
    )
    assert texts[-2].startswith("Built ") and texts[-3].startswith("publish: done")
