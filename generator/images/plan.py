"""Planning: which renditions every image gets, their names, URLs and cache keys.

Only file headers are read here, so routes and templates know each image's URLs and
dimensions before any pixel is decoded, and a warm-cache rebuild decodes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContentError
from ..library import Library
from ..models.site import ImageSettings
from .cards import CARD_SIZE
from .fonts import NO_FONTS, FontFaces, find_fonts
from .source import Header, ImageProblem, read_header

PIPELINE_VERSION = 1
"""Part of every cache key and file hash: bump it when processing changes its output."""


@dataclass(frozen=True)
class Encoding:
    """One output format and its encoder options (a tuple, so tasks stay hashable)."""

    extension: str
    pil_format: str
    mime: str
    options: tuple[tuple[str, Any], ...]


def encodings(settings: ImageSettings) -> dict[str, Encoding]:
    quality = settings.quality
    return {
        # One encoder thread: parallelism comes from the worker processes, and libavif's
        # output depends on the thread count, which would make names differ by machine.
        "avif": Encoding(
            "avif",
            "AVIF",
            "image/avif",
            (("quality", quality.avif), ("speed", settings.avif_speed), ("max_threads", 1)),
        ),
        "webp": Encoding("webp", "WEBP", "image/webp", (("quality", quality.webp), ("method", 4))),
        "jpeg": Encoding(
            "jpg",
            "JPEG",
            "image/jpeg",
            (("quality", quality.jpeg), ("optimize", True), ("progressive", True)),
        ),
        "png": Encoding("png", "PNG", "image/png", (("optimize", True),)),
    }


MODERN = ("avif", "webp")


@dataclass(frozen=True)
class Rendition:
    """One output file; `key` hashes the source bytes and every operation parameter."""

    output: str
    key: str
    width: int
    height: int
    encoding: Encoding

    @property
    def url(self) -> str:
        return "/" + self.output


@dataclass(frozen=True)
class ImageTask:
    """Re-encode one source image into `renditions`; picklable, no paths: the build
    fills in `data` as it sends the task (see `process_tasks`)."""

    digest: str
    """SHA-256 of the source: its place in `ImagePlan.sources`, and checked against `data`."""
    label: str
    orientation: int
    has_alpha: bool
    sizes: tuple[tuple[int, int], ...]
    """Every rendition size, largest first: the resize cascade. It stays the same when
    the task is trimmed to cache misses, so a rendition's pixels never depend on what
    the cache happened to hold."""
    renditions: tuple[Rendition, ...]
    data: bytes = b""


@dataclass(frozen=True)
class CardTask:
    """Draw one product's social card from its photo (or the logo); picklable, with
    the photo's bytes in `data` once sent and the fonts broadcast beside it."""

    label: str
    digest: str
    orientation: int
    has_alpha: bool
    title: str
    fallback_title: str
    brand: str
    footer: str
    lang: str
    """The page language: picks the script's font, the text direction and the shaping rules."""
    renditions: tuple[Rendition, ...]
    data: bytes = b""


Task = ImageTask | CardTask


@dataclass(frozen=True)
class ImageInfo:
    """What templates need to show an image responsively."""

    sources: tuple[tuple[str, str], ...]
    """(MIME type, srcset) of each modern format, best first."""
    srcset: str
    """srcset of the fallback format (JPEG, or PNG for images with transparency)."""
    fallback: str
    """URL of the largest fallback rendition: `<img src>`, sitemaps and structured data."""
    width: int
    height: int


@dataclass
class ImagePlan:
    images: dict[str, ImageInfo] = field(default_factory=dict)
    """Source path (relative to content/) → its renditions."""
    cards: dict[str, Rendition] = field(default_factory=dict)
    """`card_key(lang, sku)` → the social card of that product page."""
    tasks: list[Task] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)
    """Sources whose headers are unusable; they have no info and no task."""
    sources: dict[str, Path] = field(default_factory=dict)
    """Where the build reads each source, by digest; tasks never carry a path."""
    fonts: FontFaces | None = None
    """The fonts of the social cards (None: Pillow's built-in font)."""
    notes: list[str] = field(default_factory=list)
    """What the build output should say once (cards drawn without their script's font)."""


@dataclass(frozen=True)
class SourceImage:
    """A readable source, measured; cards reuse it for their photo."""

    label: str
    digest: str
    header: Header


def plan_images(library: Library) -> ImagePlan:
    """Plan every referenced image (products' photos and video posters, articles', the
    logo) and one social card per product (products whose photo is unusable get none:
    the build fails on `problems` before rendering)."""
    srcs = {image.src for product in library.products.values() for image in product.images}
    srcs |= {video.poster for video in library.videos()}
    srcs.add(library.site.organization.logo)
    srcs |= library.trust_images()
    srcs |= {article.image for article in library.articles.values() if article.image}
    plan, sources = plan_sources(library.content_dir, sorted(srcs), library.site.images)
    if library.site.images.social_cards:
        _plan_cards(library, sources, plan)
    return plan


