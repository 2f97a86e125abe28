"""Write a translated PO catalog back into the content files.

YAML files are edited with ruamel.yaml's round trip, so comments, key order, quoting
and block texts stay as they were; a file whose layout the round trip would change is
refused rather than rewritten. Nothing is written unless every message applies and
every edited file still validates: a bad catalog leaves the site untouched."""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from ..errors import ContentError, Loc
from ..load import validation_context
from ..load.source import parse_yaml, split_front_matter
from ..load.validate import validate
from ..models import PageTranslationFrontMatter
from ..models.article import ArticleTranslationFrontMatter
from .gaps import ENTITY_FOLDERS, FAQ_FIELDS, PAGE_FIELDS, PAGE_FOLDERS
from .lock import locked_text, read_lock, source_digest
from .xliff import XliffError, read_xliff

XLIFF_SUFFIXES = (".xlf", ".xliff")

LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4))
"""(mapping, sequence, offset) indentations tried until one reproduces a file exactly."""
FIELD_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


@dataclass
class Import:
    """The files a catalog changes (path → new text), or why it cannot be imported."""

    lang: str = ""
    files: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    machine: bool = False
    """Mark what is written as a machine translation (`translation: {LANG: machine}`)."""
    digests: dict[str, str] = field(default_factory=dict)
    """msgctxt → digest of the source text each imported translation was made from."""
    lock: str = ""
    """The new text of translations.lock, recording `digests`."""


def import_catalog(root: Path, po_path: Path, shown: str, *, machine: bool = False) -> Import:
    """Apply the translated messages of `po_path`, a PO or XLIFF file (`shown` is its name
    in messages), marked as machine translations with `machine`."""
    result = Import(machine=machine)
    catalog = read_catalog(po_path, shown, result.errors)
    if catalog is None:
        return result
    context = _site_context(root)
    result.lang = _language(catalog, context, shown, result.errors)
    if result.errors:
        return result
    by_file: dict[str, list[tuple[Message, Loc]]] = {}
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        where = f"{shown}:{message.lineno}"
        path, _, field_path = (message.context or "").partition("::")
        loc = _parse_field(field_path)
        if not path or loc is None or _kind(path) is None or not (root / path).is_file():
            result.errors.append(f"{where}: msgctxt {message.context!r} names no field of the site")
            continue
        by_file.setdefault(path, []).append((message, loc))
    for path, messages in by_file.items():
        if _kind(path) in PAGE_FOLDERS:
            _page(root, path, messages, result, context, shown)
        else:
            _yaml(root, path, messages, result, context, shown)
    lock_errors: list[ContentError] = []
    lock = read_lock(root, lock_errors)
    result.errors += [
        f"{error} (resolve it first: it records what each translation was made from)" for error in lock_errors
    ]
    result.lock = locked_text(lock, result.lang, result.digests) if result.digests else ""
    result.errors.sort(key=_position)
    return result


def read_catalog(path: Path, shown: str, errors: list[str]) -> Catalog | None:
    """A PO catalog, or an XLIFF file (`.xlf`, `.xliff`) read as one; None, with the
    reason in `errors`, when it does not read."""
    try:
        data = path.read_bytes()
        if path.suffix.lower() in XLIFF_SUFFIXES:
            return read_xliff(data)
        return read_po(io.BytesIO(data), abort_invalid=True)
    except XliffError as exc:
        errors.append(f"{shown}:{exc.line}: cannot read the XLIFF file ({exc})")
    except (OSError, PoFileError, ValueError) as exc:
        errors.append(f"{shown}:1: cannot read the catalog ({exc})")
    return None


def _position(error: str) -> tuple[str, int]:
    """(file, line) of an error message, to report them in the order of the files."""
    path, _, rest = error.partition(":")
    line = rest.partition(":")[0]
    return path, int(line) if line.isdigit() else 0


