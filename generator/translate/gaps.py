"""Find what each site language lacks: texts of products and categories, page translations.

Files are parsed here with their positions (not through the build's load, which keeps only
valid entities and drops positions), so that every missing text is reported at its place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from ..errors import ContentError, Loc, format_loc
from ..load import validation_context
from ..load.source import Document, decode_text, parse_yaml, read_source, split_front_matter
from ..load.validate import validate
from ..models import Category, Faq, Product
from ..models.base import Localized, language_chain, localized_texts
from ..models.matrix import Matrix
from ..render.catalogs import ThemeCatalogs, catalog_layers, read_catalogs
from ..theme_layers import theme_layers
from .lock import Lock, read_lock, source_digest

ENTITY_FOLDERS: dict[str, type[Category] | type[Product] | type[Matrix]] = {
    "products": Product,
    "categories": Category,
    "pseo": Matrix,
}
"""YAML content whose translatable texts are maps of language → text."""
FAQ_FIELDS = ("question", "answer")
PAGE_FOLDERS = ("pages", "articles")
"""Markdown content translated file by file (`about.md`, `about.de.md`)."""
PAGE_FIELDS = ("title", "description", "body")
"""What a page or article translation file holds: its front matter texts and its Markdown body."""


def message_context(path: str, field: str) -> str:
    """Where a text goes, as a catalog's msgctxt: `content/products/x.yaml::specs[0].name`."""
    return f"{path}::{field}"


@dataclass(frozen=True)
class Gap:
    """One text missing in one language: `source` holds the default language's text."""

    path: str
    loc: Loc
    line: int
    column: int
    source: str
    translation: str = ""
    """The current translation of an outdated text (made from an earlier source)."""

    @property
    def field(self) -> str:
        return format_loc(self.loc)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.field}"


@dataclass
class LanguageStatus:
    """Completeness of one language: texts and pages, and the theme's UI strings."""

    lang: str
    texts_total: int = 0
    missing: list[Gap] = field(default_factory=list)
    pages_total: int = 0
    missing_pages: list[Gap] = field(default_factory=list)
    outdated: list[Gap] = field(default_factory=list)
    """Imported translations whose source text changed since (translations.lock)."""
    machine: list[str] = field(default_factory=list)
    theme_strings: int = 0
    theme_total: int = 0
    theme_missing: list[str] = field(default_factory=list)
    """`messages.pot:line: 'msgid'` of each theme UI message the language's catalogs lack."""


@dataclass
class SiteTexts:
    """Every translatable text of a site, with the files that could not be read."""

    languages: tuple[str, ...]
    default: str
    root: Path
    site_name: str = "pseo"
    texts: list[tuple[Document, Loc, Localized, frozenset[str] | None]] = field(default_factory=list)
    """Each text with the only languages it is published in (None: every one)."""
    faqs: list[tuple[Document, Loc, dict[str, list[Faq]], frozenset[str] | None]] = field(
        default_factory=list
    )
    """Each FAQ map (language → list of questions and answers), its languages as for texts."""
    pages: list[tuple[str, set[str]]] = field(default_factory=list)
    """Default-language page file and the languages it has a translation file for."""
    machine: dict[str, list[str]] = field(default_factory=dict)
    """Per language, where a machine translation is marked (`path:line:col`)."""
    imported: Lock = field(default_factory=dict)
    """The source digest of each imported translation, from translations.lock."""
    errors: list[ContentError] = field(default_factory=list)


