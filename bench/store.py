"""The store: does incremental ``add`` give the stories and origin groups a batch ``analyze``
gives, and how fast are adding, loading and searching?

- Agreement: B-cubed F1 between the store's partition and the batch run's (the batch as
  reference), for stories, origin groups and threads, on ECB+ (id + text only, added one at a
  time in file order) and on the realnews texts added one at a time in publication order.
- Speed (generated fictional articles): load throughput of ``add`` against ``analyze`` on the
  same N articles (their ratio; target >= 0.5), then p95 time to add one article to that store
  of N and full-text search p95 over it.

Quick: first 40 realnews texts, first 120 ECB+ articles, N = 300. Default: all of both, N =
2,000. Environment: NEWSLOOM_BENCH_STORE_N sets N (at 100,000 the store is loaded by ``add``
itself and the batch comparison is skipped beyond BATCH_MAX); NEWSLOOM_BENCH_STORE_SIZES (e.g.
2000,10000,50000) grows one store by bulk ``add`` through several sizes and measures one-article
adds and searches at each (the first size is compared with ``analyze``), printing CPU and wall
time and the load average; NEWSLOOM_BENCH_STORE_DB keeps that store at a path (a store kept there by an earlier run is
measured at its size first, then grown);
NEWSLOOM_BENCH_STORE_ECB the number of ECB+ articles; NEWSLOOM_BENCH_STORE_PARTS which parts
run (realnews,ecb,speed).
Both sides run with the rule-based reader and lexical alignment (no models).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Report
from newsloom.runners import analyze
from newsloom.runners.incremental import add_to_store
from newsloom.runners.local import ProgressCallback
from newsloom.storage import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "integration"))
import itertools

from fictional_news import fictional_articles, write_jsonl

CONFIG = AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical")
# Above this many generated articles the batch run is not timed (the store alone is loaded): a
# batch this large leaves batch clustering for the online index (MAX_BATCH_MATRIX), so the ratio
# would compare another algorithm.
BATCH_MAX = 5_000


def b_cubed_f1(reference: dict[str, object], predicted: dict[str, object]) -> float:
    """B-cubed F1 of ``predicted`` cluster labels against ``reference`` (items in both)."""
    items = sorted(set(reference) & set(predicted))
    ref: dict[object, set[str]] = {}
    pred: dict[object, set[str]] = {}
    for i in items:
        ref.setdefault(reference[i], set()).add(i)
        pred.setdefault(predicted[i], set()).add(i)
    p = r = 0.0
    for i in items:
        both = len(ref[reference[i]] & pred[predicted[i]])
        p += both / len(pred[predicted[i]])
        r += both / len(ref[reference[i]])
    p, r = p / len(items), r / len(items)
    return 2 * p * r / (p + r) if p + r else 0.0


def _labels(report: Report) -> tuple[dict[str, object], dict[str, object], dict[str, object]]:
    stories = {a: s.id for s in report.stories for a in s.article_ids}
    origins = {a: (s.id, k) for s in report.stories for k, g in enumerate(s.origin_groups or []) for a in g}
    members = {s.id: s.article_ids for s in report.stories}
    threads = {a: t.id for t in report.threads for sid in t.story_ids for a in members.get(sid, [])}
    return stories, origins, threads


def _agreement(name: str, files: list[Path], batches: Iterable[list[Path]], tmp: Path) -> None:
    t0 = time.perf_counter()
    batch = analyze(files, CONFIG)
    t_batch = time.perf_counter() - t0
    db = tmp / f"{name}.db"
    t0 = time.perf_counter()
    with Store(str(db)) as store:
        for paths in batches:
            add_to_store(store, [str(p) for p in paths], CONFIG)
        stored = store.report()
    t_store = time.perf_counter() - t0
    b_st, b_or, b_th = _labels(batch)
    s_st, s_or, s_th = _labels(stored)
    print(
        f"{name}: {len(batch.articles)} articles; batch {len(batch.stories)} stories in "
        f"{len(batch.threads)} threads, store {len(stored.stories)} in {len(stored.threads)}; B3-F1 "
        f"stories {b_cubed_f1(b_st, s_st):.3f}, origin groups {b_cubed_f1(b_or, s_or):.3f}, threads "
        f"{b_cubed_f1(b_th, s_th):.3f} (batch {t_batch:.1f} s, store {t_store:.1f} s)",
        flush=True,
    )


def _ecb(shared: Path, tmp: Path, quick: bool) -> None:
    rows = [
        json.loads(x)
        for x in (shared / "bench" / "stories" / "articles.jsonl").read_text("utf-8").splitlines()
    ]
    rows = rows[: int(os.environ.get("NEWSLOOM_BENCH_STORE_ECB", "120" if quick else str(len(rows))))]
    folder = tmp / "ecb"
    folder.mkdir()
    files = []
    for k, r in enumerate(rows):
        path = folder / f"{k:04d}.jsonl"  # one record per file: added one at a time, in file order
        path.write_text(json.dumps({"id": r["id"], "text": r["text"]}) + "\n", "utf-8")
        files.append(path)
    _agreement("ECB+ (file order, one at a time)", files, ([f] for f in files), tmp)


def _realnews(shared: Path, tmp: Path, quick: bool) -> None:
    from newsloom.pipeline.clean import clean_article
    from newsloom.pipeline.ingest import load_inputs

    texts = sorted((shared / "bench" / "realnews" / "texts").glob("*.txt"))
    if quick:
        texts = texts[:40]
    published: dict[Path, str] = {}
    for path in texts:
        for item in load_inputs([path], CONFIG.ingest):
            if isinstance(item, Article):
                day = clean_article(item).published
                published[path] = day.isoformat() if day else "9999"
    ordered = sorted(texts, key=lambda p: (published.get(p, "9999"), p.name))
    _agreement("realnews (publication order, one at a time)", texts, ([p] for p in ordered), tmp)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def _loading(n: int, t0: float) -> ProgressCallback:
    """Progress of a large load, printed every 10,000 articles (a run cut short still tells how
    far it got and how fast)."""
    step = 10_000

    def report(stage: str, done: int, total: int | None, /) -> None:
        if n >= 2 * step and stage in ("add", "analyse") and (done % step < 256 or done == total):
            print(f"  {stage} {done}/{total}: {time.perf_counter() - t0:.0f} s", flush=True)

    return report


def _load_note() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


def _one_by_one(store: Store, tmp: Path, records: list[dict[str, str]], size: int) -> None:
    """p50/p95 cost (CPU and wall) of adding each of ``records`` alone to the store."""
    one, cpu = [], []
    for k, rec in enumerate(records):
        path = write_jsonl(tmp / f"one{size}-{k}.jsonl", [rec])
        t0, c0 = time.perf_counter(), time.process_time()
        add_to_store(store, [str(path)], CONFIG)
        one.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    # CPU time beside wall time: on a shared machine the wall time mostly measures the others.
    print(
        f"add one article to a store of {size} articles: wall p50 {statistics.median(one) * 1000:.0f} ms, "
        f"p95 {_p95(one) * 1000:.0f} ms; CPU p50 {statistics.median(cpu) * 1000:.0f} ms, "
        f"p95 {_p95(cpu) * 1000:.0f} ms (target < 300 ms at 100,000; {_load_note()})",
        flush=True,
    )


def _search(store: Store, records: list[dict[str, str]], size: int) -> None:
    words = [r["text"].split()[k % 12] for k, r in enumerate(records[:200])]
    queries = [f"{a} {b}" for a, b in itertools.pairwise(words)][:100]
    times, cpu = [], []
    for q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        store.search(q)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(
        f"full-text search over {size} articles: wall p50 {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {_p95(times) * 1000:.1f} ms; CPU p50 {statistics.median(cpu) * 1000:.1f} ms, "
        f"p95 {_p95(cpu) * 1000:.1f} ms (target < 50 ms at 100,000; {_load_note()})",
        flush=True,
    )


def _sizes(n: int) -> list[int]:
    """The store sizes measured: NEWSLOOM_BENCH_STORE_SIZES (comma-separated), else just ``n``."""
    given = os.environ.get("NEWSLOOM_BENCH_STORE_SIZES")
    return sorted({int(x) for x in given.split(",") if x.strip()}) if given else [n]


def _speed(tmp: Path, n: int) -> None:
    """Load throughput against ``analyze`` at the first size, then, at each size, the cost of
    adding one article and of a search.

    The store grows by bulk ``add`` of a JSONL file (the chunked path ``newsloom add`` takes for
    a file of many articles) from one size to the next; at each size 40 articles are added one
    at a time and stay in the store. NEWSLOOM_BENCH_STORE_DB keeps the store at that path.
    """
    sizes = _sizes(n)
    per_size = 40
    db = Path(os.environ.get("NEWSLOOM_BENCH_STORE_DB") or tmp / "speed.db")
    t0, c0 = time.perf_counter(), time.process_time()
    with Store(str(db)) as store:  # a kept store of an older revision is migrated here
        kept = store.article_ids()[-1:]
    if kept:
        print(
            f"opened {db}: {time.perf_counter() - t0:.1f} s wall, {time.process_time() - c0:.1f} s CPU",
            flush=True,
        )
    records = fictional_articles(sizes[-1] + per_size, seed=23)
    if kept:
        # A store kept by an earlier run holds the records up to its newest article (they go
        # in in order): it is measured at its size, then grown to the sizes beyond it.
        while kept[0] not in {r["id"] for r in records}:
            records = fictional_articles(len(records) + 10_000, seed=23)
        position = next(k for k, r in enumerate(records) if r["id"] == kept[0]) + 1
        records = fictional_articles(max(sizes[-1], position) + per_size, seed=23)
        sizes = [size for size in sizes if size > position]
    else:
        position = 0
    first = sizes[0] if sizes else 0
    base = write_jsonl(tmp / "base.jsonl", records[:first])
    t_batch = c_batch = 0.0
    if not position and first <= BATCH_MAX:
        t0, c0 = time.perf_counter(), time.process_time()
        analyze([base], CONFIG)
        t_batch, c_batch = time.perf_counter() - t0, time.process_time() - c0
    with Store(str(db)) as store:
        if position:
            print(f"kept store {db}: {store.count_articles()} articles", flush=True)
            _measure(store, tmp, records, position, per_size)
            position += per_size
        for size in sizes:
            chunk = records[position:size] if position else records[:first]
            path = base if not position else write_jsonl(tmp / f"to{size}.jsonl", chunk)
            t0, c0 = time.perf_counter(), time.process_time()
            add_to_store(store, [str(path)], CONFIG, progress=_loading(len(chunk), t0))
            t_add, c_add = time.perf_counter() - t0, time.process_time() - c0
            if not position and first <= BATCH_MAX:
                print(
                    f"load {first} generated articles: analyze {first / t_batch:.1f} art/s, add "
                    f"{first / t_add:.1f} art/s; add/analyze throughput ratio: CPU {c_batch / c_add:.2f}, "
                    f"wall {t_batch / t_add:.2f} (target >= 0.5; {_load_note()})",
                    flush=True,
                )
            else:
                print(
                    f"bulk add of {len(chunk)} generated articles (store {position} -> {size}): "
                    f"{len(chunk) / c_add:.1f} art/s of CPU ({c_add:.0f} s CPU, {t_add:.0f} s wall; "
                    f"{_load_note()})",
                    flush=True,
                )
            _measure(store, tmp, records, size, per_size)
            position = size + per_size


def _measure(store: Store, tmp: Path, records: list[dict[str, str]], size: int, per_size: int) -> None:
    """At one size: how large threads are, then the cost of adding one article and of a search."""
    threads = [len(t.story_ids) for t in store.threads()]
    # ``size`` counts generated records; the store holds fewer articles (exact duplicates and
    # unreadable records are not stored): the figures below are labelled with what it holds.
    stored = store.count_articles()
    # An add builds its story's thread again (from one summary per story): say how large they get.
    print(
        f"store of {size} generated records: {stored} articles, {len(threads)} threads, the largest "
        f"of {max(threads, default=0)} stories (mean {statistics.fmean(threads or [0]):.1f})",
        flush=True,
    )
    _one_by_one(store, tmp, records[size : size + per_size], stored)
    _search(store, records, stored)


def run(shared: Path, quick: bool) -> None:
    parts = os.environ.get("NEWSLOOM_BENCH_STORE_PARTS", "realnews,ecb,speed").split(",")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if "realnews" in parts:
            _realnews(shared, tmp, quick)
        if "ecb" in parts:
            _ecb(shared, tmp, quick)
        if "speed" in parts:
            _speed(tmp, 300 if quick else int(os.environ.get("NEWSLOOM_BENCH_STORE_N", "2000")))
