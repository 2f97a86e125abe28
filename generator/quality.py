"""pSEO guardrails: thin, duplicate and cannibalizing landing pages are held back.

Measured on the rendered text of each landing page's article (what a buyer reads),
not on the data: word hashes give the share of words a page shares with no template
boilerplate, and word 5-shingles find near-duplicates. Minwise-hashing signatures
(one permutation hashing with optimal densification, see `minhash`) and LSH only
propose candidate pairs in about linear time; the verdict and the reported score are
the exact Jaccard similarity of the two pages' shingle sets.
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from array import array
from collections import Counter
from dataclasses import dataclass, field

from lxml import html

from .expand import Expansion, Flag, Landing
from .library import Library
from .minhash import CANDIDATE_RECALL, Buckets, estimates, lsh_bands
from .minhash import signature as minhash_signature
from .models.ids import LandingId
from .models.matrix import ClusterPolicy

WORD = re.compile(r"\w+")
SHINGLE = 5
PERMUTATIONS = 64
"""Values of a page's signature (bins of its one permutation)."""
MINHASH_SEED = "pseo quality"
ESTIMATE_DEVIATIONS = 4
"""Candidates whose estimated similarity falls this many standard deviations (plus one
signature value) below the threshold are not compared exactly: no pair at or above the
threshold is lost in practice, and dense clusters of template pages stay cheap."""
BOILERPLATE_SHARE = 0.5
"""A word on at least this share of a matrix's pages (in one language) is template text."""


@dataclass(frozen=True)
class PageSignature:
    landing: LandingId
    lang: str
    words: array
    """Sorted, distinct 32-bit hashes of the page's words."""
    shingles: array
    """Sorted, distinct 64-bit hashes of the page's word 5-shingles (stable across processes)."""
    minhash: bytes
    """Minwise-hashing signature (PERMUTATIONS packed 32-bit values) of the shingle hashes."""

    @property
    def key(self) -> str:
        """The landing's route key, as reports show it."""
        return str(self.landing)


def article_text(page: bytes) -> str:
    tree = html.fromstring(page)
    articles = tree.xpath("//main//article")
    return " ".join((articles[0] if articles else tree).text_content().split())


def _shingle_hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "little")


def signature(landing: LandingId, lang: str, text: str) -> PageSignature:
    words = WORD.findall(text.casefold())
    hashes = array("I", sorted({zlib.crc32(word.encode()) for word in words}))
    starts = range(max(1, len(words) - SHINGLE + 1))
    shingles = array("Q", sorted({_shingle_hash(" ".join(words[i : i + SHINGLE])) for i in starts}))
    minhash = minhash_signature(shingles, PERMUTATIONS, MINHASH_SEED)
    return PageSignature(landing, lang, hashes, shingles, minhash)


def _jaccard(shared: int, first: PageSignature, second: PageSignature) -> float:
    """Exact Jaccard similarity of two pages' shingle sets, which share `shared` shingles."""
    if not first.shingles or not second.shingles:
        return 1.0 if len(first.shingles) == len(second.shingles) else 0.0
    return shared / (len(first.shingles) + len(second.shingles) - shared)


def shared_shingles(first: PageSignature, second: PageSignature) -> int:
    """How many word 5-shingles the two pages have in common."""
    return len(set(first.shingles).intersection(second.shingles))


def _closest(
    sig: PageSignature,
    candidates: list[PageSignature],
    rank: dict[str, int],
    best: float = 0.0,
    twin: PageSignature | None = None,
) -> tuple[float, PageSignature | None]:
    """The exact Jaccard similarity of the page closest to `sig` among `twin` and the
    candidates (the first in plan order of equals), and that page; the page's shingle
    set is built once for all of them."""
    if not candidates:
        return best, twin
    mine = set(sig.shingles)
    for candidate in candidates:
        similarity = _jaccard(len(mine.intersection(candidate.shingles)), sig, candidate)
        if similarity > best or (
            similarity == best and twin is not None and rank[candidate.key] < rank[twin.key]
        ):
            best, twin = similarity, candidate
    return best, twin


def _plausible(sig: PageSignature, candidates: list[PageSignature], floor: float) -> list[PageSignature]:
    """The candidates whose estimated similarity reaches `floor`."""
    similarities = estimates(sig.minhash, [candidate.minhash for candidate in candidates])
    return [
        candidate
        for candidate, similarity in zip(candidates, similarities, strict=True)
        if similarity >= floor
    ]


