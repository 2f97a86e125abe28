"""Stage 5, images: every image referenced by content, re-encoded for the web.

Planning (names, sizes) reads only file headers, so routes and templates know each
image's URL and dimensions before any pixel is decoded; processing is a pure
function of an `ImageTask`, mapped over the executor.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import BuildError, ContentError
from .library import Library

MAX_WIDTH = 1280
FORMATS = (("webp", "WEBP", {"quality": 80, "method": 4}), ("jpg", "JPEG", {"quality": 82, "optimize": True}))


@dataclass(frozen=True)
class ImageTask:
    """One source image and where its renditions go; picklable."""

    source: Path
    stem: str
    width: int
    height: int
    has_alpha: bool

    def output(self, extension: str) -> str:
        return f"img/{self.stem}.{extension}"


@dataclass(frozen=True)
class ImageInfo:
    """What templates need to show an image."""

    sources: tuple[tuple[str, str], ...]
    """(MIME type, URL path) of each modern rendition."""
    fallback: str
    width: int
    height: int


def plan_images(library: Library) -> tuple[dict[str, ImageInfo], list[ImageTask]]:
    """Name and measure every referenced image; unreadable images are errors."""
    sources = {image.src for product in library.products.values() for image in product.images}
    sources.add(library.site.organization.logo)
    infos: dict[str, ImageInfo] = {}
    tasks: list[ImageTask] = []
    errors: list[ContentError] = []
    for src in sorted(sources):
        path = library.content_dir / src
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:8]
        try:
            with Image.open(io.BytesIO(data)) as image:
                image = ImageOps.exif_transpose(image) or image
                width, height = image.size
                has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
            errors.append(ContentError(f"content/{src}", 1, 1, "", f"cannot read image: {exc}"))
            continue
        if width > MAX_WIDTH:
            width, height = MAX_WIDTH, round(height * MAX_WIDTH / width)
        stem = f"{_slug(Path(src).stem)}.{digest}"
        task = ImageTask(path, stem, width, height, has_alpha)
        tasks.append(task)
        fallback = task.output("png" if has_alpha else "jpg")
        infos[src] = ImageInfo((("image/webp", "/" + task.output("webp")),), "/" + fallback, width, height)
    if errors:
        raise BuildError(errors)
    return infos, tasks


def process_image(task: ImageTask) -> list[tuple[str, bytes]]:
    """Decode once, orient, convert to sRGB-compatible RGB(A), resize, and encode each
    format without metadata (EXIF/GPS never reach the output)."""
    with Image.open(task.source) as original:
        image = ImageOps.exif_transpose(original) or original
        image = image.convert("RGBA" if task.has_alpha else "RGB")
        if image.size != (task.width, task.height):
            image = image.resize((task.width, task.height), Image.Resampling.LANCZOS)
    outputs = []
    for extension, pil_format, options in FORMATS:
        if task.has_alpha and pil_format == "JPEG":
            extension, pil_format, options = "png", "PNG", {"optimize": True}
        buffer = io.BytesIO()
        image.save(buffer, pil_format, **options)
        outputs.append((task.output(extension), buffer.getvalue()))
    return outputs


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "image"
