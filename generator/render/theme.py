"""The theme: Jinja2 templates, static assets and UI strings of one theme folder.

A Theme is loaded once per process (templates are compiled once per worker) and is
never sent between processes: workers rebuild it from the folder path. Mistakes in a
theme are the user's too: they surface as positioned errors (`template:line`), never
as a Python traceback.
"""

from __future__ import annotations

import traceback
from collections.abc import Hashable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup

from ..errors import BuildError, ContentError
from ..jsonld import serialize
from ..load.source import parse_yaml

TEMPLATE_EXTENSIONS = ["html", "xml", "txt"]
"""Files in templates/ compiled up front; other files there are not templates."""


class Strings:
    """UI strings of one language with fallbacks (es-MX → es → default language)."""

    def __init__(self, tables: list[dict[str, Any]]) -> None:
        self.tables = tables

    def __call__(self, key: str, **values: Any) -> str:
        for table in self.tables:
            if key in table:
                return str(table[key]).format(**values) if values else str(table[key])
        raise KeyError(f"theme string '{key}' is missing from every language file")

    @property
    def units(self) -> dict[str, dict[str, str]]:
        merged: dict[str, dict[str, str]] = {}
        for table in reversed(self.tables):
            for code, forms in (table.get("units") or {}).items():
                merged[code] = {**merged.get(code, {}), **forms}
        return merged


class Theme:
    def __init__(self, folder: Path) -> None:
        """Compile every template and read every strings file up front, so that one
        run reports all of the theme's mistakes; raise BuildError with them."""
        self.folder = folder
        if not (folder / "templates").is_dir():
            missing = folder if not folder.is_dir() else folder / "templates"
            raise BuildError([ContentError(self._relative(missing), 1, 1, "theme", "folder not found")])
        self.environment = Environment(
            loader=FileSystemLoader(folder / "templates"),
            autoescape=select_autoescape(["html", "xml"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # templates do not change during a build; skips a stat() per page
        )
        self.environment.filters["jsonld"] = serialize
        self._fragments: dict[Hashable, Markup] = {}
        errors: list[ContentError] = []
        self._tables = self._read_strings(errors)
        for name in self.environment.list_templates(extensions=TEMPLATE_EXTENSIONS):
            try:
                self.environment.get_template(name)
            except TemplateSyntaxError as exc:
                errors.append(self.locate(exc, name))
            except UnicodeDecodeError as exc:
                path = self._relative(folder / "templates" / name)
                errors.append(ContentError(path, 1, 1, "", f"not UTF-8 text ({exc.reason})"))
        if errors:
            raise BuildError(errors)

    def _relative(self, path: Path) -> str:
        """`path` as the user sees it: relative to the site (themes live in SITE/themes/NAME)."""
        site = self.folder.parent.parent
        return path.relative_to(site).as_posix() if path.is_relative_to(site) else path.as_posix()

    def _read_strings(self, errors: list[ContentError]) -> dict[str, dict[str, Any]]:
        tables: dict[str, dict[str, Any]] = {}
        for path in sorted((self.folder / "i18n").glob("*.yaml")):
            relative = self._relative(path)
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                errors.append(ContentError(relative, 1, 1, "", f"not UTF-8 text ({exc.reason})"))
                continue
            document, parse_errors = parse_yaml(text, relative)
            errors += parse_errors
            if parse_errors:
                continue
            if not isinstance(document.data, dict):
                message = "theme strings must be a mapping of key: text"
                errors.append(ContentError(relative, 1, 1, "", message))
                continue
            tables[path.stem] = document.data
        return tables

    def locate(self, exc: Exception, template: str) -> ContentError:
        """A template mistake as `themes/NAME/templates/FILE:LINE:1: template: message`,
        at the innermost template line of its traceback (`template` when there is none)."""
        path, line = self._template_line(exc) or (self.folder / "templates" / template, 1)
        if isinstance(exc, TemplateSyntaxError) and exc.filename:
            path, line = Path(exc.filename), exc.lineno
        if isinstance(exc, TemplateNotFound):
            message = f"template '{exc.name}' not found"
        elif isinstance(exc, TemplateError):
            message = exc.message or type(exc).__name__
        else:  # an expression that failed, e.g. {{ 1 / 0 }}
            message = f"{type(exc).__name__}: {exc}"
        return ContentError(self._relative(path), line, 1, "template", message)

    def _template_line(self, exc: Exception) -> tuple[Path, int] | None:
        templates = self.folder / "templates"
        frames = [
            frame
            for frame in traceback.extract_tb(exc.__traceback__)
            if Path(frame.filename).is_relative_to(templates)
        ]
        return (Path(frames[-1].filename), frames[-1].lineno or 1) if frames else None

    def strings(self, chain: tuple[str, ...]) -> Strings:
        tables = [self._tables[lang] for lang in (*chain, "en") if lang in self._tables]
        return Strings(tables)

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


def load_theme(folder: Path) -> Theme:
    """The theme in `folder`, compiled once per process and again whenever one of its
    files changed: a preview (or a test) builds many times in one process."""
    return _compiled_theme(folder, _stamp(folder))


@lru_cache(maxsize=4)
def _compiled_theme(folder: Path, stamp: tuple[tuple[str, int, int], ...]) -> Theme:
    return Theme(folder)


def _stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every file of the theme."""
    stats = sorted((path.as_posix(), path.stat()) for path in folder.rglob("*") if path.is_file())
    return tuple((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats)


def theme_problems(folder: Path) -> list[ContentError]:
    """Every mistake of the theme in `folder`; none when it loads."""
    try:
        load_theme(folder)
    except BuildError as exc:
        return exc.errors
    return []