def _estimate_floor(threshold: float) -> float:
    """Lowest MinHash estimate a pair at or above `threshold` plausibly shows."""
    worst = max(threshold, 0.5)  # the estimate's spread is widest at a similarity of 0.5
    deviation = math.sqrt(worst * (1 - worst) / PERMUTATIONS)
    return threshold - ESTIMATE_DEVIATIONS * deviation - 1 / PERMUTATIONS


def judge(
    library: Library,
    expansion: Expansion,
    signatures: list[PageSignature],
    memory: NearDuplicateMemory | None = None,
) -> tuple[dict[tuple[str, str], str], list[Flag]]:
    """Decide which landing pages (route key, language) are dropped or noindexed, and why.
    Every verdict depends on the whole plan only, never on the order signatures arrive in,
    nor on the `memory` of an earlier judgement (which only saves work)."""
    flags = list(expansion.flags)
    rank = {f"{landing.matrix}:{landing.key}": index for index, landing in enumerate(expansion.landings)}
    signatures = sorted(signatures, key=lambda sig: (sig.lang, rank[sig.key]))
    groups: dict[tuple[str, str], list[PageSignature]] = {}
    for sig in signatures:
        groups.setdefault((sig.landing.matrix, sig.lang), []).append(sig)
    for (matrix_id, _), members in sorted(groups.items()):
        quality = library.matrices[matrix_id].quality
        frequency = Counter(h for sig in members for h in sig.words)
        cutoff = max(2, math.ceil(BOILERPLATE_SHARE * len(members)))
        boilerplate = {h for h, count in frequency.items() if count >= cutoff}
        for sig in members:
            unique = sum(1 for h in sig.words if h not in boilerplate)
            share = unique / len(sig.words) if sig.words else 0.0
            if unique < quality.min_unique_words or share < quality.min_unique_share:
                reason = (
                    f"thin: {unique} unique words ({share:.0%}), "
                    f"minimum {quality.min_unique_words} ({quality.min_unique_share:.0%})"
                )
                flags.append(Flag(sig.landing.matrix, sig.landing.key, sig.lang, "thin", reason, score=share))
    landings = {f"{landing.matrix}:{landing.key}": landing for landing in expansion.landings}
    flags += _near_duplicates(library, signatures, rank, landings, memory or NearDuplicateMemory())
    flags += _cluster_flags(library, expansion.landings, flags)
    flags.sort(key=lambda flag: (rank[flag.page], flag.lang))
    verdicts: dict[tuple[str, str], str] = {}
    for flag in flags:
        action = library.matrices[flag.matrix].quality.below_threshold.value
        verdicts.setdefault((flag.page, flag.lang), action)
    return verdicts, flags


def _cluster_flags(library: Library, landings: list[Landing], flags: list[Flag]) -> list[Flag]:
    """Languages held back because another language of their hreflang cluster is, per the
    matrix's `quality.cluster` policy: with `follow_x_default`, a cluster whose x-default
    page is held back is held back whole, so no indexable page is left without its
    x-default; with `together`, one held-back language holds back all of them."""
    held: dict[str, dict[str, Flag]] = {}
    for flag in flags:
        held.setdefault(flag.page, {}).setdefault(flag.lang, flag)
    anchor = library.site.x_default or library.site.default_language
    added = []
    for landing in landings:
        page = f"{landing.matrix}:{landing.key}"
        policy = library.matrices[landing.matrix].quality.cluster
        mine = held.get(page, {})
        if policy is ClusterPolicy.per_language or not mine:
            continue
        if policy is ClusterPolicy.follow_x_default:
            cause = mine.get(anchor)
        else:
            cause = next((mine[lang] for lang in landing.texts if lang in mine), None)
        if cause is None:
            continue
        reason = f"held back with its [{cause.lang}] version ({cause.rule}), policy {policy.value}"
        added += [
            Flag(landing.matrix, landing.key, lang, "cluster", reason, twin=cause.twin)
            for lang in landing.texts
            if lang not in mine
        ]
    return added


def _comparison_group(library: Library, landing: Landing) -> tuple[str, ...]:
    """Pages are compared only within one group: by default every page of a language,
    whatever its matrix; with `compare_within`, the pages of one matrix that share the
    values of those dimensions."""
    within = library.matrices[landing.matrix].quality.near_duplicates.compare_within
    if not within:
        return ()
    return (landing.matrix, *(landing.value(name) for name in within))


@dataclass(frozen=True)
class Outcome:
    """One page's near-duplicate comparison: a digest of its shingles, the closest kept
    page before it (by `lang|key`) with their exact similarity, and whether it was kept."""

    fingerprint: bytes
    best: float
    twin: str | None
    kept: bool


