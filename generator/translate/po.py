"""Export the texts a language lacks as a PO catalog, for translators' tools.

Each message is one text: msgid is the default language's text, msgctxt says where it
belongs (`content/products/x.yaml::specs[0].name`), and the reference comment points at
the line, so a translator sees the text in its file."""

from __future__ import annotations

from typing import IO

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from ..load.source import parse_yaml, split_front_matter
from .gaps import LanguageStatus, SiteTexts

PAGE_FIELDS = ("title", "description", "body")
"""What a page translation file holds: its front matter texts and its Markdown body."""


def context(path: str, field: str) -> str:
    return f"{path}::{field}"


def export_catalog(texts: SiteTexts, status: LanguageStatus, root_text: dict[str, str]) -> Catalog:
    """A catalog of every text `status.lang` lacks; `root_text` holds each missing page's
    default-language file, by path."""
    catalog = Catalog(locale=Locale.parse(status.lang, sep="-"), project=texts.site_name, fuzzy=False)
    for gap in status.missing:
        catalog.add(gap.source, locations=[(gap.path, gap.line)], context=context(gap.path, gap.field))
    for gap in status.missing_pages:
        for field, text, line in page_texts(gap.path, root_text[gap.path]):
            catalog.add(text, locations=[(gap.path, line)], context=context(gap.path, field))
    return catalog


def page_texts(path: str, text: str) -> list[tuple[str, str, int]]:
    """(field, text, line) of a page's title, description and body; none when the file
    does not read (the build reports why)."""
    split = split_front_matter(text.replace("\r\n", "\n"), path)
    if not isinstance(split, tuple):
        return []
    front_matter, body, offset = split
    document, errors = parse_yaml(front_matter, path, line_offset=offset)
    if errors or not isinstance(document.data, dict):
        return []
    found = []
    for field in ("title", "description"):
        if isinstance(document.data.get(field), str):
            found.append((field, document.data[field], document.position((field,))[0]))
    if body.strip():
        found.append(("body", body, front_matter.count("\n") + offset + 2))
    return found


def write_catalog(catalog: Catalog, out: IO[bytes]) -> None:
    write_po(out, catalog, width=0, sort_output=False)
