"""Content at scale: thin pages and near-duplicate main text (rule book R9.4, R9.6).

Main text is the text inside `<main>` (the body when there is none) without scripts and
styles. Near duplicates use word 5-shingles → a 128-value minwise-hashing signature (one
permutation hashing with optimal densification, see `generator.minhash`) → LSH
candidates, confirmed by the estimated Jaccard similarity. Pages are grouped around a first
member so a large template cluster costs one LSH query per cluster, not one per pair.
"""

from __future__ import annotations

import re
import struct
import zlib

from ...minhash import CANDIDATE_RECALL, Buckets, estimate, lsh_bands
from ...minhash import signature as minhash_signature
from ...wording import noun
from ..facts import Doc, PageEmit, PageEnv
from ..langtags import is_cjk
from ..registry import WARNING, Rule, catalogue
from ..site import Site, SiteEmit

DUPLICATES_GUIDE = "https://www.screamingfrog.co.uk/guides/duplicates/"
SPAM_POLICIES = "https://developers.google.com/search/docs/essentials/spam-policies"
NUM_PERM = 128
SHINGLE = 5
MINHASH_SEED = "pseo check"
_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")

RULES = catalogue(
    Rule("content.thin", WARNING, "main content has fewer words than the configured minimum",
         "Add unique data (specs, applications, tiers) or make the page noindex",
         f"R9.6: SF 'Low Content Pages'; scaled content abuse ({SPAM_POLICIES})."),
    Rule("content.near-duplicate", WARNING, "main text nearly identical to another indexable page",
         "Differentiate the pages' data or consolidate them with a canonical",
         f"R9.4: SF near duplicates, MinHash ≥ 90 % ({DUPLICATES_GUIDE})."),
)  # fmt: skip


def main_text(doc: Doc) -> str:
    """Visible text of the content region (R9.3: main content, not navigation or footer)."""
    mains = doc.tags("main")
    region = mains[0] if mains else doc.root.find("body")
    if region is None:
        return ""
    return " ".join(region.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]"))


_WORD_HASHES: dict[str, int] = {}


def _word_hashes(words: list[str]) -> list[int]:
    table = _WORD_HASHES if len(_WORD_HASHES) < 500_000 else dict(_WORD_HASHES)
    for word in set(words).difference(table):
        table[word] = zlib.crc32(word.encode())
    return list(map(table.__getitem__, words))


def shingle_hashes(words: list[str]) -> list[int]:
    """32-bit hashes of the word 5-shingles: the CRC-32 of each run of five word CRC-32s.

    Hashing each word once and each shingle as 20 packed bytes is several times cheaper
    than hashing every shingle's text; the values are stable across processes (unlike `hash`).
    """
    packed = memoryview(struct.pack(f"<{len(words)}I", *_word_hashes(words)))
    width = min(SHINGLE, len(words)) * 4
    return [zlib.crc32(packed[start : start + width]) for start in range(0, len(packed) - width + 1, 4)]


def signature(words: list[str]) -> bytes:
    """Signature of the word 5-shingles, as packed 32-bit values (compact to send between processes)."""
    return minhash_signature(shingle_hashes(words), NUM_PERM, MINHASH_SEED)


def _page_type_from_url(path: str) -> str:
    parts = [p for p in path.split("/") if p and p != "index.html"]
    if not parts or (len(parts) == 1 and len(parts[0]) <= 7 and "." not in parts[0]):
        return "home"
    if any(p.startswith(("product", "produkt", "produit", "producto")) for p in parts[:-1]):
        return "product"
    if any(p.startswith(("categor", "kategor", "catalog", "collection")) for p in parts[:-1]):
        return "category"
    return "page"


def check_page(doc: Doc, env: PageEnv, emit: PageEmit) -> None:
    """R9.6 thin content, and the MinHash signature for R9.4; also settles the page type."""
    facts = doc.facts
    if facts.error_page or facts.redirect:
        return
    if facts.page_type == "other":
        facts.page_type = _page_type_from_url(facts.path)
    if not facts.indexable:
        return
    text = main_text(doc).casefold()
    words = _WORD.findall(text)
    facts.words = len(_CJK.findall(text)) // 2 + len(words) if is_cjk(facts.lang) else len(words)
    if facts.words < env.settings.min_words:
        words_in = f"{facts.words} {noun(facts.words, 'word')}"
        emit("content.thin", f"{words_in} in main content (minimum {env.settings.min_words})")
    if words:
        facts.signature = signature(words)


def check_site(site: Site, emit: SiteEmit) -> None:
    """R9.4: near-duplicate clusters among indexable pages."""
    threshold = site.settings.near_duplicate_threshold
    sketches: dict[str, bytes] = {
        page.url: page.signature for page in site.pages.values() if page.signature and page.indexable
    }
    if len(sketches) < 2:
        return
    buckets = Buckets(*lsh_bands(threshold, NUM_PERM, CANDIDATE_RECALL))
    for url, sketch in sketches.items():
        buckets.insert(url, sketch)
    assigned: set[str] = set()
    for url in sorted(sketches):
        if url in assigned:
            continue
        members = []
        for other in buckets.query(sketches[url]):
            if other == url or other in assigned:
                continue
            similarity = estimate(sketches[url], sketches[other])
            if similarity >= threshold:
                members.append((other, similarity))
        if not members:
            continue
        assigned.add(url)
        for other, similarity in sorted(members):
            assigned.add(other)
            emit("content.near-duplicate", other, f"{similarity:.0%} similar to {url}")
        emit("content.near-duplicate", url, f"{len(members)} near-duplicate page(s), e.g. {members[0][0]}")
