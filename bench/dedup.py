"""Near-duplicate detection: our vectorised MinHash LSH against plain datasketch use, same corpus.

The corpus is generated (seeded, nothing downloaded): base documents of 30-120 words drawn from
a Zipf-distributed synthetic vocabulary of 20,000 words, and for 30% of them one to three edited
copies. An edit substitutes 0-8% of the words, deletes 0-5% of them, and trims 0-15% of the words
at the end (a trimmed copy). Truth: every pair inside a family whose exact word-3-gram Jaccard is
at or above the threshold is a near-duplicate; pairs across families share almost no 3-grams.

Printed: documents/s for our finder and for the baseline (a ``datasketch.MinHash`` per document
updated shingle by shingle, inserted into and queried against ``datasketch.MinHashLSH``), and
pair recall/precision of both against the truth.

``NEWSLOOM_BENCH_DEDUP_1M=1`` adds a run over 1,000,000 short documents (20-60 words, every
20th an edited copy of a recent one) streamed through the finder, reporting the time, the
groups found and the process's peak RSS.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from newsloom.pipeline.compare.dedup import DedupConfig, NearDuplicateFinder
from newsloom.pipeline.compare.sentences import words

THRESHOLD = 0.8


def generate(n_docs: int, seed: int = 7) -> tuple[list[str], list[int]]:
    """Texts and their family ids (an edited copy has its original's family)."""
    rng = np.random.default_rng(seed)
    vocab = [f"w{i}x{rng.integers(0, 1 << 20):x}" for i in range(20_000)]
    texts: list[str] = []
    family: list[int] = []
    fam = 0
    while len(texts) < n_docs:
        length = int(rng.integers(30, 121))
        base = [vocab[min(int(z), 19_999)] for z in rng.zipf(1.15, size=length)]
        texts.append(" ".join(base))
        family.append(fam)
        if rng.random() < 0.3:
            for _ in range(int(rng.integers(1, 4))):
                if len(texts) >= n_docs:
                    break
                copy = list(base)
                for i in range(len(copy)):
                    if rng.random() < rng.uniform(0, 0.08):
                        copy[i] = vocab[int(rng.integers(0, 20_000))]
                copy = [w for w in copy if rng.random() >= rng.uniform(0, 0.05)]
                cut = int(len(copy) * rng.uniform(0, 0.15))
                copy = copy[: len(copy) - cut] if cut else copy
                texts.append(" ".join(copy))
                family.append(fam)
        fam += 1
    return texts, family


def _trigrams(text: str) -> set[tuple[str, ...]]:
    ws = words(text)
    return {tuple(ws[i : i + 3]) for i in range(max(len(ws) - 2, 1))}


def truth_pairs(texts: list[str], family: list[int], threshold: float = THRESHOLD) -> set[tuple[int, int]]:
    members: dict[int, list[int]] = {}
    for i, f in enumerate(family):
        members.setdefault(f, []).append(i)
    out = set()
    for group in members.values():
        for a in range(len(group)):
            for b in range(a + 1, len(group)):
                x, y = _trigrams(texts[group[a]]), _trigrams(texts[group[b]])
                if len(x & y) / len(x | y) >= threshold:
                    out.add((group[a], group[b]))
    return out


def _score(pred: set[tuple[int, int]], truth: set[tuple[int, int]]) -> tuple[float, float]:
    hit = len(pred & truth)
    return hit / max(len(truth), 1), hit / max(len(pred), 1)


def ours(texts: list[str]) -> tuple[float, set[tuple[int, int]]]:
    t0 = time.perf_counter()
    finder = NearDuplicateFinder(DedupConfig(threshold=THRESHOLD))
    for i, t in enumerate(texts):
        finder.add(str(i), t)
    groups = finder.groups()
    elapsed = time.perf_counter() - t0
    # Scored on the verified pairs each group reports (not the group's transitive closure), the
    # same footing as the baseline's verified query results.
    pred = {(min(int(a), int(b)), max(int(a), int(b))) for g in groups for a, b, _ in g.pairs}
    return elapsed, pred


def baseline(texts: list[str]) -> tuple[float, set[tuple[int, int]]]:
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=128)
    sigs = []
    for i, t in enumerate(texts):
        ws = words(t)
        m = MinHash(num_perm=128)
        for k in range(max(len(ws) - 2, 1)):
            m.update(" ".join(ws[k : k + 3]).encode("utf-8"))
        lsh.insert(str(i), m)
        sigs.append(m)
    pred = set()
    for i, m in enumerate(sigs):
        for key in lsh.query(m):
            j = int(key)
            if j != i and m.jaccard(sigs[j]) >= THRESHOLD:
                pred.add((min(i, j), max(i, j)))
    return time.perf_counter() - t0, pred


def _short_docs(n: int, seed: int = 11) -> Iterator[tuple[str, str]]:
    """Short documents (20-60 words); every 20th is a copy of a recent one with one word changed."""
    rng = np.random.default_rng(seed)
    vocab = [f"v{i}" for i in range(50_000)]
    recent: list[list[str]] = []
    for i in range(n):
        if i % 20 == 19 and recent:
            doc = list(recent[int(rng.integers(0, len(recent)))])
            doc[int(rng.integers(0, len(doc)))] = vocab[int(rng.integers(0, 50_000))]
        else:
            length = int(rng.integers(20, 60))
            doc = [vocab[min(int(z), 49_999)] for z in rng.zipf(1.2, size=length)]
            recent = [*recent[-99:], doc]
        yield str(i), " ".join(doc)


def run(shared: Path, quick: bool) -> None:
    n = 4_000 if quick else 40_000
    texts, family = generate(n)
    truth = truth_pairs(texts, family)
    import datasketch  # noqa: F401  (imported before timing: neither side pays for imports)

    ours(texts[:200])  # warm-up
    t_ours, p_ours = ours(texts)
    t_base, p_base = baseline(texts)
    r_o, pr_o = _score(p_ours, truth)
    r_b, pr_b = _score(p_base, truth)
    print(
        f"corpus: {len(texts):,} generated documents, {len(truth):,} true near-duplicate pairs (J >= {THRESHOLD})"
    )
    print(f"{'':28} {'docs/s':>10} {'recall':>8} {'precision':>10}")
    print(f"{'newsloom (numpy MinHash)':28} {len(texts) / t_ours:10,.0f} {r_o:8.3f} {pr_o:10.3f}")
    print(f"{'datasketch baseline':28} {len(texts) / t_base:10,.0f} {r_b:8.3f} {pr_b:10.3f}")
    clear = truth_pairs(texts, family, 0.9)
    print(
        f"recall on clear duplicates (true J >= 0.9, {len(clear):,} pairs): newsloom "
        f"{len(p_ours & clear) / max(len(clear), 1):.3f}, baseline {len(p_base & clear) / max(len(clear), 1):.3f} "
        "(pairs near the threshold are coin flips for any 128-permutation MinHash)"
    )
    print(f"speed-up: {t_base / t_ours:.1f}x (target 3x)")
    if os.environ.get("NEWSLOOM_BENCH_DEDUP_1M"):
        t0 = time.perf_counter()
        finder = NearDuplicateFinder(DedupConfig(threshold=THRESHOLD))
        for doc_id, text in _short_docs(1_000_000):
            finder.add(doc_id, text)
        groups = finder.groups()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"1,000,000 short documents: {time.perf_counter() - t0:.0f} s, {len(groups):,} groups, "
            f"peak RSS {peak:,.0f} MiB"
        )
