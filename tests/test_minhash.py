"""One permutation hashing with optimal densification, and LSH buckets, checked against
plain Python arithmetic, exact Jaccard similarities of random sets and the recall the
banding promises."""

from __future__ import annotations

import random
import struct
from statistics import mean

import pytest

from generator.minhash import (
    CANDIDATE_RECALL,
    EMPTY,
    WIDTH,
    Buckets,
    estimate,
    hash_function,
    lsh_bands,
    signature,
)

SEED = "test"
MASK64 = 2**64 - 1


def values(packed: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(packed) // WIDTH}I", packed))


def packed(numbers: list[int]) -> bytes:
    return struct.pack(f"<{len(numbers)}I", *numbers)


def random_pair(rng: random.Random, size: int, similarity: float) -> tuple[set[int], set[int]]:
    """Two sets of about `size` random 64-bit keys at (about) the given Jaccard similarity."""
    shared = round(2 * size * similarity / (1 + similarity))
    keys = [rng.getrandbits(64) for _ in range(2 * size - shared)]
    return set(keys[:size]), set(keys[size - shared :])


def exact(first: set[int], second: set[int]) -> float:
    return len(first & second) / len(first | second)


def test_each_bin_keeps_the_least_multiply_add_shift_hash_of_its_members():
    rng = random.Random(1)
    keys = [rng.getrandbits(64) for _ in range(3000)] + [0, 2**32 - 1, 2**64 - 1, 2**70 + 5]
    a, b, _ = hash_function(SEED)
    least: dict[int, int] = {}
    for key in keys:
        hashed = (a * (key & MASK64) + b) % 2**128 >> 64
        number = hashed * 32 // 2**64
        least[number] = min(least.get(number, hashed), hashed)
    assert sorted(least) == list(range(32)), "3,000 keys fill every one of 32 bins"
    expected = [(least[number] * 32 % 2**64) >> 32 for number in range(32)]
    assert values(signature(keys, 32, SEED)) == expected


def test_empty_bins_borrow_from_filled_bins_only():
    one = values(signature([12345], 128, SEED))
    assert len(set(one)) == 1 and one != [EMPTY] * 128
    rng = random.Random(2)
    few = [rng.getrandbits(64) for _ in range(5)]
    own = {values(signature([key], 128, SEED))[0] for key in few}
    assert set(values(signature(few, 128, SEED))) == own


def test_signature_depends_on_the_set_only():
    rng = random.Random(3)
    keys = [rng.getrandbits(64) for _ in range(700)]
    shuffled = keys[::-1] + keys[:50]
    assert signature(keys, 64, SEED) == signature(shuffled, 64, SEED)
    assert signature(keys, 64, SEED) != signature(keys, 64, "another seed")
    assert isinstance(signature(keys, 64, SEED), bytes) and len(signature(keys, 64, SEED)) == 64 * WIDTH


def test_empty_set_has_the_empty_signature():
    assert values(signature([], 4, SEED)) == [EMPTY] * 4
    assert estimate(signature([], 4, SEED), signature([], 4, SEED)) == 1.0


@pytest.mark.parametrize("count", [64, 128])
def test_estimates_are_close_to_the_exact_jaccard_of_random_sets(count: int):
    rng = random.Random(count)
    errors, signed = [], []
    for _ in range(300):
        first, second = random_pair(rng, rng.choice([8, 40, 300, 1000, 3000]), rng.random())
        error = estimate(signature(first, count, SEED), signature(second, count, SEED)) - exact(first, second)
        errors.append(abs(error))
        signed.append(error)
    assert mean(errors) < (0.05 if count == 128 else 0.07)
    assert abs(mean(signed)) < 0.01, "the estimator is unbiased"
    assert max(errors) < 0.25


@pytest.mark.parametrize("similarity", [0.0, 0.5, 1.0])
def test_estimate_of_disjoint_half_and_equal_sets(similarity: float):
    first, second = random_pair(random.Random(4), 2000, similarity)
    value = estimate(signature(first, 128, SEED), signature(second, 128, SEED))
    assert abs(value - exact(first, second)) <= 4 * (max(similarity * (1 - similarity), 0.01) / 128) ** 0.5


@pytest.mark.parametrize("count", [64, 128])
@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.5, 0.8, 0.9, 0.965, 0.99, 1.0])
def test_bands_propose_a_pair_at_the_threshold_with_the_asked_recall(count: int, threshold: float):
    bands, rows = lsh_bands(threshold, count, 0.999)
    assert bands * rows <= count
    if threshold == 0.0:
        assert (bands, rows) == (count, 1), "nothing reaches the recall: the least selective banding"
        return
    assert 1 - (1 - threshold**rows) ** bands >= 0.999
    more_rows = rows + 1
    assert more_rows > count // 2 or 1 - (1 - threshold**more_rows) ** (count // more_rows) < 0.999


@pytest.mark.parametrize(("count", "threshold"), [(64, 0.5), (64, 0.9), (128, 0.7), (128, 0.9)])
def test_buckets_find_pairs_at_the_threshold_and_rarely_far_below_it(count: int, threshold: float):
    """Recall measured on signatures, not on the formula: pairs of random sets at the
    threshold land in a shared bucket at the promised rate (within sampling error)."""
    rng = random.Random(int(threshold * 100) + count)
    bands, rows = lsh_bands(threshold, count, CANDIDATE_RECALL)
    pairs, far = 1000, threshold / 3
    proposed = dict.fromkeys((threshold, far), 0)
    for _ in range(pairs):
        for similarity in proposed:
            buckets = Buckets(bands, rows)
            first, second = random_pair(rng, 400, similarity)
            buckets.insert("first", signature(first, count, SEED))
            proposed[similarity] += buckets.query(signature(second, count, SEED)) == ["first"]
    missed = pairs - proposed[threshold]
    assert missed <= pairs * 0.01, f"{missed} of {pairs} pairs at the threshold missed"
    promised = 1 - (1 - far**rows) ** bands
    assert proposed[far] <= pairs * (promised + 0.05), f"{proposed[far]} pairs at {far:.2f} proposed"


def test_buckets_propose_keys_that_share_a_band_once_each():
    buckets = Buckets(bands=4, rows=2)
    base = list(range(8))
    one_band = base[:2] + [value + 100 for value in base[2:]]  # agrees with base on band 0 only
    no_band = [value + 100 * (index % 2 == 0) for index, value in enumerate(base)]  # one row of each band
    buckets.insert("base", packed(base))
    buckets.insert("copy", packed(list(base)))
    buckets.insert("one-band", packed(one_band))
    buckets.insert("no-band", packed(no_band))
    assert buckets.query(packed(base)) == ["base", "copy", "one-band"]
    assert buckets.query(packed(no_band)) == ["no-band"]
    assert buckets.query(packed([7] * 8)) == []
