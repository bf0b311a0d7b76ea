"""The corpus plan on Apache Spark: the local runner's stage functions, distributed.

Nothing here re-implements a stage; each step calls the function the local runner calls, on a
partition or a group of rows:

1. **Ingest** (map over input files): ``read_input`` per file, on the executors. The driver only
   lists the files. Ids are made unique across the corpus by a shuffle on the wanted id (the
   first copy in input order keeps it; later ones get ``-2``, ``-3``..., as ``IdRegistry``);
   only the ids are shuffled, and the few renamed articles take their new id where they are.
2. **Clean and read** (map over partitions: the ingest partitions, or, with fewer input files
   than partitions, the articles spread over them first): ``local._clean_and_read_batch`` in
   batches of 64, so the NER engine streams (``nlp.pipe``); the engine is loaded once per Python worker process
   (``load_spacy`` is cached, and Spark reuses its Python workers).
3. **Exact duplicates** (shuffle of the normalised-text hashes with ordinals, ids and sources,
   not the articles): the first copy in input order is kept, as ``ExactDuplicateFilter`` keeps
   it; the others' ordinals are broadcast to drop them in place (a shuffle above
   ``DRIVER_DUPLICATES``).
4. **Near duplicates** (MinHash LSH, :func:`near_duplicate_groups`): signatures and band keys by
   ``MinHasher`` (the same functions as ``newsloom dedup``) in numpy batches per partition; the
   band keys shuffled as arrays to the reducer of their ``(band, key)``, which cuts its buckets
   into candidate pairs by ``bucket_pairs``; each pair verified on its two signatures against
   the same threshold; groups are the connected components of the verified pairs. Up to
   ``DRIVER_PAIRS`` candidate pairs this is done in the driver on the pairs and the signatures
   of their documents only; above, by two joins and large-star/small-star rounds (as
   text-dedup and BigCode run them).
5. **Story clustering by blocks**: a corpus of at most ``block_articles`` articles is one block,
   clustered exactly as the local engine clusters it. A larger corpus is cut into blocks: the
   connected components of "shares a rare name or term with an article published within
   ``block_days``" plus the near-duplicate pairs (shuffles: the articles' keys, then the edges
   of the components' rounds). On a dense corpus one component holds most of it (90,573 of
   the bench's 99,823 generated articles at 100,000), so a component of more than
   ``block_articles`` is cut into pieces of at most that many, in order of publication day
   then input (:func:`_pieces`; only ordinals and days are shuffled).
   ``cluster_stories_in_threads`` runs inside each piece on slim articles
   (:data:`CLUSTER_EXCLUDE`; shuffle on the piece). A running story that straddles a cut is found once per piece; its threads are reconciled (:func:`_reconcile`: a
   thread joins the thread of another piece that the online index would put it in, by the
   cosine of their centroids; shuffle: one centroid per thread, per component), and a joined
   subject's articles are clustered again together, so its events are cut where the local
   clustering cuts them, not where a piece ended. Stories then get their whole articles back by
   a join on the ordinal (shuffle: the kept articles, by story).
6. **Comparing and cross-checking** (map over stories, after a shuffle that spreads them):
   ``local._analyse_story`` per story; its rows for every table by ``tables.story_rows``.

No step collects articles to the driver: the driver sees the file list, counts, the
connected-component bookkeeping of the iterations and, below their bounds, the ordinals of the
exact duplicates and the near-duplicate candidate pairs with their documents' signatures.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsloom.config import AnalyzeConfig, IngestConfig
from newsloom.errors import ConfigError
from newsloom.model import Article, ExactDuplicate, InputProblem, Story
from newsloom.pipeline.compare.dedup import DedupConfig, MinHasher, bucket_pairs, estimated_similarity
from newsloom.runners.corpus import CorpusConfig, CorpusSummary, expand_inputs

# Input ordinals: file number in the high 32 bits, record number in the file in the low 32, so
# sorting by ordinal is sorting in the order the local runner reads.
_FILE_SHIFT = 32
_READ_BATCH = 64
# A name or term shared by more than this many articles is too common to say two articles
# report one event (a blocking key, not a similarity): it is not used to join blocks. Not tuned
# for quality (the clustering inside blocks decides); it bounds the size of a key's posting.
RARE_KEY_ARTICLES = 50
_CC_MAX_ROUNDS = 50
# Exact duplicates: up to this many duplicate ordinals are broadcast (a set of ints, about 60 MB
# at the bound) to drop them without shuffling the articles. A memory bound, not tuned.
DRIVER_DUPLICATES = 1_000_000
# Ids: up to this many renamed articles (an id taken by an earlier one) are broadcast as
# ordinal -> new id (about 100 MB at the bound) so the articles are not shuffled to take their
# ids. A memory bound, not tuned; both routes are tested to give the same ids.
DRIVER_RENAMES = 500_000
# Near-duplicates: documents are hashed in batches of about this many shingles (as
# ``NearDuplicateFinder`` batches them).
_BATCH_SHINGLES = 200_000
# At most this many candidate pairs (documents sharing an LSH bucket) are verified and grouped
# in the driver, which then holds the pairs and the signatures of the documents in them (about
# 0.6 KB each): at the bound, under 1.2 GB. Above it the verification and the connected
# components run on the executors. A memory bound, not a tuned threshold: both paths give the
# same groups (tests/integration/test_corpus_spark.py).
DRIVER_PAIRS = 1_000_000
# ... and when the documents in those pairs are at most this many: their signatures (about 0.6
# KB each, 30 MB at the bound) are collected through the JVM heap, which in local mode also runs
# every task. Above it, the executors' route. A memory bound, not tuned.
DRIVER_DOCUMENTS = 50_000


@dataclass
class SignatureBatch:
    """MinHash signatures of a batch of documents, as numpy arrays: input ordinals, ids, word
    counts, signatures (documents x permutations, uint32) and LSH band keys (documents x bands)."""

    ordinals: Any
    ids: list[str]
    lengths: Any
    sig: Any
    keys: Any

    def take(self, rows: Any) -> SignatureBatch:
        return SignatureBatch(
            self.ordinals[rows],
            [self.ids[i] for i in rows],
            self.lengths[rows],
            self.sig[rows],
            self.keys[rows],
        )

    @staticmethod
    def concat(batches: list[SignatureBatch]) -> SignatureBatch | None:
        import numpy as np

        if not batches:
            return None
        return SignatureBatch(
            np.concatenate([b.ordinals for b in batches]),
            [i for b in batches for i in b.ids],
            np.concatenate([b.lengths for b in batches]),
            np.concatenate([b.sig for b in batches]),
            np.concatenate([b.keys for b in batches]),
        )


def spark_session(
    master: str = "local[2]", app_name: str = "newsloom corpus", driver_memory: str = ""
) -> tuple[Any, bool]:
    """The running Spark session (under spark-submit, or one a caller started), or a new one on
    ``master``. Returns ``(session, owned)``: only an owned session is stopped by the runner.

    A new session is kept to this machine: UI off, driver bound to the loopback interface; its
    JVM heap is ``driver_memory`` when given (``spark.driver.memory``: it takes effect only when
    this process starts its JVM, so never for a running session).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigError(
            "the Spark engine needs pyspark and Java 17+: pip install 'newsloom[spark]'"
        ) from exc
    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    import os
    import sys

    # Python workers run this interpreter (the one with newsloom and its dependencies), unless
    # the caller chose one.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder
    if driver_memory:
        builder = builder.config("spark.driver.memory", driver_memory)
    try:
        session = (
            builder.master(master)
            .appName(app_name)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.pyspark.python", sys.executable)
            .config("spark.pyspark.driver.python", sys.executable)
            .getOrCreate()
        )
    except Exception as exc:  # py4j/JVM start-up errors have no common base class
        raise ConfigError(f"could not start Spark ({exc}); check that Java 17+ is installed") from exc
    session.sparkContext.setLogLevel("ERROR")
    return session, True


