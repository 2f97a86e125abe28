"""Incremental builds that survive CI: content-hash keys, never file times.

Every output page gets a key: the hash of everything it is made from — the content
files it shows, the theme, site.yaml, the image plan and the generator version. A
page whose key is in the cache is linked from there instead of rendered; the cache
is a folder of such pages, so restoring it into a fresh clone (as CI caches do)
still hits. The loaded library is cached the same way, under the hash of every
content file, so a rebuild with no change skips parsing too.

The dependency model per page kind:
- every page: site.yaml, Markdown pages (footer), categories (navigation,
  breadcrumbs), theme files, image plan, generator version;
- product: its file and its related products' files;
- category: the files of the products it lists;
- home, hubs: every catalog and matrix file; the home page also every matrix's
  published routes (it links the hub index of each matrix that has one);
- landing: its matrix file, the catalog files of its combination, and the matrix's
  published routes (siblings and hub links);
- every page also the first pages of the products and articles indexes (menu, feed
  links in the head); the home page every article file (latest articles);
- article: its file, its default-language file and the files of the products it names;
  product: also the files of the articles naming it;
- products index page: the files of the products it shows and how many there are
  (its links to the other pages); articles index, tag and archive pages: every
  article file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .collections import INDEXES, PRODUCTS_PAGE_SIZE, articles_naming, listed_products, page_slice
from .expand import Landing
from .images import ImagePlan
from .library import Library
from .load import Validated
from .quality import PageSignature
from .route import RouteTable

KeysFor = Callable[[RouteTable, dict[str, Landing], ImagePlan], dict[str, str]]


def digest(*parts: bytes | str) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def _generator_version() -> str:
    """Release number plus a hash of the generator's own source: cached libraries and
    pages are pickles and renderings of this code, invalid as soon as it changes."""
    try:
        release = version("pseo")
    except PackageNotFoundError:  # running from a source tree without installation
        release = "source"
    package = Path(__file__).resolve().parent
    sources = sorted(package.rglob("*.py"))
    return release + "+" + digest(*(f"{p.relative_to(package)}={digest(p.read_bytes())}" for p in sources))


GENERATOR_VERSION = _generator_version()


@dataclass
class FileHashes:
    """Content hashes of the site's source files, each read once per build."""

    root: Path
    known: dict[str, str] = field(default_factory=dict)

    def __call__(self, relative: str) -> str:
        if relative not in self.known:
            try:
                self.known[relative] = digest((self.root / relative).read_bytes())
            except OSError:  # missing or unreadable: the loader reports it
                self.known[relative] = "missing"
        return self.known[relative]

    def folder(self, relative: str, pattern: str = "*") -> str:
        # Links count by their target too: a link appearing, breaking or leaving the
        # folder changes what the loader reports even when no file's bytes changed.
        paths = sorted(p for p in (self.root / relative).rglob(pattern) if p.is_file() or p.is_symlink())
        return digest(
            *(
                f"{p.relative_to(self.root).as_posix()}={self(p.relative_to(self.root).as_posix())}"
                + (f"->{os.readlink(p)}" if p.is_symlink() else "")
                for p in paths
            )
        )


def library_key(root: Path, hashes: FileHashes, drafts: bool = False) -> str:
    """Everything the loaded library depends on: content, site.yaml, git history
    (lastmod dates come from it), the generator version, which UI strings the themes
    have (the site's languages are validated against them) and whether drafts are kept."""
    head = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%H", "--", "."], capture_output=True, text=True
    ).stdout.strip()
    strings = hashes.folder("themes", "*.yaml")
    return digest(
        GENERATOR_VERSION, head, hashes("site.yaml"), hashes.folder("content"), strings, str(drafts)
    )