def plan_sources(
    content_dir: Path, srcs: list[str], settings: ImageSettings
) -> tuple[ImagePlan, dict[str, SourceImage]]:
    """Measure and name the renditions of `srcs` (paths relative to `content_dir`)."""
    plan = ImagePlan()
    sources: dict[str, SourceImage] = {}
    formats = encodings(settings)
    for src in srcs:
        path = content_dir / src
        label = f"content/{src}"
        data = path.read_bytes()
        try:
            header = read_header(data)
        except ImageProblem as exc:
            plan.problems.append(ContentError(label, 1, 1, "", str(exc)))
            continue
        source = SourceImage(label, hashlib.sha256(data).hexdigest(), header)
        sources[src] = source
        plan.sources[source.digest] = path
        stem = slug(Path(src).stem)
        names = (*MODERN, "png" if header.has_alpha else "jpeg")
        by_format: dict[str, list[Rendition]] = {name: [] for name in names}
        widths = rendition_widths(header.width, settings.widths)
        sizes = [(width, max(1, round(header.height * width / header.width))) for width in widths]
        for index, (width, height) in enumerate(sizes):
            cascade = sizes[index:][::-1]  # the resizes that produce this size's pixels
            for name in names:
                encoding = formats[name]
                key = cache_key(source.digest, "resize", cascade, encoding)
                output = f"img/{stem}-{width}.{key[:8]}.{encoding.extension}"
                by_format[name].append(Rendition(output, key, width, height, encoding))
        fallback = by_format[names[-1]]
        plan.images[src] = ImageInfo(
            sources=tuple((formats[name].mime, srcset(by_format[name])) for name in MODERN),
            srcset=srcset(fallback),
            fallback=fallback[-1].url,
            width=fallback[-1].width,
            height=fallback[-1].height,
        )
        renditions = tuple(r for name in names for r in by_format[name])
        plan.tasks.append(
            ImageTask(
                source.digest, label, header.orientation, header.has_alpha, tuple(sizes[::-1]), renditions
            )
        )
    return plan, sources


def _plan_cards(library: Library, sources: dict[str, SourceImage], plan: ImagePlan) -> None:
    """One card per product and language, in the fonts of that language's script.
    Languages that would draw the same pixels (an untranslated name in the same script)
    share one file: the cache key is made of everything the card shows."""
    site = library.site
    languages = [language.code for language in site.languages]
    fonts = plan.fonts = find_fonts(languages)
    notice = fonts.notice() if fonts else NO_FONTS
    plan.notes += [notice] if notice else []
    jpeg = encodings(site.images)["jpeg"]
    width, height = CARD_SIZE
    footer = site.base_url.host or ""
    planned: set[str] = set()
    for sku, product in sorted(library.products.items()):
        src = product.images[0].src if product.images else site.organization.logo
        source = sources.get(src)
        if source is None:
            continue
        for lang in languages:
            chain = site.fallback_chain(lang)
            title = product.name.for_language(chain) or next(iter(product.name.values()))
            brand = product.brand or site.name.for_language(chain) or site.organization.name
            typeface = fonts.fingerprint(lang) if fonts else "pillow-default"
            shown = ("card", title, sku, brand, footer, lang, typeface)
            key = cache_key(source.digest, *shown, width, height, jpeg)
            rendition = Rendition(f"img/{slug(product.slug)}-card.{key[:8]}.jpg", key, width, height, jpeg)
            plan.cards[card_key(lang, sku)] = rendition
            if key in planned:
                continue
            planned.add(key)
            header = source.header
            plan.tasks.append(
                CardTask(
                    source.label,
                    source.digest,
                    header.orientation,
                    header.has_alpha,
                    title,
                    sku,
                    brand,
                    footer,
                    lang,
                    (rendition,),
                )
            )


def card_key(lang: str, sku: str) -> str:
    """Key of `plan.cards`: the card of product `sku`'s page in `lang`."""
    return f"{lang}:{sku}"


def rendition_widths(source_width: int, widths: list[int]) -> list[int]:
    """Configured widths up to the source's own (never upscale), plus the source width
    when it falls short of the largest, so the sharpest version is still offered."""
    chosen = [width for width in widths if width <= source_width]
    if source_width < widths[-1] and source_width not in chosen:
        chosen.append(source_width)
    return chosen


def cache_key(digest: str, *operation: Any) -> str:
    encoded = [
        {"format": part.pil_format, "options": part.options} if isinstance(part, Encoding) else part
        for part in operation
    ]
    return hashlib.sha256(json.dumps([PIPELINE_VERSION, digest, encoded]).encode()).hexdigest()


def srcset(renditions: list[Rendition]) -> str:
    return ", ".join(f"{r.url} {r.width}w" for r in renditions)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "image"