# ---------------------------------------------------------------------------------------------
# Per-partition functions (run on the executors; module-level so they pickle by reference).


def _ingest_files(
    files: Iterable[tuple[int, Any]], ingest: IngestConfig
) -> Iterator[tuple[int, str, str, str]]:
    """``(ordinal, kind, wanted id, JSON)`` for every article and problem of each input file."""
    from newsloom.pipeline.ingest.loaders import read_input
    from newsloom.pipeline.ingest.walk import IngestStats

    for file_no, item in files:
        stats = IngestStats()
        for rec_no, produced in enumerate(read_input(item, ingest, stats)):
            ordinal = (file_no << _FILE_SHIFT) | rec_no
            if isinstance(produced, Article):
                yield ordinal, "article", produced.id.strip() or "article", produced.model_dump_json()
            else:
                yield ordinal, "problem", "", produced.model_dump_json()


def _unique_ids(group: tuple[str, Iterable[tuple[int, str]]]) -> list[tuple[int, str, str]]:
    """``(ordinal, wanted id, id)`` of the articles holding one id: the first in input order
    keeps it, the k-th gets ``id-k``."""
    current, members = group
    ordered = sorted(members)
    return [(o, wanted, current if k == 1 else f"{current}-{k}") for k, (o, wanted) in enumerate(ordered, 1)]


def _clean_and_read(
    rows: Iterable[tuple[int, tuple[str, str]]], config: AnalyzeConfig
) -> Iterator[tuple[int, str, str, tuple[str, str, str] | None]]:
    """``(ordinal, kind, JSON, (exact-duplicate key, id, source))`` of each cleaned and read
    article (``None`` for a text with nothing to compare), in batches through the local runner's
    own task function."""
    from newsloom.pipeline.ingest.exact import normalised_text, normalised_text_key
    from newsloom.runners.local import _clean_and_read_batch

    def flush(
        batch: list[tuple[int, Article]],
    ) -> Iterator[tuple[int, str, str, tuple[str, str, str] | None]]:
        done = _clean_and_read_batch([a for _, a in batch], config)
        for (ordinal, _), result in zip(batch, done, strict=True):
            if isinstance(result, InputProblem):
                yield ordinal, "problem", result.model_dump_json(), None
                continue
            text = result.text or result.raw_text
            key = (normalised_text_key(text), result.id, result.source) if normalised_text(text) else None
            yield ordinal, "article", result.model_dump_json(), key

    batch: list[tuple[int, Article]] = []
    for ordinal, (article_id, payload) in rows:
        batch.append((ordinal, Article.model_validate_json(payload).model_copy(update={"id": article_id})))
        if len(batch) >= _READ_BATCH:
            yield from flush(batch)
            batch = []
    if batch:
        yield from flush(batch)


def _signature_batches(docs: Iterable[tuple[int, str, str]], config: DedupConfig) -> Iterator[SignatureBatch]:
    """The documents of a partition as :class:`SignatureBatch` records of about
    ``_BATCH_SHINGLES`` shingles each: a few large numpy records per partition instead of one
    Python object per document, so what Spark pickles, caches and shuffles stays compact."""
    import numpy as np

    hasher = MinHasher(config)
    ordinals: list[int] = []
    ids: list[str] = []
    lengths: list[int] = []
    shingles: list[Any] = []
    size = 0

    def flush() -> SignatureBatch:
        sig, keys = hasher.signatures(shingles)
        return SignatureBatch(
            np.asarray(ordinals, np.int64), list(ids), np.asarray(lengths, np.int64), sig, keys
        )

    for ordinal, doc_id, text in docs:
        length, sh = hasher.shingles(text)
        ordinals.append(ordinal)
        ids.append(doc_id)
        lengths.append(length)
        shingles.append(sh)
        size += len(sh)
        if size >= _BATCH_SHINGLES:
            yield flush()
            ordinals, ids, lengths, shingles, size = [], [], [], [], 0
    if ordinals:
        yield flush()


def _band_routes(batch: SignatureBatch, partitions: int) -> Iterator[tuple[int, Any]]:
    """``(reducer, (bands, keys, ordinals))`` arrays: each band key of the batch sent to the
    reducer of its ``(band, key)``, one record per reducer and batch."""
    import numpy as np

    n, bands = batch.keys.shape
    band = np.tile(np.arange(bands, dtype=np.int16), n)  # at most 1024 bands (num_perm)
    key = batch.keys.ravel()
    ordinal = np.repeat(batch.ordinals, bands)
    reducer = ((key % np.uint64(partitions)).astype(np.int64) + band.astype(np.int64)) % partitions
    order = np.argsort(reducer, kind="stable")
    cuts = np.searchsorted(reducer[order], np.arange(1, partitions))
    for r, part in enumerate(np.split(order, cuts)):
        if len(part):
            yield r, (band[part], key[part], ordinal[part])


