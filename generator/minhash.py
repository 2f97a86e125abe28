"""MinHash signatures and banded LSH: candidate pairs of similar sets in about linear time.

A signature keeps, for each of `count` hash functions, the least hash of a set's members;
two sets agree on one function with probability equal to their Jaccard similarity. The
functions are Dietzfelbinger's multiply-add-shift, h(x) = ((a·x + b) mod 2**64) >> 32 for
32-bit keys and 64-bit a and b: strongly universal, and exact in numpy's wrapping uint64
arithmetic, so a signature is one vectorised step. Banding puts two signatures in one
bucket when every row of some band agrees, which proposes similar pairs far more surely
than dissimilar ones; callers confirm the candidates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache

import numpy as np

KEY_MASK = np.uint64(0xFFFFFFFF)
EMPTY = 0xFFFFFFFF
"""Every value of the empty set's signature (no member lowered it)."""
CHUNK = 4096
CANDIDATE_RECALL = 0.999
"""Chance that banding proposes a pair whose Jaccard similarity is exactly the threshold
(higher similarities are proposed more surely still)."""
"""Keys hashed at once: bounds the (count × keys) temporary for very long pages."""


@cache
def hash_functions(count: int, seed: str) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of `count` functions, as (count, 1) columns. Drawn from BLAKE2b of the
    seed, not from a random generator, so they are the same in every process and release."""
    draws = [hashlib.blake2b(f"{seed}:{index}".encode(), digest_size=16).digest() for index in range(count)]
    a = np.array([int.from_bytes(draw[:8], "little") for draw in draws], dtype=np.uint64)
    b = np.array([int.from_bytes(draw[8:], "little") for draw in draws], dtype=np.uint64)
    return a[:, None], b[:, None]


def signature(keys: np.ndarray, count: int, seed: str) -> np.ndarray:
    """MinHash signature (`count` uint32 values) of a set of keys; only the low 32 bits of
    each key are hashed, and repeated keys change nothing."""
    a, b = hash_functions(count, seed)
    keys = np.asarray(keys, dtype=np.uint64) & KEY_MASK
    lowest = np.full(count, EMPTY, dtype=np.uint64)
    for start in range(0, len(keys), CHUNK):
        hashed = (a * keys[start : start + CHUNK] + b) >> np.uint64(32)
        np.minimum(lowest, hashed.min(axis=1), out=lowest)
    return lowest.astype(np.uint32)


def estimate(first: np.ndarray, second: np.ndarray) -> float:
    """MinHash estimate of the Jaccard similarity of two signatures' sets."""
    return np.count_nonzero(first == second) / len(first)


def lsh_bands(threshold: float, count: int, recall: float) -> tuple[int, int]:
    """(bands, rows) for `count`-value signatures: the most selective banding that still
    proposes a pair at `threshold` with probability `recall`. Valid for any threshold in (0, 1]."""
    best = (count, 1)
    for rows in range(1, count // 2 + 1):
        bands = count // rows
        if 1 - (1 - threshold**rows) ** bands >= recall:
            best = (bands, rows)
    return best


class Buckets:
    """Banded LSH index over signatures: which stored keys share a bucket with a signature."""

    def __init__(self, bands: int, rows: int) -> None:
        self.rows = rows
        self.tables: list[dict[bytes, list[str]]] = [{} for _ in range(bands)]

    def _bands(self, values: np.ndarray) -> Iterator[tuple[dict[bytes, list[str]], bytes]]:
        for number, table in enumerate(self.tables):
            yield table, values[number * self.rows : (number + 1) * self.rows].tobytes()

    def insert(self, key: str, values: np.ndarray) -> None:
        for table, band in self._bands(values):
            table.setdefault(band, []).append(key)

    def query(self, values: np.ndarray) -> list[str]:
        """Keys sharing at least one band with `values`, each once (band by band, in
        insertion order within a band: the same order in every run)."""
        found: dict[str, None] = {}
        for table, band in self._bands(values):
            found.update(dict.fromkeys(table.get(band, ())))
        return list(found)