def read_site_texts(root: Path) -> SiteTexts:
    """The site's translatable texts; files with errors are listed in `errors` and skipped."""
    errors: list[ContentError] = []
    site = _read(root, root / "site.yaml", errors)
    context = validation_context(site.data if site else None)
    languages = tuple(context.get("languages", ()))
    default = str(context.get("default_language") or (languages[0] if languages else ""))
    name = site.data.get("name") if site and isinstance(site.data, dict) else None
    result = SiteTexts(languages, default, root, str(name or "pseo"), errors=errors)
    result.imported = read_lock(root, errors)
    if not languages:
        errors.append(ContentError("site.yaml", 1, 1, "languages", "no valid site languages"))
        return result
    for folder, model in ENTITY_FOLDERS.items():
        for path in sorted((root / "content" / folder).rglob("*.yaml")):
            document = _read(root, path, errors)
            if document is None:
                continue
            instance, model_errors = validate(model, document, context)
            errors += model_errors
            if instance is not None:
                result.texts += [
                    (document, loc, text, _published_in(instance, loc))
                    for loc, text in localized_texts(instance)
                ]
                result.faqs += [
                    (document, loc, faqs, _published_in(instance, loc)) for loc, faqs in _faq_maps(instance)
                ]
                for lang, mark in getattr(instance, "translation", {}).items():
                    if mark == "machine":
                        line, column = document.position(("translation", lang))
                        result.machine.setdefault(lang, []).append(f"{document.path}:{line}:{column}")
    pages = sorted(path for folder in PAGE_FOLDERS for path in (root / "content" / folder).rglob("*.md"))
    overlays: dict[tuple[Path, str], set[str]] = {}
    for path in pages:
        key, _, lang = path.name.removesuffix(".md").partition(".")
        overlays.setdefault((path.parent, key), set()).add(lang or default)
        if lang and lang != default:
            where = _machine_page(root, path, errors)
            if where:
                result.machine.setdefault(lang, []).append(where)
    for (folder, key), langs in sorted(overlays.items()):
        if default in langs:
            result.pages.append(((folder / f"{key}.md").relative_to(root).as_posix(), langs))
    return result


def read_theme_catalogs(root: Path, errors: list[ContentError]) -> ThemeCatalogs:
    """The default theme's catalogs with the site's overrides, as the build merges them."""
    layers = theme_layers(root, "default")
    return read_catalogs(list(catalog_layers(layers)), layers.display, hashlib.sha256(), errors)


def language_status(texts: SiteTexts, lang: str, catalogs: ThemeCatalogs | None) -> LanguageStatus:
    """What `lang` lacks: every non-neutral text without it, every page without its file."""
    status = LanguageStatus(lang, machine=sorted(texts.machine.get(lang, [])))
    imported = texts.imported.get(lang, {})
    for document, loc, text, only in texts.texts:
        if text.is_neutral or (only is not None and lang not in only):
            continue
        status.texts_total += 1
        source = text.get(texts.default, "")
        if not text.covers(lang):
            line, column = document.position(loc, key=True)
            status.missing.append(Gap(document.path, loc, line, column, source))
        elif _changed(imported, message_context(document.path, format_loc(loc)), source) and lang in text:
            line, column = document.position(loc, key=True)
            status.outdated.append(Gap(document.path, loc, line, column, source, text[lang]))
    for document, loc, faqs, only in texts.faqs:
        if only is None or lang in only:
            _faq_status(status, texts.default, imported, document, loc, faqs)
    for path, langs in texts.pages:
        status.pages_total += 1
        stem = path.removesuffix(".md")
        if not any(tag in langs for tag in language_chain(lang)):
            status.missing_pages.append(Gap(path, (f"{stem.rpartition('/')[2]}.{lang}.md",), 1, 1, ""))
        elif lang in langs and any(key.startswith(f"{path}::") for key in imported):
            status.outdated += _outdated_page(texts.root, path, f"{stem}.{lang}.md", imported)
    if catalogs is not None:
        own = frozenset().union(*(catalogs.translated.get(tag, frozenset()) for tag in language_chain(lang)))
        status.theme_total = len(catalogs.messages)
        status.theme_strings = len(own & catalogs.messages.keys())
        status.theme_missing = [
            f"{catalogs.template}:{line}: UI message '{key[1]}'"
            for key, line in catalogs.messages.items()
            if key not in own
        ]
        if not own:  # one line, not every message
            status.theme_missing = [f"{catalogs.template}: no theme catalog translates into '{lang}'"]
    return status


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
    for name in ("title", "description"):
        if isinstance(document.data.get(name), str):
            found.append((name, document.data[name], document.position((name,))[0]))
    if body.strip():
        found.append(("body", body, front_matter.count("\n") + offset + 2))
    return found