def _bucket_candidates(rows: Iterable[tuple[int, Any]]) -> Iterator[Any]:
    """The candidate pairs (``k x 2`` int64 array, smaller ordinal first, each pair once) of
    every LSH bucket routed to this reducer, by ``bucket_pairs`` as ``newsloom dedup`` cuts them."""
    import numpy as np

    parts = [arrays for _, arrays in rows]
    if not parts:
        return
    band = np.concatenate([p[0] for p in parts])
    key = np.concatenate([p[1] for p in parts])
    ordinal = np.concatenate([p[2] for p in parts])
    order = np.lexsort((ordinal, key, band))
    band, key, ordinal = band[order], key[order], ordinal[order]
    new = np.ones(len(key), bool)
    new[1:] = (band[1:] != band[:-1]) | (key[1:] != key[:-1])
    starts = np.flatnonzero(new)
    sizes = np.diff(np.append(starts, len(key)))
    two = starts[sizes == 2]
    found = [np.stack([ordinal[two], ordinal[two + 1]], axis=1)]
    for start, size in zip(starts[sizes > 2], sizes[sizes > 2], strict=True):
        members = [int(x) for x in ordinal[start : start + size]]
        found.append(np.asarray(bucket_pairs(members), np.int64).reshape(-1, 2))
    pairs = np.unique(np.concatenate(found), axis=0)
    if len(pairs):
        yield pairs


def _candidate_documents(batches: Iterable[SignatureBatch], wanted: Any) -> Iterator[SignatureBatch]:
    """The rows of each batch whose ordinal is in the broadcast sorted array ``wanted``."""
    import numpy as np

    for batch in batches:
        keep = np.flatnonzero(np.isin(batch.ordinals, wanted.value))
        if len(keep):
            yield batch.take(keep)


def _verify_pairs(rows: Iterable[Any], threshold: float) -> Iterator[tuple[int, int, float]]:
    import numpy as np

    for x, y, sig_x, sig_y in rows:
        est = estimated_similarity(np.frombuffer(sig_x, np.uint32), np.frombuffer(sig_y, np.uint32))
        if est >= threshold:
            yield x, y, est


def _block_keys(rows: Iterable[tuple[int, str]]) -> Iterator[tuple[str, tuple[int, int | None]]]:
    """``(feature, (ordinal, publication day))`` for the names and terms of each article."""
    from newsloom.pipeline.compare.cluster import article_features

    for ordinal, payload in rows:
        article = Article.model_validate_json(payload)  # slim (see CLUSTER_EXCLUDE) suffices
        day = article.published.toordinal() if article.published else None
        for feature in article_features(article):
            if feature.startswith(("n:", "w:")):
                yield feature, (ordinal, day)


def _window_chain(group: tuple[str, Iterable[tuple[int, int | None]]], days: int) -> list[tuple[int, int]]:
    """Edges between articles holding one rare key: each to the next by date, within ``days``.

    Articles without a date join the first dated one (or each other): a missing date does not
    prove two reports far apart.
    """
    _, members = group
    dated = sorted((d, o) for o, d in members if d is not None)
    undated = sorted(o for o, d in members if d is None)
    edges = [(a, b) for (da, a), (db, b) in itertools.pairwise(dated) if db - da <= days]
    anchor = dated[0][1] if dated else (undated[0] if undated else None)
    edges += [(anchor, o) for o in undated if anchor is not None and o != anchor]
    return edges


# What story clustering does not read of an article (``cluster_stories_in_threads`` reads the
# title, text, language, dates, and the sentences, entities, dates and quotes among the
# annotations): blocks are clustered on articles without these, the raw input and the
# cleaning record being most of an article's JSON, so that one task can hold a large block.
# The analysed stories get their whole articles back by a join on the ordinal.
CLUSTER_EXCLUDE: dict[str, Any] = {
    "raw": True,
    "raw_text": True,
    "removed": True,
    "headings": True,
    "annotations": {"quantities": True, "internal_errors": True},
}


def _slim(payload: str) -> str:
    """An article's JSON without what clustering does not read (:data:`CLUSTER_EXCLUDE`)."""
    return Article.model_validate_json(payload).model_dump_json(exclude=CLUSTER_EXCLUDE)


def _cluster_block(
    group: tuple[tuple[int, int, bool], Iterable[tuple[int, str]]], config: AnalyzeConfig
) -> Iterator[tuple[int, tuple[str, list[int], int, int, int, dict[str, float] | None]]]:
    """``(first ordinal, (story JSON, member ordinals, thread key, component, piece, centroid))``
    for each story the local clustering (``cluster_stories_in_threads``) finds in a block of slim
    articles (see :data:`CLUSTER_EXCLUDE`), the members in the story's order. The block is
    ``(component, piece, cut)`` (see :func:`_pieces`); the thread key is the first ordinal of the
    thread's first story, unique across blocks since ordinals are. In a piece of a cut
    component, the first story of each thread carries the thread's centroid for
    :func:`_reconcile` (every other story None), so each thread's centroid leaves once."""
    from newsloom.pipeline.compare import cluster_stories_in_threads

    (component, piece, cut), rows = group
    ordered = sorted(rows)
    articles = [Article.model_validate_json(p) for _, p in ordered]
    ordinal = {a.id: o for (o, _), a in zip(ordered, articles, strict=True)}
    del ordered
    stories, thread_groups = cluster_stories_in_threads(articles, config)
    by_id = {st.id: st for st in stories}
    threads = [[aid for sid in group for aid in by_id[sid].article_ids] for group in thread_groups]
    centroids = _centroids(articles, threads) if cut else [None] * len(threads)
    first_of_story = {st.id: ordinal[st.article_ids[0]] for st in stories}
    thread_of = {sid: k for k, group in enumerate(thread_groups) for sid in group}
    thread_key = [min(first_of_story[s] for s in group) for group in thread_groups]
    for story in stories:
        members = [ordinal[i] for i in story.article_ids]
        k = thread_of[story.id]
        first = first_of_story[story.id]
        own = centroids[k] if first == thread_key[k] else None
        yield first, (story.model_dump_json(), members, thread_key[k], component, piece, own)


def _centroids(articles: list[Article], groups: list[list[str]]) -> list[dict[str, float]]:
    """The centroid of each group of article ids as the online index keeps a story's
    (``cluster.centroid`` of its articles' TF-IDF vectors, document frequencies of the block)."""
    from collections import Counter

    from newsloom.pipeline.compare.cluster import article_features, centroid, weigh

    feats = {a.id: article_features(a) for a in articles}
    df: Counter[str] = Counter()
    for fs in feats.values():
        df.update(fs.keys())
    return [centroid(weigh(feats[aid], df, len(articles)) for aid in group) for group in groups]


