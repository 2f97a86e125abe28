"""The theme: Jinja2 templates, static assets and UI strings of one theme.

The build reads the theme's layers (the site's override folder, then the packaged
theme; see theme_layers) once into a `ThemeBundle`, plain data that is broadcast to
the workers: a worker compiles the bundle (once per bundle) and never opens a theme
file, so it can run on a machine that has none. Mistakes in a theme are the user's
too: they surface as positioned errors naming the file that was used
(`themes/NAME/templates/FILE:LINE:1` for a site's own), never as a Python traceback.
"""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

from ..assets import plan_assets
from ..errors import BuildError, ContentError
from ..jsonld import serialize
from ..models.base import language_chain
from ..theme_layers import ThemeLayers
from .catalogs import LOCALE, catalog_layers, read_catalogs
from .strings import Strings, catalog_chain

TEMPLATE_EXTENSIONS = ["html", "xml", "txt"]
"""Files in templates/ compiled up front; other files there are not templates."""
COMPILED_THEMES = 4
"""Compiled bundles a process keeps: a preview (or a test) builds many times in one process."""


@dataclass(frozen=True, eq=False)
class ThemeBundle:
    """Everything a render worker needs of a theme, as picklable data."""

    templates: dict[str, str]
    """Source of every UTF-8 file in templates/, by name (`partials/x.html`)."""
    paths: dict[str, str]
    """Each template's file as the user sees it (site override or packaged): errors name it."""
    catalogs: dict[str, bytes]
    """UI strings by language tag: the gettext catalogs of every theme layer merged with
    the site's overrides, compiled (.mo bytes)."""
    assets: dict[str, str]
    """Static file name → its fingerprinted URL."""
    digest: str
    """Hash of every file read: workers compile one bundle once."""
    bytecode: dict[str, bytes] = field(default_factory=dict)
    """Compiled templates (Jinja's bytecode) by cache key, filled where the bundle is first
    compiled: workers sent the bundle load them instead of compiling every template."""


class BundleLoader(BaseLoader):
    """Templates from a bundle, compiled under their display path, so that tracebacks
    and syntax errors point at the file the template came from."""

    def __init__(self, bundle: ThemeBundle) -> None:
        self.bundle = bundle

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if template not in self.bundle.templates:
            raise TemplateNotFound(template)
        return self.bundle.templates[template], self.bundle.paths[template], lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self.bundle.templates)


