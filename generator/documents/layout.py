"""Drawing a datasheet or catalog (A4) with fpdf2: plain content in, PDF bytes out.

Text is shaped by HarfBuzz (Arabic letters join, CJK and Devanagari use their fonts'
rules) and laid out by the Unicode bidi algorithm; right-to-left documents mirror the
layout: labels at the right, text set from the right edge. Each language's script font
comes first and Noto Sans follows it for the Latin SKUs and units non-Latin text carries.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.outline import OutlineSection

from ..images.fonts import FontFaces
from .content import Entry, Rows, Sheet, ltr

INK, MUTED, ACCENT, RULE = (17, 24, 39), (75, 85, 99), (11, 92, 173), (209, 213, 219)
MARGIN = 16
LINE = 5.2
LABEL_SHARE = 0.42
"""Share of a two-column table's width the labels take."""
PHOTO = 62
THUMB = 34
LOGO = 40
LATIN = "latin"
"""The family of Noto Sans (see `images.fonts.SCRIPT_FACES`)."""
NUMBER = 12
"""Width of the page numbers in the contents."""
TOC_LINES = 32
"""Contents lines a page holds."""


class Document(FPDF):
    """An A4 page with the site's name, the page URL and the page number at the foot."""

    def __init__(self, sheet: Sheet, fonts: FontFaces) -> None:
        super().__init__(format="A4", unit="mm")
        self.sheet = sheet
        self.families = _add_fonts(self, fonts, sheet.lang)
        """Font families, the language's script first: the first is the text's, the others its fallbacks."""
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, MARGIN + 8)
        self.align = "R" if sheet.rtl else "L"

    def footer(self) -> None:
        self.set_y(-MARGIN)
        self.style(7.5, MUTED)
        url = ltr(self.sheet.url, self.sheet.rtl)
        self.cell(0, 4, f"{self.sheet.site_name} · {url}", align=self.align, link=self.sheet.url)
        self.set_x(MARGIN)
        self.number_style(7.5, MUTED)
        self.cell(0, 4, str(self.page_no()), align="L" if self.sheet.rtl else "R")

    def style(self, size: float, color: tuple[int, int, int] = INK, bold: bool = False) -> None:
        self.set_font(self.families[0], "B" if bold else "", size)
        self.set_text_color(*color)

    def number_style(self, size: float, color: tuple[int, int, int] = INK) -> None:
        """Page numbers in the Latin face: fpdf2 may pick a wrong glyph for a lone digit set
        in a script font (Arabic) whose other text went to the fallback."""
        self.set_font(LATIN if LATIN in self.families else self.families[0], "", size)
        self.set_text_color(*color)

    def paragraph(
        self, text: str, size: float, color: tuple[int, int, int] = INK, bold: bool = False
    ) -> None:
        self.style(size, color, bold)
        self.set_x(MARGIN)
        self.multi_cell(0, size * 0.5, text, align=self.align, new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str) -> None:
        self.ln(4)
        self.paragraph(text, 12, ACCENT, bold=True)
        self.set_draw_color(*ACCENT)
        self.line(MARGIN, self.get_y() + 0.8, self.w - MARGIN, self.get_y() + 0.8)
        self.ln(2.5)

    def rows(self, rows: Rows, left: float, width: float) -> None:
        """A two-column table of (label, value); a row without label spans both columns."""
        label_width = width * LABEL_SHARE
        for label, value in rows:
            self.style(9, MUTED, bold=True)
            label_height = self.multi_cell(label_width, LINE, label, dry_run=True, output="HEIGHT")
            self.style(9.5)
            value_width = width - label_width if label else width
            value_height = self.multi_cell(value_width, LINE, value, dry_run=True, output="HEIGHT")
            height = max(label_height, value_height) + 1.6
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
            top = self.get_y() + 0.8
            value_left = left if self.sheet.rtl or not label else left + label_width
            if label:
                self.style(9, MUTED, bold=True)
                label_left = left + width - label_width if self.sheet.rtl else left
                self.set_xy(label_left, top)
                self.multi_cell(label_width, LINE, label, align=self.align)
            self.style(9.5)
            self.set_xy(value_left, top)
            self.multi_cell(value_width, LINE, value, align=self.align)
            self.set_draw_color(*RULE)
            self.line(left, top + height - 0.8, left + width, top + height - 0.8)
            self.set_xy(left, top + height - 0.8)

    def photo(self, data: bytes, size: tuple[int, int], box: float, top: float, left: float) -> float:
        """Draw an image fitted into a square `box` at (`left`, `top`); return its height."""
        scale = box / max(size)
        width, height = size[0] * scale, size[1] * scale
        self.image(io.BytesIO(data), x=left + (box - width) / 2, y=top, w=width, h=height)
        return height


