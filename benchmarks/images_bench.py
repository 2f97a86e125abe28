"""Benchmark of the image stage on large product photos.

Generates N photo-like 3000 x 3000 px JPEGs, then times planning plus processing with
an empty cache (cold) and with the cache those runs filled (warm), each the median of
`--runs`, and compares the bytes a product page serves with the original JPEGs.

    .venv/bin/python benchmarks/images_bench.py --images 24 --runs 3
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from generator.engine import SMALL_BUILD, open_engine
from generator.images import ImageCache, ImageStats, pending_tasks, plan_sources, process_tasks, write_images
from generator.images.plan import ImageInfo
from generator.models.site import ImageSettings

IMAGES_PER_PAGE = 2
"""Like the sample catalog: a front and a side view per product."""
SLOT_CSS_PX = 544
"""Width of the gallery slot at a 1280 px viewport: the product gallery's `sizes`
says 34rem from 72rem up (see the `picture` macro)."""


def photo_like(size: int, seed: int, grain: Image.Image) -> Image.Image:
    """A product-shot stand-in: a detailed object (shapes at several scales, detail that
    survives downscaling) on a soft backdrop, with sensor-like grain all over."""
    rng = random.Random(seed)
    half = size // 2
    backdrop = tuple(rng.randrange(200, 245) for _ in range(3))
    base = Image.new("RGB", (half, half), backdrop)
    draw = ImageDraw.Draw(base)
    low, high = half // 5, half * 4 // 5
    for radius_max, count in ((half // 6, 25), (half // 25, 250), (half // 90, 900)):
        for _ in range(count):
            x, y, r = rng.randrange(low, high), rng.randrange(low, high), rng.randrange(2, radius_max)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    smooth = base.filter(ImageFilter.GaussianBlur(1.2)).resize((size, size), Image.Resampling.BICUBIC)
    return Image.blend(smooth, grain, 0.05)


def generate(folder: Path, count: int, size: int) -> list[str]:
    grain = Image.merge("RGB", [Image.effect_noise((size, size), 60 + 10 * i) for i in range(3)])
    srcs = []
    for index in range(count):
        view = ("front", "side")[index % IMAGES_PER_PAGE]
        src = f"images/product-{index // IMAGES_PER_PAGE:02d}-{view}.jpg"
        path = folder / src
        path.parent.mkdir(parents=True, exist_ok=True)
        photo_like(size, index, grain).save(path, "JPEG", quality=90)
        srcs.append(src)
    return srcs


def run_stage(content: Path, srcs: list[str], cache_dir: Path, out: Path, jobs: int) -> ImageStats:
    plan, _ = plan_sources(content, srcs, ImageSettings())
    cache = ImageCache(cache_dir)
    hits, work = pending_tasks(plan, cache)
    shutil.rmtree(out, ignore_errors=True)

    def write(relative: str, data: bytes) -> None:
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    with open_engine(jobs) as engine:
        # Any task at all goes to the pool: the benchmark measures the pool's throughput.
        processed = process_tasks(engine, work, plan, work=SMALL_BUILD * len(work))
        return write_images(hits, processed, cache, write)


def timed(
    runs: int, prepare: Callable[[], None], action: Callable[[], ImageStats]
) -> tuple[float, ImageStats]:
    seconds, stats = [], None
    for _ in range(runs):
        prepare()
        started = time.perf_counter()
        stats = action()
        seconds.append(time.perf_counter() - started)
    assert stats is not None
    return statistics.median(seconds), stats


def chosen(info: ImageInfo, mime: str, slot: int) -> str:
    """The candidate a browser picks for a `slot`-px slot: the smallest at least as wide."""
    srcset = dict(info.sources)[mime] if mime != "image/jpeg" else info.srcset
    candidates = [(int(w[:-1]), url) for url, w in (item.split() for item in srcset.split(", "))]
    return next((url for width, url in candidates if width >= slot), candidates[-1][1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=24)
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="worker processes; 0 = one per core")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        content, cache_dir, out = root / "content", root / "cache", root / "out"
        started = time.perf_counter()
        srcs = generate(content, args.images, args.size)
        print(f"generated {len(srcs)} {args.size}x{args.size} JPEGs in {time.perf_counter() - started:.1f} s")

        def run() -> ImageStats:
            return run_stage(content, srcs, cache_dir, out, args.jobs)

        cold, cold_stats = timed(args.runs, lambda: shutil.rmtree(cache_dir, ignore_errors=True), run)
        warm, warm_stats = timed(args.runs, lambda: None, run)
        assert warm_stats.encoded == 0, "warm runs must not encode"

        plan, _ = plan_sources(content, srcs, ImageSettings())
        original = sum((content / src).stat().st_size for src in srcs)
        pages = len(srcs) / IMAGES_PER_PAGE

        def served(mime: str, slot: int) -> int:
            return sum(
                (out / chosen(plan.images[src], mime, slot).lstrip("/")).stat().st_size for src in srcs
            )

        print(f"\n{'run':<22}{'median s':>10}{'images/s':>10}{'renditions':>12}")
        for name, seconds, stats in (("cold cache", cold, cold_stats), ("warm cache", warm, warm_stats)):
            print(
                f"{name:<22}{seconds:>10.2f}{len(srcs) / seconds:>10.1f}{stats.encoded + stats.cached:>12}"
                f"  ({stats.encoded} encoded, {stats.cached} from cache)"
            )
        print(f"\nbytes per product page ({IMAGES_PER_PAGE} photos), 1280 px wide desktop browser")
        print(f"{'served':<30}{'KiB/page':>10}{'vs original':>13}")
        rows = [("original JPEG 3000 px", original)]
        for label, mime, slot in (
            ("AVIF, DPR 1", "image/avif", SLOT_CSS_PX),
            ("AVIF, DPR 2", "image/avif", 2 * SLOT_CSS_PX),
            ("WebP, DPR 1", "image/webp", SLOT_CSS_PX),
            ("JPEG fallback, DPR 1", "image/jpeg", SLOT_CSS_PX),
        ):
            width = chosen(plan.images[srcs[0]], mime, slot).rsplit("-", 1)[1].split(".")[0]
            rows.append((f"{label} ({width}w)", served(mime, slot)))
        for label, total in rows:
            print(f"{label:<30}{total / pages / 1024:>10.1f}{total / original:>12.1%}")


if __name__ == "__main__":
    main()