class ShippedBytecode(BytecodeCache):
    """Jinja's bytecode cache, kept in the bundle (see `ThemeBundle.bytecode`) and in
    Jinja's per-user cache folder, where the next build's main process finds it.
    Compiling the default theme costs about 0.4 s a process, once per build."""

    def __init__(self, shipped: dict[str, bytes]) -> None:
        self.shipped = shipped
        try:
            self.disk: FileSystemBytecodeCache | None = FileSystemBytecodeCache()
        except (OSError, RuntimeError):  # no safe temporary folder: the bundle's copy alone
            self.disk = None

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.shipped:
            bucket.bytecode_from_string(self.shipped[bucket.key])
            return
        if self.disk is not None:
            try:
                self.disk.load_bytecode(bucket)
            except OSError:
                return
            if bucket.code is not None:
                self.shipped[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.shipped[bucket.key] = bucket.bytecode_to_string()
        if self.disk is not None:
            try:
                self.disk.dump_bytecode(bucket)
            except OSError:
                return


class Theme:
    def __init__(self, bundle: ThemeBundle) -> None:
        """Compile every template up front, so that one run reports all of the theme's
        mistakes; raise BuildError with them."""
        self.bundle = bundle
        self.assets = bundle.assets
        self.environment = Environment(
            loader=BundleLoader(bundle),
            autoescape=select_autoescape(["html", "xml"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # templates do not change during a build
            extensions=["jinja2.ext.i18n"],
            bytecode_cache=ShippedBytecode(bundle.bytecode),
        )
        # {% trans %} and _() call the page's `gettext`, which escapes and fills in placeholders.
        self.environment.newstyle_gettext = True  # type: ignore[attr-defined]
        self.environment.filters["jsonld"] = serialize
        self._fragments: dict[Hashable, Markup] = {}
        self._chains: dict[str, GNUTranslations | NullTranslations] = {}
        self._strings: dict[tuple[str, str | None], Strings] = {}
        """One Strings per language and fallback, with the messages it looked up, per process."""
        errors: list[ContentError] = []
        for name in self.environment.list_templates(extensions=TEMPLATE_EXTENSIONS):
            try:
                self.environment.get_template(name)
            except TemplateSyntaxError as exc:
                errors.append(self.locate(exc, name))
        if errors:
            raise BuildError(errors)

    def locate(self, exc: Exception, template: str) -> ContentError:
        """A template mistake as `themes/NAME/templates/FILE:LINE:1: template: message`,
        at the innermost template line of its traceback (`template` when there is none)."""
        path, line = self._template_line(exc) or (self.bundle.paths.get(template, template), 1)
        if isinstance(exc, TemplateSyntaxError) and exc.filename:
            path, line = exc.filename, exc.lineno
        if isinstance(exc, TemplateNotFound):
            message = f"template '{exc.name}' not found"
        elif isinstance(exc, TemplateError):
            message = exc.message or type(exc).__name__
        else:  # an expression that failed, e.g. {{ 1 / 0 }}
            message = f"{type(exc).__name__}: {exc}"
        return ContentError(path, line, 1, "template", message)

    def _template_line(self, exc: Exception) -> tuple[str, int] | None:
        paths = set(self.bundle.paths.values())
        # Source lines are not looked up: the template files need not exist here.
        stack = traceback.StackSummary.extract(traceback.walk_tb(exc.__traceback__), lookup_lines=False)
        frames = [frame for frame in stack if frame.filename in paths]
        return (frames[-1].filename, frames[-1].lineno or 1) if frames else None

    def strings(self, lang: str, fallback: str | None = None) -> Strings:
        """UI strings of `lang` (es-MX, then es); a message they lack comes from `fallback`,
        marked as such (validation sees to it that only a declared fallback is used)."""
        if (lang, fallback) not in self._strings:
            catalogs = (fallback, self._catalogs(fallback)) if fallback else None
            self._strings[lang, fallback] = Strings(lang, self._catalogs(lang), catalogs)
        return self._strings[lang, fallback]

    def _catalogs(self, lang: str) -> GNUTranslations | NullTranslations:
        if lang not in self._chains:
            found = [self.bundle.catalogs[tag] for tag in language_chain(lang) if tag in self.bundle.catalogs]
            self._chains[lang] = catalog_chain(found)
        return self._chains[lang]

    def render(self, template: str, context: dict[str, Any]) -> str:
        """The page; a mistake in a template (a syntax error, an undefined variable, an
        expression that fails) raises BuildError pointing at its line."""
        try:
            return self.environment.get_template(template).render(context)
        except TemplateError as exc:
            raise BuildError([self.locate(exc, template)]) from None
        except Exception as exc:
            if self._template_line(exc) is None:  # not the template's fault: a bug to report
                raise
            raise BuildError([self.locate(exc, template)]) from None

    def fragment(self, template: str, key: Hashable, context: dict[str, Any]) -> Markup:
        """A rendered piece that many pages share (keyed by everything it shows),
        rendered once per worker process instead of once per page."""
        if key not in self._fragments:
            self._fragments[key] = Markup(self.render(template, context))
        return self._fragments[key]


def compiled(bundle: ThemeBundle) -> Theme:
    """The bundle's compiled theme, once per process: each worker compiles each bundle
    it is sent once, however many chunks of pages it renders."""
    theme = _COMPILED.pop(bundle.digest, None) or Theme(bundle)
    _COMPILED[bundle.digest] = theme  # most recently used last
    while len(_COMPILED) > COMPILED_THEMES:
        del _COMPILED[next(iter(_COMPILED))]
    return theme


_COMPILED: dict[str, Theme] = {}


def load_theme(layers: ThemeLayers) -> Theme:
    """The theme made of `layers`, compiled; raise BuildError with every mistake in it."""
    bundle, errors = read_theme(layers)
    if bundle is None:
        raise BuildError(errors)
    return compiled(bundle)


def read_theme(layers: ThemeLayers) -> tuple[ThemeBundle | None, list[ContentError]]:
    """The theme made of `layers` as a bundle that compiles, or None and every mistake
    in it. Read again whenever one of its files (or the site's catalogs) changed."""
    return _read_theme(layers, (*layers.stamp(), *_stamp(layers.site_dir / LOCALE)))


def theme_problems(layers: ThemeLayers) -> list[ContentError]:
    """Every mistake of the theme made of `layers`; none when it loads."""
    return read_theme(layers)[1]


@lru_cache(maxsize=COMPILED_THEMES)
def _read_theme(
    layers: ThemeLayers, stamp: tuple[tuple[str, int, int], ...]
) -> tuple[ThemeBundle | None, list[ContentError]]:
    if not layers.has("templates"):
        missing = f"themes/{layers.name}" + ("/templates" if layers.folders else "")
        return None, [ContentError(missing, 1, 1, "theme", "folder not found")]
    errors: list[ContentError] = []
    hasher = hashlib.sha256(repr(layers.folders).encode())  # the same files in another order differ
    catalogs = read_catalogs(list(catalog_layers(layers)), layers.display, hasher, errors).compiled
    templates: dict[str, str] = {}
    paths: dict[str, str] = {}
    for name, path in layers.files("templates").items():
        data = path.read_bytes()
        hasher.update(f"templates/{name}\0{len(data)}\0".encode() + data)
        try:
            templates[name] = data.decode("utf-8")
            paths[name] = layers.display(path)
        except UnicodeDecodeError as exc:
            if path.suffix.lstrip(".") in TEMPLATE_EXTENSIONS:
                errors.append(ContentError(layers.display(path), 1, 1, "", f"not UTF-8 text ({exc.reason})"))
    assets, _ = plan_assets(layers)
    hasher.update(repr(sorted(assets.items())).encode())
    bundle = ThemeBundle(templates, paths, catalogs, assets, hasher.hexdigest())
    try:
        compiled(bundle)
    except BuildError as exc:
        errors += exc.errors
    return (None if errors else bundle), errors


def _stamp(*folders: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every file in `folders`."""
    stats = sorted(
        (path.as_posix(), path.stat()) for folder in folders for path in folder.rglob("*") if path.is_file()
    )
    return tuple((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats)
