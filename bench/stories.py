"""Story clustering on ECB+ topics 1-35 against a TF-IDF average-link baseline, same run.

Only ``id`` and ``text`` of each article are read (never topic, subtopic, sources or the id's
suffix). Scores come from the benchmark's own ``score.py`` (B-cubed F1 and ARI vs events). Each
method runs twice: on the raw text, and on the articles as ``analyze`` clusters them (ingested,
cleaned and read), which is the figure users get and the one the thresholds were tuned on.
Also: online mode (StoryIndex) on ECB+ in file order, and the time to add one article to a
store of 100,000 generated articles (10,000 with --quick).
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import time
from pathlib import Path

import numpy as np

from newsloom.model import Article
from newsloom.pipeline.compare.cluster import (
    CLUSTER_DISTANCE,
    SPLIT_NCUT,
    StoryIndex,
    cluster_vectors,
    stories_from_index,
)


def _score(shared: Path, labels: dict[str, object], tmp: Path, gold: Path | None = None) -> dict[str, float]:
    spec = importlib.util.spec_from_file_location("ecb_score", shared / "bench" / "stories" / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    pred = tmp / "pred.jsonl"
    pred.write_text("".join(json.dumps({"id": k, "cluster": v}) + "\n" for k, v in labels.items()), "utf-8")
    gold = gold or shared / "bench" / "stories" / "articles.jsonl"
    res = mod.evaluate(str(pred), str(gold))["subtopic"]
    return {"f1": res["bcubed_f1"], "ari": res["ari"]}


def _cross_validated(shared: Path, rows: list[dict[str, str]], read: list[Article], tmp: Path) -> None:
    """How the tuned thresholds should hold up on unseen topics: 5-fold cross-validation.

    The topics are dealt into five folds; on each, both thresholds are chosen by the same grid on
    the other four folds' articles and the held-out articles are clustered with them. The topic
    labels are used here only to form the folds and to score, never by the clustering.
    """
    import random

    topic = {r["id"]: r["topic"] for r in rows}
    by_id = {r["id"]: r for r in rows}

    def f1(arts: list[Article], labels: list[object]) -> float:
        gold = tmp / "gold-subset.jsonl"
        gold.write_text("".join(json.dumps(by_id[a.id]) + "\n" for a in arts), "utf-8")
        return _score(shared, {a.id: lab for a, lab in zip(arts, labels, strict=True)}, tmp, gold)["f1"]

    grid = [(d, t) for d in (0.88, 0.9, 0.92, 0.95) for t in (0.6, 0.65, 0.7, 0.75, 0.8)]
    topics = sorted(set(topic.values()))
    random.Random(0).shuffle(topics)
    held_arts: list[Article] = []
    held_labels: list[object] = []
    chosen = []
    for k in range(5):
        held = set(topics[k::5])
        train = [a for a in read if topic[a.id] not in held]
        test = [a for a in read if topic[a.id] in held]
        d, t = max(grid, key=lambda p: f1(train, list(cluster_vectors(train, p[0], p[1])[0])))
        chosen.append((d, t))
        held_arts += test
        held_labels += [f"{k}-{lab}" for lab in cluster_vectors(test, d, t)[0]]
    print(
        f"{'5-fold CV over topics, cleaned+read (held-out)':58} {f1(held_arts, held_labels):7.3f}"
        f"  thresholds chosen per fold: {chosen}"
    )


def _baseline(texts: list[str], distance: float) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    mat = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    dist = 1.0 - (mat @ mat.T).toarray()
    np.fill_diagonal(dist, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=distance
    )
    return [int(x) for x in model.fit_predict(np.clip(dist, 0, 2))]


def _synthetic(n: int, seed: int = 3) -> list[Article]:
    rng = np.random.default_rng(seed)
    vocab = [f"term{i}" for i in range(30_000)]
    names = [f"Name{i}" for i in range(20_000)]
    out = []
    for i in range(n):
        event = int(rng.integers(0, n // 5 + 1))
        erng = np.random.default_rng(event)
        core = [vocab[int(z) % 30_000] for z in erng.zipf(1.3, size=40)] + [
            names[int(erng.integers(0, 20_000))]
        ] * 3
        extra = [vocab[int(z) % 30_000] for z in rng.zipf(1.3, size=120)]
        out.append(Article(id=f"s{i}", source="-", text=" ".join(core + extra)))
    return out


def _through_pipeline(rows: list[dict[str, str]], tmp: Path) -> list[Article]:
    """The articles as ``newsloom analyze`` clusters them: ingested from JSONL, cleaned, read.

    Cleaning moves datelines into ``published`` and titles into ``title``, and reading adds
    entity names and resolved dates, so this is the score users get; the raw-text rows above it
    show what the text alone gives.
    """
    from newsloom.config import AnalyzeConfig
    from newsloom.pipeline.clean import clean_article
    from newsloom.pipeline.ingest import load_inputs
    from newsloom.pipeline.read import read_articles

    src = tmp / "ecb.jsonl"
    src.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows), "utf-8")
    config = AnalyzeConfig()
    loaded = [a for a in load_inputs([src], config.ingest) if isinstance(a, Article)]
    return read_articles([clean_article(a) for a in loaded], config)


def run(shared: Path, quick: bool) -> None:
    rows = [
        json.loads(x)
        for x in (shared / "bench" / "stories" / "articles.jsonl").read_text("utf-8").splitlines()
    ]
    arts = [Article(id=r["id"], source="ecb", text=r["text"]) for r in rows]
    tmp = Path(__import__("tempfile").mkdtemp())
    read = _through_pipeline(rows, tmp)
    print(f"{'ECB+ topics 1-35 (772 articles)':58} {'B3-F1':>7} {'ARI':>7}")
    # (first-pass distance, split threshold); None: the first pass alone, no event split.
    grid: list[tuple[float, float | None]] = [(CLUSTER_DISTANCE, SPLIT_NCUT)]
    if not quick:
        grid = [(0.8, None), *((d, SPLIT_NCUT) for d in (0.88, 0.9, 0.92, 0.95))]
        grid += [(CLUSTER_DISTANCE, t) for t in (0.6, 0.65, 0.75, 0.8)]
    for name, corpus in (("raw text", arts), ("cleaned+read", read)):
        ids = [a.id for a in corpus]
        texts = [f"{a.title or ''}\n{a.text}" for a in corpus]
        base = max(
            (
                (_score(shared, dict(zip(ids, _baseline(texts, d), strict=True)), tmp), d)
                for d in (0.7, 0.8, 0.85, 0.9, 0.95)
            ),
            key=lambda x: x[0]["f1"],
        )
        label = f"baseline TF-IDF avg-link, {name} (best d={base[1]})"
        print(f"{label:58} {base[0]['f1']:7.3f} {base[0]['ari']:7.3f}")
        for d, split in grid:
            t0 = time.perf_counter()
            labels, _ = cluster_vectors(corpus, distance=d, split=split)
            took = time.perf_counter() - t0
            s = _score(shared, dict(zip(ids, labels, strict=True)), tmp)
            how = f"d={d}, split<{split}" if split is not None else f"d={d}, one pass"
            chosen = " (chosen)" if (d, split) == (CLUSTER_DISTANCE, SPLIT_NCUT) else ""
            label = f"newsloom batch, {name}, {how}{chosen}"
            print(f"{label:58} {s['f1']:7.3f} {s['ari']:7.3f}  {took:.1f} s")
    if not quick:
        _cross_validated(shared, rows, read, tmp)
    index = StoryIndex()
    for a in read:
        index.add(a)
    s = _score(shared, {a.id: index.story_of(a.id) for a in read}, tmp)
    print(f"{'newsloom online, cleaned+read (file order)':58} {s['f1']:7.3f} {s['ari']:7.3f}")
    # what `analyze` gives past MAX_BATCH_MATRIX articles: the online stories split by batch
    # clustering's passes (stories_from_index), every article counted before any is placed, as
    # the runner does
    index = StoryIndex()
    for a in read:
        index.count(a)
    for a in read:
        index.add(a)
    by_id = {a.id: a for a in read}
    stories, _ = stories_from_index(index, [a.id for a in read], by_id.__getitem__)
    s = _score(shared, {aid: st.id for st in stories for aid in st.article_ids}, tmp)
    print(f"{'newsloom online + split pass (the runner past 5,000)':58} {s['f1']:7.3f} {s['ari']:7.3f}")
    n = 10_000 if quick else 100_000
    store = StoryIndex()
    t0 = time.perf_counter()
    for a in _synthetic(n):
        store.add(a)
    build = time.perf_counter() - t0
    probes = _synthetic(200, seed=99)
    times = []
    for a in probes:
        t = time.perf_counter()
        store.add(a.model_copy(update={"id": "new-" + a.id}))
        times.append((time.perf_counter() - t) * 1000)
    print(
        f"online add to a store of {n:,}: median {statistics.median(times):.2f} ms, "
        f"p95 {sorted(times)[int(0.95 * len(times))]:.2f} ms (target < 50 ms; store built in {build:.0f} s)"
    )
