"""The deploy manifest: every output file with its hash, size and content type.

Comparing the manifests of two builds tells a deploy step which files to upload and
which cached HTML URLs to invalidate, without downloading the live site. Every build
writes it (`write.py`), so it sits below both the output and the deploy commands.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
from pathlib import Path

MANIFEST = "pseo-manifest.json"
OUTPUT_MARKER = ".pseo-output"
"""Marks a folder pseo wrote and may replace or delete. It is not part of the site, so
the manifest leaves it out and a manifest-driven deploy never uploads it."""

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".avif": "image/avif",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
"""Types of the files a build writes, fixed here rather than read from the system's
mime.types, so that the manifest is the same on every machine."""

_BUILTIN = mimetypes.MimeTypes()


def content_type(name: str) -> str:
    """The Content-Type a host should send for the file `name`."""
    base = name.rstrip("/").rpartition("/")[2]
    dot = base.rfind(".")
    suffix = base[dot:].lower() if 0 < dot < len(base) - 1 else ""  # as Path.suffix, ten times faster
    if suffix in _TYPES:
        return _TYPES[suffix]
    if not suffix:
        return "text/plain; charset=utf-8"  # _headers, _redirects
    guessed, _ = _BUILTIN.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


Manifest = dict[str, dict[str, str | int]]


def build_manifest(folder: Path) -> Manifest:
    """Describe every file below `folder` except the manifest itself and the marker."""
    manifest: Manifest = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if not path.is_file() or relative in (MANIFEST, OUTPUT_MARKER):
            continue
        data = path.read_bytes()
        manifest[relative] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "content_type": content_type(relative),
        }
    return manifest


def render_manifest(manifest: Manifest) -> bytes:
    """The bytes of `json.dumps(manifest, indent=1, sort_keys=True)` and a newline, made
    with the C string encoder: json's indenting encoder is pure Python, five times
    slower at 10,000 files."""
    if not manifest:
        return b"{}\n"
    entries = []
    for name in sorted(manifest):
        fields = manifest[name]
        if sorted(fields) == _FIELDS and type(fields["size"]) is int:  # every entry pseo writes
            entries.append(
                f' {_json(name)}: {{\n  "content_type": {_json(fields["content_type"])},\n'
                f'  "sha256": {_json(fields["sha256"])},\n  "size": {fields["size"]}\n }}'
            )
        elif fields:
            inner = ",\n  ".join([f"{_json(key)}: {_json(fields[key])}" for key in sorted(fields)])
            entries.append(f" {_json(name)}: {{\n  {inner}\n }}")
        else:
            entries.append(f" {_json(name)}: {{}}")
    return ("{\n" + ",\n".join(entries) + "\n}\n").encode()


_FIELDS = ["content_type", "sha256", "size"]


def _json(value: str | int) -> str:
    return encode_basestring_ascii(value) if type(value) is str else json.dumps(value)


def read_manifest(location: Path) -> Manifest:
    """The manifest of a built folder (its pseo-manifest.json, else computed from its
    files) or of a manifest file kept from a previous deploy. A built folder's pending
    in-place publish is finished first, so every reader sees one complete output."""
    if location.is_dir():
        from .journal import roll_forward  # imported here: journal needs this module

        roll_forward(location.resolve())
        stored = location / MANIFEST
        return read_manifest(stored) if stored.is_file() else build_manifest(location)
    try:
        data = json.loads(location.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{location} is not a pseo manifest: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{location} is not a pseo manifest")
    return data


@dataclass(frozen=True)
class ManifestDiff:
    added: list[str]
    changed: list[str]
    removed: list[str]


def diff_manifests(old: Manifest, new: Manifest) -> ManifestDiff:
    return ManifestDiff(
        added=sorted(new.keys() - old.keys()),
        changed=sorted(p for p in new.keys() & old.keys() if new[p]["sha256"] != old[p]["sha256"]),
        removed=sorted(old.keys() - new.keys()),
    )