def _reconcile(group: tuple[int, Iterable[tuple[int, int, dict[str, float]]]]) -> list[tuple[int, int]]:
    """``(thread key, subject)`` for the threads of one cut component that are joined to a
    thread of another piece, from the component's ``(thread key, piece, centroid)`` rows.

    A thread (the subject of a running story, see ``cluster_stories_in_threads``) that straddled
    a cut was found once in each piece. In input order, each thread joins the thread of another
    piece that the online index would have put it in (the best cosine of centroids among those
    sharing a probe feature, at least ``ONLINE_SIMILARITY``). Threads of one piece are not
    joined to each other directly (its clustering told them apart), only through a thread of
    another piece. The subject is the smallest thread key of the joined ones; its articles are
    then clustered again together (:func:`_reconciled`), so that its events are cut as the
    local clustering cuts a subject, not where a piece ended. A thread joined to none is left
    as its piece found it (not returned)."""
    from newsloom.pipeline.compare.cluster import ONLINE_MAX_POSTINGS, ONLINE_SIMILARITY, probe_features
    from newsloom.unionfind import UnionFind

    _, rows = group
    ordered = sorted(rows)
    joined = UnionFind(len(ordered))
    postings: dict[str, list[int]] = {}
    for i, (_, piece, centroid) in enumerate(ordered):
        probes = probe_features(centroid)
        candidates = {
            j
            for f in probes
            if len(postings.get(f, ())) <= ONLINE_MAX_POSTINGS
            for j in postings.get(f, ())
            if ordered[j][1] != piece
        }
        best, best_sim = -1, 0.0
        for j in sorted(candidates):
            other = ordered[j][2]
            sim = sum(x * other.get(f, 0.0) for f, x in centroid.items())
            if sim > best_sim:
                best, best_sim = j, sim
        if best >= 0 and best_sim >= ONLINE_SIMILARITY:
            joined.union(best, i)
        for f in probes:
            postings.setdefault(f, []).append(i)
    return [(ordered[i][0], min(ordered[j][0] for j in g)) for g in joined.groups() if len(g) > 1 for i in g]


def _member_rows(
    story: tuple[int, str, list[int], int],
) -> list[tuple[int, tuple[int, int, str | None, int]]]:
    """``(member ordinal, (first ordinal, place, story JSON or None, thread key))`` for each
    member of a clustered story; the story's JSON rides with its first member only."""
    first, story_json, members, thread = story
    return [(o, (first, k, story_json if k == 0 else None, thread)) for k, o in enumerate(members)]


def _story_with_members(
    group: tuple[int, Iterable[tuple[int, int, str | None, int, str]]],
) -> tuple[int, str, str, int]:
    """``(first ordinal, story JSON, members JSON, thread key)`` of one story from its members'
    ``(first ordinal, place, story JSON or None, thread key, article JSON)`` rows."""
    first, rows = group
    ordered = sorted(rows, key=lambda r: r[1])
    story_json = ordered[0][2]
    assert story_json is not None  # the first member carries it (see _member_rows)
    return first, story_json, json.dumps([r[4] for r in ordered]), ordered[0][3]


def _analyse_stories(
    rows: Iterable[tuple[int, str, str, int]], config: AnalyzeConfig
) -> Iterator[tuple[str, str, str | None]]:
    """``(table, row JSON, report)`` for every table row of each story, through the local
    runner's story task, and a ``(THREAD_PART, JSON of [thread key, first ordinal, story JSON,
    members JSON], None)`` row per analysed story, from which :func:`_build_thread` makes the
    thread rows. Rows leave as JSON so that the JVM can split them by table and parse them
    (``from_json``) without passing them through Python again. A story report (often several
    MB) leaves in the third column as it is, not inside its row's JSON: the JVM reads it as
    bytes, where parsing it out of JSON held several copies of it on the heap at once (UTF-16
    strings, the parser's buffers) and ran a 1 GB heap out of memory at 20,000 articles."""
    from newsloom.pipeline.compare.stage import story_sentence_vectors
    from newsloom.pipeline.compare.threads import THREAD_ARTICLE_FIELDS, THREAD_STORY_FIELDS
    from newsloom.runners.local import _analyse_story
    from newsloom.runners.tables import TABLES, story_rows

    for first, story_json, members_json, thread in rows:
        story = Story.model_validate_json(story_json)
        members = [Article.model_validate_json(p) for p in json.loads(members_json)]
        vectors = story_sentence_vectors([members], config)[0]
        story, updated = _analyse_story(story, members, config, vectors)
        for table, table_rows in story_rows(story, updated).items():
            for row in table_rows:
                # Only story_reports has the report column: it leaves on its own.
                fields = {name: row.get(name) for name, _ in TABLES[table] if name != REPORT_COLUMN}
                yield table, json.dumps(fields), row.get(REPORT_COLUMN)
        # Only what build_threads reads of the story and its articles goes to the thread's task.
        slim = json.dumps([a.model_dump_json(include=set(THREAD_ARTICLE_FIELDS)) for a in updated])
        parts = story.model_dump_json(include=set(THREAD_STORY_FIELDS))
        yield THREAD_PART, json.dumps([thread, first, parts, slim]), None


THREAD_PART = "_thread_part"


def _build_thread(group: tuple[int, Iterable[tuple[int, int, str, str]]]) -> tuple[Any, ...]:
    """The threads-table row of one thread from its analysed stories, built as the local runner
    builds it (``build_threads``), the stories in the order of their first article."""
    from newsloom.pipeline.compare import build_threads
    from newsloom.runners.tables import row_tuple, thread_row

    _, parts = group
    ordered = sorted(parts, key=lambda p: p[1])
    stories = [Story.model_validate_json(p[2]) for p in ordered]
    articles = [Article.model_validate_json(a) for p in ordered for a in json.loads(p[3])]
    (thread,) = build_threads(stories, [[st.id for st in stories]], articles)
    return row_tuple("threads", thread_row(thread))


# ---------------------------------------------------------------------------------------------
# Distributed building blocks.


def connected_components(edges: Any, partitions: int = 2) -> Any:
    """``(node, smallest node of its component)`` for every node of an RDD of ``(a, b)`` edges.

    Alternating large-star and small-star rounds (Kiveris et al., "Connected Components in
    MapReduce and Beyond"), as text-dedup and BigCode's near-deduplication run them; each round
    is two shuffles, and O(log n) rounds reach the fixed point.
    """

    def large_star(group: tuple[int, Iterable[int]]) -> list[tuple[int, int]]:
        node, neighbours = group
        nodes = [node, *neighbours]
        smallest = min(nodes)
        return [(n, smallest) for n in nodes if n > node]

    def small_star(group: tuple[int, Iterable[int]]) -> list[tuple[int, int]]:
        node, neighbours = group
        nodes = [node, *neighbours]
        smallest = min(nodes)
        return [(n, smallest) for n in nodes if n != smallest]

    p = partitions
    current = edges.filter(lambda e: e[0] != e[1]).map(lambda e: (max(e), min(e))).distinct(p)
    for _ in range(_CC_MAX_ROUNDS):
        large = (
            current.flatMap(lambda e: [(e[0], e[1]), (e[1], e[0])])
            .groupByKey(p)
            .flatMap(large_star)
            .distinct(p)
        )
        small = large.map(lambda e: (e[0], e[1]) if e[1] <= e[0] else (e[1], e[0]))
        small = small.groupByKey(p).flatMap(small_star).distinct(p)
        small.localCheckpoint()  # cut the lineage: each round would otherwise recompute all before it
        settled = small.subtract(current, p).isEmpty() and current.subtract(small, p).isEmpty()
        current = small
        if settled:
            break
    roots = current.map(lambda e: (e[1], e[1])).distinct(p)
    return current.union(roots).coalesce(p)


