"""Gettext catalogs of a theme: `locale/messages.pot` and `locale/<lang>/LC_MESSAGES/messages.po`.

Catalogs are read from an ordered list of folders, lowest priority first (the theme, then
the site): a later folder's .po overrides single messages of an earlier one. Each language
is merged and compiled to .mo bytes here, so the theme bundle stays picklable data and a
render worker never opens a catalog file. Plural forms are CLDR's (Babel), the ones
`Formats` and the check use too.
"""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.plural import to_gettext

from ..errors import ContentError
from ..fingerprint import GENERATOR_VERSION, digest
from ..formatting import locale_for
from ..theme_layers import ThemeLayers

LOCALE = "locale"
DOMAIN = "messages"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
PO_LINE = re.compile(r'\s*(#.*|(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)?\s*"([^"\\]|\\.)*"\s*)?')
"""A line of a .po file: blank, a comment, a keyword with its string, or a continued string
(Babel's reader is lenient: an unterminated string would silently read as empty)."""
MIN_PHRASE_WORDS = 2
"""Shortest English UI phrase the untranslated-UI check looks for: single words (OEM,
Email) are also product data and brand names. A phrase without a lowercase letter
(GTIN (EAN/UPC)) is codes and acronyms, which translations keep as they are."""

Key = tuple[str | None, str]
"""A message: its context and its (singular) msgid."""


@dataclass(frozen=True)
class ThemeCatalogs:
    """The merged catalogs of every language, compiled, and what the template asks for."""

    template: str
    """messages.pot as the user sees it (`themes/default/locale/messages.pot`)."""
    messages: dict[Key, int]
    """Every message of the template, with its line there."""
    compiled: dict[str, bytes]
    """Language tag (`zh-Hans`) → its merged catalog as .mo bytes."""
    translated: dict[str, frozenset[Key]]
    """Language tag → the template's messages its catalog translates (not fuzzy, no empty form)."""

    def missing(self, lang: str) -> list[Key]:
        """Messages of the template `lang`'s catalog does not translate, in template order."""
        have = self.translated.get(lang, frozenset())
        return [key for key in self.messages if key not in have]


def catalog_layers(layers: ThemeLayers) -> tuple[Path, ...]:
    """Folders whose `locale/` holds catalogs for the theme made of `layers`, lowest
    priority first: the packaged theme, the site's override folder, then the site
    itself, each overriding single messages of the ones before."""
    return (*reversed(layers.folders), layers.site_dir)


def folder_tag(name: str) -> str:
    """Gettext's folder name of a language (`zh_Hans`, `pt_BR`) as its BCP 47 tag."""
    return name.replace("_", "-")


def tag_folder(tag: str) -> str:
    return tag.replace("-", "_")


@lru_cache(maxsize=64)
def plural_forms(lang: str) -> str:
    """The gettext Plural-Forms of CLDR's rule for `lang`. The compact-exponent operand
    `e` is 0 for the whole numbers gettext counts (French "many" of a million)."""
    return re.sub(r"\be\b", "0", to_gettext(locale_for(lang).plural_form))


def nplurals(expression: str) -> int:
    found = re.search(r"nplurals\s*=\s*(\d+)", expression)
    return int(found.group(1)) if found else 0


CatalogFile = tuple[str | None, str, bytes]
"""A catalog file as read: its language tag (None for the template), its name as the
user sees it, and its bytes."""


def read_catalogs(
    layers: list[Path], relative: Any, hasher: Any, errors: list[ContentError]
) -> ThemeCatalogs:
    """The catalogs in `layer/locale` of every layer, merged in order; mistakes go to
    `errors` (file:line), and every file read is fed to `hasher`. Catalogs of the same
    bytes are parsed once per process (a build reads them for loading and for the theme)."""
    files: list[CatalogFile] = []
    for layer in layers:
        folder = layer / LOCALE
        pot = folder / f"{DOMAIN}.pot"
        paths = [(None, pot)] if pot.is_file() else []
        paths += [
            (folder_tag(path.parent.parent.name), path)
            for path in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
        ]
        files += [(tag, relative(path), path.read_bytes()) for tag, path in paths]
    for _, name, data in files:
        hasher.update(f"{name}\0{len(data)}\0".encode() + data)
    key = tuple(files)
    if key not in _READ:
        _READ.clear()  # other catalogs: only the last ones are worth keeping
        _READ[key] = _stored(files)
    catalogs, found = _READ[key]
    errors += found
    return catalogs


_READ: dict[tuple[CatalogFile, ...], tuple[ThemeCatalogs, list[ContentError]]] = {}
"""The catalogs last read in this process, by the files they were read from."""
_STORES: list[Path] = []
"""Folders where merged catalogs are kept between processes (see `parsed_catalogs_in`)."""


@contextmanager
def parsed_catalogs_in(folder: Path) -> Iterator[None]:
    """Keep catalogs merged while in this block in `folder`, under the digest of the
    files they were read from: a rebuild then reads one pickle instead of parsing
    every .po file of 25 languages."""
    _STORES.append(folder)
    try:
        yield
    finally:
        _STORES.pop()


