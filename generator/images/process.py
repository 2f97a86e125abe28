"""Processing: decode each source once, then resize and encode every rendition.

`process_image` is a pure function of its task (which carries the source's bytes) and
returns bytes, so it can run in any worker, on any machine; the caller writes outputs
and cache.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image

from ..engine import Ref
from ..errors import ContentError
from .cards import PHOTO_BOX, draw_card
from .fonts import FontFaces
from .plan import CardTask, Encoding, ImageTask, Rendition, Task
from .source import ImageProblem, decode

RESIZE_REDUCING_GAP = 3.0
"""Pillow first shrinks by an integer factor, then resamples with Lanczos: much faster
than a full Lanczos pass from a large source, visually the same at this gap."""


@dataclass(frozen=True)
class Processed:
    outputs: tuple[tuple[Rendition, bytes], ...]
    problem: ContentError | None = None


def process_image(fonts: Ref[FontFaces | None] | None, task: Task) -> Processed:
    """Run one task (`fonts` draw its card); a source that fails to decode becomes a
    ContentError, not a crash, so every bad image of a build is reported together."""
    if hashlib.sha256(task.data).hexdigest() != task.digest:  # else cached under another source's key
        return Processed((), ContentError(task.label, 1, 1, "", "changed while the build ran; build again"))
    try:
        if isinstance(task, ImageTask):
            return Processed(tuple(_renditions(task, task.data)))
        card = _card(task, task.data, fonts.get() if fonts else None)
        return Processed(((task.renditions[0], card),))
    except ImageProblem as exc:
        return Processed((), ContentError(task.label, 1, 1, "", str(exc)))


def _renditions(task: ImageTask, data: bytes) -> list[tuple[Rendition, bytes]]:
    image = decode(data, task.orientation, task.has_alpha, draft=task.sizes[0])
    wanted: dict[tuple[int, int], list[Rendition]] = {}
    for rendition in task.renditions:
        wanted.setdefault((rendition.width, rendition.height), []).append(rendition)
    smallest = min(wanted)
    outputs = []
    for size in task.sizes:
        # Each size is resampled from the next larger one: far cheaper than going back
        # to the full-size source every time, and no visible difference with Lanczos.
        image = image if image.size == size else _resize(image, size)
        outputs += [(rendition, encode(image, rendition.encoding)) for rendition in wanted.get(size, [])]
        if size == smallest:
            break
    return outputs


def _card(task: CardTask, data: bytes, fonts: FontFaces | None) -> bytes:
    photo = decode(data, task.orientation, task.has_alpha, draft=PHOTO_BOX)
    card = draw_card(photo, task.title, task.fallback_title, task.brand, task.footer, fonts, task.lang)
    return encode(card, task.renditions[0].encoding)


def _resize(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=RESIZE_REDUCING_GAP)


def encode(image: Image.Image, encoding: Encoding) -> bytes:
    """Encode without metadata: `decode` cleared `info`, and no exif/icc is passed."""
    buffer = io.BytesIO()
    image.save(buffer, encoding.pil_format, **dict(encoding.options))
    return buffer.getvalue()