def write_files(root: Path, files: dict[str, str]) -> None:
    """Replace each file whole (write beside it, then rename), never half-written."""
    for path, text in files.items():
        target = root / path
        staging = target.with_name(f".{target.name}.pseo-import")
        staging.write_text(text, encoding="utf-8")
        os.replace(staging, target)


def _site_context(root: Path) -> dict[str, Any]:
    try:
        raw = parse_yaml((root / "site.yaml").read_text(encoding="utf-8-sig"), "site.yaml")[0].data
    except (OSError, UnicodeDecodeError):
        raw = None
    return validation_context(raw)


def _language(catalog: Catalog, context: dict[str, Any], shown: str, errors: list[str]) -> str:
    languages = context.get("languages", ())
    if catalog.locale is None:
        errors.append(f"{shown}:1: the catalog has no Language header")
        return ""
    lang = str(catalog.locale).replace("_", "-")
    if lang not in languages or lang == context.get("default_language"):
        known = ", ".join(tag for tag in languages if tag != context.get("default_language"))
        errors.append(f"{shown}:1: Language '{lang}' is not a translation language of the site ({known})")
    return lang


def _kind(path: str) -> str | None:
    for folder in (*ENTITY_FOLDERS, *PAGE_FOLDERS):
        if path.startswith(f"content/{folder}/") and ".." not in path.split("/"):
            suffix = ".md" if folder in PAGE_FOLDERS else ".yaml"
            return folder if path.endswith(suffix) else None
    return None


def _parse_field(text: str) -> Loc | None:
    """`specs[0].name` → `("specs", 0, "name")`; None unless the whole text parses."""
    loc: list[str | int] = []
    position = 0
    while position < len(text):
        match = FIELD_PART.match(text, position)
        if match is None:
            return None
        loc.append(int(match[1]) if match[1] is not None else match[2])
        position = match.end()
    return tuple(loc) or None


def _yaml(
    root: Path,
    path: str,
    messages: list[tuple[Message, Loc]],
    result: Import,
    context: dict[str, Any],
    shown: str,
) -> None:
    source = (root / path).read_text(encoding="utf-8")
    yaml = _round_trip(source)
    if yaml is None:
        result.errors.append(f"{path}:1:1: its layout cannot be kept by a rewrite; translate it by hand")
        return
    data = yaml.load(source)
    applied = False
    for message, loc in messages:
        where = f"{shown}:{message.lineno}: msgctxt {message.context!r}"
        if len(loc) > 3 and loc[-4] == "faqs" and loc[-1] in FAQ_FIELDS:
            why = _set_faq(data, loc, result.lang, message.string)
            if why:
                result.errors.append(f"{where} {why}")
                continue
        else:
            target = _node(data, loc)
            if not isinstance(target, CommentedMap):
                why = "is language-neutral text" if isinstance(target, str) else "names no translatable field"
                result.errors.append(f"{where} {why}")
                continue
            text = message.string
            block = any(isinstance(value, LiteralScalarString) for value in target.values())
            target[result.lang] = LiteralScalarString(text) if block and "\n" in text else text
        result.digests[str(message.context)] = source_digest(message.id)
        applied = True
    if applied and result.machine:
        marks = data.setdefault("translation", CommentedMap())
        marks[result.lang] = "machine"
    out = io.StringIO()
    yaml.dump(data, out)
    if out.getvalue() != source:
        _validated(path, out.getvalue(), ENTITY_FOLDERS[path.split("/")[1]], result, context)


def _node(data: Any, loc: Loc) -> Any:
    """The value at `loc` in loaded YAML, or None where the path leads nowhere."""
    for part in loc:
        found = (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and part < len(data)
        )
        if not found:
            return None
        data = data[part]
    return data


