"""Corpus-scale near-duplicate detection: vectorised MinHash and LSH banding, in one pass.

Each document becomes a set of word 3-gram shingles, hashed to 32 bits. Its MinHash signature
(``num_perm`` minima of multiply-shift hash functions) is computed with numpy for a whole batch
of documents at once, which is what makes this several times faster than calling
``datasketch.MinHash.update`` per shingle (see ``bench/dedup.py``). Signatures are cut into
``bands`` of ``rows`` values (the split datasketch's ``MinHashLSH`` picks for the threshold);
documents sharing a band are candidates, and a candidate pair is kept when its estimated Jaccard
similarity (share of equal signature values) reaches the threshold. Kept pairs are joined into
groups (union-find).

Memory: texts are not kept. Per document the deduplicator holds its id, word count, signature
(``num_perm`` x 4 bytes) and band keys (``bands`` x 8 bytes): about 0.6 KB at the defaults, so
1,000,000 short documents fit in well under 2 GB.

The surviving document of a group is the one with the most words (the fullest version: copies
are usually trimmed), ties broken by input order (the first read wins), so the choice is
deterministic for a given input.
"""

from __future__ import annotations

import functools
import itertools
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from newsloom.errors import ConfigError
from newsloom.pipeline.compare.sentences import words

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
# Documents are hashed in batches of about this many shingles: 200k x 128 permutations x 8 bytes
# is ~200 MB of temporaries, small enough for 24 GB, large enough to amortise numpy calls.
_BATCH_SHINGLES = 200_000
# Buckets up to this size are verified pair by pair; larger ones (mass duplicates) are verified
# as a star around their first member plus a chain, keeping the work linear in the bucket size.
_FULL_PAIRS_BUCKET = 32


@dataclass(frozen=True)
class DedupConfig:
    """Near-duplicate settings, validated on construction."""

    # Estimated Jaccard similarity of word 3-gram sets at or above which two documents are
    # near-duplicates. 0.8 keeps copies with a few words edited or a sentence trimmed (bench
    # generator: recall/precision in bench/dedup.py) and leaves different reports of one event apart.
    threshold: float = 0.8
    num_perm: int = 128
    shingle_words: int = 3
    seed: int = 1

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ConfigError(f"threshold must be in (0, 1], got {self.threshold}")
        if not 16 <= self.num_perm <= 1024:
            raise ConfigError(f"num_perm must be 16-1024, got {self.num_perm}")
        if not 1 <= self.shingle_words <= 10:
            raise ConfigError(f"shingle_words must be 1-10, got {self.shingle_words}")


@functools.lru_cache(maxsize=32)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) minimising the equal-weight sum of the false-positive and false-negative
    areas under the LSH S-curve, the rule datasketch's ``MinHashLSH`` uses (computed here with
    numpy so the import of datasketch and scipy is not paid on every run).

    >>> lsh_bands(0.8, 128)
    (9, 13)
    """
    best, best_err = (1, num_perm), float("inf")
    lo = np.linspace(0.0, threshold, 201)
    hi = np.linspace(threshold, 1.0, 201)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = np.trapezoid(1.0 - (1.0 - lo**rows) ** bands, lo)
            fn = np.trapezoid((1.0 - hi**rows) ** bands, hi)
            err = float(0.5 * fp + 0.5 * fn)
            if err < best_err:
                best, best_err = (bands, rows), err
    return best


class _WordHasher:
    """32-bit word hashes (crc32), cached: news vocabularies repeat heavily."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def __call__(self, ws: list[str]) -> np.ndarray:
        cache = self._cache
        out = np.empty(len(ws), np.uint64)
        for i, w in enumerate(ws):
            h = cache.get(w)
            if h is None:
                h = zlib.crc32(w.encode("utf-8"))
                if len(cache) < 5_000_000:
                    cache[w] = h
            out[i] = h
        return out