def _faq_maps(value: object, loc: Loc = ()) -> Iterator[tuple[Loc, dict[str, list[Faq]]]]:
    """Every `faqs` map (language → questions and answers) inside a model, with its location."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            item = getattr(value, name)
            if name == "faqs" and isinstance(item, dict):
                yield (*loc, name), item
            else:
                yield from _faq_maps(item, (*loc, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _faq_maps(item, (*loc, index))


def _faq_status(
    status: LanguageStatus,
    default: str,
    imported: dict[str, str],
    document: Document,
    loc: Loc,
    faqs: dict[str, list[Faq]],
) -> None:
    """The questions and answers of the default language's FAQ list are texts `status.lang`
    needs, unless it has a list of its own (its FAQs may differ, as its buyers' questions do);
    a translated one is outdated where its source question or answer changed since import."""
    sources, lang = faqs.get(default, []), status.lang
    status.texts_total += 2 * len(sources)
    own = next((faqs[tag] for tag in language_chain(lang) if tag in faqs), None)
    for index, faq in enumerate(sources):
        for name in FAQ_FIELDS:
            target = (*loc, lang, index, name)
            line, column = document.position((*loc, default, index, name))
            source = getattr(faq, name)
            if own is None:
                status.missing.append(Gap(document.path, target, line, column, source))
            elif (
                lang in faqs
                and index < len(own)
                and _changed(imported, message_context(document.path, format_loc(target)), source)
            ):
                status.outdated.append(
                    Gap(document.path, target, line, column, source, getattr(own[index], name))
                )


def _published_in(instance: Category | Product | Matrix, loc: Loc) -> frozenset[str] | None:
    """The languages a text at `loc` is published in, where the content limits them: a
    landing-page matrix's `languages`, and those of the dimension value holding the text."""
    if not isinstance(instance, Matrix):
        return None
    only = frozenset(instance.languages) if instance.languages else None
    if len(loc) > 3 and loc[0] == "dimensions" and loc[2] in ("values", "markets"):
        dimension = instance.dimensions[int(loc[1])]
        value = getattr(dimension, str(loc[2]))[int(loc[3])]
        if value.languages:
            only = frozenset(value.languages) & only if only is not None else frozenset(value.languages)
    return only


def _changed(imported: dict[str, str], key: str, source: str) -> bool:
    """Whether the text at `key` was imported from another source text than `source`."""
    return key in imported and imported[key] != source_digest(source)


def _outdated_page(root: Path, path: str, translated: str, imported: dict[str, str]) -> list[Gap]:
    """The fields of a page translation whose default-language text changed since import."""
    try:
        sources = page_texts(path, (root / path).read_text(encoding="utf-8-sig"))
        current = {
            name: text for name, text, _ in page_texts(translated, (root / translated).read_text("utf-8-sig"))
        }
    except (OSError, UnicodeDecodeError):
        return []  # the build reports an unreadable page
    return [
        Gap(path, (name,), line, 1, text, current.get(name, ""))
        for name, text, line in sources
        if _changed(imported, message_context(path, name), text)
    ]


def _machine_page(root: Path, path: Path, errors: list[ContentError]) -> str | None:
    """`path:line:col` of a page translation's `translation: machine`, if it has one."""
    relative = path.relative_to(root).as_posix()
    text = decode_text(relative, read_source(path), errors)
    split = split_front_matter(text, relative) if text is not None else None
    if not isinstance(split, tuple):
        return None
    document, _ = parse_yaml(split[0], relative, line_offset=split[2])
    if not isinstance(document.data, dict) or document.data.get("translation") != "machine":
        return None
    line, column = document.position(("translation",))
    return f"{relative}:{line}:{column}"


def _read(root: Path, path: Path, errors: list[ContentError]) -> Document | None:
    relative = path.relative_to(root).as_posix()
    text = decode_text(relative, read_source(path), errors)
    if text is None:
        return None
    document, parse_errors = parse_yaml(text, relative)
    errors += parse_errors
    return None if parse_errors else document
