"""Real multi-site news (``shared/bench/realnews``): events, threads, origins, corroboration,
discrepancies and the timeline, scored by the set's own ``score.py``, beside a TF-IDF baseline.

Only ``texts/`` is read by newsloom (ids are file stems; no feature reads them). The labels are
used here for two things only: scoring, and forming cross-validation folds by thread (a fold
holds whole threads, so a threshold is never chosen on the thread it is scored on).

Other benchmarks import :func:`analyze_texts`, :func:`score_report`, :func:`thread_folds` and
:func:`cross_validate` to tune their own settings on this set with held-out folds.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import io
import json
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

FOLDS = 4


def realnews_dir(shared: Path) -> Path:
    return shared / "bench" / "realnews"


def labels(shared: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((realnews_dir(shared) / "labels.json").read_text("utf-8"))
    return data


def thread_of(shared: Path) -> dict[str, str]:
    """Article id (file stem) -> thread, from the labels (for folds and scoring only)."""
    return {Path(a["file"]).stem: a["group"] for a in labels(shared)["articles"]}


def thread_folds(shared: Path, k: int = FOLDS) -> list[set[str]]:
    """The threads dealt into ``k`` folds (sorted, then round-robin: deterministic)."""
    threads = sorted(set(thread_of(shared).values()))
    return [set(threads[i::k]) for i in range(k)]


@functools.cache
def _scorer(shared: Path) -> Any:
    spec = importlib.util.spec_from_file_location("realnews_score", realnews_dir(shared) / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


_PATTERNS = {
    "threads_f1": r"^threads: B3 P [\d.]+ R [\d.]+ F1 ([\d.]+)",
    "events_f1": r"^stories: B3 P [\d.]+ R [\d.]+ F1 ([\d.]+)",
    "events_ari": r"^stories: .* ARI (-?[\d.]+)",
    "origin_p": r"^origin: pairs P ([\d.]+)",
    "origin_r": r"^origin: pairs P [\d.]+ R ([\d.]+)",
    "origin_f1": r"^origin: pairs P [\d.]+ R [\d.]+ F1 ([\d.]+)",
    "relation_acc": r"^relation: \d+/\d+ = ([\d.]+)",
    "false_corroboration": r"^corroboration: .* = ([\d.]+)",
    "flags_unmatched": r"^flags: \d+ raised, (\d+) match no",
    "discrepancy_recall": r"^flags: tagged discrepancies recalled \d+/\d+ = ([\d.]+)",
    "timeline_found": r"^timeline: event dates found \d+/\d+ = ([\d.]+)",
    "timeline_wrong_year": r"^timeline: .* given with a wrong year (\d+)",
}


@functools.lru_cache(maxsize=64)
def _labels_of(shared: Path, ids: frozenset[str]) -> Path:
    """The labels cut down to ``ids`` (whole threads: a fold), written once to a temporary file."""
    data = labels(shared)
    keep = [a for a in data["articles"] if Path(a["file"]).stem in ids]
    groups = {a["group"] for a in keep}
    cut = {**data, "articles": keep}
    if isinstance(data.get("groups"), dict):
        cut["groups"] = {k: v for k, v in data["groups"].items() if k in groups}
    path = Path(tempfile.mkdtemp()) / "labels.json"
    path.write_text(json.dumps(cut), "utf-8")
    return path


def score_report(
    shared: Path, report: Path | dict[str, Any], verbose: bool = False, ids: set[str] | None = None
) -> tuple[dict[str, float], str]:
    """Run the set's scorer on a report (path or dict); returns (figures, the scorer's text).

    With ``ids`` the labels are cut down to those articles, so a fold is scored on its own
    articles only (the scorer otherwise counts every labelled pair the report leaves out as missed).
    """
    extra = ["--labels", str(_labels_of(shared, frozenset(ids)))] if ids is not None else []
    if isinstance(report, dict):
        tmp = Path(tempfile.mkdtemp()) / "report.json"
        tmp.write_text(json.dumps(report), "utf-8")
        report = tmp
    mod = _scorer(shared)
    argv = sys.argv
    buf = io.StringIO()
    try:
        sys.argv = ["score.py", str(report), *(["-v"] if verbose else []), *extra]
        with contextlib.redirect_stdout(buf):
            mod.main()
    finally:
        sys.argv = argv
    text = buf.getvalue()
    figures: dict[str, float] = {}
    for key, pattern in _PATTERNS.items():
        m = re.search(pattern, text, re.M)
        if m:
            figures[key] = float(m.group(1))
    if "origin_f1" in figures and "relation_acc" in figures:
        # the one figure the origin settings are chosen on: who copied whom, and how
        figures["origin_relation"] = (figures["origin_f1"] + figures["relation_acc"]) / 2
    return figures, text


def restrict(report: dict[str, Any], ids: set[str]) -> dict[str, Any]:
    """The report cut down to the stories holding ``ids`` (for scoring one fold)."""
    stories = [s for s in report.get("stories", []) if set(s.get("article_ids", [])) & ids]
    keep = {s.get("id") for s in stories}
    threads = [t for t in report.get("threads", []) or [] if set(t.get("story_ids", [])) & keep]
    return {**report, "stories": stories, "threads": threads}


def analyze_texts(shared: Path, config: Any = None, ids: set[str] | None = None) -> dict[str, Any]:
    """``newsloom.analyze`` on the set's texts (all, or only ``ids``); the report as a dict."""
    from newsloom import analyze
    from newsloom.config import AnalyzeConfig

    texts = sorted((realnews_dir(shared) / "texts").glob("*.txt"))
    if ids is not None:
        texts = [t for t in texts if t.stem in ids]
    report = analyze(texts, config or AnalyzeConfig())
    data: dict[str, Any] = json.loads(report.model_dump_json(exclude_none=True))
    return data


