"""Benchmark of the pSEO guardrails and the check's near-duplicate signatures, without rendering.

Two measurements, each in a fresh process per run:

- signature time per page on realistic pages (500, 1,000, 2,000 and 3,000 words of
  random vocabulary): the guardrails' `quality.signature` (word hashes, 64-bit shingle
  hashes, the signature) and the check's `content.signature` (shingle hashes and the
  128-value signature);
- `judge` on a synthetic keyword matrix of products × markets landing pages (one
  template with the product and market in a few slots, a paragraph per product and one
  per market, so pages of one product in markets with short paragraphs are
  near-duplicates): the time of the signatures and of `judge`, how many pages were
  flagged and a digest of every flag (equal digests mean equal verdicts, reasons, scores);
  then `judge` again after one product's pages changed (with the memory of the first
  judgement where the generator has one).

`--baseline DIR` times another source tree of the generator in the same invocation
(for example `git worktree add /tmp/base main`), alternating runs between the two so
that load from elsewhere on the machine falls on both alike; medians are printed.

    .venv/bin/python benchmarks/quality_bench.py --products 100 --markets 100 --runs 3 --baseline /tmp/base
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parent.parent
TEMPLATE_WORDS = 260
SLOT_EVERY = 87
PAGE_WORDS = (500, 1000, 2000, 3000)
PAGES_PER_LENGTH = 40


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


def _per_page(function, pages: list) -> float:
    """Milliseconds per page of `function` over `pages`, after one untimed call (one-off
    set-up such as the hash functions' tables is not a per-page cost)."""
    function(pages[0])
    started = time.perf_counter()
    for page in pages:
        function(page)
    return (time.perf_counter() - started) / len(pages) * 1000


def measure(products: int, markets: int, threshold: float) -> dict[str, float | int | str]:
    """One run in this process, with whichever generator `sys.path` finds."""
    from generator.check.rules.content import signature as check_signature
    from generator.expand import Expansion, Landing
    from generator.models.ids import LandingId
    from generator.models.matrix import Quality
    from generator.quality import judge, signature

    if incremental := "memory" in inspect.signature(judge).parameters:
        from generator.quality import NearDuplicateMemory

    result: dict[str, float | int | str] = {}
    rng = random.Random(1)
    vocabulary = [f"w{i}" for i in range(20_000)]
    for length in PAGE_WORDS:
        pages = [" ".join(rng.choices(vocabulary, k=length)) for _ in range(PAGES_PER_LENGTH)]
        result[f"quality signature, {length} words (ms/page)"] = _per_page(
            lambda text: signature(LandingId("m", "k"), "en", text), pages
        )
        result[f"check signature, {length} words (ms/page)"] = _per_page(
            check_signature, [text.split() for text in pages]
        )
    pages = texts(products, markets)
    quality = Quality(min_unique_words=5, min_unique_share=0.02, near_duplicate_threshold=threshold)
    library = SimpleNamespace(
        matrices={"m": SimpleNamespace(quality=quality)},
        site=SimpleNamespace(x_default=None, default_language="en"),
    )
    expansion = Expansion(landings=[Landing("m", key, (), {}) for key in pages])
    started = time.perf_counter()
    signatures = [signature(LandingId("m", key), "en", text) for key, text in pages.items()]
    signed = time.perf_counter()
    memory = [NearDuplicateMemory()] if incremental else []
    _, flags = judge(library, expansion, signatures, *memory)
    judged = time.perf_counter()
    result[f"{len(pages)} pages: signatures (s)"] = signed - started
    result[f"{len(pages)} pages: judge (s)"] = judged - signed
    result["flagged"] = len(flags)
    result["flags digest"] = _digest(flags)
    edited = [
        signature(sig.landing, "en", pages[sig.landing.key] + " revised")
        if sig.landing.key.startswith("p0-")
        else sig
        for sig in signatures
    ]
    started = time.perf_counter()
    _, flags = judge(library, expansion, edited, *memory)
    result[f"one product edited ({markets} pages): judge (s)"] = time.perf_counter() - started
    result["after the edit: flagged"] = len(flags)
    result["after the edit: flags digest"] = _digest(flags)
    return result


def _digest(flags: list) -> str:
    return hashlib.sha256(
        repr([(f.page, f.rule, f.reason, f.score, f.twin) for f in flags]).encode()
    ).hexdigest()[:16]


def _run(tree: Path, args: argparse.Namespace) -> dict[str, float | int | str]:
    options = [
        "--products",
        str(args.products),
        "--markets",
        str(args.markets),
        "--threshold",
        str(args.threshold),
    ]
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, __file__, "--one-run", *options],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def _median(values: list) -> float | int | str:
    return statistics.median(values) if isinstance(values[0], float | int) else "/".join(sorted(set(values)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100)
    parser.add_argument("--markets", type=int, default=100)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="another generator source tree, timed alternately")
    parser.add_argument("--one-run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        print(json.dumps(measure(args.products, args.markets, args.threshold)))
        return
    trees = {"this tree": REPO, **({"baseline": args.baseline.resolve()} if args.baseline else {})}
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    for _ in range(args.runs):
        for name, tree in trees.items():
            runs[name].append(_run(tree, args))
    print(f"medians of {args.runs} runs, threshold {args.threshold}")
    print("| measurement | " + " | ".join(trees) + " |")
    print("| --- |" + " --- |" * len(trees))
    for measurement in runs["this tree"][0]:
        cells = []
        for name in trees:
            value = _median([run[measurement] for run in runs[name]])
            cells.append(f"{value:.3f}" if isinstance(value, float) else str(value))
        print(f"| {measurement} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
