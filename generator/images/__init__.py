"""Stage 5, images: every image referenced by content, re-encoded for the web.

Each source gets responsive widths in AVIF and WebP plus a JPEG (PNG when it has
transparency) fallback, and each product a social card. Planning reads headers only;
processing is a pure function of a picklable task that carries the source's bytes,
mapped over the engine; outputs are cached by content, so a rebuild with a warm cache
decodes no image at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial

from ..engine import Engine
from ..errors import BuildError, ContentError
from .cache import ImageCache
from .plan import CardTask, ImageInfo, ImagePlan, Rendition, Task, card_key, plan_images, plan_sources
from .process import Processed, process_image

__all__ = [
    "ImageCache",
    "ImageInfo",
    "ImagePlan",
    "ImageStats",
    "Rendition",
    "card_key",
    "pending_tasks",
    "plan_images",
    "plan_sources",
    "process_image",
    "process_tasks",
    "write_images",
]


IMAGES_AHEAD = 6
"""Image tasks in flight per worker: a large photo takes many times a small one, and the
results (encoded files) are small."""


@dataclass(frozen=True)
class ImageStats:
    cached: int
    """Renditions copied from the cache."""
    encoded: int
    """Renditions decoded and encoded in this build."""


def pending_tasks(plan: ImagePlan, cache: ImageCache) -> tuple[list[Rendition], list[Task]]:
    """Split the plan into cache hits and the tasks (trimmed to their misses) that
    still have to run."""
    hits: list[Rendition] = []
    pending: list[Task] = []
    for task in plan.tasks:
        missing = tuple(r for r in task.renditions if not cache.has(r))
        hits += [r for r in task.renditions if r not in missing]
        if missing:
            pending.append(replace(task, renditions=missing))
    return hits, pending


def process_tasks(
    engine: Engine, tasks: list[Task], plan: ImagePlan, work: int | None = None
) -> Iterator[Processed]:
    """Run `tasks` (worth `work`, see `Engine.map`) on `engine`. Each source is read as its
    task is sent, so only the tasks in flight hold image bytes; the card fonts are
    broadcast once. No worker opens a file."""
    cards = plan.fonts is not None and any(isinstance(task, CardTask) for task in tasks)
    fonts = engine.broadcast(plan.fonts) if cards else None
    loaded = (replace(task, data=plan.sources[task.digest].read_bytes()) for task in tasks)
    return engine.map(partial(process_image, fonts), loaded, work=work, ahead=IMAGES_AHEAD)


def write_images(
    hits: list[Rendition],
    results: Iterable[Processed],
    cache: ImageCache,
    write: Callable[[str, bytes], None] | None,
    problems: Iterable[ContentError] = (),
) -> ImageStats:
    """Copy hits from the cache, store and write fresh results (only store them when
    `write` is None); raise BuildError with `problems` and every image that failed to
    decode, after all of them were tried."""
    errors = list(problems)
    if write is not None:
        for rendition in hits:
            write(rendition.output, cache.read(rendition))
    encoded = 0
    for result in results:
        if result.problem:
            errors.append(result.problem)
        for rendition, data in result.outputs:
            cache.store(rendition, data)
            if write is not None:
                write(rendition.output, data)
            encoded += 1
    if errors:
        raise BuildError(errors)
    return ImageStats(cached=len(hits), encoded=encoded)