@dataclass(frozen=True)
class BuildCache:
    folder: Path

    def load_library(self, key: str) -> Library | None:
        path = self.folder / "library" / f"{key}.pickle"
        try:
            with path.open("rb") as stream:
                return pickle.load(stream)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ModuleNotFoundError):
            return None

    def store_library(self, key: str, library: Library) -> None:
        folder = self.folder / "library"
        shutil.rmtree(folder, ignore_errors=True)
        _dump_atomic(folder / f"{key}.pickle", library)

    @property
    def _validated_path(self) -> Path:
        """Validated models are pickles of this code's classes: one file per version."""
        return self.folder / f"validated-{digest(GENERATOR_VERSION)}.pickle"

    def load_validated(self, file_digest: Callable[[str], str]) -> Validated:
        try:
            entries = pickle.loads(self._validated_path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ModuleNotFoundError):
            entries = {}
        return Validated(entries, file_digest)

    def store_validated(self, validated: Validated) -> None:
        for old in self.folder.glob("validated-*.pickle"):
            if old != self._validated_path:
                old.unlink()
        _dump_atomic(self._validated_path, validated.entries)

    def page(self, key: str) -> Path:
        return self.folder / "pages" / key[:2] / key

    def store_page(self, key: str, html: bytes) -> None:
        _write_atomic(self.page(key), html)

    def prune_pages(self, keep: set[str]) -> int:
        """Delete cached pages no current route uses, so the cache tracks the site."""
        removed = 0
        for shard in (self.folder / "pages").glob("*"):
            for entry in shard.iterdir():
                if entry.name not in keep:
                    entry.unlink()
                    removed += 1
        return removed


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _dump_atomic(path: Path, value: object) -> None:
    """Pickle straight to a temporary file (no in-memory copy of a large library), then
    rename it into place so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as stream:
        pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def page_keys(
    library: Library,
    routes: RouteTable,
    landings: dict[str, Landing],
    images: ImagePlan,
    theme_folder: Path,
    hashes: FileHashes,
) -> dict[str, str]:
    """Cache key of every route, by output file."""
    source = {entity: src.path for entity, src in library.sources.items()}
    theme = digest(*(f"{p.relative_to(theme_folder)}={digest(p.read_bytes())}" for p in _files(theme_folder)))
    base = digest(
        GENERATOR_VERSION,
        theme,
        hashes("site.yaml"),
        hashes.folder("content/pages"),
        hashes.folder("content/categories"),
        repr(sorted(images.images.items())),
        repr(sorted(images.cards.items())),
        repr(sorted(library.drafts)),  # a preview links and marks drafts
        repr(sorted((r.kind, r.lang, r.path) for r in routes.routes if r.kind in INDEXES and r.key == "1")),
    )
    articles = hashes.folder("content/articles")
    catalog = digest(hashes.folder("content/products"), hashes.folder("content/pseo"))
    by_matrix: dict[str, list[str]] = {}
    for route in routes.routes:
        if route.kind in ("landing", "hub", "hubs"):
            matrix = route.key.split(":", 1)[0] if route.kind != "hubs" else route.key
            by_matrix.setdefault(matrix, []).append(
                f"{route.kind}|{route.key}|{route.lang}|{route.path}|{route.noindex}"
            )
    matrix_routes = {matrix: digest(*entries) for matrix, entries in by_matrix.items()}

    def product_files(skus: Iterable[str]) -> list[str]:
        return [hashes(source[f"product:{sku}"]) for sku in skus]

    keys = {}
    for route in routes.routes:
        parts: list[str] = [route.kind, route.key, route.lang, route.path, str(route.noindex)]
        if route.kind == "product":
            product = library.products[route.key]
            parts += product_files([route.key, *product.related])
            naming = articles_naming(library, route.key, route.lang)
            parts += [hashes(source[f"article:{article.key}:{route.lang}"]) for article, _ in naming]
        elif route.kind == "article":
            article = library.articles[route.key]
            default = next(iter(article.translations))
            parts += [hashes(source[f"article:{route.key}:{lang}"]) for lang in sorted({default, route.lang})]
            parts += product_files(article.products)
        elif route.kind == "products":
            listed = listed_products(library, route.lang)
            parts.append(str(len(listed)))  # the links to the other pages
            parts += product_files(p.sku for p in page_slice(listed, route.key, PRODUCTS_PAGE_SIZE))
        elif route.kind in ("articles", "tag", "archive"):
            parts.append(articles)
        elif route.kind == "category":
            parts += product_files(p.sku for p in library.products_in(route.key))
        elif route.kind == "home":
            parts += [catalog, *(f"{matrix}={routes}" for matrix, routes in sorted(matrix_routes.items()))]
            parts.append(articles)
        elif route.kind in ("hubs", "hub"):
            parts.append(catalog)
            parts.append(matrix_routes.get(route.key.split(":", 1)[0], ""))
        elif route.kind == "landing":
            landing = landings[route.key]
            parts.append(hashes(source[f"matrix:{landing.matrix}"]))
            parts.append(matrix_routes[landing.matrix])
            matrix = library.matrices[landing.matrix]
            for name, key in landing.combo:
                kind = matrix.dimension(name).source
                if kind == "products":
                    parts += product_files([key])
                elif kind == "categories":
                    parts += product_files(p.sku for p in library.products_in(key))
        keys[route.output_file] = digest(base, *parts)
    return keys


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


class SignatureMemory:
    """Quality signatures of landing pages from earlier builds, under their page key
    in the draft routing table, so the guardrails re-render only changed pages."""

    def __init__(self, cache: BuildCache, keys_for: KeysFor) -> None:
        self.path = cache.folder / "signatures.pickle"
        self.keys_for = keys_for
        self.current: dict[str, PageSignature] = {}
        self.keys: dict[tuple[str, str], str] = {}

    def recall(
        self, draft: RouteTable, landings: dict[str, Landing], images: ImagePlan
    ) -> dict[tuple[str, str], PageSignature]:
        by_file = self.keys_for(draft, landings, images)
        self.keys = {(r.key, r.lang): by_file[r.output_file] for r in draft.routes if r.kind == "landing"}
        try:
            stored: dict[str, PageSignature] = pickle.loads(self.path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ModuleNotFoundError):
            stored = {}
        known = {page: stored[key] for page, key in self.keys.items() if key in stored}
        self.current = {self.keys[page]: sig for page, sig in known.items()}
        return known

    def keep(self, signatures: list[PageSignature]) -> None:
        for sig in signatures:
            self.current[self.keys[sig.key, sig.lang]] = sig

    def save(self) -> None:
        _dump_atomic(self.path, self.current)
