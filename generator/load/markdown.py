"""Markdown files with front matter in several languages: `<key>.md` in the default
language plus one `<key>.<lang>.md` per translation. Pages and articles share this
layout, its checks and its error messages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import ContentError
from ..library import PageText
from ..markdown import unpublished
from ..models.base import SLUG_PATTERN, StrictModel, canonical_language_tag
from .source import Document, control_character, decode_text, parse_yaml, read_source, split_front_matter
from .validate import validate

Version = tuple[Any, str, Document, str]
"""Validated front matter, Markdown body, the document (for positions) and a warning
about the body (empty when none)."""


def read_translated(
    root: Path,
    paths: list[Path],
    context: dict[str, Any],
    errors: list[ContentError],
    documents: dict[str, Document],
    models: tuple[type[StrictModel], type[StrictModel]],
    noun: str,
) -> dict[str, dict[str, Version]]:
    """key → language → version, for every key whose default-language file is valid;
    the default language comes first, then the site's order. `models` are the front
    matter models of the default-language file and of a translation."""
    languages = context.get("languages", ())
    default = context.get("default_language")
    base_model, translation_model = models
    bases: dict[str, Version] = {}
    translations: dict[str, dict[str, Version]] = {}
    for path in paths:
        relative = path.relative_to(root).as_posix()
        key, _, lang = path.stem.partition(".")
        if lang and languages and lang not in languages:  # no languages: site.yaml has failed
            try:
                canonical_language_tag(lang)
                message = f"'{lang}' is not one of the site's languages ({', '.join(languages)})"
            except ValueError as exc:
                message = str(exc)
            errors.append(ContentError(relative, 1, 1, "", f"file name: {message}"))
            continue
        text = decode_text(relative, read_source(path), errors)
        if text is None:
            continue
        split = split_front_matter(text, relative)
        if isinstance(split, ContentError):
            errors.append(split)
            continue
        front_matter, body, offset = split
        script_link, raw_html = unpublished(body)
        for found in (control_character(body), script_link):
            if found:
                errors.append(_at(text, body, relative, found))
        warning = str(_at(text, body, relative, raw_html)) if raw_html else ""
        document, parse_errors = parse_yaml(front_matter, relative, line_offset=offset)
        errors += parse_errors
        if parse_errors:
            continue
        documents[relative] = document
        is_translation = bool(lang) and lang != default
        meta, model_errors = validate(translation_model if is_translation else base_model, document, context)
        errors += model_errors
        if meta is None:
            continue
        if meta.slug is None and not re.fullmatch(SLUG_PATTERN, key):
            message = (
                f"file name: '{key}' cannot be a URL (lowercase ASCII words joined by hyphens); "
                "rename the file or give it a slug"
            )
            errors.append(ContentError(relative, 1, 1, "", message))
            continue
        slot = translations.setdefault(key, {}) if is_translation else bases
        name = lang if is_translation else key
        if name in slot:
            # Files in different sub-folders share one namespace: the key is the file name.
            message = f"{noun} '{path.name}' also exists as {slot[name][2].path}"
            errors.append(ContentError(relative, 1, 1, "", message))
            continue
        slot[name] = (meta, body, document, warning)

    stems = [path.stem.partition(".") for path in paths]
    base_files = {key for key, _, lang in stems if lang in ("", default)}
    for key, by_lang in translations.items():
        if key not in base_files:  # a base file that failed reports its own error
            for _, _, document, _ in by_lang.values():
                message = f"translation of '{key}' has no {key}.md in the default language"
                errors.append(document.error((), "", message))
    found: dict[str, dict[str, Version]] = {}
    for key, base in sorted(bases.items()):
        others = translations.get(key, {})
        found[key] = {default: base, **{lang: others[lang] for lang in languages if lang in others}}
    return found


def page_text(lang: str, key: str, version: Version, draft: bool) -> PageText:
    """One language version's texts; `draft` when it or its default-language file is one."""
    meta, body, document, warning = version
    return PageText(
        lang=lang,
        title=meta.title,
        description=meta.description,
        slug=meta.slug or key,
        body=body,
        noindex=meta.noindex,
        updated=meta.updated,
        source=document.path,
        draft=draft,
        machine=meta.translation == "machine",
        seo_title=meta.seo_title,
        warning=warning,
    )


def _at(text: str, body: str, relative: str, found: tuple[int, str]) -> ContentError:
    """The problem found at index `found[0]` of `body`, the end of the file's `text`."""
    at = len(text) - len(body) + found[0]
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    return ContentError(relative, line, column, "", found[1])