def shingle_hashes(word_hashes: np.ndarray, k: int) -> np.ndarray:
    """32-bit hashes of the word k-grams (a document shorter than k is one shingle)."""
    n = len(word_hashes)
    if n == 0:
        return np.zeros(1, np.uint64)
    k = min(k, n)
    mix = np.zeros(n - k + 1, np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            # Distinct odd multipliers make the k-gram hash order-sensitive.
            mix = mix * np.uint64(0x9E3779B97F4A7C15) + word_hashes[j : n - k + 1 + j] + np.uint64(j + 1)
        # Finalise (splitmix64): without it the last word only reaches the high bits by carries,
        # and k-grams differing in their last word would collide.
        mix ^= mix >> np.uint64(30)
        mix *= np.uint64(0xBF58476D1CE4E5B9)
        mix ^= mix >> np.uint64(27)
        mix *= np.uint64(0x94D049BB133111EB)
        mix ^= mix >> np.uint64(31)
    return np.unique(mix >> np.uint64(32))


class MinHasher:
    """The MinHash signatures and LSH band keys of documents: the one definition shared by
    :class:`NearDuplicateFinder` and the Spark runner, so both make the same decisions.

    The permutations and band multipliers are drawn from ``config.seed``; two hashers with
    one config give identical signatures in any process.
    """

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        rng = np.random.default_rng(self.config.seed)
        p = self.config.num_perm
        self._a = rng.integers(1, 2**63, size=p, dtype=np.uint64) | np.uint64(1)
        self._b = rng.integers(0, 2**63, size=p, dtype=np.uint64)
        self.bands, self.rows = lsh_bands(self.config.threshold, p)
        self._band_mult = rng.integers(1, 2**63, size=self.rows, dtype=np.uint64) | np.uint64(1)
        self._words = _WordHasher()

    def shingles(self, text: str) -> tuple[int, np.ndarray]:
        """The word count of ``text`` and the hashes of its word k-grams."""
        ws = words(text)
        return len(ws), shingle_hashes(self._words(ws), self.config.shingle_words)

    def signatures(self, shingle_sets: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Signatures (documents x ``num_perm``, uint32) and band keys (documents x ``bands``,
        uint64) of a batch of shingle-hash arrays."""
        sizes = np.array([len(x) for x in shingle_sets])
        flat = np.concatenate(shingle_sets)
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        sig = np.empty((len(sizes), self.config.num_perm), np.uint32)
        shift = np.uint64(32)
        # One permutation at a time over the whole batch: 1-D passes stay in cache, where a
        # (shingles x permutations) matrix would be hundreds of MB of temporaries.
        mixer = np.uint64(0xBF58476D1CE4E5B9)
        s29 = np.uint64(29)
        with np.errstate(over="ignore"):
            for k in range(self.config.num_perm):
                # A linear hash alone is not min-wise independent enough (estimates ran ~0.07 high
                # on the bench corpus); one xorshift-multiply round (splitmix64's) removes the bias.
                h = flat * self._a[k] + self._b[k]
                h ^= h >> s29
                h *= mixer
                sig[:, k] = np.minimum.reduceat(h >> shift, starts)
        bands = sig[:, : self.bands * self.rows].reshape(len(sig), self.bands, self.rows).astype(np.uint64)
        with np.errstate(over="ignore"):
            keys = (bands * self._band_mult[None, None, :]).sum(axis=2, dtype=np.uint64)
        return sig, keys


def estimated_similarity(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures: the share of equal values."""
    return float(np.mean(sig_a == sig_b))


def bucket_pairs(members: list[int]) -> list[tuple[int, int]]:
    """The candidate pairs of one LSH bucket (members in input order) to verify.

    Every pair in a bucket of up to ``_FULL_PAIRS_BUCKET``; in a larger one (mass duplicates) a
    star around the first member plus a chain, so the work stays linear in the bucket's size.
    """
    if len(members) <= _FULL_PAIRS_BUCKET:
        return [(x, y) for i, x in enumerate(members) for y in members[i + 1 :]]
    head = members[0]
    return [(head, y) for y in members[1:]] + list(itertools.pairwise(members[1:]))


@dataclass
class DuplicateGroup:
    """Documents that are near-duplicates of each other, with the one to keep."""

    survivor: str
    members: list[str]
    pairs: list[tuple[str, str, float]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The group as written by ``newsloom dedup``."""
        return {
            "survivor": self.survivor,
            "members": self.members,
            "pairs": [{"a": a, "b": b, "similarity": round(s, 4)} for a, b, s in self.pairs],
        }


class NearDuplicateFinder:
    """Streams documents in, then reports groups of near-duplicates.

    >>> finder = NearDuplicateFinder()
    >>> finder.add("a", "the cat sat on the mat in the sun today")
    >>> finder.add("b", "the cat sat on the mat in the sun today")
    >>> finder.add("c", "completely different words appear here now")
    >>> [g.members for g in finder.groups()]
    [['a', 'b']]
    """

    def __init__(self, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        self.hasher = MinHasher(self.config)
        self.bands, self.rows = self.hasher.bands, self.hasher.rows
        self._ids: list[str] = []
        self._lengths: list[int] = []
        self._pending: list[np.ndarray] = []
        self._pending_shingles = 0
        self._signatures: list[np.ndarray] = []
        self._band_keys: list[np.ndarray] = []

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, doc_id: str, text: str) -> None:
        """Add one document; only its hashes are kept, never its text."""
        length, sh = self.hasher.shingles(text)
        self._ids.append(doc_id)
        self._lengths.append(length)
        self._pending.append(sh)
        self._pending_shingles += len(sh)
        if self._pending_shingles >= _BATCH_SHINGLES:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        sig, keys = self.hasher.signatures(self._pending)
        self._signatures.append(sig)
        self._band_keys.append(keys)
        self._pending = []
        self._pending_shingles = 0

    def groups(self) -> list[DuplicateGroup]:
        """Groups of two or more near-duplicates, ordered by their first member's input position."""
        self._flush()
        n = len(self._ids)
        if n < 2:
            return []
        sig = np.concatenate(self._signatures)
        keys = np.concatenate(self._band_keys)
        parent = np.arange(n)

        def find(x: int) -> int:
            root = x
            while parent[root] != root:
                root = int(parent[root])
            while parent[x] != root:
                parent[x], x = root, int(parent[x])
            return root

        verified: dict[tuple[int, int], float] = {}
        threshold = self.config.threshold
        for band in range(self.bands):
            col = keys[:, band]
            order = np.argsort(col, kind="stable")
            sorted_keys = col[order]
            cuts = np.flatnonzero(np.diff(sorted_keys)) + 1
            starts = np.concatenate(([0], cuts))
            ends = np.concatenate((cuts, [n]))
            # Only buckets of two or more documents hold candidates; numpy picks them, so the
            # loop runs over those (a few per cent of the buckets) instead of making an array
            # per bucket: groups() took 0.5 s of CPU at 50,000 generated documents, now 0.1 s.
            shared = np.flatnonzero(ends - starts >= 2)
            for start, end in zip(starts[shared].tolist(), ends[shared].tolist(), strict=True):
                # the stable sort keeps a bucket's documents in input order
                members = order[start:end].tolist()
                big = len(members) > _FULL_PAIRS_BUCKET
                for x, y in bucket_pairs(members):
                    if (x, y) in verified or (big and find(x) == find(y)):
                        continue
                    est = estimated_similarity(sig[x], sig[y])
                    if est >= threshold:
                        verified[(x, y)] = est
                        rx, ry = find(x), find(y)
                        if rx != ry:
                            parent[max(rx, ry)] = min(rx, ry)
        by_root: dict[int, list[int]] = {}
        for x in sorted({v for pair in verified for v in pair}):
            by_root.setdefault(find(x), []).append(x)
        pairs_of: dict[int, list[tuple[int, int, float]]] = {}
        for (x, y), est in sorted(verified.items()):
            pairs_of.setdefault(find(x), []).append((x, y, est))
        out = []
        for root in sorted(by_root, key=lambda r: by_root[r][0]):
            members = by_root[root]
            survivor = max(members, key=lambda i: (self._lengths[i], -i))
            out.append(
                DuplicateGroup(
                    survivor=self._ids[survivor],
                    members=[self._ids[i] for i in members],
                    pairs=[(self._ids[x], self._ids[y], est) for x, y, est in pairs_of.get(root, [])],
                )
            )
        return out


@dataclass
class DedupResult:
    """Everything one ``newsloom dedup`` run found."""

    documents: int
    groups: list[DuplicateGroup]
    errors: list[tuple[str, str]]

    @property
    def removed(self) -> int:
        """Documents that are not the survivor of their group."""
        return sum(len(g.members) - 1 for g in self.groups)


def find_near_duplicates(
    documents: Iterable[tuple[str, str]],
    config: DedupConfig | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[DuplicateGroup]:
    """Near-duplicate groups of ``(id, text)`` pairs, streamed (texts are not kept)."""
    finder = NearDuplicateFinder(config)
    for n, (doc_id, text) in enumerate(documents, 1):
        finder.add(doc_id, text)
        if progress is not None and n % 1000 == 0:
            progress(n)
    return finder.groups()


def dedup_paths(
    paths: Iterable[str],
    config: DedupConfig | None = None,
    progress: Callable[[int], None] | None = None,
) -> DedupResult:
    """Read the inputs with the ingest stage and find near-duplicate groups among them.

    Duplicate ids (two inputs with the same file stem) are made unique by their source path.
    """
    from newsloom.config import IngestConfig
    from newsloom.model import InputProblem
    from newsloom.pipeline.ingest import load_inputs

    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    count = 0

    def documents() -> Iterator[tuple[str, str]]:
        nonlocal count
        for item in load_inputs(list(paths), IngestConfig()):
            if isinstance(item, InputProblem):
                errors.append((item.path, item.message))
                continue
            doc_id = item.id if item.id not in seen else f"{item.source}#{item.id}"
            seen.add(doc_id)
            count += 1
            yield doc_id, item.text or item.raw_text

    groups = find_near_duplicates(documents(), config, progress)
    return DedupResult(documents=count, groups=groups, errors=errors)