def draw(sheet: Sheet, images: dict[str, bytes], fonts: FontFaces) -> bytes:
    """The PDF of `sheet`; `images` holds the bytes of its renditions by key."""
    pdf = Document(sheet, fonts)
    pdf.set_fallback_fonts(pdf.families[1:])
    pdf.set_text_shaping(True)
    pdf.set_lang(sheet.lang)
    pdf.set_title(f"{sheet.title} – {sheet.subtitle}")
    pdf.set_author(sheet.site_name)
    pdf.set_creator(sheet.site_name)
    modified = sheet.modified
    pdf.set_creation_date(datetime(modified.year, modified.month, modified.day, tzinfo=UTC))
    if sheet.kind == "datasheet":
        _datasheet(pdf, sheet, images)
    else:
        _catalog(pdf, sheet, images)
    return bytes(pdf.output())


def _title(pdf: Document, sheet: Sheet) -> None:
    pdf.paragraph(sheet.site_name, 9, MUTED)
    pdf.ln(1)
    pdf.paragraph(sheet.title, 20, INK, bold=True)
    pdf.paragraph(sheet.subtitle, 12, ACCENT)
    pdf.ln(3)


def _datasheet(pdf: Document, sheet: Sheet, images: dict[str, bytes]) -> None:
    pdf.add_page()
    _title(pdf, sheet)
    top, width = pdf.get_y(), pdf.w - 2 * MARGIN
    facts_width, photo_height = width, 0.0
    if sheet.image is not None and sheet.image.key in images:
        image = sheet.image
        left = MARGIN if sheet.rtl else pdf.w - MARGIN - PHOTO
        photo_height = pdf.photo(images[image.key], (image.width, image.height), PHOTO, top, left)
        facts_width = width - PHOTO - 6
    pdf.set_y(top)
    pdf.rows(sheet.facts, pdf.w - MARGIN - facts_width if sheet.rtl else MARGIN, facts_width)
    pdf.set_y(max(pdf.get_y(), top + photo_height))
    if sheet.specs:
        pdf.heading(sheet.labels["specs"])
        pdf.rows(sheet.specs, MARGIN, width)
    pdf.heading(sheet.labels["prices"])
    pdf.rows(sheet.prices, MARGIN, width)
    pdf.ln(1.5)
    pdf.paragraph(sheet.price_note, 8.5, MUTED)
    _contact(pdf, sheet)


def _contact(pdf: Document, sheet: Sheet) -> None:
    pdf.heading(sheet.labels["contact"])
    pdf.rows(sheet.contact, MARGIN, pdf.w - 2 * MARGIN)
    pdf.ln(2)
    pdf.style(9.5, ACCENT)
    pdf.set_x(MARGIN)
    line = f"{sheet.labels['quote']}: {ltr(sheet.url, sheet.rtl)}"
    pdf.multi_cell(0, LINE, line, align=pdf.align, link=sheet.url)