def _stored(files: list[CatalogFile]) -> tuple[ThemeCatalogs, list[ContentError]]:
    """The merged catalogs of `files` from the current store when they were kept there,
    else merged afresh (and kept when they have no mistakes: those are reported anew)."""
    path = None
    if _STORES:
        name = digest(
            GENERATOR_VERSION, *(part for file in files for part in (str(file[0]), file[1], file[2]))
        )
        path = _STORES[-1] / f"catalogs-{name}.pickle"
        try:
            return pickle.loads(path.read_bytes()), []
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ModuleNotFoundError):
            pass
    found: list[ContentError] = []
    catalogs = _merged(files, found)
    if path is not None and not found:
        for old in path.parent.glob("catalogs-*.pickle"):
            old.unlink()
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(pickle.dumps(catalogs, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
    return catalogs, found


def _merged(files: list[CatalogFile], errors: list[ContentError]) -> ThemeCatalogs:
    messages: dict[Key, int] = {}
    template = ""
    merged: dict[str, Catalog] = {}
    for tag, name, data in files:
        catalog = _parse(name, data, tag, errors)
        if tag is None:
            template = name  # the highest layer's, as messages name its lines
            for message in catalog or ():
                if message.id:
                    messages[_key(message)] = message.lineno or 1
            continue
        if catalog is None:
            continue
        if tag not in merged:
            merged[tag] = catalog
            continue
        for message in catalog:
            if message.id and not message.fuzzy and _complete(message):
                # Assigning onto an existing message would merge its comments, not its text.
                merged[tag].delete(message.id, context=message.context)
                merged[tag][message.id] = message
    compiled, translated = {}, {}
    for tag, catalog in sorted(merged.items()):
        # CLDR's plural forms whichever layer's header came first (an override may have none).
        catalog.mime_headers = [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Plural-Forms", plural_forms(tag)),
        ]
        buffer = BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        compiled[tag] = buffer.getvalue()
        translated[tag] = frozenset(
            _key(message) for message in catalog if message.id and not message.fuzzy and _complete(message)
        )
    return ThemeCatalogs(template, messages, compiled, translated)


def ui_phrases(layers: ThemeLayers) -> frozenset[str]:
    """The English UI phrases of the theme made of `layers` with the site's overrides, for
    `pseo check`; none when its catalogs cannot be read (the build reports why)."""
    import hashlib

    errors: list[ContentError] = []
    catalogs = read_catalogs(list(catalog_layers(layers)), layers.display, hashlib.sha256(), errors)
    return english_phrases(catalogs)


def english_phrases(catalogs: ThemeCatalogs) -> frozenset[str]:
    """The English catalog's text between placeholders, ≥ MIN_PHRASE_WORDS words long:
    what a non-English page shows when a UI string was not translated."""
    if "en" not in catalogs.compiled:
        return frozenset()
    from gettext import GNUTranslations

    english = GNUTranslations(BytesIO(catalogs.compiled["en"]))
    phrases: set[str] = set()
    for context, msgid in catalogs.messages:
        text = english.pgettext(context, msgid) if context else english.gettext(msgid)
        for part in PLACEHOLDER.split(text)[::2]:
            phrase = " ".join(part.replace("%%", "%").split()).strip(" :;,.–-")
            if len(phrase.split()) >= MIN_PHRASE_WORDS and any(c.islower() for c in phrase):
                phrases.add(phrase)
    return frozenset(phrases)


def _key(message: Message) -> Key:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return (message.context, msgid)


def _complete(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings)


def _parse(name: str, data: bytes, tag: str | None, errors: list[ContentError]) -> Catalog | None:
    """The catalog `name` read as `data`, or None with its mistakes in `errors`: a syntax
    error, a Plural-Forms that is not CLDR's for `tag`, a plural message with another
    number of forms, or a placeholder its msgid does not have."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        errors.append(ContentError(name, 1, 1, "", f"not UTF-8 text ({exc.reason})"))
        return None
    lines = text.splitlines()
    bad = next((number for number, line in enumerate(lines, 1) if not PO_LINE.fullmatch(line)), None)
    if bad is not None:
        errors.append(
            ContentError(name, bad, 1, "", f"not a line of a PO file: {lines[bad - 1].strip()[:60]}")
        )
        return None
    try:
        catalog = read_po(lines, locale=None, abort_invalid=True)
    except PoFileError as exc:  # its line numbers count from 0
        errors.append(ContentError(name, exc.lineno + 1, 1, "", str(exc).split(" on ")[0].strip()))
        return None
    if tag is None:
        return catalog
    found = len(errors)
    expected = plural_forms(tag)
    header = next((n for n, line in enumerate(text.splitlines(), 1) if '"Plural-Forms:' in line), 1)
    declared = nplurals(dict(catalog.mime_headers).get("Plural-Forms", "")) or nplurals(expected)
    if declared != nplurals(expected):
        errors.append(
            ContentError(
                name, header, 1, "Plural-Forms", f"nplurals={declared}, but CLDR gives '{tag}' {expected}"
            )
        )
    for message in catalog:
        if not message.id:
            continue
        where = (name, message.lineno or 1, 1, _key(message)[1])
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.pluralizable and len(strings) != declared:
            errors.append(ContentError(*where, f"{len(strings)} plural forms, the header says {declared}"))
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        allowed = {name for msgid in ids for name in PLACEHOLDER.findall(msgid)}
        unknown = sorted({name for s in strings if s for name in PLACEHOLDER.findall(s)} - allowed)
        if unknown:
            errors.append(ContentError(*where, f"placeholder %({unknown[0]})s is not in the msgid"))
    return catalog if len(errors) == found else None
