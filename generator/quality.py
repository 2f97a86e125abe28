"""pSEO guardrails: thin, duplicate and cannibalizing landing pages are held back.

Measured on the rendered text of each landing page's article (what a buyer reads),
not on the data: word hashes give the share of words a page shares with no template
boilerplate, and MinHash signatures over word 5-shingles find near-duplicates with
LSH in about linear time.
"""

from __future__ import annotations

import math
import re
import zlib
from array import array
from collections import Counter
from dataclasses import dataclass

from datasketch import LeanMinHash, MinHash, MinHashLSH
from lxml import html

from .expand import Expansion, Flag
from .library import Library

WORD = re.compile(r"\w+")
SHINGLE = 5
PERMUTATIONS = 64
BOILERPLATE_SHARE = 0.5
"""A word on at least this share of a matrix's pages (in one language) is template text."""


@dataclass(frozen=True)
class PageSignature:
    key: str
    lang: str
    words: array
    """Sorted, distinct 32-bit hashes of the page's words."""
    minhash: LeanMinHash


def article_text(page: bytes) -> str:
    tree = html.fromstring(page)
    articles = tree.xpath("//main//article")
    return " ".join((articles[0] if articles else tree).text_content().split())


def signature(key: str, lang: str, text: str) -> PageSignature:
    words = WORD.findall(text.casefold())
    hashes = array("I", sorted({zlib.crc32(word.encode()) for word in words}))
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=PERMUTATIONS, seed=7)
    minhash.update_batch([shingle.encode() for shingle in sorted(shingles)])
    return PageSignature(key, lang, hashes, LeanMinHash(minhash))


def judge(
    library: Library, expansion: Expansion, signatures: list[PageSignature]
) -> tuple[dict[tuple[str, str], str], list[Flag]]:
    """Decide which landing pages (route key, language) are dropped or noindexed, and why."""
    flags = list(expansion.flags)
    groups: dict[tuple[str, str], list[PageSignature]] = {}
    for sig in signatures:
        groups.setdefault((sig.key.split(":", 1)[0], sig.lang), []).append(sig)
    for (matrix_id, _), members in sorted(groups.items()):
        quality = library.matrices[matrix_id].quality
        frequency = Counter(h for sig in members for h in sig.words)
        cutoff = max(2, math.ceil(BOILERPLATE_SHARE * len(members)))
        boilerplate = {h for h, count in frequency.items() if count >= cutoff}
        for sig in members:
            unique = sum(1 for h in sig.words if h not in boilerplate)
            share = unique / len(sig.words) if sig.words else 0.0
            if unique < quality.min_unique_words or share < quality.min_unique_share:
                matrix, key = sig.key.split(":", 1)
                flags.append(
                    Flag(
                        matrix,
                        key,
                        sig.lang,
                        f"thin: {unique} unique words ({share:.0%}), "
                        f"minimum {quality.min_unique_words} ({quality.min_unique_share:.0%})",
                    )
                )
    flags += _near_duplicates(library, signatures)
    verdicts: dict[tuple[str, str], str] = {}
    for flag in flags:
        action = library.matrices[flag.matrix].quality.below_threshold.value
        verdicts.setdefault((f"{flag.matrix}:{flag.key}", flag.lang), action)
    return verdicts, flags


def _near_duplicates(library: Library, signatures: list[PageSignature]) -> list[Flag]:
    """Each page is compared with the kept pages before it; the later page of a pair is flagged."""
    flags = []
    indexes: dict[tuple[str, float], MinHashLSH] = {}
    index_signatures: dict[str, PageSignature] = {}
    for sig in sorted(signatures, key=lambda s: (s.lang, s.key)):
        matrix, key = sig.key.split(":", 1)
        threshold = library.matrices[matrix].quality.near_duplicate_threshold
        if (sig.lang, threshold) not in indexes:
            indexes[sig.lang, threshold] = MinHashLSH(threshold, num_perm=PERMUTATIONS)
        index = indexes[sig.lang, threshold]
        best, twin = 0.0, ""
        for candidate_key in index.query(sig.minhash):
            candidate = index_signatures[candidate_key]
            similarity = sig.minhash.jaccard(candidate.minhash)
            if similarity > best:
                best, twin = similarity, candidate_key
        if best >= threshold:
            twin_key = twin.split("|", 1)[1]
            flags.append(Flag(matrix, key, sig.lang, f"near-duplicate of {twin_key} (Jaccard {best:.2f})"))
        else:
            index_signatures[f"{sig.lang}|{sig.key}"] = sig
            index.insert(f"{sig.lang}|{sig.key}", sig.minhash)
    return flags
