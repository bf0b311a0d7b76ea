"""The corpus plan on Apache Spark: the local runner's stage functions, distributed.

Nothing here re-implements a stage; each step calls the function the local runner calls, on a
partition or a group of rows:

1. **Ingest** (map over input files): ``read_input`` per file, on the executors. The driver only
   lists the files. Ids are made unique across the corpus by a shuffle on the wanted id (the
   first copy in input order keeps it; later ones get ``-2``, ``-3``..., as ``IdRegistry``).
2. **Clean and read** (map over partitions): ``local._clean_and_read_batch`` in batches of 64,
   so the NER engine streams (``nlp.pipe``); the engine is loaded once per Python worker process
   (``load_spacy`` is cached, and Spark reuses its Python workers).
3. **Exact duplicates** (shuffle on the normalised-text hash): the first copy in input order is
   kept, as ``ExactDuplicateFilter`` keeps it.
4. **Near duplicates** (MinHash LSH as Spark joins): signatures by ``MinHasher`` (the same
   functions as ``newsloom dedup``) per partition; band keys exploded and grouped (shuffle on
   the band key); each bucket's candidate pairs by ``bucket_pairs``; a pair is verified on its two
   signatures (two joins on the document) against the same threshold; groups are the connected
   components of the verified pairs (large-star / small-star, as text-dedup and BigCode run it).
5. **Story clustering by blocks**: a corpus of at most ``block_articles`` articles is one block,
   clustered exactly as the local engine clusters it. A larger corpus is cut into blocks: the
   connected components of "shares a rare name or term with an article published within
   ``block_days``" plus the near-duplicate pairs; ``cluster_stories`` then runs inside each block
   (shuffle on the block). Blocks are disjoint, so no story straddles two of them; the price is
   that two articles that share no rare feature within the window are never clustered together.
6. **Comparing and cross-checking** (map over stories, after a shuffle that spreads them):
   ``local._analyse_story`` per story; its rows for every table by ``tables.story_rows``.

No step collects articles to the driver: the driver sees the file list, counts and the small
connected-component bookkeeping of the iterations.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable, Iterator
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


def spark_session(master: str = "local[2]", app_name: str = "newsloom corpus") -> tuple[Any, bool]:
    """The running Spark session (under spark-submit, or one a caller started), or a new one on
    ``master``. Returns ``(session, owned)``: only an owned session is stopped by the runner.

    A new session is kept to this machine: UI off, driver bound to the loopback interface.
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
    try:
        session = (
            SparkSession.builder.master(master)
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


def _unique_ids(group: tuple[str, Iterable[int]]) -> list[tuple[int, str]]:
    """Within one wanted id, the first in input order keeps it, the k-th gets ``id-k``."""
    wanted, ordinals = group
    ordered = sorted(ordinals)
    return [(o, wanted if k == 1 else f"{wanted}-{k}") for k, o in enumerate(ordered, 1)]


def _clean_and_read(
    rows: Iterable[tuple[int, tuple[str, str]]], config: AnalyzeConfig
) -> Iterator[tuple[int, str, str, str | None]]:
    """``(ordinal, kind, JSON, exact-duplicate key)`` of each cleaned and read article, in
    batches through the local runner's own task function."""
    from newsloom.pipeline.ingest.exact import normalised_text, normalised_text_key
    from newsloom.runners.local import _clean_and_read_batch

    def flush(batch: list[tuple[int, Article]]) -> Iterator[tuple[int, str, str, str | None]]:
        done = _clean_and_read_batch([a for _, a in batch], config)
        for (ordinal, _), result in zip(batch, done, strict=True):
            if isinstance(result, InputProblem):
                yield ordinal, "problem", result.model_dump_json(), None
                continue
            text = result.text or result.raw_text
            key = normalised_text_key(text) if normalised_text(text) else None
            yield ordinal, "article", result.model_dump_json(), key

    batch: list[tuple[int, Article]] = []
    for ordinal, (article_id, payload) in rows:
        batch.append((ordinal, Article.model_validate_json(payload).model_copy(update={"id": article_id})))
        if len(batch) >= _READ_BATCH:
            yield from flush(batch)
            batch = []
    if batch:
        yield from flush(batch)


def _signatures(
    docs: Iterable[tuple[int, str, str]], config: DedupConfig
) -> Iterator[tuple[int, str, int, bytes, list[int]]]:
    """``(ordinal, id, word count, signature bytes, signed band keys)`` per document."""
    import numpy as np

    hasher = MinHasher(config)
    pending: list[tuple[int, str, int, Any]] = []

    def flush() -> Iterator[tuple[int, str, int, bytes, list[int]]]:
        sig, keys = hasher.signatures([sh for *_, sh in pending])
        signed = keys.view(np.int64)
        for (ordinal, doc_id, length, _), s, k in zip(pending, sig, signed, strict=True):
            yield ordinal, doc_id, length, s.tobytes(), [int(x) for x in k]

    shingles = 0
    for ordinal, doc_id, text in docs:
        length, sh = hasher.shingles(text)
        pending.append((ordinal, doc_id, length, sh))
        shingles += len(sh)
        if shingles >= 200_000:
            yield from flush()
            pending, shingles = [], 0
    if pending:
        yield from flush()


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
        article = Article.model_validate_json(payload)
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


def _cluster_block(
    group: tuple[int, Iterable[tuple[int, str]]], config: AnalyzeConfig
) -> Iterator[tuple[int, str, str, int]]:
    """``(first ordinal, story JSON, members JSON, thread key)`` for each story the local
    clustering (``cluster_stories_in_threads``) finds; the thread key is the first ordinal of the
    thread's first story, unique across blocks since ordinals are."""
    from newsloom.pipeline.compare import cluster_stories_in_threads

    _, rows = group
    ordered = sorted(rows)
    articles = [Article.model_validate_json(p) for _, p in ordered]
    first = {a.id: o for (o, _), a in zip(ordered, articles, strict=True)}
    payload = {a.id: p for (_, p), a in zip(ordered, articles, strict=True)}
    stories, thread_groups = cluster_stories_in_threads(articles, config)
    first_of_story = {st.id: first[st.article_ids[0]] for st in stories}
    thread_key = {sid: min(first_of_story[s] for s in group) for group in thread_groups for sid in group}
    for story in stories:
        members = json.dumps([payload[i] for i in story.article_ids])
        yield first_of_story[story.id], story.model_dump_json(), members, thread_key[story.id]


def _analyse_stories(
    rows: Iterable[tuple[int, str, str, int]], config: AnalyzeConfig
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """``(table, row)`` for every table row of each story, through the local runner's story task,
    and a ``(THREAD_PART, (thread key, first ordinal, story JSON, members JSON))`` row per
    analysed story, from which :func:`_build_thread` makes the thread rows."""
    from newsloom.pipeline.compare.stage import story_sentence_vectors
    from newsloom.runners.local import _analyse_story
    from newsloom.runners.tables import row_tuple, story_rows

    for first, story_json, members_json, thread in rows:
        story = Story.model_validate_json(story_json)
        members = [Article.model_validate_json(p) for p in json.loads(members_json)]
        vectors = story_sentence_vectors([members], config)[0]
        story, updated = _analyse_story(story, members, config, vectors)
        for table, table_rows in story_rows(story, updated).items():
            for row in table_rows:
                yield table, row_tuple(table, row)
        parts = (thread, first, story.model_dump_json(), json.dumps([a.model_dump_json() for a in updated]))
        yield THREAD_PART, parts


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


def near_duplicate_groups(docs: Any, config: DedupConfig, partitions: int = 2) -> tuple[Any, Any]:
    """Near-duplicate groups of an RDD of ``(ordinal, id, text)``, decided as ``newsloom dedup``.

    Returns ``(groups, pairs)``: an RDD of ``(first ordinal, survivor, members, pairs)`` (members
    in input order, the survivor the member with most words, ties to the first) and the RDD of
    verified ``(ordinal, ordinal)`` pairs.
    """
    threshold, p = config.threshold, partitions
    sigs = docs.mapPartitions(functools.partial(_signatures, config=config)).cache()
    buckets = (
        sigs.flatMap(lambda r: [((band, key), r[0]) for band, key in enumerate(r[4])])
        .groupByKey(p)
        .filter(lambda kv: len(kv[1]) > 1)
    )
    candidates = buckets.flatMap(lambda kv: bucket_pairs(sorted(kv[1]))).distinct(p)
    signature = sigs.map(lambda r: (r[0], r[3]))
    joined = (
        candidates.join(signature, p)
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .join(signature, p)
        .map(lambda kv: (kv[1][0][0], kv[0], kv[1][0][1], kv[1][1]))
    )
    verified = joined.mapPartitions(functools.partial(_verify_pairs, threshold=threshold)).cache()
    labels = connected_components(verified.map(lambda v: (v[0], v[1])), p)
    info = sigs.map(lambda r: (r[0], (r[1], r[2])))
    members = labels.join(info, p).map(lambda kv: (kv[1][0], (kv[0], kv[1][1][0], kv[1][1][1])))
    pairs_by_root = verified.map(lambda v: (v[0], (v[0], v[1], v[2]))).join(labels, p)
    pairs_by_root = pairs_by_root.map(lambda kv: (kv[1][1], kv[1][0]))

    def group_row(kv: tuple[int, tuple[Iterable[Any], Iterable[Any]]]) -> tuple[int, str, list[str], str]:
        root, (found, pairs) = kv
        ordered = sorted(found)
        ids = {o: doc_id for o, doc_id, _ in ordered}
        survivor = max(ordered, key=lambda m: (m[2], -m[0]))
        pair_json = [
            {"a": ids[x], "b": ids[y], "similarity": round(s, 4)}
            for x, y, s in sorted(pairs, key=lambda p: p[:2])
        ]
        return root, survivor[1], [m[1] for m in ordered], json.dumps(pair_json)

    groups = members.cogroup(pairs_by_root, p).map(lambda kv: (kv[0], (list(kv[1][0]), list(kv[1][1]))))
    return groups.map(group_row), verified


# ---------------------------------------------------------------------------------------------
# The plan.


def corpus_spark(inputs: list[str], out: Path, config: CorpusConfig) -> CorpusSummary:
    """Run the corpus plan on Spark (the running session, or ``config.master``) into ``out``."""
    from newsloom.pipeline.ingest.walk import IngestStats, expand_paths

    spark, owned = spark_session(config.master)
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
            .cache()
        )
        problems = ingested.filter(lambda r: r[1] == "problem").map(lambda r: (r[0], r[3]))
        articles = ingested.filter(lambda r: r[1] == "article")
        ids = articles.map(lambda r: (r[2], r[0])).groupByKey(parts).flatMap(_unique_ids)
        ids = _resolve_collisions(ids, parts)
        payloads = articles.map(lambda r: (r[0], r[3]))
        read = (
            ids.join(payloads, parts)
            .mapPartitions(functools.partial(_clean_and_read, config=analyze))
            .cache()
        )
        problems = problems.union(read.filter(lambda r: r[1] == "problem").map(lambda r: (r[0], r[2])))
        problems = problems.union(sc.parallelize(walk_problems, 1)).coalesce(parts)
        good = read.filter(lambda r: r[1] == "article")
        kept, duplicates = _exact_duplicates(good, parts)
        kept = kept.cache()
        n_kept = kept.count()
        docs = kept.map(lambda r: (r[0], *_id_and_text(r[1])))
        groups, near_pairs = near_duplicate_groups(docs, config.dedup, parts)
        blocks = _blocks(kept, near_pairs, n_kept, config, parts)
        stories = (
            kept.map(lambda r: (r[0], r[1]))
            .join(blocks, parts)
            .map(lambda kv: (kv[1][1], (kv[0], kv[1][0])))
            .groupByKey(parts)
            .flatMap(functools.partial(_cluster_block, config=analyze))
            .repartition(parts)
        )
        results = stories.mapPartitions(functools.partial(_analyse_stories, config=analyze)).cache()
        counts = _write(spark, out, results, problems, duplicates, groups)
        stats_out = {
            "articles_read": n_kept + counts["exact_duplicates"],
            "articles_analyzed": n_kept,
            "exact_duplicates": counts["exact_duplicates"],
            "errors": counts["errors"],
        }
        return CorpusSummary("spark", out, counts, stats_out)
    finally:
        if owned:
            spark.stop()


def _id_and_text(payload: str) -> tuple[str, str]:
    article = Article.model_validate_json(payload)
    return article.id, article.text


def _resolve_collisions(ids: Any, parts: int) -> Any:
    """Ids made unique when a generated ``id-2`` meets an input literally named ``id-2``: the
    later one in input order gets a further suffix (``IdRegistry`` would give the same ids
    unless the literal one came first, which is rare; both are unique and stable)."""
    for _ in range(5):
        by_id = ids.map(lambda r: (r[1], r[0])).groupByKey(parts).cache()
        if by_id.filter(lambda kv: len(kv[1]) > 1).isEmpty():
            return ids
        ids = by_id.flatMap(_unique_ids)
    return ids


def _exact_duplicates(good: Any, parts: int) -> tuple[Any, Any]:
    """``(kept, duplicates)``: kept ``(ordinal, JSON)`` rows, and ``ExactDuplicate`` JSON rows."""
    keyed = good.filter(lambda r: r[3] is not None).map(lambda r: (r[3], (r[0], r[2])))
    first = keyed.reduceByKey(lambda a, b: a if a[0] < b[0] else b, parts)
    dup_rows = (
        keyed.join(first, parts)
        .filter(lambda kv: kv[1][0][0] != kv[1][1][0])
        .map(lambda kv: (kv[1][0][0], _duplicate(kv[1][0][1], kv[1][1][1])))
    )
    dup_ordinals = dup_rows.map(lambda r: (r[0], None))
    kept = good.map(lambda r: (r[0], r[2])).subtractByKey(dup_ordinals, parts)
    return kept, dup_rows


def _duplicate(payload: str, first_payload: str) -> str:
    article = Article.model_validate_json(payload)
    first = Article.model_validate_json(first_payload)
    return ExactDuplicate(id=article.id, source=article.source, duplicate_of=first.id).model_dump_json()


def _blocks(kept: Any, near_pairs: Any, n_kept: int, config: CorpusConfig, parts: int) -> Any:
    """``(ordinal, block)`` for every kept article (see the module docstring, step 5)."""
    if n_kept <= config.block_articles:
        return kept.map(lambda r: (r[0], 0))
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
    """Write every table as Parquet under ``out``; return the row count of each."""
    from newsloom.runners.tables import PARTITIONED, TABLES, row_tuple, spark_schema

    def error_tuple(payload: str) -> tuple[Any, ...]:
        p = InputProblem.model_validate_json(payload)
        return row_tuple("errors", {"path": p.path, "kind": p.kind, "message": p.message})

    def duplicate_tuple(payload: str) -> tuple[Any, ...]:
        d = ExactDuplicate.model_validate_json(payload)
        return row_tuple("exact_duplicates", d.model_dump())

    extra = {
        "errors": problems.map(lambda r: error_tuple(r[1])),
        "exact_duplicates": duplicates.map(lambda r: duplicate_tuple(r[1])),
        "near_duplicates": groups.map(
            lambda g: row_tuple("near_duplicates", {"survivor": g[1], "members": g[2], "pairs": g[3]})
        ),
        # A thread's stories come from one block; its row is built once they are analysed.
        "threads": results.filter(lambda r: r[0] == THREAD_PART)
        .map(lambda r: (r[1][0], r[1]))
        .groupByKey()
        .map(_build_thread),
    }
    counts: dict[str, int] = dict.fromkeys(TABLES, 0)
    counts.update((k, v) for k, v in results.countByKey().items() if k in counts)
    for name in TABLES:
        rdd = (
            extra[name] if name in extra else results.filter(lambda r, n=name: r[0] == n).map(lambda r: r[1])
        )
        frame = spark.createDataFrame(rdd, spark_schema(name))
        writer = frame.write.mode("overwrite")
        if name in PARTITIONED:
            writer = writer.partitionBy(PARTITIONED[name])
        writer.parquet(str(out / name))
        if name in extra:
            counts[name] = int(spark.read.parquet(str(out / name)).count())
    return counts


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