@dataclass
class NearDuplicateMemory:
    """The last near-duplicate pass, so the next one costs what changed. A page with the
    same shingles keeps its closest page unless that page changed (its shingles, or
    whether it is kept); it is then compared with the whole group again. Otherwise only
    the kept pages before it that changed can come closer, and only they are compared
    with it: both ways take the closest of the same candidates, so the verdicts are the
    clean pass's. Any change of the plan's pages, order or groups starts afresh."""

    order: list[tuple[str, tuple]] = field(default_factory=list)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    compared: int = 0
    """Pages of the last pass compared with their whole group (the rest kept their outcome)."""


def _near_duplicates(
    library: Library,
    signatures: list[PageSignature],
    rank: dict[str, int],
    landings: dict[str, Landing],
    memory: NearDuplicateMemory,
) -> list[Flag]:
    """Each page (in plan order) is compared with the kept pages before it in its group;
    the later page of a pair is flagged. LSH proposes the candidates, exact Jaccard decides."""
    flags = []
    indexes: dict[tuple, Buckets] = {}
    kept: dict[str, PageSignature] = {}
    order = [(f"{sig.lang}|{sig.key}", _group(library, landings, sig)) for sig in signatures]
    previous = memory.outcomes if memory.order == order else {}
    outcomes: dict[str, Outcome] = {}
    changed: set[str] = set()
    changed_kept: dict[tuple, list[PageSignature]] = {}
    memory.compared = 0
    for sig, (name, group) in zip(signatures, order, strict=True):
        threshold = group[1]
        if group not in indexes:
            indexes[group] = Buckets(*lsh_bands(threshold, PERMUTATIONS, CANDIDATE_RECALL))
        index, floor = indexes[group], _estimate_floor(threshold)
        fingerprint = hashlib.blake2b(sig.shingles, digest_size=16).digest()
        before = previous.get(name)
        if before and before.fingerprint == fingerprint and before.twin not in changed:
            fresh = [
                other for other in changed_kept.get(group, ()) if index.together(sig.minhash, other.minhash)
            ]
            twin = kept[before.twin] if before.twin else None
            best, twin = _closest(sig, _plausible(sig, fresh, floor), rank, before.best, twin)
        else:
            memory.compared += 1
            plausible = _plausible(sig, [kept[other] for other in index.query(sig.minhash)], floor)
            best, twin = _closest(sig, sorted(plausible, key=lambda c: rank[c.key]), rank)
        keep = twin is None or best < threshold
        outcomes[name] = Outcome(fingerprint, best, twin and f"{twin.lang}|{twin.key}", keep)
        if not before or before.fingerprint != fingerprint or before.kept != keep:
            changed.add(name)
            if keep:
                changed_kept.setdefault(group, []).append(sig)
        if keep:
            kept[name] = sig
            index.insert(name, sig.minhash)
        else:
            reason = _duplicate_reason(sig, twin, best, threshold, landings)
            landing = sig.landing
            flags.append(
                Flag(
                    landing.matrix, landing.key, sig.lang, "near-duplicate", reason, score=best, twin=twin.key
                )
            )
    memory.order, memory.outcomes = order, outcomes
    return flags


def _group(library: Library, landings: dict[str, Landing], sig: PageSignature) -> tuple:
    """The group a page is compared within, with its threshold."""
    threshold = library.matrices[sig.landing.matrix].quality.near_duplicate_threshold
    return (sig.lang, threshold, _comparison_group(library, landings[sig.key]))


def _duplicate_reason(
    sig: PageSignature, twin: PageSignature, similarity: float, threshold: float, landings: dict[str, Landing]
) -> str:
    """What the two pages share, and which data would set this one apart."""
    share = shared_shingles(sig, twin) / len(sig.shingles) if sig.shingles else 1.0
    reason = (
        f"near-duplicate of {twin.key} (Jaccard {similarity:.3f}, threshold {threshold}): "
        f"{share:.0%} of its 5-word phrases are on that page too"
    )
    mine, theirs = landings[sig.key], landings[twin.key]
    if mine.matrix != theirs.matrix:
        return reason
    common = [f"{name}={value}" for name, value in mine.combo if theirs.value(name) == value]
    differ = [name for name, value in mine.combo if theirs.value(name) != value]
    if common:
        reason += f"; both are for {', '.join(common)}"
    if differ:
        reason += f"; give each {' and '.join(differ)} its own text, FAQs or data to make the page unique"
    return reason
