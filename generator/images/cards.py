"""Social cards: the 1200 x 630 px Open Graph image of a product page, one per language.

A share preview is read at thumbnail size in a chat or feed, so the card shows the
product photo large and the product name big, with the brand and the site's host
as the only other text. The text is shaped by libraqm (Arabic letters join, Devanagari
and Thai marks stack) in the font of its language's script (see fonts.py); right-to-left
cards are set from the right edge.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from .fonts import RTL_SCRIPTS, Face, FontFaces, script_of

CARD_SIZE = (1200, 630)
PHOTO_BOX = (630, 630)
TEXT_LEFT, TEXT_RIGHT = 690, 1140
INK, MUTED, ACCENT, PANEL = (17, 24, 39), (75, 85, 99), (11, 92, 173), (243, 244, 246)
TITLE_SIZES = (60, 52, 44, 38, 32)
TITLE_MAX_LINES = 5
Ink = tuple[int, int, int]
RAQM = features.check("raqm")
"""Complex shaping needs libraqm; without it Pillow's basic layout draws unjoined letters."""


@dataclass(frozen=True)
class Word:
    """A word with the font that has all its glyphs, drawn in its own direction."""

    text: str
    font: ImageFont.FreeTypeFont
    rtl: bool
    language: str | None


def draw_card(
    photo: Image.Image,
    title: str,
    fallback_title: str,
    brand: str,
    footer: str,
    fonts: FontFaces | None,
    lang: str = "en",
) -> Image.Image:
    """Photo on a light panel at the left, text at the right. Text no font can show
    gives way to `fallback_title` (the SKU) rather than to empty boxes."""
    card = Image.new("RGB", CARD_SIZE, "white")
    card.paste(PANEL, (0, 0, *PHOTO_BOX))
    fitted = ImageOps.contain(photo, (PHOTO_BOX[0] - 60, PHOTO_BOX[1] - 60), Image.Resampling.LANCZOS)
    offset = ((PHOTO_BOX[0] - fitted.width) // 2, (PHOTO_BOX[1] - fitted.height) // 2)
    card.paste(fitted, offset, fitted if fitted.mode == "RGBA" else None)

    draw = ImageDraw.Draw(card)
    width = TEXT_RIGHT - TEXT_LEFT
    rtl = script_of(lang) in RTL_SCRIPTS
    brand_words = words(brand, fonts, lang, False, 30)
    for line in wrap(draw, brand_words or [], width, 1):
        draw_line(draw, line, 70, rtl, MUTED)
    bar_left = TEXT_RIGHT - 84 if rtl else TEXT_LEFT
    draw.rectangle((bar_left, 124, bar_left + 84, 130), fill=ACCENT)

    for size in TITLE_SIZES:
        title_words = words(title, fonts, lang, True, size) or words(fallback_title, fonts, lang, True, size)
        last = size == TITLE_SIZES[-1]  # the smallest size cuts what does not fit with "…"
        lines = wrap(draw, title_words or [], width, TITLE_MAX_LINES if last else TITLE_MAX_LINES + 1)
        if len(lines) <= TITLE_MAX_LINES:
            line_height = round(size * 1.22)
            for index, line in enumerate(lines):
                draw_line(draw, line, 165 + index * line_height, rtl, INK)
            break

    footer_words = words(footer, fonts, "en", False, 26)
    for line in wrap(draw, footer_words or [], width, 1):
        draw_line(draw, line, 540, False, MUTED)
    return card


def words(text: str, fonts: FontFaces | None, lang: str, bold: bool, size: int) -> list[Word] | None:
    """`text` split at spaces, each word in the first font of `lang`'s chain that has all
    its glyphs; None when a word has none (a CJK name on a machine with only DejaVu)."""
    result = []
    for part in text.split():
        word = _in_a_font(part, fonts, lang, bold, size)
        if word is None:
            return None
        result.append(word)
    return result


def _in_a_font(text: str, fonts: FontFaces | None, lang: str, bold: bool, size: int) -> Word | None:
    rtl = any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)
    if fonts is None:
        font = _font(None, None, size)
        return Word(text, font, False, None) if renderable(font, text) else None
    for script, bold_face, regular_face in fonts.chain(lang):
        font = _font(fonts, bold_face if bold else regular_face, size)
        if renderable(font, text):
            return Word(text, font, rtl, lang if script == script_of(lang) else None)
    return None