def near_duplicate_groups(
    docs: Any,
    config: DedupConfig,
    partitions: int = 2,
    driver_pairs: int | None = None,
    driver_documents: int | None = None,
) -> tuple[Any, Any]:
    """Near-duplicate groups of an RDD of ``(ordinal, id, text)``, decided as ``newsloom dedup``.

    Returns ``(groups, pairs)``: an RDD of ``(first ordinal, survivor, members, pairs JSON)``
    (members in input order, the survivor the member with most words, ties to the first) and the
    RDD of verified ``(ordinal, ordinal, similarity)`` pairs.

    1. One pass over the documents computes the signatures and band keys (``MinHasher``) as
       :class:`SignatureBatch` records, kept on the executors' disks.
    2. The band keys are shuffled as numpy arrays to the reducer of their ``(band, key)``; each
       reducer sorts them and cuts its buckets into candidate pairs (``bucket_pairs``).
    3. When there are at most ``driver_pairs`` candidate pairs (``DRIVER_PAIRS``) among at most
       ``driver_documents`` documents (``DRIVER_DOCUMENTS``), the pairs and the signatures of
       those documents (not the corpus: only those sharing a bucket) go to the driver, which
       verifies them and joins them into groups with numpy and SciPy.
       Above the bound the verification is two joins on the document and the groups are the
       large-star/small-star connected components, all on the executors.
    """
    from pyspark import StorageLevel

    bound = DRIVER_PAIRS if driver_pairs is None else driver_pairs
    p = partitions
    sc = docs.context
    batches = docs.mapPartitions(functools.partial(_signature_batches, config=config))
    # On disk: about 0.6 KB per document, read twice. Kept in the JVM heap (MEMORY_AND_DISK)
    # they ran a 1 GB driver out of memory at 1,000,000 documents on local[2].
    batches = batches.persist(StorageLevel.DISK_ONLY)
    candidates = (
        batches.flatMap(functools.partial(_band_routes, partitions=p))
        .partitionBy(p, _identity)
        .mapPartitions(_bucket_candidates)
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    n_candidates = candidates.map(len).sum()
    if n_candidates > bound:
        groups, verified = _groups_on_executors(batches, candidates, config.threshold, p)
        return groups, verified
    import numpy as np

    found = candidates.collect()
    pairs = np.unique(np.concatenate(found), axis=0) if found else np.zeros((0, 2), np.int64)
    in_pairs = np.unique(pairs)
    if len(in_pairs) > (DRIVER_DOCUMENTS if driver_documents is None else driver_documents):
        return _groups_on_executors(batches, candidates, config.threshold, p)
    candidates.unpersist()
    wanted = sc.broadcast(in_pairs)
    docs_in_pairs = batches.mapPartitions(functools.partial(_candidate_documents, wanted=wanted)).collect()
    batches.unpersist()
    wanted.destroy()
    rows, verified_rows = _groups_in_driver(pairs, SignatureBatch.concat(docs_in_pairs), config.threshold)
    return sc.parallelize(rows, max(1, min(p, len(rows)))), sc.parallelize(verified_rows, max(1, p))


def _identity(key: int) -> int:
    return key


def _groups_in_driver(
    pairs: Any, found: SignatureBatch | None, threshold: float
) -> tuple[list[tuple[int, str, list[str], str]], list[tuple[int, int, float]]]:
    """Group rows and verified pairs from the candidate pairs and their documents' signatures."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components as components

    if found is None or not len(pairs):
        return [], []
    order = np.argsort(found.ordinals)
    ordinals = found.ordinals[order]
    x = order[np.searchsorted(ordinals, pairs[:, 0])]
    y = order[np.searchsorted(ordinals, pairs[:, 1])]
    estimates = (found.sig[x] == found.sig[y]).mean(axis=1)
    ok = estimates >= threshold
    x, y, estimates = x[ok], y[ok], estimates[ok]
    verified = [
        (int(a), int(b), float(e))
        for a, b, e in zip(found.ordinals[x], found.ordinals[y], estimates, strict=True)
    ]
    n = len(found.ordinals)
    graph = coo_matrix((np.ones(len(x), np.int8), (x, y)), shape=(n, n))
    _, label = components(graph, directed=False)
    in_pair = np.zeros(n, bool)
    in_pair[x] = in_pair[y] = True
    by_label: dict[int, list[tuple[int, str, int]]] = {}
    for i in np.flatnonzero(in_pair):
        by_label.setdefault(int(label[i]), []).append(
            (int(found.ordinals[i]), found.ids[i], int(found.lengths[i]))
        )
    pairs_of: dict[int, list[tuple[int, int, float]]] = {}
    for i, (a, b, e) in zip(x, verified, strict=True):
        pairs_of.setdefault(int(label[i]), []).append((a, b, e))
    rows = [_group_row(members, pairs_of[lab]) for lab, members in by_label.items()]
    return sorted(rows, key=lambda r: r[0]), verified


def _group_row(
    found: Iterable[tuple[int, str, int]], pairs: Iterable[tuple[int, int, float]]
) -> tuple[int, str, list[str], str]:
    """``(first ordinal, survivor, members, pairs JSON)`` of one group, as ``newsloom dedup``
    writes it: members in input order, the survivor the one with most words (ties to the first)."""
    ordered = sorted(found)
    ids = {o: doc_id for o, doc_id, _ in ordered}
    survivor = max(ordered, key=lambda m: (m[2], -m[0]))
    pair_json = [
        {"a": ids[x], "b": ids[y], "similarity": round(s, 4)}
        for x, y, s in sorted(pairs, key=lambda p: p[:2])
    ]
    return ordered[0][0], survivor[1], [m[1] for m in ordered], json.dumps(pair_json)


def _groups_on_executors(batches: Any, candidates: Any, threshold: float, p: int) -> tuple[Any, Any]:
    """The distributed fallback of :func:`near_duplicate_groups` for many candidate pairs."""
    pairs = candidates.flatMap(lambda a: [(int(x), int(y)) for x, y in a]).distinct(p)
    signature = batches.flatMap(
        lambda b: [(int(o), s.tobytes()) for o, s in zip(b.ordinals, b.sig, strict=True)]
    )
    joined = (
        pairs.join(signature, p)
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .join(signature, p)
        .map(lambda kv: (kv[1][0][0], kv[0], kv[1][0][1], kv[1][1]))
    )
    verified = joined.mapPartitions(functools.partial(_verify_pairs, threshold=threshold)).cache()
    labels = connected_components(verified.map(lambda v: (v[0], v[1])), p)
    info = batches.flatMap(
        lambda b: [(int(o), (i, int(n))) for o, i, n in zip(b.ordinals, b.ids, b.lengths, strict=True)]
    )
    members = labels.join(info, p).map(lambda kv: (kv[1][0], (kv[0], kv[1][1][0], kv[1][1][1])))
    pairs_by_root = verified.map(lambda v: (v[0], (v[0], v[1], v[2]))).join(labels, p)
    pairs_by_root = pairs_by_root.map(lambda kv: (kv[1][1], kv[1][0]))
    groups = members.cogroup(pairs_by_root, p).map(lambda kv: _group_row(kv[1][0], kv[1][1]))
    return groups, verified


# ---------------------------------------------------------------------------------------------
# The plan.


def corpus_spark(inputs: list[str], out: Path, config: CorpusConfig) -> CorpusSummary:
    """Run the corpus plan on Spark (the running session, or ``config.master``) into ``out``."""
    from pyspark import StorageLevel

    from newsloom.pipeline.ingest.walk import IngestStats, expand_paths

    spark, owned = spark_session(config.master, driver_memory=config.driver_memory)
    try:
        sc = spark.sparkContext
        parts = config.partitions or max(2, sc.defaultParallelism)
        analyze = config.analyze
        stats = IngestStats()
        files: list[tuple[int, Any]] = []
        walk_problems: list[tuple[int, str]] = []
        from newsloom.errors import InputReadError
        from newsloom.pipeline.ingest.loaders import _problem

        for file_no, item in enumerate(expand_paths(expand_inputs(inputs), stats)):
            if isinstance(item, InputReadError):
                walk_problems.append((file_no << _FILE_SHIFT, _problem(item, stats).model_dump_json()))
            else:
                files.append((file_no, item))
        ingested = (
            sc.parallelize(files, max(1, min(len(files), parts)))
            .mapPartitions(functools.partial(_ingest_files, ingest=analyze.ingest))
            .persist(StorageLevel.DISK_ONLY)
        )
        problems = ingested.filter(lambda r: r[1] == "problem").map(lambda r: (r[0], r[3]))
        articles = ingested.filter(lambda r: r[1] == "article")
        named = _named_articles(articles, parts)
        if len(files) < parts:  # spread a few large inputs (one big WARC) over every core
            named = named.repartition(parts)
        read = named.mapPartitions(functools.partial(_clean_and_read, config=analyze))
        # The corpus-sized steps are kept on disk (recomputing one would read the articles again),
        # not in the JVM heap: at 100,000 articles, kept in the heap's storage pool
        # (MEMORY_AND_DISK) they left a 2 GB heap too little room to collect the near-duplicate
        # signatures (OutOfMemoryError). The OS page cache still keeps them in memory.
        read = read.persist(StorageLevel.DISK_ONLY)
        problems = problems.union(read.filter(lambda r: r[1] == "problem").map(lambda r: (r[0], r[2])))
        problems = problems.union(sc.parallelize(walk_problems, 1)).coalesce(parts)
        good = read.filter(lambda r: r[1] == "article")
        kept, duplicates = _exact_duplicates(good, parts)
        kept = kept.persist(StorageLevel.DISK_ONLY)
        n_kept = kept.count()
        slim = kept.mapValues(_slim).persist(StorageLevel.DISK_ONLY)
        docs = slim.map(lambda r: (r[0], *_id_and_text(r[1])))
        groups, near_pairs = near_duplicate_groups(docs, config.dedup, parts)
        if n_kept <= config.block_articles:  # one block: no join to label the articles
            by_block = slim.map(lambda r: ((0, 0, False), r))
            block_stats = {
                "blocks": 1 if n_kept else 0,
                "largest_block": n_kept,
                "pieces": 1 if n_kept else 0,
            }
        else:
            blocks = _blocks(slim, near_pairs, config, parts)
            blocks = _pieces(blocks, slim, config.block_articles, parts).persist(StorageLevel.MEMORY_AND_DISK)
            block_stats = _block_sizes(blocks, config.block_articles, parts)
            by_block = slim.join(blocks, parts).map(lambda kv: (kv[1][1], (kv[0], kv[1][0])))
        clustered = (
            by_block.groupByKey(parts)
            .flatMap(functools.partial(_cluster_block, config=analyze))
            .persist(StorageLevel.DISK_ONLY)
        )
        if n_kept > config.block_articles:
            clustered = _reconciled(clustered, slim, analyze, parts)
        stories = (
            clustered.map(lambda kv: (kv[0], *kv[1][:3]))
            .flatMap(_member_rows)
            .join(kept, parts)
            .map(lambda kv: (kv[1][0][0], (*kv[1][0], kv[1][1])))
            .groupByKey(parts)
            .map(_story_with_members)
        )
        results = stories.mapPartitions(functools.partial(_analyse_stories, config=analyze))
        counts = _write(spark, out, results, problems, duplicates, groups)
        stats_out = {
            "articles_read": n_kept + counts["exact_duplicates"],
            "articles_analyzed": n_kept,
            "exact_duplicates": counts["exact_duplicates"],
            "errors": counts["errors"],
            **block_stats,
        }
        return CorpusSummary("spark", out, counts, stats_out)
    finally:
        if owned:
            spark.stop()


def _id_and_text(payload: str) -> tuple[str, str]:
    article = Article.model_validate_json(payload)
    return article.id, article.text


def _named_articles(articles: Any, parts: int) -> Any:
    """``(ordinal, (id, article JSON))`` for the ingested ``(ordinal, "article", wanted id,
    JSON)`` rows, every id unique across the corpus (see the module docstring, step 1).

    Only the ids are shuffled. Nearly every article keeps the id it asked for, so the renamed
    ones (up to ``DRIVER_RENAMES``) are broadcast and applied where the articles are; more
    are joined to the articles by a shuffle.
    """
    ids = articles.map(lambda r: (r[2], (r[0], r[2]))).groupByKey(parts).flatMap(_unique_ids)
    ids = _resolve_collisions(ids, parts)
    renamed = ids.filter(lambda r: r[1] != r[2]).map(lambda r: (r[0], r[2])).cache()
    if renamed.count() > DRIVER_RENAMES:
        keyed = articles.map(lambda r: (r[0], (r[2], r[3])))
        return keyed.leftOuterJoin(renamed, parts).map(
            lambda kv: (kv[0], (kv[1][1] if kv[1][1] is not None else kv[1][0][0], kv[1][0][1]))
        )
    names = articles.context.broadcast(dict(renamed.collect()))
    return articles.map(lambda r: (r[0], (names.value.get(r[0], r[2]), r[3])))


def _resolve_collisions(ids: Any, parts: int) -> Any:
    """Ids made unique when a generated ``id-2`` meets an input literally named ``id-2``: the
    later one in input order gets a further suffix (``IdRegistry`` would give the same ids
    unless the literal one came first, which is rare; both are unique and stable)."""
    for _ in range(5):
        by_id = ids.map(lambda r: (r[2], (r[0], r[1]))).groupByKey(parts).cache()
        if by_id.filter(lambda kv: len(kv[1]) > 1).isEmpty():
            return ids
        ids = by_id.flatMap(_unique_ids)
    return ids


def _exact_duplicates(good: Any, parts: int) -> tuple[Any, Any]:
    """``(kept, duplicates)``: kept ``(ordinal, JSON)`` rows, and ``(ordinal, ExactDuplicate
    JSON)`` rows. Only the text keys, ordinals, ids and sources are shuffled, not the articles;
    the duplicates' ordinals are broadcast to drop them where the articles are, unless there are
    more than ``DRIVER_DUPLICATES`` (then they are subtracted by a shuffle)."""
    keyed = good.filter(lambda r: r[3] is not None).map(lambda r: (r[3][0], (r[0], r[3][1], r[3][2])))
    dup_rows = keyed.groupByKey(parts).flatMap(_duplicates_of_text).cache()
    payloads = good.map(lambda r: (r[0], r[2]))
    if dup_rows.count() > DRIVER_DUPLICATES:
        return payloads.subtractByKey(dup_rows, parts), dup_rows
    dropped = good.context.broadcast(frozenset(dup_rows.keys().collect()))
    return payloads.filter(lambda r: r[0] not in dropped.value), dup_rows


def _duplicates_of_text(group: tuple[str, Iterable[tuple[int, str, str]]]) -> list[tuple[int, str]]:
    """Every article of one normalised text but the first in input order, as an
    ``ExactDuplicate`` of it (what ``ExactDuplicateFilter`` records)."""
    _, members = group
    first, *later = sorted(members)
    return [
        (o, ExactDuplicate(id=i, source=src, duplicate_of=first[1]).model_dump_json()) for o, i, src in later
    ]


def _reconciled(clustered: Any, slim: Any, config: AnalyzeConfig, parts: int) -> Any:
    """The clustered stories (``_cluster_block`` rows) with the threads that straddled a cut
    joined (:func:`_reconcile`) and each joined subject's articles clustered again together;
    other stories as their piece found them. Shuffled: one centroid per thread of a cut
    component, then the ordinals of the joined subjects' articles with their slim JSON."""
    from pyspark import StorageLevel

    subjects = (
        clustered.filter(lambda kv: kv[1][5] is not None)  # one row per thread
        .map(lambda kv: (kv[1][3], (kv[1][2], kv[1][4], kv[1][5])))
        .groupByKey(parts)
        .flatMap(_reconcile)
    )
    keyed = clustered.map(lambda kv: (kv[1][2], kv)).leftOuterJoin(subjects, parts)
    keyed = keyed.persist(StorageLevel.DISK_ONLY)
    kept = keyed.filter(lambda kv: kv[1][1] is None).map(lambda kv: kv[1][0])
    again = (
        keyed.filter(lambda kv: kv[1][1] is not None)
        .flatMap(lambda kv: [(o, kv[1][1]) for o in kv[1][0][1][1]])
        .join(slim, parts)
        .map(lambda kv: ((kv[1][0], 0, False), (kv[0], kv[1][1])))
        .groupByKey(parts)
        .flatMap(functools.partial(_cluster_block, config=config))
    )
    return kept.union(again)


def _block_sizes(blocks: Any, limit: int, parts: int) -> dict[str, int]:
    """How many components the ``(ordinal, (component, piece, cut))`` rows form, the size of the
    largest, and into how many pieces they were cut (:func:`_piece_count` of each size), in one
    pass over the component sizes."""
    sizes = blocks.map(lambda kv: (kv[1][0], 1)).reduceByKey(lambda a, b: a + b, parts).values()
    count, largest, pieces = sizes.map(lambda n: (1, n, _piece_count(n, limit))).fold(
        (0, 0, 0), lambda a, b: (a[0] + b[0], max(a[1], b[1]), a[2] + b[2])
    )
    return {"blocks": count, "largest_block": largest, "pieces": pieces}


def _piece_count(n: int, limit: int) -> int:
    """How many pieces a component of ``n`` articles is cut into: ceil(n / limit)."""
    return -(-n // limit)


# Where an undated article sorts among a component's publication days (after every date).
_UNDATED = 10**9


def _day(payload: str) -> int:
    """An article JSON's publication day (``date.toordinal``), or ``_UNDATED``."""
    from datetime import date

    published = json.loads(payload).get("published")
    return date.fromisoformat(published).toordinal() if published else _UNDATED


def _pieces(blocks: Any, slim: Any, limit: int, parts: int) -> Any:
    """``(ordinal, (component, piece, cut))``: a component of at most ``limit`` articles is one
    piece; a larger one is cut into pieces of at most ``limit`` (as equal as can be), its
    articles in order of publication day (undated ones last), then of input. Only the ordinals
    and days are shuffled."""
    days = slim.mapValues(_day)
    by_component = blocks.join(days, parts).map(lambda kv: (kv[1][0], (kv[1][1], kv[0])))
    return by_component.groupByKey(parts).flatMap(functools.partial(_cut_component, limit=limit))


def _cut_component(
    group: tuple[int, Iterable[tuple[int, int]]], limit: int
) -> list[tuple[int, tuple[int, int, bool]]]:
    component, members = group
    ordered = sorted(members)
    n_pieces = _piece_count(len(ordered), limit)
    size = -(-len(ordered) // n_pieces)  # as equal as can be
    cut = n_pieces > 1
    return [(o, (component, k // size, cut)) for k, (_, o) in enumerate(ordered)]


def _blocks(kept: Any, near_pairs: Any, config: CorpusConfig, parts: int) -> Any:
    """``(ordinal, block)`` for every kept article of a corpus of more than
    ``config.block_articles`` (see the module docstring, step 5)."""
    postings = kept.mapPartitions(_block_keys).groupByKey(parts)
    rare = postings.filter(lambda kv: 2 <= len(kv[1]) <= RARE_KEY_ARTICLES)
    edges = rare.flatMap(functools.partial(_window_chain, days=config.block_days))
    edges = edges.union(near_pairs.map(lambda v: (v[0], v[1])))
    labels = connected_components(edges, parts)
    return (
        kept.map(lambda r: (r[0], r[0]))
        .leftOuterJoin(labels, parts)
        .map(lambda kv: (kv[0], kv[1][1] if kv[1][1] is not None else kv[0]))
    )


def _write(
    spark: Any, out: Path, results: Any, problems: Any, duplicates: Any, groups: Any
) -> dict[str, int]:
    """Write every table as Parquet under ``out``; return the row count of each.

    The story-level rows (``(table, row JSON)`` from :func:`_analyse_stories`) are written once,
    as they come, to a staging Parquet folder (``out/_story_rows``, removed at the end): each
    table is then selected from it and parsed with its schema in the JVM, so Python analyses the
    stories once, not once per table. The staging folder replaced a DataFrame cache: Spark
    builds a cached DataFrame's column batches (10,000 rows) on the heap, and at 20,000
    articles (story reports of several MB each) that ran the default 1 GB heap out of memory;
    a Parquet write streams, holding at most a row group per task.
    """
    staging = out / STORY_ROWS
    spark.createDataFrame(results, STAGING_SCHEMA, verifySchema=False).write.mode("overwrite").options(
        **WRITE_OPTIONS
    ).parquet(str(staging))
    # Parquet's vectorized reader reserves one contiguous buffer per column for a batch of 4,096
    # rows: story reports of several MB each asked for 33 MB at once and ran the 1 GB default heap
    # out of memory at 20,000 articles. The row reader holds one row at a time; it is used while
    # the tables are selected from the staging folder, and the session's setting is restored.
    vectorized = spark.conf.get(VECTORIZED_READER, "true")
    spark.conf.set(VECTORIZED_READER, "false")
    try:
        counts = _write_tables(
            spark,
            out,
            spark.read.schema(STAGING_SCHEMA).parquet(str(staging)),
            problems,
            duplicates,
            groups,
        )
    finally:
        spark.conf.set(VECTORIZED_READER, vectorized)
    jvm = spark.sparkContext._jvm
    folder = jvm.org.apache.hadoop.fs.Path(str(staging))
    folder.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).delete(folder, True)
    return counts


def _write_tables(
    spark: Any, out: Path, story_level: Any, problems: Any, duplicates: Any, groups: Any
) -> dict[str, int]:
    """Every table selected from the staging rows ``story_level`` (or built from ``problems``,
    ``duplicates`` and ``groups``) and written under ``out``; the row count of each."""
    from pyspark.sql import functions as F

    from newsloom.runners.tables import PARTITIONED, TABLES, row_tuple, spark_schema

    def error_tuple(payload: str) -> tuple[Any, ...]:
        p = InputProblem.model_validate_json(payload)
        return row_tuple("errors", {"path": p.path, "kind": p.kind, "message": p.message})

    def duplicate_tuple(payload: str) -> tuple[Any, ...]:
        d = ExactDuplicate.model_validate_json(payload)
        return row_tuple("exact_duplicates", d.model_dump())

    thread_parts = story_level.where(F.col("table") == THREAD_PART).select("row").rdd
    extra = {
        "errors": problems.map(lambda r: error_tuple(r[1])),
        "exact_duplicates": duplicates.map(lambda r: duplicate_tuple(r[1])),
        "near_duplicates": groups.map(
            lambda g: row_tuple("near_duplicates", {"survivor": g[1], "members": g[2], "pairs": g[3]})
        ),
        # A thread's stories come from one block; its row is built once they are analysed.
        "threads": thread_parts.map(lambda r: json.loads(r[0]))
        .map(lambda p: (p[0], p))
        .groupByKey()
        .map(_build_thread),
    }
    counts: dict[str, int] = dict.fromkeys(TABLES, 0)
    for name in TABLES:
        if name in extra:
            frame = spark.createDataFrame(extra[name], spark_schema(name))
        else:
            parsed = F.from_json(F.col("row"), spark_schema(name)).alias("r")
            rows = story_level.where(F.col("table") == name)
            if name == "story_reports":  # the report is in the staging rows' own column
                columns = [F.col(REPORT_COLUMN if c == REPORT_COLUMN else f"r.{c}") for c, _ in TABLES[name]]
                frame = rows.select(parsed, REPORT_COLUMN).select(*columns)
            else:  # the other tables never read the reports' column chunks
                frame = rows.select(parsed).select("r.*")
        writer = frame.write.mode("overwrite").options(**WRITE_OPTIONS)
        if name in PARTITIONED:
            writer = writer.partitionBy(PARTITIONED[name])
        writer.parquet(str(out / name))
        counts[name] = int(spark.read.schema(spark_schema(name)).parquet(str(out / name)).count())
    return counts


# The staging folder of the story-level rows under ``out`` while the tables are written: each
# row's table, its JSON, and (story reports only) the report itself.
STORY_ROWS = "_story_rows"
STAGING_SCHEMA = "table string, row string, report string"
REPORT_COLUMN = "report"
# Parquet settings of the staging folder and of the tables Spark writes. A Parquet writer holds
# its row group in memory until it is full, and a reader reads a row group's column chunk whole:
# at Parquet's default (128 MB, about 800 MB of story reports before compression) two tasks held
# 2 x 128 MB outside Spark's memory accounting. And the writer first measures its buffers after
# 100 rows (then at intervals it estimates from the row size): 100 rows of multi-MB reports are
# held as raw values before any of them is compressed into a page. The first check after one
# row lets it cut pages and row groups by size from the start. Memory bounds, not tuned.
WRITE_OPTIONS = {"parquet.block.size": str(16 * 2**20), "parquet.page.size.row.check.min": "1"}
VECTORIZED_READER = "spark.sql.parquet.enableVectorizedReader"


def ingest_documents(
    files: Iterable[tuple[int, Any]], ingest: IngestConfig
) -> Iterator[tuple[int, str, str]]:
    """``(ordinal, id, text)`` of every article of each input file, the text ``newsloom dedup``
    reads (cleaned text, else the raw text): the input of :func:`near_duplicate_groups` without
    a JSON round trip per article."""
    from newsloom.pipeline.ingest.loaders import read_input
    from newsloom.pipeline.ingest.walk import IngestStats

    for file_no, item in files:
        stats = IngestStats()
        for rec_no, produced in enumerate(read_input(item, ingest, stats)):
            if isinstance(produced, Article):
                text = produced.text or produced.raw_text
                yield (file_no << _FILE_SHIFT) | rec_no, produced.id.strip() or "article", text