def _set_faq(data: Any, loc: Loc, lang: str, text: str) -> str | None:
    """Write one question or answer (`faqs.ar[0].question`) into the language's FAQ list,
    adding the list and its items as needed; the reason when `loc` names none."""
    faqs, lang_key, index, name = _node(data, loc[:-3]), loc[-3], loc[-2], loc[-1]
    if lang_key != lang:
        return f"names the FAQs of '{lang_key}', not of the catalog's language"
    if not isinstance(faqs, CommentedMap) or not isinstance(index, int):
        return "names no translatable field"
    items = faqs.setdefault(lang, CommentedSeq())
    while isinstance(items, list) and len(items) <= index:
        items.append(CommentedMap())
    if not isinstance(items, list) or not isinstance(items[index], dict):
        return "names no translatable field"
    items[index][name] = LiteralScalarString(text) if "\n" in text.strip() else text.strip()
    return None


def _round_trip(source: str) -> YAML | None:
    """A round-trip YAML whose indentation reproduces `source` exactly, if any does."""
    for mapping, sequence, offset in LAYOUTS:
        yaml = YAML()
        yaml.preserve_quotes = True
        yaml.width = 1 << 16
        yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
        try:
            out = io.StringIO()
            yaml.dump(yaml.load(source), out)
        except YAMLError:
            return None
        if out.getvalue() == source:
            return yaml
    return None


def _page(
    root: Path,
    path: str,
    messages: list[tuple[Message, Loc]],
    result: Import,
    context: dict[str, Any],
    shown: str,
) -> None:
    """Write the page's translation file, or revise the fields of the one it has."""
    texts: dict[str, str] = {}
    for message, loc in messages:
        if len(loc) != 1 or loc[0] not in PAGE_FIELDS:
            result.errors.append(
                f"{shown}:{message.lineno}: msgctxt {message.context!r} names no field of a page"
            )
            continue
        texts[str(loc[0])] = message.string
        result.digests[str(message.context)] = source_digest(message.id)
    target = f"{path.removesuffix('.md')}.{result.lang}.md"
    existing = (root / target).read_text(encoding="utf-8") if (root / target).exists() else None
    parts = _page_parts(existing, target)
    if parts is None:
        result.errors.append(f"{target}:1:1: its layout cannot be kept by a rewrite; translate it by hand")
        return
    yaml, front_matter, old_body = parts
    for key in ("title", "description"):
        if key in texts:
            front_matter[key] = texts[key]
    if result.machine:
        front_matter["translation"] = "machine"
    front = io.StringIO()
    yaml.dump(front_matter, front)
    body = texts.get("body", old_body)
    text = f"---\n{front.getvalue()}---\n{body}" + ("" if body.endswith("\n") or not body else "\n")
    if text != existing:
        model = ArticleTranslationFrontMatter if _kind(path) == "articles" else PageTranslationFrontMatter
        _validated(target, text, model, result, context, front_matter=True)


def _page_parts(existing: str | None, path: str) -> tuple[YAML, CommentedMap, str] | None:
    """A round-trip YAML for the page translation's front matter, the front matter and the
    body (a new file: empty ones); None when its layout cannot be kept."""
    if existing is None:
        yaml = YAML()
        yaml.width = 1 << 16
        return yaml, CommentedMap(), ""
    split = split_front_matter(existing, path)
    round_trip = _round_trip(split[0]) if isinstance(split, tuple) else None
    if round_trip is None or not isinstance(split, tuple):
        return None
    return round_trip, round_trip.load(split[0]) or CommentedMap(), split[1]


def _validated(
    path: str, text: str, model: Any, result: Import, context: dict[str, Any], *, front_matter: bool = False
) -> None:
    """Keep `text` for `path` if it still validates; else report why, at its new lines."""
    yaml_text = text.split("---\n")[1] if front_matter else text
    document, errors = parse_yaml(yaml_text, path, line_offset=1 if front_matter else 0)
    if not errors:
        errors = validate(model, document, context)[1]
    if errors:
        result.errors += [f"{error} (after import)" for error in errors]
        return
    result.files[path] = text