def cross_validate(
    shared: Path,
    grid: Sequence[Any],
    run: Callable[[Any, set[str]], dict[str, Any]],
    metric: str,
    k: int = FOLDS,
) -> tuple[float, list[Any], dict[Any, float]]:
    """Choose a setting from ``grid`` on k-1 folds of threads and score it on the held-out fold.

    ``run(setting, article_ids)`` returns a report (dict) for those articles with that setting.
    Returns the held-out figure pooled over the folds (the mean of the per-fold figures,
    weighted by the fold's articles), the setting chosen per fold, and the in-sample figure of
    every setting on the whole set.
    """
    threads = thread_of(shared)
    folds = thread_folds(shared, k)
    in_sample = {g: score_report(shared, run(g, set(threads)))[0].get(metric, 0.0) for g in grid}
    held, weights, chosen = [], [], []
    for fold in folds:
        train = {a for a, t in threads.items() if t not in fold}
        test = {a for a, t in threads.items() if t in fold}
        best = max(grid, key=lambda g: score_report(shared, run(g, train), ids=train)[0].get(metric, 0.0))
        chosen.append(best)
        held.append(score_report(shared, run(best, test), ids=test)[0].get(metric, 0.0))
        weights.append(len(test))
    return float(np.average(held, weights=weights)), chosen, in_sample


