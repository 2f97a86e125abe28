"""MinHash signatures and LSH buckets, checked against plain Python arithmetic and sets."""

from __future__ import annotations

import random

import numpy as np
import pytest

from generator.minhash import EMPTY, Buckets, estimate, hash_functions, lsh_bands, signature

SEED = "test"


def test_hashing_is_multiply_add_shift_in_exact_64_bit_arithmetic():
    rng = random.Random(1)
    keys = [rng.getrandbits(64) for _ in range(300)] + [0, 2**32 - 1, 2**64 - 1]
    a, b = hash_functions(16, SEED)
    expected = [
        min((int(a[i, 0]) * (key & 0xFFFFFFFF) + int(b[i, 0])) % 2**64 >> 32 for key in keys)
        for i in range(16)
    ]
    assert signature(np.array(keys, dtype=np.uint64), 16, SEED).tolist() == expected


def test_functions_depend_only_on_count_and_seed():
    first, second = hash_functions(64, "one"), hash_functions(64, "two")
    assert len(set(first[0].ravel().tolist())) == 64
    assert not np.array_equal(first[0], second[0])
    assert np.array_equal(hash_functions(8, "one")[0], first[0][:8])


def test_signature_of_a_union_is_the_least_of_both_and_ignores_repeats():
    rng = np.random.default_rng(2)
    first = rng.integers(0, 2**63, 9000, dtype=np.uint64)  # longer than one hashing chunk
    second = rng.integers(0, 2**63, 700, dtype=np.uint64)
    union = signature(np.concatenate([first, second, first[:50]]), 128, SEED)
    assert union.dtype == np.uint32
    assert np.array_equal(union, np.minimum(signature(first, 128, SEED), signature(second, 128, SEED)))


def test_empty_set_has_the_empty_signature():
    assert signature(np.array([], dtype=np.uint64), 4, SEED).tolist() == [EMPTY] * 4


@pytest.mark.parametrize("shared", [0, 100, 500, 900, 1000])
def test_estimate_is_close_to_the_exact_jaccard(shared: int):
    members = np.arange(2000, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    first, second = members[:1000], members[1000 - shared : 2000 - shared]
    exact = shared / (2000 - shared)
    value = estimate(signature(first, 256, SEED), signature(second, 256, SEED))
    assert abs(value - exact) <= 4 * (max(exact * (1 - exact), 0.01) / 256) ** 0.5


@pytest.mark.parametrize("count", [64, 128])
@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8, 0.9, 0.965, 0.99, 1.0])
def test_bands_propose_a_pair_at_the_threshold_with_the_asked_recall(count: int, threshold: float):
    bands, rows = lsh_bands(threshold, count, 0.999)
    assert bands * rows <= count
    assert 1 - (1 - threshold**rows) ** bands >= 0.999
    more_rows = rows + 1
    assert more_rows > count // 2 or 1 - (1 - threshold**more_rows) ** (count // more_rows) < 0.999


def test_buckets_propose_keys_that_share_a_band_once_each():
    buckets = Buckets(bands=4, rows=2)
    base = np.arange(8, dtype=np.uint32)
    one_band = base.copy()
    one_band[2:] += 100  # agrees with base on band 0 only
    no_band = base.copy()
    no_band[::2] += 100  # differs in one row of every band
    buckets.insert("base", base)
    buckets.insert("copy", base.copy())
    buckets.insert("one-band", one_band)
    buckets.insert("no-band", no_band)
    assert buckets.query(base) == ["base", "copy", "one-band"]
    assert buckets.query(no_band) == ["no-band"]
    assert buckets.query(np.full(8, 7, dtype=np.uint32)) == []
