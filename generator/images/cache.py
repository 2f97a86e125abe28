"""The image cache: rendition bytes stored under their content-addressed key.

A key covers the source bytes and every operation parameter, so an entry is valid
for as long as it exists; a rebuild copies hits without opening the source image.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .plan import Rendition


@dataclass(frozen=True)
class ImageCache:
    folder: Path

    def path(self, rendition: Rendition) -> Path:
        return self.folder / rendition.key[:2] / f"{rendition.key}.{rendition.encoding.extension}"

    def has(self, rendition: Rendition) -> bool:
        return self.path(rendition).is_file()

    def read(self, rendition: Rendition) -> bytes:
        return self.path(rendition).read_bytes()

    def store(self, rendition: Rendition, data: bytes) -> None:
        """Write through a temporary name, so an interrupted build never leaves a
        truncated entry that a later build would trust."""
        path = self.path(rendition)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
