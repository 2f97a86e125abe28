"""What the comparison and the product videos write, on the demo and on the cable
catalog: a noindex compare page per language carrying only its labels and where its
columns are, the columns in shard files beside it (a SKU's shard by FNV-1a), Compare
toggles on cards and product pages, video facades that reference no
third-party resource, VideoObject structured data and a policy that admits exactly
the video hosts in use. Bad `videos:` entries are positioned errors."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from lxml import html

from generator.compare_shards import fnv1a_32, shard_count, shard_of
from generator.jsonld import iso_duration
from generator.models.video import Video, csp_sources

from .conftest import DEMO_ORIGIN, REPO, SiteFolder, snapshot, write_site
from .output import BuiltSite
from .test_security import FILES, PRODUCT, build, fails_at, policy, yaml_text
from .valid_html import check_html

DEMO_COMPARE = {"en": "compare/", "de": "de/compare/", "es-MX": "es-mx/compare/", "ar": "ar/compare/"}
CABLE_COMPARE = {"en": "compare/", "zh-Hans": "zh-hans/compare/", "ru": "ru/compare/", "he": "he/compare/"}
DEMO_VIDEO_PAGE = "products/2-piece-threaded-ball-valve-dn50/"
CABLE_VIDEO_PAGE = "he/mutzarim/yjv-power-cable-3x95/"


def page(built: BuiltSite, relative: str) -> html.HtmlElement:
    return built.page(f"{built.origin}/{relative}")


def compare_data(built: BuiltSite, relative: str) -> dict[str, Any]:
    """The page's labels and every column of its shard files, as compare.js would read them;
    each column is checked to sit in the shard the FNV rule names."""
    (holder,) = page(built, relative).xpath("//div[@id='compare-data'][@hidden]")
    shards = int(holder.get("data-shards"))
    pattern = holder.get("data-shard-url")
    assert pattern == f"/{relative}data/{{n}}.json"
    products = []
    for shard in range(shards):
        raw = (built.root / pattern.replace("{n}", str(shard)).lstrip("/")).read_bytes()
        columns = json.loads(raw)
        assert raw == json.dumps(columns, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
        assert all(shard_of(sku, shards) == shard and column["sku"] == sku for sku, column in columns.items())
        products += columns.values()
    return {"labels": json.loads(holder.get("data-labels")), "shards": shards, "products": products}


def translated(lang: str, msgid: str) -> str:
    folder = {"es-MX": "es"}.get(lang, lang).replace("-", "_")  # es-MX pages use the es catalog
    catalog = read_po((REPO / f"themes/default/locale/{folder}/LC_MESSAGES/messages.po").open("rb"))
    return catalog[msgid].string


def graph(tree: html.HtmlElement) -> list[dict[str, Any]]:
    (script,) = tree.xpath("//script[@type='application/ld+json']")
    return json.loads(script.text)["@graph"]


@pytest.mark.parametrize(("lang", "relative"), DEMO_COMPARE.items())
def test_demo_compare_page_per_language(demo: BuiltSite, lang: str, relative: str):
    tree = page(demo, relative)
    assert tree.get("lang") == lang
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex, follow"]
    assert not tree.xpath("//link[@rel='alternate'][@hreflang]"), "a page without content of its own"
    sitemaps = "".join(p.read_text() for p in demo.root.rglob("*.xml"))
    assert f"{DEMO_ORIGIN}/{relative}<" not in sitemaps
    data = compare_data(demo, relative)
    assert data["labels"]["lead_time"] == translated(lang, "Lead time")
    assert data["labels"]["missing"] == translated(lang, "Not specified")
    for item in data["products"]:
        product = page(demo, item["url"].lstrip("/"))
        assert product.get("lang") == lang
        assert product.xpath("//h1")[0].text_content() == item["name"]
        assert demo.file_for(item["image"]["src"]), item["image"]["src"]
        assert item["inquiry"]["sku"] == item["sku"] and item["inquiry"]["url"] == item["url"]
        specs = product.xpath("//table[@class='specs']//tr")
        assert [row.xpath("th")[0].text_content() for row in specs] == [s[0] for s in item["specs"]]
        assert item["moq"] and item["lead_time"]
    skus = [item["sku"] for item in data["products"]]
    assert len(set(skus)) == len(skus) >= 12


@pytest.mark.parametrize("built_name", ["demo", "cables"])
def test_compare_page_carries_no_product_data(request, built_name: str):
    """The page is a small file whatever the catalog holds: its columns are fetched."""
    built: BuiltSite = request.getfixturevalue(built_name)
    pages = DEMO_COMPARE if built_name == "demo" else CABLE_COMPARE
    columns = {relative: compare_data(built, relative) for relative in pages.values()}
    catalog = {item["sku"] for data in columns.values() for item in data["products"]}
    for relative, data in columns.items():
        raw = (built.root / relative / "index.html").read_bytes()
        assert len(raw) < 40_000, len(raw)
        assert data["shards"] == shard_count(len(catalog))
        assert sorted(p.name for p in (built.root / relative / "data").iterdir()) == sorted(
            f"{shard}.json" for shard in range(data["shards"])
        )
        assert not [sku for sku in catalog if sku.encode() in raw], "no SKU on the compare page"
        assert not [item["name"] for item in data["products"] if item["name"].encode() in raw]


def test_fnv1a_matches_the_browser_hash():
    """compare.js computes the same hash: these values pin both to FNV-1a 32."""
    assert fnv1a_32("") == 0x811C9DC5
    assert fnv1a_32("a") == 0xE40C292C
    assert fnv1a_32("foobar") == 0xBF9CF968
    assert [shard_count(n) for n in (0, 1, 32, 33, 65, 2500)] == [1, 1, 1, 2, 4, 128]
    script = (REPO / "themes/default/static/compare.js").read_text()
    assert "0x811c9dc5" in script and "0x01000193" in script


def test_demo_compare_columns_in_arabic(demo: BuiltSite):
    items = {item["sku"]: item for item in compare_data(demo, "ar/compare/")["products"]}
    valve = items["HT-BV2-DN50"]
    assert valve["name"] == "صمام كروي ملولب من قطعتين DN50"
    assert valve["certifications"] == ["ISO 9001", "CE (PED 2014/68/EU)", "WRAS"]
    assert len(valve["tiers"]) >= 2 and all(len(tier) == 2 for tier in valve["tiers"])
    assert valve["sample"].startswith(translated("ar", "Samples at %(price)s").split("%")[0].strip())
    assert any(neutral for _, _, neutral in valve["specs"]), "model numbers stay left to right"


def test_cable_compare_pages_follow_translations(cables: BuiltSite):
    """Each language's page carries exactly the products published in it; the
    price-on-request cable has no tiers, quantities are in metres."""
    by_lang = {
        lang: {item["sku"]: item for item in compare_data(cables, relative)["products"]}
        for lang, relative in CABLE_COMPARE.items()
    }
    assert "VC-MV-CUSTOM" in by_lang["he"] and "VC-MV-CUSTOM" not in by_lang["ru"]
    assert by_lang["he"]["VC-MV-CUSTOM"]["tiers"] == []
    assert by_lang["ru"]["VC-YJV-3X95"]["moq"] == "500 метров"
    for lang, items in by_lang.items():
        tree = page(cables, CABLE_COMPARE[lang])
        assert tree.xpath("//meta[@name='robots']/@content") == ["noindex, follow"]
        for item in items.values():
            assert page(cables, item["url"].lstrip("/")).get("lang") == lang


def test_compare_toggles_on_cards_and_product_pages(demo: BuiltSite, cables: BuiltSite):
    product = page(demo, DEMO_VIDEO_PAGE)
    (toggle,) = product.xpath("//p[@class='quote-actions']/button[contains(@class, 'add-compare')]")
    assert toggle.get("data-sku") == "HT-BV2-DN50" and toggle.get("aria-pressed") == "false"
    assert toggle.get("hidden") is not None, "revealed by compare.js"
    cards = page(cables, "he/").xpath("//li[@class='card'][.//a[contains(@href, '/mutzarim/')]]")
    assert cards and all(card.xpath(".//button[contains(@class, 'add-compare')]") for card in cards)
    (link,) = product.xpath("//li[@data-compare-link]/a")
    assert link.get("href") == "/compare/"
    status = product.xpath("//p[@data-compare-status]")[0]
    assert status.get("data-limit") == "4" and "4" in status.get("data-full")


def test_compare_page_without_javascript_leads_to_the_catalog(cables: BuiltSite):
    tree = page(cables, "he/compare/")
    hrefs = tree.xpath("//noscript//a/@href")
    assert hrefs and all(cables.file_for(href) for href in hrefs)
    assert tree.xpath("//div[@data-compare][@hidden]")


def test_cable_compare_and_video_pages_are_valid_html(cables: BuiltSite, tmp_path: Path):
    """The demo's pages are checked in test_demo.py; here the right-to-left ones."""
    for relative in (CABLE_COMPARE["he"], CABLE_VIDEO_PAGE):
        target = tmp_path / relative / "index.html"
        target.parent.mkdir(parents=True)
        shutil.copy(cables.root / relative / "index.html", target)
    report = check_html(tmp_path)
    assert len(report.checked) == 2 and not report.problems, "\n".join(report.problems)


