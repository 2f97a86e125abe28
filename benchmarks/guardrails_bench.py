"""Benchmark of the pSEO guardrails on a synthetic keyword matrix, without rendering.

Builds the article text of products × markets landing pages (one template with the
product and market in a few slots, a paragraph per product and one per market, so
pages of one product in markets with short paragraphs are near-duplicates), then times
the quality signatures and `judge`, and prints how many pages were flagged with a
digest of every flag: equal digests mean equal verdicts, reasons and scores.

    .venv/bin/python benchmarks/guardrails_bench.py --products 40 --markets 60 --threshold 0.9
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from types import SimpleNamespace

from generator.expand import Expansion, Landing
from generator.models.matrix import Quality
from generator.quality import judge, signature

TEMPLATE_WORDS = 260
SLOT_EVERY = 87


def texts(products: int, markets: int, seed: int = 3) -> dict[str, str]:
    """Article text of every landing page, by landing key."""
    rng = random.Random(seed)
    vocabulary = [f"v{i}" for i in range(3000)]
    template = [rng.choice(vocabulary) for _ in range(TEMPLATE_WORDS)]
    product_text = {p: [rng.choice(vocabulary) for _ in range(45)] for p in range(products)}
    market_text = {m: [rng.choice(vocabulary) for _ in range(rng.choice([2, 8, 30]))] for m in range(markets)}
    pages = {}
    for p in range(products):
        for m in range(markets):
            words = list(template)
            for slot in range(0, TEMPLATE_WORDS, SLOT_EVERY):
                words[slot], words[slot + 1] = f"prod{p}", f"mkt{m}"
            pages[f"p{p}-m{m}"] = " ".join(words + product_text[p] + market_text[m])
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=40)
    parser.add_argument("--markets", type=int, default=60)
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args()
    pages = texts(args.products, args.markets)
    quality = Quality(min_unique_words=5, min_unique_share=0.02, near_duplicate_threshold=args.threshold)
    library = SimpleNamespace(matrices={"m": SimpleNamespace(quality=quality)})
    expansion = Expansion(landings=[Landing("m", key, (), {}) for key in pages])
    started = time.perf_counter()
    signatures = [signature(f"m:{key}", "en", text) for key, text in pages.items()]
    signed = time.perf_counter()
    _, flags = judge(library, expansion, signatures)
    judged = time.perf_counter()
    digest = hashlib.sha256(repr([(f.page, f.rule, f.reason, f.score, f.twin) for f in flags]).encode())
    print(
        f"{len(pages)} pages, threshold {args.threshold}: signatures {signed - started:.2f} s, "
        f"judge {judged - signed:.2f} s, {len(flags)} flagged, flags digest {digest.hexdigest()[:16]}"
    )


if __name__ == "__main__":
    main()
