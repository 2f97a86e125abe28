"""The exported texts as XLIFF 1.2, and translated XLIFF read back as a catalog.

XLIFF 1.2, not 2.x: it is the version every translation tool reads and writes back
unchanged (Crowdin, Weblate through translate-toolkit, memoQ, Trados, Phrase), while
2.x support is still partial in several of them. The content is the PO export's: one
`<file>` per content file, one `<trans-unit>` per text, its id the PO msgctxt
(`content/products/x.yaml::specs[0].name`), its line in a location context; an outdated
translation is its `<target state="needs-review-translation">` with a note saying why. Reading turns
the units back into babel Messages (with the line of each unit), so importing XLIFF and
PO share every rule and every message.
"""

from __future__ import annotations

from typing import IO

from babel import Locale
from babel.messages.catalog import Catalog, Message
from lxml import etree

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
UNTRANSLATED = frozenset({"new", "needs-translation"})
"""Target states that mean "no translation yet" (a tool may copy the source there)."""
UNREVIEWED = frozenset({"needs-review-translation", "needs-review-adaptation", "needs-review-l10n"})
"""Target states a tool uses for a draft: skipped like a fuzzy PO message."""


class XliffError(ValueError):
    """An XLIFF file that cannot be read, with the line where it goes wrong."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def write_xliff(catalog: Catalog, source_language: str, out: IO[bytes]) -> None:
    """`catalog` (export_catalog's) as XLIFF 1.2, one <file> per content file."""
    root = etree.Element(f"{{{NS}}}xliff", nsmap={None: NS}, version="1.2")
    files: dict[str, etree._Element] = {}
    target_language = str(catalog.locale_identifier or "").replace("_", "-")
    for message in catalog:
        if not message.id:
            continue
        path, line = message.locations[0] if message.locations else ("", 0)
        if path not in files:
            file = etree.SubElement(
                root,
                f"{{{NS}}}file",
                original=path,
                datatype="plaintext",
                attrib={"source-language": source_language, "target-language": target_language},
            )
            files[path] = etree.SubElement(file, f"{{{NS}}}body")
        unit = etree.SubElement(files[path], f"{{{NS}}}trans-unit", id=str(message.context))
        unit.set(XML_SPACE, "preserve")  # Markdown bodies: line breaks are content
        etree.SubElement(unit, f"{{{NS}}}source").text = str(message.id)
        if message.string:  # an outdated translation: a draft to revise, like a fuzzy PO entry
            target = etree.SubElement(unit, f"{{{NS}}}target", state="needs-review-translation")
            target.text = str(message.string)
        group = etree.SubElement(unit, f"{{{NS}}}context-group", purpose="location")
        etree.SubElement(group, f"{{{NS}}}context", attrib={"context-type": "sourcefile"}).text = path
        etree.SubElement(group, f"{{{NS}}}context", attrib={"context-type": "linenumber"}).text = str(line)
        for comment in message.auto_comments:
            etree.SubElement(unit, f"{{{NS}}}note", {"from": "pseo"}).text = comment
    out.write(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def read_xliff(data: bytes) -> Catalog:
    """The units of an XLIFF 1.2 file as a catalog: msgctxt = unit id, msgid = source,
    msgstr = target (empty when untranslated), fuzzy for a draft, lineno = the unit's line.
    Raises XliffError at the offending line."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise XliffError(exc.lineno or 1, f"not well-formed XML ({exc.msg})") from exc
    if root.tag != f"{{{NS}}}xliff" or root.get("version") != "1.2":
        raise XliffError(
            root.sourceline or 1, f'not an XLIFF 1.2 document (<xliff version="1.2" xmlns="{NS}">)'
        )
    languages = {file.get("target-language") for file in root.iter(f"{{{NS}}}file")}
    if len(languages) > 1 or None in languages:
        raise XliffError(root.sourceline or 1, "every <file> needs the same target-language")
    try:
        locale = Locale.parse(languages.pop(), sep="-") if languages else None
    except (ValueError, TypeError) as exc:
        raise XliffError(root.sourceline or 1, f"target-language does not name a language ({exc})") from exc
    catalog = Catalog(locale=locale, fuzzy=False)
    for unit in root.iter(f"{{{NS}}}trans-unit"):
        source, target = unit.find(f"{{{NS}}}source"), unit.find(f"{{{NS}}}target")
        line = unit.sourceline or 1
        if not unit.get("id") or source is None:
            raise XliffError(line, "a <trans-unit> needs an id and a <source>")
        state = target.get("state", "") if target is not None else "new"
        text = _text(target) if target is not None and state not in UNTRANSLATED else ""
        flags = ["fuzzy"] if state in UNREVIEWED else []
        catalog[_text(source)] = Message(
            _text(source), text, flags=flags, context=unit.get("id"), lineno=line
        )
    return catalog


def _text(element: etree._Element) -> str:
    """All text of `element`; inline markup a tool may add (<g>, <x/>) keeps only its text."""
    return "".join(element.itertext())
