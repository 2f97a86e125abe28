"""Export the texts a language lacks or has outdated as a PO catalog, for translators' tools.

Each message is one text: msgid is the default language's text, msgctxt says where it
belongs (`content/products/x.yaml::specs[0].name`), and the reference comment points at
the line, so a translator sees the text in its file. A translation made from an earlier
source text comes as gettext's msgmerge gives it: fuzzy, the old translation in msgstr,
so tools show it as a draft to revise and the import skips it until it is confirmed."""

from __future__ import annotations

from typing import IO

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from .gaps import LanguageStatus, SiteTexts, message_context, page_texts

OUTDATED_NOTE = "The source text changed since this translation was imported: revise it."


def export_catalog(texts: SiteTexts, status: LanguageStatus, root_text: dict[str, str]) -> Catalog:
    """A catalog of every text `status.lang` lacks or has outdated; `root_text` holds each
    missing page's default-language file, by path."""
    catalog = Catalog(locale=Locale.parse(status.lang, sep="-"), project=texts.site_name, fuzzy=False)
    for gap in status.missing:
        catalog.add(
            gap.source, locations=[(gap.path, gap.line)], context=message_context(gap.path, gap.field)
        )
    for gap in status.missing_pages:
        for field, text, line in page_texts(gap.path, root_text[gap.path]):
            catalog.add(text, locations=[(gap.path, line)], context=message_context(gap.path, field))
    for gap in status.outdated:
        catalog.add(
            gap.source,
            gap.translation,
            locations=[(gap.path, gap.line)],
            flags=["fuzzy"],
            auto_comments=[OUTDATED_NOTE],
            context=message_context(gap.path, gap.field),
        )
    return catalog


def write_catalog(catalog: Catalog, out: IO[bytes]) -> None:
    write_po(out, catalog, width=0, sort_output=False)