def tfidf_baseline(shared: Path, distance: float) -> dict[str, Any]:
    """Stories from plain TF-IDF average link at a cosine distance (the issue's baseline)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    paths = sorted((realnews_dir(shared) / "texts").glob("*.txt"))
    texts = [p.read_text("utf-8", errors="replace") for p in paths]
    mat = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    dist = np.clip(1.0 - (mat @ mat.T).toarray(), 0, 2)
    np.fill_diagonal(dist, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=distance
    )
    groups: dict[int, list[str]] = {}
    for p, lab in zip(paths, model.fit_predict(dist), strict=True):
        groups.setdefault(int(lab), []).append(p.stem)
    return {"stories": [{"id": f"b{k}", "article_ids": v} for k, v in groups.items()]}


# The grid the origin settings are chosen from (derivation.OriginSettings), by thread folds.
ORIGIN_GRID: dict[str, tuple[float, ...]] = {
    "copy_containment": (0.15, 0.2, 0.25, 0.3),
    "copy_verbatim": (0.45, 0.5, 0.55, 0.6),
    "copy_run": (15, 20, 25),
    "rewrite_phrases": (0.04, 0.06, 0.08, 0.1),
    "group_share": (0.25, 0.34, 0.5),
}


def origin_cv(shared: Path, report: dict[str, Any], quick: bool = False) -> None:
    """Cross-validated choice of the origin settings (copy/rewrite thresholds, group merging).

    The stories' pairs are measured once (alignment is the costly part) from the articles of an
    analysed report, then each setting relates them; a setting is chosen on the other folds'
    threads and scored on the held-out fold. Prints held-out beside in-sample, and the setting the
    folds chose.
    """
    import itertools

    from newsloom.model import Article
    from newsloom.pipeline.compare.derivation import DEFAULT_ORIGIN, OriginSettings, measure_story, relate
    from newsloom.pipeline.compare.embeddings import resolve_encoder

    articles = {a["id"]: Article.model_validate(a) for a in report["articles"]}
    encoder = resolve_encoder("auto")
    measured = [
        (st["id"], st["article_ids"], measure_story([articles[i] for i in st["article_ids"]], encoder))
        for st in report["stories"]
    ]
    names = list(ORIGIN_GRID)
    values = [ORIGIN_GRID[k][1:4:2] if quick else ORIGIN_GRID[k] for k in names]
    grid = [OriginSettings(**dict(zip(names, combo, strict=True))) for combo in itertools.product(*values)]
    if DEFAULT_ORIGIN not in grid:
        grid.append(DEFAULT_ORIGIN)
    cache: dict[OriginSettings, dict[str, Any]] = {}

    def full(setting: OriginSettings) -> dict[str, Any]:
        if setting not in cache:
            stories = []
            for sid, ids, m in measured:
                d = relate(m, setting)
                links = [{"source": x.source, "target": x.target, "relation": x.relation} for x in d.links]
                stories.append(
                    {"id": sid, "article_ids": ids, "origin_groups": d.groups, "derivation": links}
                )
            cache[setting] = {"stories": stories}
        return cache[setting]

    def run_one(setting: OriginSettings, ids: set[str]) -> dict[str, Any]:
        return restrict(full(setting), ids)

    threads = thread_of(shared)
    in_sample = {g: score_report(shared, full(g))[0].get("origin_relation", 0.0) for g in grid}
    keys = ("origin_f1", "relation_acc", "origin_relation")
    held: dict[str, list[float]] = {k: [] for k in keys}
    weights, chosen = [], []
    for fold in thread_folds(shared):
        train = {a for a, t in threads.items() if t not in fold}
        test = {a for a, t in threads.items() if t in fold}
        best = max(
            grid,
            key=lambda g: score_report(shared, run_one(g, train), ids=train)[0].get("origin_relation", 0.0),
        )
        chosen.append(best)
        figs = score_report(shared, run_one(best, test), ids=test)[0]
        for k in keys:
            held[k].append(figs.get(k, 0.0))
        weights.append(len(test))
    shipped = score_report(shared, full(DEFAULT_ORIGIN))[0]
    print(f"\norigin settings chosen by {FOLDS} thread folds from {len(grid)} (on the mean of origin pair F1")
    print("and relation accuracy); held-out = each fold scored with the setting chosen on the others:")
    print(f"{'':34} {'origin F1':>12} {'relation':>12} {'mean':>12}")
    print(f"{'held-out folds':34} " + " ".join(f"{np.average(held[k], weights=weights):12.3f}" for k in keys))
    print(f"{'in-sample, shipped default':34} " + " ".join(f"{shipped.get(k, 0.0):12.3f}" for k in keys))
    print(f"{'in-sample, best of grid':34} {'':>12} {'':>12} {max(in_sample.values()):12.3f}")
    for i, g in enumerate(chosen):
        print(f"  fold {i + 1} chose {g}")


def run(shared: Path, quick: bool) -> None:
    rows = [("TF-IDF average link, d=0.7", tfidf_baseline(shared, 0.7))]
    rows.append(("TF-IDF average link, d=0.8", tfidf_baseline(shared, 0.8)))
    report = analyze_texts(shared)
    rows.append(("newsloom analyze", report))
    keys = list(_PATTERNS)
    print(f"{'realnews (152 articles, 12 threads, 38 events)':34} " + " ".join(f"{k[:12]:>12}" for k in keys))
    for name, rep in rows:
        figs = score_report(shared, rep)[0]
        if "origin_groups" not in str(rep.get("stories", [{}])[0]):  # a baseline: stories only
            figs = {k: v for k, v in figs.items() if k.startswith(("threads", "events"))}
        print(f"{name:34} " + " ".join(f"{figs[k]:12.3f}" if k in figs else f"{'-':>12}" for k in keys))
    print("\nscore.py on the newsloom report:")
    print(score_report(shared, report)[1].rstrip())
    print(claims_left_out(report))
    origin_cv(shared, report, quick)


def claims_left_out(report: dict[str, Any]) -> str:
    """One line: the body sentences the claim filter left out, by reason, and the claims kept."""
    counts: dict[str, int] = {}
    for story in report.get("stories", []):
        for reason, n in (story.get("claims_left_out") or {}).items():
            counts[reason] = counts.get(reason, 0) + n
    kept = sum(len(story.get("claims") or []) for story in report.get("stories", []))
    shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"claims: {kept} kept; sentences left out as not check-worthy: {shown or 'none'}"
