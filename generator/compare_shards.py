"""Which data file of a language's compare page holds a product's column.

A SKU's shard is the FNV-1a 32-bit hash of its bytes modulo the shard count; the
theme's compare.js computes the same hash to fetch only the shards of the picked
products, so the two must stay identical (tests pin known hash values).
"""

from __future__ import annotations

from collections.abc import Iterable

SHARD_SIZE = 32
"""Products per shard aimed at: a shard file stays a few dozen kilobytes."""
FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193


def fnv1a_32(text: str) -> int:
    """FNV-1a 32-bit of an ASCII text (SKUs are ASCII by their pattern)."""
    value = FNV_OFFSET
    for byte in text.encode("ascii"):
        value = ((value ^ byte) * FNV_PRIME) & 0xFFFFFFFF
    return value


def shard_count(products: int) -> int:
    """The smallest power of two that keeps shards at `SHARD_SIZE` products or fewer on
    average: the same for every language, from the catalog's product count."""
    wanted = max(1, -(-products // SHARD_SIZE))
    return 1 << (wanted - 1).bit_length()


def shard_of(sku: str, count: int) -> int:
    return fnv1a_32(sku) % count


def shard_members(skus: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """The SKUs of each shard, in SKU order, indexed by shard number."""
    ordered = sorted(skus)
    count = shard_count(len(ordered))
    members: list[list[str]] = [[] for _ in range(count)]
    for sku in ordered:
        members[shard_of(sku, count)].append(sku)
    return tuple(tuple(shard) for shard in members)
