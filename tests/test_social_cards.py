"""Social cards per script: an Arabic, Chinese, Thai and Hindi card draws every character
of its title with a real glyph (none is the font's .notdef box), Arabic letters are
shaped into their joined forms, right-to-left cards are set from the right, and the
second catalog's Chinese and Hebrew pages point at cards of their own."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import html
from PIL import Image, ImageFont, ImageOps

from generator.cli import main
from generator.images import cards as cards_module
from generator.images import fonts as fonts_module
from generator.images.cards import TEXT_LEFT, TEXT_RIGHT, draw_card, words
from generator.images.fonts import find_fonts

CABLES = Path(__file__).parent / "fixtures" / "cable-catalog"
TITLES = {
    "ar": "صمام كروي من قطعتين DN50",
    "zh-Hans": "两片式不锈钢球阀 DN50",
    "th": "วาล์วบอลสแตนเลสสองชิ้น DN50",
    "hi": "दो-टुकड़ा स्टेनलेस स्टील बॉल वाल्व DN50",
}
PHOTO = Image.new("RGB", (800, 600), (90, 90, 90))

fonts = find_fonts(list(TITLES))
needs_noto = pytest.mark.skipif(
    fonts is None or bool(fonts.missing) or "latin" not in fonts.scripts,
    reason="Noto fonts (fonts-noto-core, fonts-noto-cjk) not installed",
)


def build(site: Path, out: Path) -> Result:
    return CliRunner().invoke(main, ["build", "--site", str(site), "--out", str(out), "--no-check"])


def notdef(font: ImageFont.FreeTypeFont) -> bytes:
    mask = font.getmask("\U0010fffd")
    return bytes(mask.size) + bytes(mask)


@needs_noto
@pytest.mark.parametrize("lang", list(TITLES))
def test_every_character_of_a_title_has_a_glyph(lang: str):
    title_words = words(TITLES[lang], fonts, lang, True, 60)
    assert title_words is not None
    for word in title_words:
        missing = notdef(word.font)
        for char in word.text:
            if unicodedata.category(char)[0] in "LNPS":
                mask = word.font.getmask(char)
                assert bytes(mask.size) + bytes(mask) != missing, f"{lang}: no glyph for {char!r}"
    # The title is drawn, not the SKU fallback.
    card = draw_card(PHOTO, TITLES[lang], "BV-DN50", "Valvco", "www.example.com", fonts, lang)
    fallback = draw_card(PHOTO, "BV-DN50", "BV-DN50", "Valvco", "www.example.com", fonts, lang)
    assert card.size == (1200, 630) and card.tobytes() != fallback.tobytes()


@needs_noto
def test_arabic_letters_are_joined():
    (word, *_) = words("قطعتين", fonts, "ar", True, 60) or []
    assert word.rtl and word.language == "ar"
    assert word.font.layout_engine == ImageFont.Layout.RAQM
    joined = word.font.getlength(word.text, direction="rtl", language="ar")
    isolated = sum(word.font.getlength(char, direction="rtl", language="ar") for char in word.text)
    assert abs(joined - isolated) > 5, (joined, isolated)


def ink_columns(card: Image.Image, top: int, bottom: int) -> tuple[int, int]:
    text = card.crop((TEXT_LEFT - 40, top, TEXT_RIGHT + 40, bottom)).convert("L")
    box = ImageOps.invert(text).point(lambda value: 255 if value > 127 else 0).getbbox()
    assert box is not None
    return TEXT_LEFT - 40 + box[0], TEXT_LEFT - 40 + box[2] - 1


@needs_noto
def test_a_right_to_left_card_is_set_from_the_right_edge():
    arabic = draw_card(PHOTO, "صمام", "BV", "Valvco", "x.example", fonts, "ar")
    chinese = draw_card(PHOTO, "球阀", "BV", "Valvco", "x.example", fonts, "zh-Hans")
    left, right = ink_columns(arabic, 160, 240)
    assert right > TEXT_RIGHT - 10 and left > TEXT_LEFT + 200
    left, right = ink_columns(chinese, 160, 240)
    assert left < TEXT_LEFT + 10 and right < TEXT_RIGHT - 200


def test_a_machine_without_the_script_font_falls_back_and_says_so(tmp_path: Path, monkeypatch):
    dejavu = tmp_path / "dejavu"
    dejavu.mkdir()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        source = Path("/usr/share/fonts/truetype/dejavu") / name
        if not source.is_file():
            pytest.skip("DejaVu Sans not installed")
        shutil.copy(source, dejavu / name)
    monkeypatch.setattr(fonts_module, "FONT_DIRS", (dejavu,))
    monkeypatch.setattr(cards_module, "_FONTS", {})
    site = tmp_path / "site"
    shutil.copytree(CABLES, site)
    result = build(site, tmp_path / "out")
    assert result.exit_code == 0, result.output
    notices = [line for line in result.output.splitlines() if line.startswith("Social cards:")]
    assert len(notices) == 1 and "zh-Hans" in notices[0] and "hebrew" in notices[0]
    assert "fonts-noto-cjk" in notices[0]


@needs_noto
def test_the_second_catalog_gets_a_card_per_language(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(CABLES, site)
    result = build(site, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Social cards:" not in result.output
    out = tmp_path / "out"
    found = {}
    for lang, prefix in (("en", ""), ("zh-Hans", "zh-hans/"), ("he", "he/")):
        page = out / prefix / "products" / "bare-copper-wire-2-5" / "index.html"
        if not page.is_file():
            page = next(out.glob(f"{prefix}**/bare-copper-wire-2-5/index.html"))
        tree = html.parse(str(page)).getroot()
        url = tree.xpath("string(//meta[@property='og:image']/@content)")
        assert url.startswith("https://cables.example.org/img/bare-copper-wire-2-5-card."), url
        found[lang] = url
        with Image.open(out / url.removeprefix("https://cables.example.org/")) as card:
            assert card.size == (1200, 630)
    assert len(set(found.values())) == 3