def third_party(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) and f"{parts.scheme}://{parts.netloc}" != origin


@pytest.mark.parametrize(
    ("built_name", "relative", "host"),
    [("demo", DEMO_VIDEO_PAGE, "www.youtube-nocookie.com"), ("cables", CABLE_VIDEO_PAGE, "player.vimeo.com")],
)
def test_video_facade_loads_nothing_from_the_host(request, built_name: str, relative: str, host: str):
    built: BuiltSite = request.getfixturevalue(built_name)
    tree = page(built, relative)
    assert not tree.xpath("//iframe"), "the player comes only after the click"
    fetched = tree.xpath("//@src | //@srcset | //@poster")
    urls = [part.strip().split(" ")[0] for value in fetched for part in value.split(",")]
    assert urls and not [url for url in urls if third_party(url, built.origin)]
    assert not tree.xpath("//video"), "a file video becomes a <video> only on the click"
    (facade,) = tree.xpath("//a[@data-video-embed]")
    assert urlsplit(facade.get("data-video-embed")).netloc == host
    assert "autoplay=1" in facade.get("data-video-embed")
    (file,) = tree.xpath("//a[@data-video-file]")
    assert file.get("href") == file.get("data-video-file") and built.file_for(file.get("data-video-poster"))
    for link in (facade, file):
        assert link.xpath(".//picture/source[@type='image/avif']") and link.xpath(".//img[@loading='lazy']")


