"""The Spark engine (local[2]) gives the tables of the local engine: same stories, origin groups,
claims, discrepancies and byte-identical story reports.

Skipped when pyspark or Java is missing. One Spark session serves the whole test session
(``spark`` fixture); each test keeps its data small. Set NEWSLOOM_SPARK_FULL=1 to also compare
the engines on the shared seeds and the realnews bench texts (minutes on 2 cores).
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.pipeline.compare.dedup import DedupConfig, find_near_duplicates
from newsloom.runners.corpus import CorpusConfig, run_corpus
from newsloom.runners.spark import VECTORIZED_READER
from newsloom.runners.tables import read_table, table_differences

pytest.importorskip("pyspark", reason="the spark extra is not installed: pip install 'newsloom[spark]'")
pytest.importorskip("pyarrow", reason="the spark extra is not installed: pip install 'newsloom[spark]'")
if shutil.which("java") is None:
    pytest.skip("Java is not installed (Spark needs Java 17+)", allow_module_level=True)

pytestmark = [pytest.mark.spark, pytest.mark.slow]

FAST = AnalyzeConfig(nlp="rules", embeddings="lexical", workers=1)
FULL = os.environ.get("NEWSLOOM_SPARK_FULL") == "1"


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    from newsloom.runners.spark import spark_session

    session, _ = spark_session("local[2]", "newsloom tests")
    try:
        yield session
    finally:
        session.stop()


def _both(inputs: list[str], tmp: Path, config: CorpusConfig) -> tuple[Path, Path]:
    local, spark = tmp / "local", tmp / "spark"
    run_corpus(inputs, local, CorpusConfig(analyze=config.analyze, dedup=config.dedup, engine="local"))
    run_corpus(inputs, spark, config)
    return local, spark


FLOOD = (
    "Flood waters rose in Tarnwick on Monday after three days of rain, officials said. "
    "The Tarnwick council said 240 homes were evacuated along the Vell river. "
    "Mayor Ilse Brandow said the river would crest on Tuesday, and that the Vell bridge was shut."
)
FAIR = (
    "The Osterby book fair opened on Saturday with 80 publishers from nine countries. "
    "Organisers said the Osterby fair expects 12,000 visitors, and that the poet Rune Halvik would read."
)


def _write_corpus(folder: Path) -> Path:
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "tarnwick-herald.txt").write_text("Floods in Tarnwick\n\n" + FLOOD)
    (folder / "sub" / "vell-courier.txt").write_text("Floods in Tarnwick\n\n" + FLOOD.replace("240", "420"))
    (folder / "vell-post.txt").write_text(
        "Tarnwick evacuates\n\nMayor Ilse Brandow ordered 240 homes in Tarnwick evacuated on Monday "
        "as the Vell river rose. She said it would crest on Wednesday."
    )
    (folder / "tarnwick-again.txt").write_text("Floods in Tarnwick\n\n" + FLOOD)  # an exact copy
    (folder / "osterby-daily.txt").write_text("Book fair opens\n\n" + FAIR)
    records = [
        {
            "id": "wire",
            "title": "Fair opens",
            "text": "Eighty publishers came to Osterby for its book fair on "
            "Saturday. Organisers expect 12,000 visitors; the poet Rune Halvik reads on Sunday.",
        },
        {
            "id": "wire",
            "title": "Fair, day two",
            "text": "Rune Halvik read to 900 people at the Osterby "
            "book fair on Sunday, organisers said, and 15,000 visitors came in all.",
        },
    ]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n{broken\n")
    (folder / "empty.txt").write_text("")
    return folder


def test_spark_engine_writes_the_tables_of_the_local_engine(spark: object, tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path / "in")
    session: Any = spark
    session.conf.set(VECTORIZED_READER, "true")
    local, on_spark = _both([str(corpus)], tmp_path, CorpusConfig(analyze=FAST, engine="spark"))
    assert table_differences(local, on_spark) == {}
    # the staging rows are read row by row (multi-MB story reports), and the caller's session
    # gets its own setting back
    assert session.conf.get(VECTORIZED_READER) == "true"
    # the same table folders and nothing else (the story rows' staging folder is removed)
    assert sorted(p.name for p in on_spark.iterdir()) == sorted(p.name for p in local.iterdir())
    assert {r["id"] for r in read_table(on_spark, "articles")} >= {"wire", "wire-2"}
    assert [r["duplicate_of"] for r in read_table(on_spark, "exact_duplicates")] == ["tarnwick-herald"]
    assert read_table(on_spark, "errors")  # the broken JSONL line and the empty file are reported


@pytest.mark.parametrize("broadcast", [True, False], ids=["broadcast", "shuffled"])
def test_exact_copies_are_duplicates_of_the_first_read_on_both_routes(
    spark: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broadcast: bool
) -> None:
    """Few duplicates are dropped by broadcasting their ordinals, many by a shuffle; both keep
    the first copy in input order and report the others as the local engine does."""
    from newsloom.runners import spark as on_spark_module

    if not broadcast:
        monkeypatch.setattr(on_spark_module, "DRIVER_DUPLICATES", 0)
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a-first", "b-second", "c-third"):
        (folder / f"{name}.txt").write_text("Floods in Tarnwick\n\n" + FLOOD)
    (folder / "d-fair.txt").write_text("Book fair opens\n\n" + FAIR)
    local, on_spark = _both([str(folder)], tmp_path, CorpusConfig(analyze=FAST, engine="spark"))
    assert table_differences(local, on_spark) == {}
    found = sorted((r["id"], r["duplicate_of"]) for r in read_table(on_spark, "exact_duplicates"))
    assert found == [("b-second", "a-first"), ("c-third", "a-first")]
    assert {r["id"] for r in read_table(on_spark, "articles")} == {"a-first", "d-fair"}


@pytest.mark.parametrize("broadcast", [True, False], ids=["broadcast", "joined"])
def test_taken_ids_are_renamed_as_the_local_engine_names_them_on_both_routes(
    spark: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broadcast: bool
) -> None:
    """Articles asking for an id already taken get ``id-2``, ``id-3``; a later input literally
    named like a generated id gets a further suffix. Few renames are broadcast to the articles,
    many are joined to them: both give the local engine's ids."""
    from newsloom.runners import spark as on_spark_module

    if not broadcast:
        monkeypatch.setattr(on_spark_module, "DRIVER_RENAMES", 0)
    folder = tmp_path / "in"
    folder.mkdir()
    records = [
        {"id": "note", "text": FLOOD},
        {"id": "note", "text": FAIR},
        {"id": "note", "text": "Ferry crews in Vellmouth went on strike on Friday over pay, the union said."},
    ]
    (folder / "a-feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    (folder / "note-2.txt").write_text("Rail works\n\nThe Tarnwick line reopens on Monday after repairs.")
    local, on_spark = _both([str(folder)], tmp_path, CorpusConfig(analyze=FAST, engine="spark"))
    assert table_differences(local, on_spark) == {}
    ids = sorted(r["id"] for r in read_table(on_spark, "articles"))
    assert len(ids) == 4 and len(set(ids)) == 4
    assert {"note", "note-2", "note-3"} <= set(ids)


@pytest.mark.parametrize("block_articles", [3, 2])
def test_blocked_clustering_keeps_each_event_whole(
    spark: object, tmp_path: Path, block_articles: int
) -> None:
    """Small blocks force the blocked route. The events share rare names within a week, so each
    is a component of three articles: with blocks of three each is one block, clustered as the
    local engine does; with blocks of two each is cut in two pieces, and the thread found in
    both pieces is joined and clustered again whole (reconciled)."""
    corpus = _write_corpus(tmp_path / "in")
    config = CorpusConfig(analyze=FAST, engine="spark", block_articles=block_articles)
    local = run_corpus([str(corpus)], tmp_path / "local", CorpusConfig(analyze=FAST, engine="local"))
    on_spark = run_corpus([str(corpus)], tmp_path / "spark", config)
    assert on_spark.stats["blocks"] == 2 and on_spark.stats["largest_block"] == 3
    assert on_spark.stats["pieces"] == (2 if block_articles == 3 else 4)
    stories = {frozenset(r["article_ids"]) for r in read_table(on_spark.out, "stories")}
    assert stories == {frozenset(r["article_ids"]) for r in read_table(local.out, "stories")}
    assert len(read_table(on_spark.out, "threads")) == len(read_table(local.out, "threads"))


# Run in a child process: the JVM heap is fixed when the JVM starts, and the test session's JVM
# is already running. Writes fabricated multi-MB story reports through the plan's table writes.
SMALL_HEAP = r"""
import json, random, sys
from pathlib import Path
from newsloom.runners.spark import _write, spark_session
from newsloom.runners.tables import story_bucket

def report(k, size):
    return json.dumps({"story": f"story-{k}", "notes": random.Random(k).randbytes(size // 2).hex()})

def rows(ks, size):
    for k in ks:
        sid = f"story-{k}"
        yield "story_reports", json.dumps({"story_id": sid, "bucket": story_bucket(sid)}), report(k, size)

out, n, size = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
spark, _ = spark_session("local[2]", "newsloom heap test", driver_memory="512m")
sc = spark.sparkContext
empty = sc.parallelize([], 1)
stories = sc.parallelize(range(n), 2).mapPartitions(lambda ks: rows(ks, size))
counts = _write(spark, out, stories, empty, empty, empty)
heap = sc._jvm.java.lang.Runtime.getRuntime().maxMemory()
spark.stop()
print(json.dumps({"heap": heap, "story_reports": counts["story_reports"]}))
"""


@pytest.mark.skipif(not FULL, reason="a JVM of its own: 40-100 s; set NEWSLOOM_SPARK_FULL=1")
def test_multi_mb_story_reports_are_written_on_a_small_heap(tmp_path: Path) -> None:
    """24 story reports of 4 MB on a 512 MB heap (Spark's smallest): the tables are written and
    hold every report byte for byte. Before, the writer held up to 100 rows of a task before
    it measured its buffers, row groups were 128 MB, and every report was parsed out of JSON:
    this ran out of heap, as 1 GB did at 20,000 articles. Most of its time is the JVM's start
    and the twelve table writes, not the reports."""
    import subprocess
    import sys

    n, size = 24, 4 * 2**20
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", SMALL_HEAP, str(out), str(n), str(size)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["heap"] <= 512 * 2**20  # the session newsloom started took the heap it was given
    assert figures["story_reports"] == n
    written = {r["story_id"]: r["report"] for r in read_table(out, "story_reports")}
    expected = {
        f"story-{k}": json.dumps(
            {"story": f"story-{k}", "notes": random.Random(k).randbytes(size // 2).hex()}
        )
        for k in range(n)
    }
    assert written == expected
    assert not (out / "_story_rows").exists()


def _generated_documents(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(3000)]
    docs: list[tuple[str, str]] = []
    for i in range(n):
        if docs and rng.random() < 0.4:
            _, base = rng.choice(docs)
            ws = base.split()
            for _ in range(rng.randint(0, 3)):
                ws[rng.randrange(len(ws))] = rng.choice(vocabulary)
            docs.append((f"d{i}", " ".join(ws)))
        else:
            docs.append((f"d{i}", " ".join(rng.choice(vocabulary) for _ in range(rng.randint(40, 120)))))
    return docs


# (pairs bound, documents bound). None: the candidate pairs are few, verified and grouped in the
# driver; 0 pairs or 1 document: the distributed fallback (joins and large-star/small-star
# rounds) that runs above ``DRIVER_PAIRS`` pairs or ``DRIVER_DOCUMENTS`` documents in them.
WHERE = pytest.mark.parametrize(
    "bounds", [(None, None), (0, None), (None, 1)], ids=["driver", "executors", "executors-documents"]
)


@WHERE
def test_near_duplicate_groups_are_those_of_newsloom_dedup(
    spark: object, bounds: tuple[int | None, int | None]
) -> None:
    from newsloom.runners.spark import near_duplicate_groups

    docs = _generated_documents(300, seed=7)
    expected = find_near_duplicates(docs, DedupConfig())
    rdd = spark.sparkContext.parallelize([(i, d, t) for i, (d, t) in enumerate(docs)], 3)  # type: ignore[attr-defined]
    groups, pairs = near_duplicate_groups(
        rdd, DedupConfig(), driver_pairs=bounds[0], driver_documents=bounds[1]
    )
    found = sorted(groups.collect())
    assert [(g[1], g[2]) for g in found] == [(g.survivor, g.members) for g in expected]
    assert [json.loads(g[3]) for g in found] == [g.to_json()["pairs"] for g in expected]
    expected_pairs = {(p["a"], p["b"]) for g in expected for p in g.to_json()["pairs"]}  # type: ignore[attr-defined]
    assert {(docs[x][0], docs[y][0]) for x, y, _ in pairs.collect()} == expected_pairs
    assert len(expected) > 20  # the generator made groups to find


@WHERE
def test_mass_copies_in_one_large_bucket_are_one_group_as_in_newsloom_dedup(
    spark: object, bounds: tuple[int | None, int | None]
) -> None:
    """More copies than a bucket verifies pair by pair (a star plus a chain), among other texts."""
    from newsloom.runners.spark import near_duplicate_groups

    base = " ".join(f"pier{k}" for k in range(60))
    docs = [(f"c{i}", f"{base} note{i}") for i in range(45)] + _generated_documents(60, seed=3)
    expected = find_near_duplicates(docs, DedupConfig())
    rdd = spark.sparkContext.parallelize([(i, d, t) for i, (d, t) in enumerate(docs)], 3)  # type: ignore[attr-defined]
    groups, _ = near_duplicate_groups(rdd, DedupConfig(), driver_pairs=bounds[0], driver_documents=bounds[1])
    found = sorted(groups.collect())
    assert [(g[1], g[2]) for g in found] == [(g.survivor, g.members) for g in expected]
    assert any(len(g.members) == 45 for g in expected)


def test_connected_components_of_a_long_chain_and_a_star(spark: object) -> None:
    from newsloom.runners.spark import connected_components

    edges = [(i, i + 1) for i in range(100, 140)] + [(7, k) for k in (9, 3, 12)]
    labels = dict(connected_components(spark.sparkContext.parallelize(edges, 2)).collect())  # type: ignore[attr-defined]
    assert {labels[i] for i in range(100, 141)} == {100}
    assert {labels[k] for k in (3, 7, 9, 12)} == {3}


CORPORA = ["examples"] + (["seeds", "realnews"] if FULL else [])


@pytest.mark.parametrize("name", CORPORA)
def test_engines_agree_on_the_project_corpora(
    name: str, spark: object, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if name == "examples":
        path = request.getfixturevalue("examples_dir")
    elif name == "seeds":
        path = request.getfixturevalue("seeds_dir")
    else:
        path = request.getfixturevalue("shared_dir") / "bench" / "realnews" / "texts"
    local, on_spark = _both([str(path)], tmp_path, CorpusConfig(engine="spark"))
    assert table_differences(local, on_spark) == {}
