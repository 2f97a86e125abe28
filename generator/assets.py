"""Stage 5, assets: the theme's static files, with content-hashed names.

A fingerprinted name changes whenever the file does, so CDNs and browsers may cache
it forever while HTML stays revalidated.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .theme_layers import ThemeLayers


@dataclass(frozen=True)
class Asset:
    source: Path
    output_file: str


def plan_assets(layers: ThemeLayers) -> tuple[dict[str, str], list[Asset]]:
    """Map each static file name to its fingerprinted URL path (a site's own file
    replaces the packaged one of that name)."""
    urls: dict[str, str] = {}
    assets: list[Asset] = []
    for relative, path in layers.files("static").items():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        stem, dot, suffix = relative.rpartition(".")
        output = f"assets/{stem}.{digest}.{suffix}" if dot else f"assets/{relative}.{digest}"
        urls[relative] = "/" + output
        assets.append(Asset(path, output))
    return urls, assets
