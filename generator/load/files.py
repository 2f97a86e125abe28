"""Find the content files of a site, and report every file pseo would not read.

Nothing under `content/` is skipped without a word: files in sub-folders load like
the others (a large catalog is organised in folders; an entity's identity comes from
its SKU or slug, never from where its file is), `.yml` loads like `.yaml`, and a file
that fits nowhere, or a link leading out of `content/`, is an error at `path:1:1`.
Links in `images/` are checked where a page uses the image, like every image path
(`links._image_problem`), so an unused one stays quiet.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError

YAML_SUFFIXES = (".yaml", ".yml")
FOLDERS: dict[str, tuple[str, ...]] = {
    "categories": YAML_SUFFIXES,
    "products": YAML_SUFFIXES,
    "pseo": YAML_SUFFIXES,
    "pages": (".md",),
    "articles": (".md",),
    "certificates": YAML_SUFFIXES,
    "factory": YAML_SUFFIXES,
    "cases": YAML_SUFFIXES,
    "testimonials": YAML_SUFFIXES,
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
    images: set[str] = field(default_factory=set)
    """Image files of `content/images/` that are files, not links, relative to `content/`:
    a page's image path naming one of them exactly needs no look on disk."""


def find_content_files(root: Path) -> ContentFiles:
    """Walk `root/content` once (never through folder links, which could loop or leave it)."""
    found = ContentFiles()
    content = root / "content"
    for folder, subfolders, entries in _walk(os.fspath(content)):
        here = Path(folder)
        parts = here.relative_to(content).parts
        for entry in sorted(subfolders, key=_name):
            if entry.name.startswith("."):
                subfolders.remove(entry)
            elif entry.is_symlink():
                subfolders.remove(entry)
                link = here / entry.name
                if link.relative_to(content).parts[0] != "images":  # images: checked where used
                    found.errors.append(_error(root, link, _outside(root, link) or FOLDER_LINK))
        for entry in sorted(entries, key=_name):
            name = entry.name
            if name.startswith(".") or name.endswith("~"):  # hidden and editor backup files
                continue
            path = here / name
            kind = _kind(parts, name)
            link = entry.is_symlink()
            problem = _link_problem(root, path) if link and kind != "images" else None
            if problem is None and kind is None:
                problem = _unknown_file(content, path)
            if problem is None and not _is_file(entry):
                problem = NOT_A_FILE
            if problem:
                found.errors.append(_error(root, path, problem))
            elif kind != "images":
                found.by_folder[kind].append(path)  # type: ignore[index]
            elif not link and entry.is_file(follow_symlinks=False):
                found.images.add("/".join((*parts, name)))
    for paths in found.by_folder.values():
        paths.sort()
    return found


def _walk(folder: str) -> Iterator[tuple[str, list[os.DirEntry[str]], list[os.DirEntry[str]]]]:
    """`os.walk(folder)` (top down, folder links not followed) yielding directory entries
    instead of names: they know whether each is a link or a file without a look per file."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    subfolders, files = [], []
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        (subfolders if is_folder else files).append(entry)
    yield folder, subfolders, files
    for entry in subfolders:
        if not entry.is_symlink():
            yield from _walk(entry.path)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _kind(folder: tuple[str, ...], name: str) -> str | None:
    """The content folder whose file `name` is, given the parts of its folder below
    content/ (strings, not paths: this runs for every file of a large catalog), or None
    if it belongs nowhere."""
    if not folder:
        return None
    suffix = _suffix(name)
    if folder[0] == "images":
        return folder[0] if suffix.lower() in IMAGE_SUFFIXES else None
    return folder[0] if suffix in FOLDERS.get(folder[0], ()) else None


def _suffix(name: str) -> str:
    """`Path(name).suffix`: from the last dot, unless the name starts or ends with it."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


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


FOLDER_LINK = "links to a folder; pseo does not follow folder links (move the files instead)"
NOT_A_FILE = "not a regular file (a named pipe, socket or device); content/ holds only files"
"""Reading a named pipe would wait forever for a writer."""


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _link_problem(root: Path, path: Path) -> str | None:
    """Why a link to a file cannot be read as content, or None for one that stays
    inside content/ (read like the file it points to)."""
    outside = _outside(root, path)
    if outside is None and not path.exists():
        return "is a broken link"
    return outside


def _outside(root: Path, path: Path) -> str | None:
    """The problem with a link leading out of content/, or None."""
    try:
        target, site = path.resolve(), root.resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11 and 3.12 on a link loop
        return "is a link that leads back to itself (a link loop)"
    if target.is_relative_to(site / "content"):
        return None
    shown = target.relative_to(site).as_posix() if target.is_relative_to(site) else str(target)
    return f"links to {shown}, outside the content folder"


def _error(root: Path, path: Path, message: str) -> ContentError:
    return ContentError(path.relative_to(root).as_posix(), 1, 1, "", message)
