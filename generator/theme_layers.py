"""Where a theme's files come from: the site's own folder first, then the packaged theme.

A theme named NAME is looked up, file by file, in an ordered list of folders (layers):
`SITE/themes/NAME/`, which may hold only the files it overrides, then the theme NAME
shipped with pseo. The first layer holding a template, static file or UI string wins,
so a site changes one template or style.css without copying the rest of the theme.
Every stage that reads the theme (loading, expansion, rendering, assets, the build
cache, the preview's watcher) goes through these layers, never through a fixed folder.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

CHECKOUT_PLACES = {"themes": "themes", "demo": "."}
"""Folder shipped inside the installed package → where it is in a source checkout of
the repository, from which the build (setup.py) copies it."""


def _shipped(name: str) -> Path:
    package = Path(str(files("generator")))
    return package / name if (package / name).is_dir() else package.parent / CHECKOUT_PLACES[name]


def packaged_themes() -> Path:
    return _shipped("themes")


def packaged_demo() -> Path:
    """The demo site's folder: its site.yaml and content/."""
    return _shipped("demo")


@dataclass(frozen=True)
class ThemeLayers:
    """Theme `name` of the site in `site_dir` as an ordered tuple of folders, first wins."""

    site_dir: Path
    name: str
    folders: tuple[Path, ...]

    def files(self, subfolder: str, pattern: str = "*") -> dict[str, Path]:
        """Each file under `subfolder` by its name there (`partials/x.html`), taken
        from the first layer that has it; sorted by name."""
        found: dict[str, Path] = {}
        for folder in self.folders:
            base = folder / subfolder
            for path in base.rglob(pattern) if base.is_dir() else ():
                if path.is_file():
                    found.setdefault(path.relative_to(base).as_posix(), path)
        return dict(sorted(found.items()))

    def has(self, subfolder: str) -> bool:
        return any((folder / subfolder).is_dir() for folder in self.folders)

    def display(self, path: Path) -> str:
        """`path` as error messages show it: relative to the site for its own files
        (`themes/NAME/templates/x.html`), the real location for packaged ones."""
        site = self.site_dir.resolve()
        return path.relative_to(site).as_posix() if path.is_relative_to(site) else path.as_posix()

    def fingerprint(self, subfolder: str = "") -> str:
        """Hash of the names and bytes of every file under `subfolder` in every layer:
        a file hidden by an override still counts, as UI strings merge key by key."""
        hasher = hashlib.sha256()
        for index, folder in enumerate(self.folders):
            base = folder / subfolder
            for path in sorted(base.rglob("*")) if base.is_dir() else ():
                if path.is_file():
                    name = path.relative_to(base).as_posix()
                    hasher.update(
                        f"{index}:{name}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\0".encode()
                    )
        return hasher.hexdigest()

    def stamp(self) -> tuple[tuple[str, int, int], ...]:
        """Path, modification time and size of every file of every layer: changes
        whenever a file is edited, added or removed."""
        paths = sorted(p for folder in self.folders for p in folder.rglob("*") if p.is_file())
        return tuple((p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)


def theme_layers(site_dir: Path, name: str = "default") -> ThemeLayers:
    """The layers of theme `name` that exist: the site's override folder, then the
    packaged theme (the same folder is used once, as in this repository's demo site)."""
    folders: list[Path] = []
    for candidate in (site_dir / "themes" / name, packaged_themes() / name):
        if candidate.is_dir() and candidate.resolve() not in folders:
            folders.append(candidate.resolve())
    return ThemeLayers(site_dir.resolve(), name, tuple(folders))