def wrap(draw: ImageDraw.ImageDraw, line_words: list[Word], width: int, max_lines: int) -> list[list[Word]]:
    """Greedy wrap to `width` px, at most `max_lines` lines (the last one cut with "…").
    A word longer than a line (a CJK or Thai name has no spaces) breaks between characters."""
    lines: list[list[Word]] = [[]]
    for piece in (piece for word in line_words for piece in _pieces(draw, word, width)):
        if lines[-1] and line_width(draw, [*lines[-1], piece]) > width:
            if len(lines) > max_lines:  # the rest is cut anyway: a very long name stays fast
                break
            lines.append([])
        lines[-1].append(piece)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        *kept, last = lines[-1]
        text = last.text
        while text and line_width(draw, [*kept, replace(last, text=text + "…")]) > width:
            text = text[:-1]
        lines[-1] = [*kept, replace(last, text=text + "…")]
    return [line for line in lines if line]


def _pieces(draw: ImageDraw.ImageDraw, word: Word, width: int) -> Iterator[Word]:
    """The word in pieces no wider than `width`, one at a time (the wrap may stop early)."""
    current = ""
    for char in word.text:
        # Never split a base letter from its combining marks (Thai vowels, Devanagari matras).
        fits = _length(draw, replace(word, text=current + char)) <= width
        if current and not fits and not unicodedata.combining(char) and unicodedata.category(char) != "Mc":
            yield replace(word, text=current)
            current = ""
        current += char
    yield replace(word, text=current)


def line_width(draw: ImageDraw.ImageDraw, line: list[Word]) -> float:
    space = sum(_length(draw, Word(" ", w.font, False, None)) for w in line[1:])
    return sum(_length(draw, word) for word in line) + space


def draw_line(draw: ImageDraw.ImageDraw, line: list[Word], top: int, rtl: bool, fill: Ink) -> None:
    """Draw `line` in visual order: runs of one direction keep their word order in that
    direction, and the runs follow the paragraph's (a simple case of the Unicode bidi rule)."""
    runs: list[list[Word]] = []
    for word in line:
        if runs and runs[-1][0].rtl == word.rtl:
            runs[-1].append(word)
        else:
            runs.append([word])
    ordered = [w for run in (runs[::-1] if rtl else runs) for w in (run[::-1] if run[0].rtl else run)]
    x = TEXT_RIGHT - line_width(draw, line) if rtl else TEXT_LEFT
    # One baseline for the line: fonts of different scripts have different ascenders.
    baseline = top + max(getattr(word.font, "size", 0) for word in line)
    for word in ordered:
        draw.text((x, baseline), word.text, font=word.font, fill=fill, anchor="ls", **_shaping(word))
        x += _length(draw, word) + _length(draw, Word(" ", word.font, False, None))


def _shaping(word: Word) -> dict[str, str]:
    if not RAQM or not isinstance(word.font, ImageFont.FreeTypeFont):
        return {}
    options = {"direction": "rtl" if word.rtl else "ltr"}
    if word.language:
        options["language"] = word.language
    return options


def _length(draw: ImageDraw.ImageDraw, word: Word) -> float:
    return draw.textlength(word.text, font=word.font, **_shaping(word))


def _font(fonts: FontFaces | None, face: Face | None, size: int) -> ImageFont.FreeTypeFont:
    """Each face and size loaded once per process."""
    key = (fonts.digests[face[0]] if fonts and face else None, face, size)
    if key not in _FONTS:
        if fonts is None or face is None:
            _FONTS[key] = ImageFont.load_default(size)  # type: ignore[assignment]
        else:
            layout = ImageFont.Layout.RAQM if RAQM else ImageFont.Layout.BASIC
            data = io.BytesIO(fonts.files[face[0]])
            _FONTS[key] = ImageFont.truetype(data, size, index=face[1], layout_engine=layout)
    return _FONTS[key]


_FONTS: dict[tuple[str | None, Face | None, int], ImageFont.FreeTypeFont] = {}


def renderable(font: ImageFont.FreeTypeFont, text: str) -> bool:
    """False when the font lacks a glyph of `text`: every missing glyph draws the same
    .notdef box, so compare each character's mask against it."""
    missing = _glyph(font, "\U0010fffd")
    return all(_glyph(font, char) != missing for char in set(text) if unicodedata.category(char)[0] in "LNPS")


def _glyph(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    key = (id(font), char)  # fonts live as long as the process (_FONTS)
    if key not in _GLYPHS:
        mask = font.getmask(char)
        _GLYPHS[key] = bytes(mask.size) + bytes(mask)
    return _GLYPHS[key]


_GLYPHS: dict[tuple[int, str], bytes] = {}
