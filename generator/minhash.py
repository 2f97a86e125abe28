"""Minwise hashing and banded LSH: candidate pairs of similar sets in about linear time.

A signature is one permutation hashing with optimal densification, in pure Python.
Each member is hashed once, with Dietzfelbinger's multiply-add-shift
h(x) = ((a·x + b) mod 2**128) >> 64 (strongly universal for 64-bit keys); the 64-bit
range is cut into `count` equal bins and each bin keeps its least hash (Li, Owen and
Zhang, "One Permutation Hashing", NIPS 2012). An empty bin copies the value of the
first filled bin in a random order of the bins fixed for it (Shrivastava, "Optimal
Densification for Fast and Accurate Minwise Hashing", ICML 2017): then two sets agree
on each value with probability equal to their Jaccard similarity, as with `count`
independent MinHash functions and with about their variance (a little more for sets
with fewer members than bins), for one hash per member instead of `count`. The hashes
are sorted once and each bin's least is found by bisection, so the work stays in C;
estimates against many signatures are one big-integer XOR. Banding puts two
signatures in one bucket when every row of some band agrees, which proposes similar
pairs far more surely than dissimilar ones; callers confirm the candidates.
"""

from __future__ import annotations

import hashlib
import struct
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import cache

WIDTH = 4
"""Bytes per signature value: values are 32-bit, packed little-endian."""
EMPTY = 0xFFFFFFFF
"""Every value of the empty set's signature (no member filled a bin)."""
CANDIDATE_RECALL = 0.999
"""Chance that banding proposes a pair whose Jaccard similarity is exactly the threshold
(higher similarities are proposed more surely still)."""
_MASK64 = (1 << 64) - 1
_MASK128 = (1 << 128) - 1


@cache
def hash_function(seed: str) -> tuple[int, int, int]:
    """(a, b) of the member hash and the key of the densification draws. Taken from
    BLAKE2b of the seed, not from a random generator, so they are the same in every
    process and release."""
    draw = hashlib.blake2b(seed.encode(), digest_size=40).digest()
    return tuple(int.from_bytes(draw[start:end], "little") for start, end in ((0, 16), (16, 32), (32, 40)))


@cache
def _bin_edges(count: int) -> tuple[int, ...]:
    """Least 64-bit hash of each of `count` equal bins, and 2**64 to close the last."""
    return tuple(-(-(number << 64) // count) for number in range(count + 1))


def _mix(value: int) -> int:
    """SplitMix64's finaliser (Steele, Lea and Flood, OOPSLA 2014): a 64-bit bijection
    whose outputs look independent for consecutive inputs."""
    z = (value + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def _random_order(count: int, key: int, number: int) -> tuple[int, ...]:
    return tuple(sorted(range(count), key=lambda other: _mix(key ^ (number << 32 | other))))


@cache
def _donor_orders(count: int, seed: str) -> tuple[tuple[int, ...], ...]:
    """For each bin, the order in which an empty bin looks for a donor. The paper draws
    bins with replacement until one is non-empty; the distinct bins of such a sequence
    come in a uniformly random order, so a random order per bin is the same scheme,
    drawn once instead of hashed again for every empty bin of every signature."""
    key = hash_function(seed)[2]
    return tuple(_random_order(count, key, number) for number in range(count))


def signature(keys: Iterable[int], count: int, seed: str) -> bytes:
    """Signature (`count` 32-bit values, packed) of a set of keys; only the low 64 bits
    of each key are hashed, and repeated keys change nothing."""
    a, b, _ = hash_function(seed)
    hashes = sorted([((a * (key & _MASK64) + b) & _MASK128) >> 64 for key in keys])
    if not hashes:
        return struct.pack(f"<{count}I", *[EMPTY] * count)
    edges = _bin_edges(count)
    bins: list[int | None] = []
    position = 0
    for number in range(count):
        position = bisect_left(hashes, edges[number], position)
        least = hashes[position] if position < len(hashes) else edges[-1]
        # the bin's least hash, as its 32-bit offset within the bin
        bins.append(((least * count) & _MASK64) >> 32 if least < edges[number + 1] else None)
    if None in bins:
        orders = _donor_orders(count, seed)
        return struct.pack(
            f"<{count}I", *[_borrow(bins, orders[n]) if v is None else v for n, v in enumerate(bins)]
        )
    return struct.pack(f"<{count}I", *bins)


def _borrow(bins: list[int | None], order: tuple[int, ...]) -> int:
    """Optimal densification: the value of the first bin in `order` that members filled
    (values are borrowed from filled bins only, never from other borrowers)."""
    return next(value for other in order if (value := bins[other]) is not None)


def estimate(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two signatures' sets: the share of values that agree."""
    return estimates(first, [second])[0]


def estimates(signature: bytes, others: list[bytes]) -> list[float]:
    """`estimate` of one signature against many in a few C-level steps for all of them:
    XOR the others, joined, with the signature repeated; OR each value's four bytes into
    its first; the zero first bytes are the values that agree."""
    if not others:
        return []
    joined = b"".join(others)
    differ = int.from_bytes(joined, "little") ^ int.from_bytes(signature * len(others), "little")
    firsts = (differ | differ >> 8 | differ >> 16 | differ >> 24).to_bytes(len(joined), "little")[::WIDTH]
    step = len(signature) // WIDTH
    return [firsts.count(0, start, start + step) / step for start in range(0, len(firsts), step)]


def lsh_bands(threshold: float, count: int, recall: float) -> tuple[int, int]:
    """(bands, rows) for `count`-value signatures: the most selective banding that still
    proposes a pair at `threshold` with probability `recall`. Valid for any threshold in [0, 1]
    (at 0 no banding reaches the recall, and every value is its own band)."""
    best = (count, 1)
    for rows in range(1, count // 2 + 1):
        bands = count // rows
        if 1 - (1 - threshold**rows) ** bands >= recall:
            best = (bands, rows)
    return best


class Buckets:
    """Banded LSH index over signatures: which stored keys share a bucket with a signature."""

    def __init__(self, bands: int, rows: int) -> None:
        self.spans = [(number * rows * WIDTH, (number + 1) * rows * WIDTH) for number in range(bands)]
        self.tables: list[dict[bytes, list[str]]] = [{} for _ in range(bands)]

    def _bands(self, values: bytes) -> Iterator[tuple[dict[bytes, list[str]], bytes]]:
        for (start, end), table in zip(self.spans, self.tables, strict=True):
            yield table, values[start:end]

    def insert(self, key: str, values: bytes) -> None:
        for table, band in self._bands(values):
            table.setdefault(band, []).append(key)

    def query(self, values: bytes) -> list[str]:
        """Keys sharing at least one band with `values`, each once (band by band, in
        insertion order within a band: the same order in every run)."""
        found: dict[str, None] = {}
        for table, band in self._bands(values):
            found.update(dict.fromkeys(table.get(band, ())))
        return list(found)

    def together(self, first: bytes, second: bytes) -> bool:
        """Whether `query` of one signature would propose the other (they share a band)."""
        return any(first[start:end] == second[start:end] for start, end in self.spans)
