"""Social cards: the 1200 x 630 px Open Graph image of a product page.

A share preview is read at thumbnail size in a chat or feed, so the card shows the
product photo large and the product name big, with the brand and the site's host
as the only other text.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

CARD_SIZE = (1200, 630)
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
"""Where Debian's fonts-dejavu-core installs DejaVu Sans."""

PHOTO_BOX = (630, 630)
TEXT_LEFT, TEXT_RIGHT = 690, 1140
INK, MUTED, ACCENT, PANEL = (17, 24, 39), (75, 85, 99), (11, 92, 173), (243, 244, 246)
TITLE_SIZES = (60, 52, 44, 38, 32)
TITLE_MAX_LINES = 5


@dataclass(frozen=True)
class FontFaces:
    """The card fonts as bytes: found once by the build and sent to the workers, so a
    card looks the same whichever machine draws it."""

    bold: bytes
    regular: bytes
    fingerprint: str
    """Hash of both files: part of each card's cache key, so a font update re-renders the cards."""


def find_fonts() -> FontFaces | None:
    """DejaVu Sans when installed; None makes cards use Pillow's built-in font."""
    for folder in FONT_DIRS:
        bold, regular = folder / "DejaVuSans-Bold.ttf", folder / "DejaVuSans.ttf"
        if bold.is_file() and regular.is_file():
            faces = bold.read_bytes(), regular.read_bytes()
            return FontFaces(*faces, hashlib.sha256(b"".join(faces)).hexdigest()[:16])
    return None


def draw_card(
    photo: Image.Image, title: str, fallback_title: str, brand: str, footer: str, fonts: FontFaces | None
) -> Image.Image:
    """Photo on a light panel at the left, text at the right. Text the font cannot show
    (a CJK name with DejaVu) gives way to `fallback_title` rather than to empty boxes."""
    card = Image.new("RGB", CARD_SIZE, "white")
    card.paste(PANEL, (0, 0, *PHOTO_BOX))
    fitted = ImageOps.contain(photo, (PHOTO_BOX[0] - 60, PHOTO_BOX[1] - 60), Image.Resampling.LANCZOS)
    offset = ((PHOTO_BOX[0] - fitted.width) // 2, (PHOTO_BOX[1] - fitted.height) // 2)
    card.paste(fitted, offset, fitted if fitted.mode == "RGBA" else None)

    draw = ImageDraw.Draw(card)
    width = TEXT_RIGHT - TEXT_LEFT
    brand_font = _font(fonts, False, 30)
    if _renderable(brand_font, brand):
        draw.text((TEXT_LEFT, 70), _fit_line(draw, brand, brand_font, width), font=brand_font, fill=MUTED)
    draw.rectangle((TEXT_LEFT, 124, TEXT_LEFT + 84, 130), fill=ACCENT)

    if not _renderable(_font(fonts, True, TITLE_SIZES[0]), title):
        title = fallback_title
    for size in TITLE_SIZES:
        title_font = _font(fonts, True, size)
        lines = wrap(draw, title, title_font, width)
        if len(lines) <= TITLE_MAX_LINES or size == TITLE_SIZES[-1]:
            line_height = round(size * 1.22)
            for index, line in enumerate(lines[:TITLE_MAX_LINES]):
                draw.text((TEXT_LEFT, 165 + index * line_height), line, font=title_font, fill=INK)
            break

    footer_font = _font(fonts, False, 26)
    draw.text((TEXT_LEFT, 540), _fit_line(draw, footer, footer_font, width), font=footer_font, fill=MUTED)
    return card


def wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to `width` px; a word longer than a line is cut to fit."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = _fit_line(draw, word, font, width)
    if current:
        lines.append(current)
    return lines


def _fit_line(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"


def _font(fonts: FontFaces | None, bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """Each face and size loaded once per process."""
    key = (fonts.fingerprint if fonts else None, bold, size)
    if key not in _FONTS:
        if fonts is None:
            _FONTS[key] = ImageFont.load_default(size)  # type: ignore[assignment]
        else:
            _FONTS[key] = ImageFont.truetype(io.BytesIO(fonts.bold if bold else fonts.regular), size)
    return _FONTS[key]


_FONTS: dict[tuple[str | None, bool, int], ImageFont.FreeTypeFont] = {}


def _renderable(font: ImageFont.FreeTypeFont, text: str) -> bool:
    """False when the font lacks a glyph of `text` (e.g. CJK in DejaVu): every missing
    glyph draws the same .notdef box, so compare each character against it."""
    missing = _glyph(font, "\U0010fffd")
    return all(_glyph(font, char) != missing for char in set(text) if not char.isspace())


def _glyph(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    left, top, right, bottom = font.getbbox(char)
    image = Image.new("L", (max(1, right - left), max(1, bottom - top)))
    ImageDraw.Draw(image).text((-left, -top), char, font=font, fill=255)
    return bytes(image.size) + image.tobytes()
