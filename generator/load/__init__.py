"""Stage 1, load: read `site.yaml` and `content/` into one validated, cross-checked Library.

Every file is parsed and validated even after an error, so that one run reports all
problems. The load does not stop at them: it returns the entities that loaded cleanly
(broken ones and those depending on them left out) with the errors, and the later
stages run over that library to find their own problems before the build fails.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..engine import Engine, chunked
from ..errors import ContentError
from ..library import Library, Page
from ..models import Category, PageFrontMatter, PageTranslationFrontMatter, Product, Site
from ..models.base import canonical_language_tag
from ..models.build import BuildSettings
from ..models.checks import RULE_IDS
from ..models.ids import EntityId
from ..models.languages import ThemeStrings
from ..models.matrix import Matrix
from ..models.trust import Case, Certificate, Factory, Testimonial
from ..progress import NO_PROGRESS, Progress
from ..render.catalogs import catalog_layers, read_catalogs
from ..theme_layers import theme_layers
from .articles import check_articles, load_articles
from .dates import git_commit_dates
from .drafts import sort_out_drafts
from .files import ContentFiles, find_content_files
from .links import check_links, check_matrices, names_left_out
from .markdown import page_text, read_translated
from .prune import entities_in, leave_out
from .source import Document, Loc, Position, decode_text, parse_yaml, read_source
from .trust import TRUST_FOLDERS, check_trust
from .validate import validate

__all__ = ["Loaded", "Validated", "build_settings", "load_site", "validation_context"]


@dataclass
class Loaded:
    """What a load found: the library of every entity that loaded cleanly, and the
    errors of the rest. `library` is None when site.yaml has errors: every page
    depends on it."""

    library: Library | None
    errors: list[ContentError]


@dataclass
class Validated:
    """Entities validated by earlier builds, by file path: (content key, instance,
    pinned positions of the file).

    A file whose key (its bytes and the site's languages) is unchanged is not parsed
    again, so editing one product of a large catalog does not reload all of them.
    """

    entries: dict[str, tuple[str, Any, dict[Loc, Position]]] = field(default_factory=dict)
    digest: Callable[[str], str] | None = None
    """Content hash of a file, by path relative to the site folder."""


def load_site(
    root: Path,
    engine: Engine | None = None,
    validated: Validated | None = None,
    theme: str = "default",
    *,
    drafts: bool = False,
    progress: Progress = NO_PROGRESS,
) -> Loaded:
    """Load the site rooted at `root` (the folder holding site.yaml and content/);
    large content folders are parsed and validated on `engine`, files unchanged
    since an earlier build come from `validated` (which is updated). The site's
    languages are checked against the UI strings of `theme`. Drafts are left out
    unless `drafts` (a preview). `progress` counts the entity files validated."""
    root = root.resolve()
    errors: list[ContentError] = []
    documents: dict[str, Document] = {}
    site_doc = _read_yaml(root, root / "site.yaml", errors)
    context = validation_context(site_doc.data if site_doc else None)
    site = None
    if site_doc is not None:
        site_context = {**context, **_theme_context(root, theme), **_check_context(site_doc.data)}
        site, site_errors = validate(Site, site_doc, site_context)
        errors += site_errors
        documents[site_doc.path] = site_doc
    validated = validated or Validated()
    files = find_content_files(root)
    errors += files.errors
    progress.total(sum(len(files.by_folder[folder]) for folder in ENTITY_MODELS), "files")
    load = partial(
        _load_entities,
        root,
        files=files,
        context=context,
        errors=errors,
        documents=documents,
        engine=engine,
        validated=validated,
        progress=progress,
    )
    categories, products, matrices = load("categories"), load("products"), load("pseo")
    pages = _load_pages(root, files.by_folder["pages"], context, errors, documents)
    articles = load_articles(root, files.by_folder["articles"], context, errors, documents)
    trust = {folder: load(folder) for folder in TRUST_FOLDERS}
    if site is None:
        return Loaded(None, errors)

    invalid = _names_of_invalid(documents, {id(doc) for _, doc in categories + products})
    found = sort_out_drafts(categories, products, matrices, pages, articles, keep=drafts)
    library = Library(root=root, site=site, drafts=frozenset(found.files if drafts else ()))
    left_out = {} if drafts else found.files
    errors += check_links(
        library, found.categories, found.products, found.pages, documents, invalid, left_out, files.images
    )
    errors += check_matrices(library, found.matrices, invalid | names_left_out(left_out))
    errors += check_articles(library, found.articles, documents, invalid, left_out)
    errors += check_trust(library, trust, documents, invalid, drafts)
    broken = {error.path for error in errors}
    if site_doc is not None and site_doc.path in broken:
        return Loaded(None, errors)
    leave_out(library, entities_in(library, broken))
    _assign_lastmod(library)
    return Loaded(library, errors)


def _names_of_invalid(documents: dict[str, Document], valid: set[int]) -> set[str]:
    """SKUs and slugs of entity files that failed validation: references to them are
    not reported again as unknown, since the file's own error says what is wrong."""
    names: set[str] = set()
    for path, document in documents.items():
        if path.startswith(("content/products/", "content/categories/")) and id(document) not in valid:
            data = document.data if isinstance(document.data, dict) else {}
            names.update(str(data[key]) for key in ("sku", "slug") if key in data)
    return names


def _salvage(relative: str, data: bytes | str) -> Document:
    """Top-level `sku:`/`slug:` of a file that is not valid YAML, read line by line, so
    that references to it are not reported as unknown on top of its syntax error."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else ""
    names = dict(re.findall(r"^(sku|slug):\s*([A-Za-z0-9._-]+)\s*$", text, flags=re.MULTILINE))
    return Document(relative, names)


def build_settings(root: Path) -> BuildSettings:
    """`build:` of site.yaml, needed before loading starts (it chooses the engine that loads);
    the defaults when site.yaml or the section is not valid: loading then reports why."""
    errors: list[ContentError] = []
    document = _read_yaml(root, root / "site.yaml", errors)
    raw = document.data if document is not None and not errors else None
    try:
        return BuildSettings.model_validate((raw.get("build") if isinstance(raw, dict) else None) or {})
    except ValidationError:
        return BuildSettings()


def validation_context(raw_site: Any) -> dict[str, Any]:
    """What content models need to know about the site, read leniently from raw site.yaml."""
    if not isinstance(raw_site, dict):
        return {}
    languages = raw_site.get("languages")
    declared = (str(item["code"]) for item in languages or () if isinstance(item, dict) and "code" in item)
    # An invalid tag is reported once, at its declaration; texts are not checked against it.
    codes = tuple(code for code in declared if _is_canonical_tag(code))
    if not codes:
        return {}
    return {
        "languages": codes,
        "default_language": raw_site.get("default_language"),
        "require_all_languages": raw_site.get("missing_translations") == "error",
    }


def _is_canonical_tag(code: str) -> bool:
    try:
        return canonical_language_tag(code) == code
    except ValueError:
        return False


def _theme_context(root: Path, theme: str) -> dict[str, Any]:
    """Which UI messages the theme's catalogs translate, for validating the site's
    languages; nothing when the catalogs cannot be read (loading the theme reports why)."""
    layers = theme_layers(root, theme)
    errors: list[ContentError] = []
    catalogs = read_catalogs(list(catalog_layers(layers)), layers.display, hashlib.sha256(), errors)
    if errors or not catalogs.messages:
        return {}
    strings = ThemeStrings(theme, catalogs.template, catalogs.messages, catalogs.translated)
    return {"theme": strings}


def _check_context(raw_site: Any) -> dict[str, Any]:
    """The ids of the check's rules, for validating severity overrides; read only when
    site.yaml overrides one (the rules import lxml and every rule module, which a build without its
    check does not need)."""
    seo = raw_site.get("seo") if isinstance(raw_site, dict) else None
    checks = seo.get("checks") if isinstance(seo, dict) else None
    if not isinstance(checks, dict) or not checks.get("severity"):
        return {}
    from ..check.rules import RULES

    return {RULE_IDS: frozenset(RULES)}


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _read_text(root: Path, path: Path, errors: list[ContentError]) -> str | None:
    return decode_text(_relative(root, path), read_source(path), errors)


def _read_yaml(root: Path, path: Path, errors: list[ContentError]) -> Document | None:
    return _parse_yaml(_relative(root, path), read_source(path), errors)


def _parse_yaml(relative: str, data: bytes | str, errors: list[ContentError]) -> Document | None:
    text = decode_text(relative, data, errors)
    if text is None:
        return None
    document, parse_errors = parse_yaml(text, relative)
    errors += parse_errors
    return None if parse_errors and document.data is None else document


ENTITY_MODELS: dict[str, type[Any]] = {
    "categories": Category,
    "products": Product,
    "pseo": Matrix,
    "certificates": Certificate,
    "factory": Factory,
    "cases": Case,
    "testimonials": Testimonial,
}
PARALLEL_FILES = 400
"""Below this many files, loading in worker processes costs more than it saves."""


def _load_entities(
    root: Path,
    folder: str,
    files: ContentFiles,
    context: dict[str, Any],
    errors: list[ContentError],
    documents: dict[str, Document],
    engine: Engine | None,
    validated: Validated,
    progress: Progress,
) -> list[tuple[Any, Document]]:
    """Parse every file of a content folder (in worker processes when the folder is
    large: YAML parsing is the costly part) and validate each against its model."""
    loaded = []
    paths = []
    for path in files.by_folder[folder]:
        relative = _relative(root, path)
        key = f"{validated.digest(relative)}:{context!r}" if validated.digest else None
        entry = validated.entries.get(relative)
        if key is not None and entry is not None and entry[0] == key:
            document = Document(relative, None, origin=path, pinned=entry[2])
            documents[relative] = document
            loaded.append((entry[1], document))
            progress.advance()
        else:
            paths.append(path)
    if engine is not None and len(paths) >= PARALLEL_FILES:
        parse = partial(_parse_files, root, True)
        # Each chunk is read as it is sent: workers get the bytes, never a path to open.
        sources = ([(path, read_source(path)) for path in chunk] for chunk in chunked(paths, 250))
        parsed = [item for chunk in engine.map(parse, sources) for item in chunk]
    else:
        parsed = _parse_files(root, False, [(path, read_source(path)) for path in paths])
    for document, file_errors in progress.track(parsed):
        errors += file_errors
        documents[document.path] = document
        if file_errors:
            continue
        instance, model_errors = validate(ENTITY_MODELS[folder], document, context)
        errors += model_errors
        if instance is not None:
            # Keep only where the file is: raw data and position tables of a valid
            # file are large and needed again only to point at an error.
            document = document.compact(None, root / document.path)
            documents[document.path] = document
            loaded.append((instance, document))
            if validated.digest:
                validated.entries[document.path] = (
                    f"{validated.digest(document.path)}:{context!r}",
                    instance,
                    document.pinned,
                )
    present = {document.path for _, document in loaded}
    prefix = f"content/{folder}/"
    for stale in [p for p in validated.entries if p.startswith(prefix) and p not in present]:
        del validated.entries[stale]
    return sorted(loaded, key=lambda item: item[1].path)


def _parse_files(
    root: Path, compact: bool, sources: list[tuple[Path, bytes | str]]
) -> list[tuple[Document, list[ContentError]]]:
    """Pure and picklable: the parsed document and syntax errors of each file, given
    with its bytes (see `read_source`). With `compact`, position tables are left
    behind (documents re-read them from the file on demand)."""
    results = []
    for path, data in sources:
        errors: list[ContentError] = []
        document = _parse_yaml(_relative(root, path), data, errors)
        if document is None:
            results.append((_salvage(_relative(root, path), data), errors))
        elif compact and not errors:
            results.append((document.compact(document.data, path), errors))
        else:
            results.append((document, errors))
    return results


def _load_pages(
    root: Path,
    paths: list[Path],
    context: dict[str, Any],
    errors: list[ContentError],
    documents: dict[str, Document],
) -> dict[str, Page]:
    """Pages are `<key>.md` in the default language plus `<key>.<lang>.md` translations;
    texts are in the site's language order."""
    models = (PageFrontMatter, PageTranslationFrontMatter)
    pages: dict[str, Page] = {}
    for key, versions in read_translated(root, paths, context, errors, documents, models, "page").items():
        meta = next(iter(versions.values()))[0]
        texts = {
            lang: page_text(lang, key, version, meta.draft or version[0].draft)
            for lang, version in versions.items()
        }
        ordered = {lang: texts[lang] for lang in context.get("languages", ()) if lang in texts}
        pages[key] = Page(key=key, layout=meta.layout, nav_order=meta.nav_order, translations=ordered)
    return pages


def _assign_lastmod(library: Library) -> None:
    """`updated` from the content wins (a certificate's `issued`); otherwise the file's last
    git commit date."""
    commit_dates = git_commit_dates(library.root)
    entities: list[tuple[EntityId, object]] = [
        *((EntityId.product(sku), p.updated) for sku, p in library.products.items()),
        *((EntityId.category(slug), c.updated) for slug, c in library.categories.items()),
        *((EntityId.of_matrix(matrix_id), None) for matrix_id in library.matrices),
        *(
            (EntityId.page(key, lang), text.updated)
            for key, page in library.pages.items()
            for lang, text in page.translations.items()
        ),
        *(
            (EntityId.article(key, lang), text.updated or article.published)
            for key, article in library.articles.items()
            for lang, text in article.translations.items()
        ),
        *((EntityId("certificate", slug), c.issued) for slug, c in library.certificates.items()),
        *((EntityId("factory", slug), f.updated) for slug, f in library.factories.items()),
        *((EntityId("case", slug), c.updated) for slug, c in library.cases.items()),
        *((EntityId("testimonial", slug), None) for slug in library.testimonials),
    ]
    for entity, updated in entities:
        found = updated or commit_dates.get(library.sources[entity].path)
        if found:
            library.lastmod[entity] = found  # type: ignore[assignment]