def test_video_objects_on_the_demo(demo: BuiltSite):
    nodes = [node for node in graph(page(demo, DEMO_VIDEO_PAGE)) if node["@type"] == "VideoObject"]
    youtube, file = nodes
    assert youtube["name"] == "Assembly and pressure test of the DN50 2-piece ball valve"
    assert youtube["uploadDate"] == "2026-03-02" and youtube["duration"] == "PT2M35S"
    assert youtube["embedUrl"] == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
    assert "contentUrl" not in youtube
    assert file["contentUrl"] == "https://media.hengtai-valves.com/ht-bv2-dn50-factory.mp4"
    assert file["duration"] == "PT48S" and "embedUrl" not in file
    for node in nodes:
        (thumbnail,) = node["thumbnailUrl"]
        assert thumbnail.startswith(DEMO_ORIGIN + "/img/") and demo.file_for(thumbnail)
        assert node["description"]


def test_video_objects_in_hebrew(cables: BuiltSite):
    tree = page(cables, CABLE_VIDEO_PAGE)
    names = [node["name"] for node in graph(tree) if node["@type"] == "VideoObject"]
    assert names == ["כבל YJV בקו השחול", "בדיקת מתח גבוה של תוף מוגמר"]
    assert tree.xpath("//section[@aria-labelledby='videos']/h2")[0].text == translated("he", "Videos")


