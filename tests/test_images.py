"""The image stage: renditions, colour and metadata handling, markup, cards, cache, bad input."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageCms, ImageFile

from generator.build import build_site
from generator.cli import main
from generator.images.cards import draw_card
from generator.images.fonts import FONT_DIRS, find_fonts
from generator.images.plan import rendition_widths
from generator.images.source import decode

from .conftest import SiteFolder
from .output import BuiltSite

ORIGIN = "https://www.example-valves.com"
PRODUCT = f"{ORIGIN}/products/ball-valve-dn50/"
WIDTHS = [320, 640, 960, 1280, 1600]
IMAGE_NS = "{http://www.google.com/schemas/sitemap-image/1.1}"


def photo(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Smooth gradients plus noise: compresses like a photo, unlike a flat fill."""
    red = Image.linear_gradient("L").resize(size)
    green = Image.linear_gradient("L").rotate(90).resize(size)
    blue = Image.effect_noise(size, 40)
    image = Image.merge("RGB", (red, green, blue))
    return image if mode == "RGB" else image.convert(mode)


def build(site: SiteFolder, out: Path, cache_dir: Path) -> BuiltSite:
    build_site(site.root, out, check=False, jobs=1, cache_dir=cache_dir)
    return BuiltSite(out, ORIGIN)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the module: the fixture site's images are byte-identical in every
    test, so they are encoded once (outputs do not depend on the cache state)."""
    return tmp_path_factory.mktemp("image-cache")


def main_picture(built: BuiltSite):
    (picture,) = built.page(PRODUCT).xpath("//section[@class='gallery']/picture[1]")
    return picture


def srcset(value: str) -> list[tuple[str, int]]:
    return [(url, int(width[:-1])) for url, width in (item.split() for item in value.split(", "))]


@pytest.fixture
def built(site: SiteFolder, tmp_path: Path, cache: Path) -> BuiltSite:
    return build(site, tmp_path / "out", cache)


def test_widths_never_upscale():
    configured = [320, 640, 960, 1280, 1920]
    assert rendition_widths(3000, configured) == configured
    assert rendition_widths(1920, configured) == configured
    assert rendition_widths(1600, configured) == WIDTHS
    assert rendition_widths(1280, configured) == [320, 640, 960, 1280]
    assert rendition_widths(200, configured) == [200]


def test_renditions_have_every_width_format_and_no_metadata(built: BuiltSite):
    picture = main_picture(built)
    expected = {"image/avif": "AVIF", "image/webp": "WEBP"}
    sets = {source.get("type"): source.get("srcset") for source in picture.xpath(".//source")}
    (img,) = picture.xpath(".//img")
    sets["image/jpeg"] = img.get("srcset")
    assert list(sets) == ["image/avif", "image/webp", "image/jpeg"]
    for mime, value in sets.items():
        candidates = srcset(value)
        assert [width for _, width in candidates] == WIDTHS
        for url, width in candidates:
            assert re.fullmatch(rf"/img/valve-{width}\.[0-9a-f]{{8}}\.\w+", url)
            with Image.open(built.file_for(url)) as image:
                assert image.format == expected.get(mime, "JPEG")
                assert image.size == (width, width * 3 // 4)
                assert not image.getexif() and "icc_profile" not in image.info and "xmp" not in image.info
    assert img.get("src") == srcset(sets["image/jpeg"])[-1][0]
    assert (img.get("width"), img.get("height")) == ("1600", "1200")


def test_exif_orientation_is_applied_and_gps_stripped(site: SiteFolder, tmp_path: Path, cache: Path):
    source = photo((1200, 800))
    source.paste((255, 0, 0), (0, 0, 100, 800))  # stored left edge: the top once rotated
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 31.0, 0.0)})
    source.save(site.root / "content/images/valve.jpg", exif=exif.tobytes(), quality=95)
    with Image.open(site.root / "content/images/valve.jpg") as check:
        assert check.getexif().get_ifd(0x8825)

    built = build(site, tmp_path / "out", cache)
    (img,) = main_picture(built).xpath(".//img")
    assert (img.get("width"), img.get("height")) == ("800", "1200")
    assert [width for _, width in srcset(img.get("srcset"))] == [320, 640, 800]
    for url in re.findall(r"/img/valve-800\.\w+\.\w+", built.file_for(PRODUCT).read_text()):
        with Image.open(built.file_for(url)) as image:
            assert image.size == (800, 1200)
            assert not image.getexif() and "exif" not in image.info
            red, green, blue = image.convert("RGB").getpixel((400, 30))
            assert red > 200 and green < 60 and blue < 60, url


def test_cmyk_and_icc_sources_become_srgb(site: SiteFolder, tmp_path: Path, cache: Path):
    Image.new("CMYK", (900, 600), (0, 255, 255, 0)).save(site.root / "content/images/valve.jpg")
    built = build(site, tmp_path / "out", cache)
    (img,) = main_picture(built).xpath(".//img")
    with Image.open(built.file_for(img.get("src"))) as image:
        assert image.mode == "RGB" and image.size == (900, 600)
        red, green, blue = image.getpixel((450, 300))
        assert red > 220 and green < 40 and blue < 40

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (900, 600), (200, 120, 40)).save(
        site.root / "content/images/valve.jpg", icc_profile=srgb, quality=95
    )
    built = build(site, tmp_path / "out2", cache)
    for source in main_picture(built).xpath(".//source"):
        with Image.open(built.file_for(srcset(source.get("srcset"))[-1][0])) as image:
            assert "icc_profile" not in image.info
            pixel = image.convert("RGB").getpixel((450, 300))
            assert all(abs(a - b) < 12 for a, b in zip(pixel, (200, 120, 40), strict=True))


def test_transparency_is_kept_with_a_png_fallback(built: BuiltSite):
    home = built.page(f"{ORIGIN}/")
    logo_url = home.xpath("string(//link[@rel='icon']/@href)")
    assert re.fullmatch(r"/img/logo-256\.[0-9a-f]{8}\.png", logo_url)
    stem = logo_url.rsplit("-", 1)[0]
    for path in built.root.glob(f"{stem.lstrip('/')}-256.*"):
        with Image.open(path) as image:
            assert image.mode == "RGBA", path.name
            assert image.getpixel((10, 10))[3] == 200


@pytest.mark.parametrize(
    ("mode", "has_alpha", "expected"),
    [
        ("LA", True, "RGBA"),
        ("P", True, "RGBA"),
        ("I;16", False, "RGB"),
        ("1", False, "RGB"),
        ("L", False, "RGB"),
    ],
)
def test_every_mode_decodes_to_rgb_or_rgba(mode: str, has_alpha: bool, expected: str):
    image = Image.new("RGBA", (40, 30), (250, 10, 10, 100)).convert(mode)
    if mode == "I;16":
        image = Image.new("I;16", (40, 30), 65535)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **({"transparency": 0} if mode == "P" else {}))
    decoded = decode(buffer.getvalue(), orientation=1, has_alpha=has_alpha)
    assert decoded.mode == expected and decoded.size == (40, 30) and decoded.info == {}
    if mode == "I;16":
        assert decoded.getpixel((0, 0)) == (255, 255, 255)


def test_picture_markup_is_responsive_and_only_the_first_image_is_eager(
    site: SiteFolder, tmp_path: Path, cache: Path
):
    photo((1000, 1000)).save(site.root / "content/images/side.jpg")
    site.replace(
        "content/products/ball-valve-dn50.yaml",
        "moq:",
        "  - src: images/side.jpg\n    alt: {en: Side view, ar: منظر جانبي}\nmoq:",
    )
    built = build(site, tmp_path / "out", cache)
    first, second = built.page(PRODUCT).xpath("//section[@class='gallery']/picture")
    for picture in (first, second):
        (img,) = picture.xpath(".//img")
        assert {source.get("sizes") for source in picture.xpath(".//source")} == {img.get("sizes")}
        assert img.get("sizes").startswith("(min-width:")
    eager = first.xpath(".//img")[0]
    assert eager.get("fetchpriority") == "high" and eager.get("loading") is None
    lazy = second.xpath(".//img")[0]
    assert (lazy.get("loading"), lazy.get("decoding"), lazy.get("fetchpriority")) == ("lazy", "async", None)
    assert [w for _, w in srcset(lazy.get("srcset"))] == [320, 640, 960, 1000]
    assert (lazy.get("width"), lazy.get("height")) == ("1000", "1000")
    related = built.page(f"{ORIGIN}/products/gate-valve-dn80/").xpath("//ul[@class='cards']//img")
    assert related and all(img.get("srcset") for img in related)
    # The gate valve has no photo of its own: the first related card's photo is its LCP.
    assert [img.get("loading") for img in related] == [None] + ["lazy"] * (len(related) - 1)


def test_the_first_image_of_every_page_loads_eagerly_when_the_first_items_have_no_photo(cables: BuiltSite):
    # The cable gland and the accessories have no photo: the first photo further down is the LCP.
    pages = cables.pages()
    for path in (
        "products/index.html",
        "products/cable-gland-m20/index.html",
        "he/kategoriot/cables/index.html",
        "zh-hans/chanpin/cable-gland-m20/index.html",
    ):
        assert pages[path].xpath("//main//img")[0].get("fetchpriority") == "high", path
    for path, page in pages.items():
        imgs = page.xpath("//main//img")
        assert not imgs or imgs[0].get("loading") != "lazy", path
        assert len(page.xpath("//main//img[@fetchpriority='high']")) <= 1, path
    gland = pages["products/cable-gland-m20/index.html"]
    assert gland.xpath("//div[contains(@class, 'product')]/@class") == ["product no-photo"]
    assert not gland.xpath("//section[@class='gallery']")


def test_a_product_without_photos_loads_its_first_video_poster_eagerly(
    site: SiteFolder, tmp_path: Path, cache: Path
):
    photo((800, 450)).save(site.root / "content/images/poster.jpg")
    site.replace(
        "content/products/gate-valve-dn80.yaml",
        "related: [BV-DN50]",
        "related: [BV-DN50]\n"
        "videos:\n"
        "  - {kind: vimeo, id: '76979871', title: {en: Gate valve test}, description: {en: Shell test},"
        " upload_date: 2026-05-11, duration: PT1M, poster: images/poster.jpg}",
    )
    built = build(site, tmp_path / "out", cache)
    page = built.page(f"{ORIGIN}/products/gate-valve-dn80/")
    first, *rest = page.xpath("//main//img")
    assert (
        "poster" in first.get("src") and first.get("fetchpriority") == "high" and first.get("loading") is None
    )
    assert rest and all(img.get("loading") == "lazy" for img in rest)  # the related cards


def test_each_language_of_a_product_page_has_its_social_card(built: BuiltSite):
    page = built.page(PRODUCT)
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.xpath("//head/meta")}
    assert re.fullmatch(rf"{ORIGIN}/img/ball-valve-dn50-card\.[0-9a-f]{{8}}\.jpg", meta["og:image"])
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["twitter:image"] == meta["og:image"]
    with Image.open(built.file_for(meta["og:image"])) as card:
        assert (card.format, card.size) == ("JPEG", (1200, 630)) and not card.getexif()
    arabic = built.page(f"{ORIGIN}/ar/products/ball-valve-dn50/")
    arabic_card = arabic.xpath("string(//meta[@property='og:image']/@content)")
    assert re.fullmatch(rf"{ORIGIN}/img/ball-valve-dn50-card\.[0-9a-f]{{8}}\.jpg", arabic_card)
    assert arabic_card != meta["og:image"]
    with Image.open(built.file_for(arabic_card)) as card:
        assert card.size == (1200, 630)
    without_photo = built.page(f"{ORIGIN}/products/gate-valve-dn80/")
    assert "gate-valve-dn80-card." in without_photo.xpath("string(//meta[@property='og:image']/@content)")
    home = built.page(f"{ORIGIN}/")
    assert "/img/logo-256." in home.xpath("string(//meta[@property='og:image']/@content)")


def test_card_text_the_font_cannot_show_falls_back_to_the_sku():
    dejavu_only = tuple(folder for folder in FONT_DIRS if folder.name == "dejavu")
    fonts, product = find_fonts(["zh-Hans"], dejavu_only), Image.new("RGB", (800, 600), (90, 90, 90))
    assert fonts is not None and fonts.missing == ("zh-Hans",) and "fonts-noto-cjk" in (fonts.notice() or "")
    cjk = draw_card(
        product, "两片式球阀 DN50", "BV-DN50", "Example Valves", "www.example.com", fonts, "zh-Hans"
    )
    sku = draw_card(product, "BV-DN50", "BV-DN50", "Example Valves", "www.example.com", fonts, "zh-Hans")
    latin = draw_card(product, "Two-piece ball valve", "BV-DN50", "Example Valves", "www.example.com", fonts)
    assert cjk.size == (1200, 630)
    assert cjk.tobytes() == sku.tobytes() != latin.tobytes()


def test_sitemap_lists_the_largest_rendition(built: BuiltSite):
    (img,) = main_picture(built).xpath(".//img")
    (entry,) = [e for e in built.sitemap_entries() if e.findtext(next(iter(e)).tag) == PRODUCT]
    assert entry.findtext(f"{IMAGE_NS}image/{IMAGE_NS}loc") == ORIGIN + img.get("src")
    assert "-1600." in img.get("src")


def test_warm_rebuild_decodes_nothing(site: SiteFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    cache = tmp_path / "cache"  # its own: the test deletes entries
    build(site, tmp_path / "cold", cache)
    assert any(cache.rglob("*.avif"))
    decodes = []
    original = ImageFile.ImageFile.load

    def counting_load(self):
        decodes.append(self.format)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    build(site, tmp_path / "warm", cache)
    assert decodes == []

    def digest(folder: Path) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (folder / "img").iterdir()}

    assert digest(tmp_path / "warm") == digest(tmp_path / "cold")

    for entry in cache.rglob("*.avif"):  # a partial cache must not change any output byte
        with Image.open(entry) as image:
            width = image.width
        if width == 640:
            entry.unlink()
    build(site, tmp_path / "partial", cache)
    assert decodes and digest(tmp_path / "partial") == digest(tmp_path / "cold")
    decodes.clear()

    site.replace("site.yaml", "currency: USD", "currency: USD\nimages: {quality: {avif: 40}}")
    build(site, tmp_path / "changed", cache)
    assert decodes, "new encoder settings must miss the cache"
    changed, cold = set(digest(tmp_path / "changed")), set(digest(tmp_path / "cold"))
    assert {n for n in changed if n.endswith(".jpg")} == {n for n in cold if n.endswith(".jpg")}
    assert not {n for n in changed if n.endswith(".avif")} & cold


def test_cache_dir_defaults_to_the_site_folder_and_is_configurable(site: SiteFolder, tmp_path: Path):
    runner = CliRunner()
    args = ["build", "--site", str(site.root), "--out", str(tmp_path / "out"), "--no-check", "-j", "1"]
    assert runner.invoke(main, args).exit_code == 0
    assert any((site.root / ".pseo-cache/images").rglob("*.webp"))
    result = runner.invoke(main, [*args, "--cache-dir", str(tmp_path / "elsewhere")])
    assert result.exit_code == 0, result.output
    assert any((tmp_path / "elsewhere").rglob("*.webp"))


def test_every_bad_image_is_reported_in_one_run(
    site: SiteFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "public"
    runner = CliRunner()
    args = ["build", "--site", str(site.root), "--out", str(out), "--no-check", "-j", "1"]
    assert runner.invoke(main, args).exit_code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    images = site.root / "content/images"
    (images / "empty.jpg").write_bytes(b"")
    (images / "corrupt.jpg").write_bytes(b"\xff\xd8 this is not really a JPEG" * 20)
    buffer = io.BytesIO()
    photo((800, 600)).save(buffer, "JPEG", quality=95)
    (images / "truncated.jpg").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    photo((60, 40)).save(images / "netpbm.jpg", "PPM")
    Image.new("L", (30_000, 1)).save(images / "wide.png")
    Image.new("L", (1500, 1500)).save(images / "bomb.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 2_000_000)
    names = ["empty.jpg", "corrupt.jpg", "truncated.jpg", "netpbm.jpg", "wide.png", "bomb.png"]
    listing = "".join(f"  - src: images/{name}\n    alt: {{en: Bad, ar: سيئ}}\n" for name in names)
    site.replace("content/products/ball-valve-dn50.yaml", "moq:", listing + "moq:")

    result = runner.invoke(main, args)
    assert result.exit_code == 1, result.output
    expected = {
        "empty.jpg": "empty file (0 bytes)",
        "corrupt.jpg": "not an image file in a format Pillow can read",
        "truncated.jpg": "corrupt or truncated image:",
        "netpbm.jpg": "unsupported image format PPM",
        "wide.png": "absurd dimensions 30000×1 px (at most 20000 px on a side)",
        "bomb.png": "refused as a possible decompression bomb:",
    }
    lines = result.output.splitlines()
    for name, message in expected.items():
        assert any(line.startswith(f"content/images/{name}:1:1: {message}") for line in lines), name
    assert "6 errors" in result.output
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not [p for p in out.parent.iterdir() if ".pseo-" in p.name]