def _catalog(pdf: Document, sheet: Sheet, images: dict[str, bytes]) -> None:
    pdf.add_page()
    logo = sheet.image
    if logo is not None and logo.key in images:
        left = pdf.w - MARGIN - LOGO if sheet.rtl else MARGIN
        pdf.photo(images[logo.key], (logo.width, logo.height), LOGO, MARGIN + 20, left)
    pdf.set_y(MARGIN + 70)
    _title(pdf, sheet)
    _contact(pdf, sheet)
    pdf.add_page()
    pdf.insert_toc_placeholder(_contents(sheet), pages=len(sheet.sections) // TOC_LINES + 1)
    for number, section in enumerate(sheet.sections):
        if number and (section.level == 0 or pdf.get_y() > pdf.h / 2):
            pdf.add_page()
        pdf.start_section(section.title, section.level)
        pdf.heading(section.title)
        for entry in section.entries:
            _entry(pdf, sheet, entry, images)


def _contents(sheet: Sheet) -> Callable[[FPDF, list[OutlineSection]], None]:
    """The table of contents drawer fpdf2 calls once every section's page is known."""

    def render(pdf: FPDF, outline: list[OutlineSection]) -> None:
        assert isinstance(pdf, Document)
        pdf.heading(sheet.labels["contents"])
        width = pdf.w - 2 * MARGIN
        for section in outline:
            link = pdf.add_link(page=section.page_number)
            indent = 8 * section.level
            pdf.style(10.5, INK, bold=section.level == 0)
            top = pdf.get_y()
            # The page number at the end of the line: the left edge in a right-to-left document.
            pdf.set_xy(MARGIN + (NUMBER if sheet.rtl else indent), top)
            pdf.cell(width - indent - NUMBER, 7, section.name, align=pdf.align, link=link)
            pdf.set_xy(MARGIN if sheet.rtl else pdf.w - MARGIN - NUMBER, top)
            pdf.number_style(10.5)
            pdf.cell(NUMBER, 7, str(section.page_number), align="L" if sheet.rtl else "R", link=link)
            pdf.set_xy(MARGIN, top + 7)

    return render


def _entry(pdf: Document, sheet: Sheet, entry: Entry, images: dict[str, bytes]) -> None:
    """One product: thumbnail at the start side, name, SKU and key facts beside it."""
    needed = max(THUMB, 12 + LINE * len(entry.facts)) + 4
    if pdf.get_y() + needed > pdf.page_break_trigger:
        pdf.add_page()
    top, width = pdf.get_y() + 2, pdf.w - 2 * MARGIN - THUMB - 5
    if entry.image is not None and entry.image.key in images:
        left = pdf.w - MARGIN - THUMB if sheet.rtl else MARGIN
        pdf.photo(images[entry.image.key], (entry.image.width, entry.image.height), THUMB, top, left)
    text_left = MARGIN if sheet.rtl else MARGIN + THUMB + 5
    pdf.set_xy(text_left, top)
    pdf.style(11, INK, bold=True)
    pdf.multi_cell(width, 5.5, entry.name, align=pdf.align, new_x="LEFT", new_y="NEXT")
    pdf.style(8.5, MUTED)
    pdf.multi_cell(width, 4.5, f"SKU {entry.sku}", align=pdf.align, new_x="LEFT", new_y="NEXT")
    pdf.rows(entry.facts, text_left, width)
    pdf.set_y(max(pdf.get_y(), top + THUMB) + 3)


def _add_fonts(pdf: FPDF, fonts: FontFaces, lang: str) -> list[str]:
    """Register the script fonts of `lang`, best first."""
    files = font_files(fonts)
    families = []
    chain = fonts.chain(lang)
    scripts = {script for script, _, _ in chain}
    for script, bold, regular in chain:
        if script == "dejavu" and "latin" in scripts:  # the last resort only: each font costs time
            continue
        pdf.add_font(script, "", files[regular[0]], collection_font_number=regular[1])
        pdf.add_font(script, "B", files[bold[0]], collection_font_number=bold[1])
        families.append(script)
    return families


def font_files(fonts: FontFaces) -> dict[str, Path]:
    """The fonts as files (fpdf2 reads fonts from paths): written once per machine into the
    temporary folder, named by their hash, so a worker never trusts a stale file."""
    folder = Path(tempfile.gettempdir()) / "pseo-fonts"
    folder.mkdir(exist_ok=True)
    paths = {}
    for name, data in fonts.files.items():
        path = folder / f"{fonts.digests[name][:16]}-{name}"
        if not path.is_file():
            temporary = path.with_name(f".{path.name}.{id(data)}.tmp")
            temporary.write_bytes(data)
            temporary.replace(path)
        paths[name] = path
    return paths