def test_policy_admits_exactly_the_video_hosts_in_use(demo: BuiltSite, cables: BuiltSite):
    demo_csp, cable_csp = policy(demo.root), policy(cables.root)
    assert demo_csp["frame-src"] == ["'self'", "https://www.youtube-nocookie.com"]
    assert demo_csp["media-src"] == ["'self'", "https://media.hengtai-valves.com"]
    assert cable_csp["frame-src"] == ["'self'", "https://player.vimeo.com"]
    assert cable_csp["media-src"] == ["'self'", "https://media.volta-cable.example"]


def video(**fields: Any) -> Video:
    base = {"title": "T", "description": "D", "upload_date": "2026-01-01", "duration": 5, "poster": "p.jpg"}
    return Video.model_validate(base | fields)


def test_policy_sources_of_videos():
    assert csp_sources([]) == {"frame-src": [], "media-src": []}
    sources = csp_sources([video(kind="file", file="/media/a.mp4"), video(kind="vimeo", id="123")])
    assert [str(o) for o in sources["frame-src"]] == ["https://player.vimeo.com"]
    assert sources["media-src"] == []


def test_iso_durations():
    assert iso_duration(timedelta(seconds=48)) == "PT48S"
    assert iso_duration(timedelta(minutes=2, seconds=35)) == "PT2M35S"
    assert iso_duration(timedelta(hours=1, seconds=5)) == "PT1H5S"
    assert video(kind="youtube", id="aqz-KE-bpKQ", duration="PT1M").duration == timedelta(minutes=1)


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> tuple[SiteFolder, Path, dict[str, str]]:
    """One good build shared by the error cases: each must fail before touching it."""
    root = tmp_path_factory.mktemp("videos")
    site = write_site(root / "site", FILES)
    assert build(site, root / "public").exit_code == 0
    return site, root / "public", snapshot(root / "public")


@pytest.fixture
def hostile(previous: tuple[SiteFolder, Path, dict[str, str]]) -> Iterator[SiteFolder]:
    site = previous[0]
    yield site
    site.write(PRODUCT, FILES[PRODUCT])


VIDEO_YAML = """\
videos:
  - kind: {kind}
    {source}
    title: {{en: Factory tour, ar: جولة في المصنع}}
    description: {{en: Our lines., ar: خطوطنا.}}
    upload_date: 2026-01-05
    duration: PT1M
    poster: {poster}
"""


@pytest.mark.parametrize(
    ("kind", "source", "poster", "where", "message"),
    [
        ("youtube", "id: not-an-id", "images/valve.jpg", "videos[0].id", "a youtube video id is 11 letters"),
        ("vimeo", "id: abc", "images/valve.jpg", "videos[0].id", "a vimeo video id is digits"),
        ("youtube", "file: /media/a.mp4", "images/valve.jpg", "videos[0].file", "only a file video has a file"),
        ("file", "file: /media/a.avi", "images/valve.jpg", "videos[0].file", "must be an .mp4 or .webm file"),
        ("file", "file: http://cdn.example/a.mp4", "images/valve.jpg", "videos[0].file", "must be a path on the site"),
        ("file", "id: aqz-KE-bpKQ", "images/valve.jpg", "videos[0].id", "a file video has no id"),
        ("youtube", "id: aqz-KE-bpKQ", "images/missing.jpg", "videos[0].poster", "'images/missing.jpg' not found"),
    ],
)  # fmt: skip
def test_bad_video_is_a_positioned_error(previous, hostile: SiteFolder, kind, source, poster, where, message):
    text = VIDEO_YAML.format(kind=kind, source=source, poster=yaml_text(poster))
    hostile.replace(PRODUCT, "moq: {quantity: 100, unit: C62}\n", text + "moq: {quantity: 100, unit: C62}\n")
    output = fails_at(previous, f"{PRODUCT}:")
    line = next(line for line in output.splitlines() if where in line)
    assert message in line, line
