"""The theme: Jinja2 templates, static assets and UI strings of one theme folder.

A Theme is loaded once per process (templates are compiled once per worker) and is
never sent between processes: workers rebuild it from the folder path.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..jsonld import serialize


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
        self.folder = folder
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
        self._tables = ui_strings(folder)
        self._fragments: dict[Hashable, Markup] = {}

    def strings(self, chain: tuple[str, ...]) -> Strings:
        tables = [self._tables[lang] for lang in (*chain, "en") if lang in self._tables]
        return Strings(tables)

    def render(self, template: str, context: dict[str, Any]) -> str:
        return self.environment.get_template(template).render(context)

    def fragment(self, template: str, key: Hashable, context: dict[str, Any]) -> Markup:
        """A rendered piece that many pages share (keyed by everything it shows),
        rendered once per worker process instead of once per page."""
        if key not in self._fragments:
            self._fragments[key] = Markup(self.render(template, context))
        return self._fragments[key]


def ui_strings(folder: Path) -> dict[str, dict[str, Any]]:
    """The theme's UI strings tables by language tag, one `i18n/<tag>.yaml` file each."""
    return {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for path in sorted((folder / "i18n").glob("*.yaml"))
    }


@lru_cache(maxsize=4)
def load_theme(folder: Path) -> Theme:
    return Theme(folder)
