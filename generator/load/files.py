"""Find the content files of a site, and report every file pseo would not read.

Nothing under `content/` is skipped without a word: files in sub-folders load like
the others (a large catalog is organised in folders; an entity's identity comes from
its SKU or slug, never from where its file is), `.yml` loads like `.yaml`, and a file
that fits nowhere, or a link leading out of `content/`, is an error at `path:1:1`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError

YAML_SUFFIXES = (".yaml", ".yml")
FOLDERS: dict[str, tuple[str, ...]] = {
    "categories": YAML_SUFFIXES,
    "products": YAML_SUFFIXES,
    "pseo": YAML_SUFFIXES,
    "pages": (".md",),
}
"""Content folder → suffixes of the files it holds."""
IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".tif", ".tiff", ".bmp", ".svg", ".ico"}
    | {".heic", ".heif", ".psd"}
)
"""What `content/images/` may hold: every image format, including sources pseo cannot
publish (an error appears only if a page uses one)."""


@dataclass
class ContentFiles:
    """Every content file by folder, sorted, and the problems found while looking."""

    by_folder: dict[str, list[Path]] = field(default_factory=lambda: {name: [] for name in FOLDERS})
    errors: list[ContentError] = field(default_factory=list)


def find_content_files(root: Path) -> ContentFiles:
    """Walk `root/content` once (never through folder links, which could loop or leave it)."""
    found = ContentFiles()
    content = root / "content"
    inside = content.resolve()
    for folder, subfolders, names in os.walk(content):
        here = Path(folder)
        for name in sorted(subfolders):
            if name.startswith("."):
                subfolders.remove(name)
            elif (here / name).is_symlink():
                subfolders.remove(name)
                found.errors.append(
                    _error(root, here / name, _link_problem(here / name, inside, folder=True))
                )
        for name in sorted(names):
            if name.startswith(".") or name.endswith("~"):  # hidden and editor backup files
                continue
            path = here / name
            problem = _link_problem(path, inside, folder=False) if path.is_symlink() else None
            kind = _kind(content, path)
            if problem is None and kind is None:
                problem = _unknown_file(content, path)
            if problem:
                found.errors.append(_error(root, path, problem))
            elif kind != "images":
                found.by_folder[kind].append(path)  # type: ignore[index]
    for paths in found.by_folder.values():
        paths.sort()
    return found


def _kind(content: Path, path: Path) -> str | None:
    """The content folder whose file `path` is, or None if it belongs nowhere."""
    parts = path.relative_to(content).parts
    if len(parts) < 2:
        return None
    folder = parts[0]
    if folder == "images":
        return folder if path.suffix.lower() in IMAGE_SUFFIXES else None
    return folder if path.suffix in FOLDERS.get(folder, ()) else None


def _unknown_file(content: Path, path: Path) -> str:
    relative = path.relative_to(content)
    if len(relative.parts) < 2 or relative.parts[0] not in (*FOLDERS, "images"):
        folders = ", ".join(f"{name}/" for name in (*FOLDERS, "images"))
        return f"not a content file: content/ holds only the folders {folders}"
    folder = relative.parts[0]
    if folder == "images":
        return f"not an image file ({', '.join(sorted(IMAGE_SUFFIXES))}); move it out of content/"
    wanted = " or ".join(f"*{suffix}" for suffix in FOLDERS[folder])
    return f"not a content file: content/{folder}/ holds only {wanted} files"


def _link_problem(path: Path, inside: Path, *, folder: bool) -> str | None:
    """Why a symbolic link cannot be read as content, or None for a file link that stays
    inside content/ (treated like the file it points to)."""
    target = path.resolve()
    if not target.is_relative_to(inside):
        return f"links to {target}, outside the content folder"
    if folder:
        return "links to a folder; pseo does not follow folder links (move the files instead)"
    if not target.exists():
        return "is a broken link"
    return None


def _error(root: Path, path: Path, message: str) -> ContentError:
    return ContentError(path.relative_to(root).as_posix(), 1, 1, "", message)
