"""Run the whole pipeline on this machine: ingest, clean, read, compare, cross-check.

With ``config.workers`` above 1 (and a batch large enough to repay it), the per-article work
(cleaning, reading with the NER engine) and the per-story work (story reading, comparing,
cross-checking) run in a pool of worker processes. Both are independent per article or per
story, and results are put back in input order, so the report is the same whatever the number
of workers. Ingest, exact de-duplication and story clustering stay in this process: they see
the whole batch.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Protocol, TypeVar

from newsloom._version import __version__
from newsloom.config import AnalyzeConfig
from newsloom.errors import ConfigError, NewsloomError
from newsloom.model import Article, InputProblem, Report, Story, Thread
from newsloom.pipeline.clean import clean_article
from newsloom.pipeline.compare import (
    build_threads,
    cluster_stories_in_threads,
    compare_story,
    find_attributions,
)
from newsloom.pipeline.compare.stage import SentenceVectors, story_sentence_vectors
from newsloom.pipeline.crosscheck import crosscheck_story
from newsloom.pipeline.ingest import IngestStats, load_inputs
from newsloom.pipeline.ingest.exact import ExactDuplicateFilter
from newsloom.pipeline.read import read_articles, read_story

_READ_BATCH = 64
# Below this many articles the batch runs in this process even when workers are allowed:
# starting the pool (two spawned interpreters importing newsloom and loading spaCy) costs
# ~3.5 s. Measured on the first N articles of the end-to-end bench corpus, spaCy + lexical,
# serial against 2 workers, on the 2-core machine while another job ran: N=80 3.5 s vs 6.5 s,
# N=120 9.6 vs 8.2, N=200 11.1 vs 11.6, N=320 16.5 vs 14.8. The pool starts paying from about
# 100 articles; examples/, the seeds and small CLI runs stay in-process.
MIN_PARALLEL_ARTICLES = 100

T = TypeVar("T")


class ProgressCallback(Protocol):
    def __call__(self, stage: str, done: int, total: int | None, /) -> None: ...


def _no_progress(stage: str, done: int, total: int | None, /) -> None:
    return None


def resolve_workers(config: AnalyzeConfig) -> int:
    """The number of worker processes for ``config.workers`` (0 = one per usable CPU, at most 2)."""
    if config.workers > 0:
        return config.workers
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(2, cpus))


def _one_thread_per_worker() -> None:
    """Worker initializer: one BLAS/OpenMP thread per worker process.

    The workers already use every core between them; a numerical library starting its own
    threads in each of them only makes them compete (end-to-end bench, spaCy + lexical, 2
    workers: 73.3 s with the libraries' default threads, 67.4 s with one).
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def _pool(workers: int) -> ProcessPoolExecutor:
    # "spawn": a forked child would inherit torch's and OpenMP's thread state if the parent had
    # loaded the embedding model, which can deadlock; a spawned one starts clean everywhere.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_one_thread_per_worker,
    )


def _clean_batch(items: Sequence[Article]) -> list[Article | InputProblem]:
    """Clean articles; one that cannot be cleaned becomes an ``InputProblem`` (worker task)."""
    out: list[Article | InputProblem] = []
    for item in items:
        try:
            out.append(clean_article(item))
        except NewsloomError as exc:
            out.append(InputProblem(path=item.source, kind="malformed", message=str(exc)))
    return out


def _clean_and_read_batch(items: Sequence[Article], config: AnalyzeConfig) -> list[Article | InputProblem]:
    """Clean articles, then read the cleaned ones (NER in one ``nlp.pipe`` batch) and find the
    attributions their text makes; one that cannot be cleaned becomes an ``InputProblem``
    (worker task). One task for both steps: the articles cross the process boundary once each
    way, and no worker waits at a barrier between cleaning and reading."""
    cleaned = _clean_batch(items)
    ok = [c for c in cleaned if isinstance(c, Article)]
    read = iter([find_attributions(a) for a in read_articles(ok, config)] if ok else [])
    return [next(read) if isinstance(c, Article) else c for c in cleaned]


def _analyse_story(
    story: Story, members: Sequence[Article], config: AnalyzeConfig, vectors: SentenceVectors | None
) -> tuple[Story, list[Article]]:
    """The story-level stages in data-flow order (worker task)."""
    story, updated = read_story(story, members, config)
    story = compare_story(story, updated, config, vectors)
    story = crosscheck_story(story, updated, config)
    return story, updated


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _map_batches(
    pool: Executor | None,
    fn: Callable[..., list[T]],
    batches: list[Sequence[Article]],
    *args: object,
) -> Iterable[list[T]]:
    """``fn(batch, *args)`` for each batch, in order: in the pool when there is one."""
    if pool is None:
        return (fn(b, *args) for b in batches)
    return pool.map(fn, batches, *([a] * len(batches) for a in args))


def _read_and_clean(
    paths: Iterable[str | Path], config: AnalyzeConfig, progress: ProgressCallback, pool: _LazyPool
) -> tuple[list[Article], list[InputProblem], ExactDuplicateFilter, IngestStats]:
    """Ingest, clean and read every input; the exact-duplicate filter then keeps first copies.

    The filter runs after reading so that cleaning and reading form one task per batch; reading
    the rare exact duplicate is cheaper than a second round trip through the workers. The
    filter only looks at the cleaned text, which reading does not change.
    """
    ingest_stats = IngestStats()
    items = list(load_inputs(paths, config.ingest, stats=ingest_stats))
    progress("read", len(items), len(items))
    loaded = [item for item in items if isinstance(item, Article)]
    done: list[Article | InputProblem] = []
    # Batches let the NER engine stream (nlp.pipe) while the bar still moves.
    batches = _chunks(loaded, _READ_BATCH)
    for batch in _map_batches(pool.get(len(loaded)), _clean_and_read_batch, batches, config):
        done.extend(batch)
        progress("annotate", len(done), len(loaded))
    results = iter(done)
    articles: list[Article] = []
    errors: list[InputProblem] = []
    exact = ExactDuplicateFilter()
    # Walked in input order, as when everything ran serially: errors keep their order and the
    # exact-duplicate filter keeps the first copy.
    for item in items:
        result = next(results) if isinstance(item, Article) else item
        if isinstance(result, InputProblem):
            errors.append(result)
            continue
        kept = exact.admit(result)
        if kept is not None:
            articles.append(kept)
    return articles, errors, exact, ingest_stats


def _analyse_stories(
    articles: list[Article], config: AnalyzeConfig, progress: ProgressCallback, pool: _LazyPool
) -> tuple[list[Article], list[Story], list[Thread]]:
    """Story clustering of the read articles, then the story-level stages in data-flow order,
    then the threads that group the analysed stories."""
    executor = pool.get(len(articles))
    by_id = {a.id: a for a in articles}
    clustered, thread_groups = cluster_stories_in_threads(articles, config)
    results: list[tuple[Story, list[Article]] | None] = [None] * len(clustered)
    members = [[by_id[aid] for aid in story.article_ids] for story in clustered]
    # The sentence model (when used) runs here, once over the run's distinct sentences, with
    # both cores to itself (torch's own threads); the workers then need no copy of the model,
    # and the vectors are the same whatever the number of workers.
    vectors = story_sentence_vectors(members, config)
    if executor is None:
        for i, story in enumerate(clustered):
            results[i] = _analyse_story(story, members[i], config, vectors[i])
            progress("cross-check", i + 1, len(clustered))
    else:
        # Largest stories first: they take longest, and starting them last would leave one
        # worker finishing a big story while the other sits idle.
        order = sorted(range(len(clustered)), key=lambda i: (-len(members[i]), i))
        futures = {
            executor.submit(_analyse_story, clustered[i], members[i], config, vectors[i]): i for i in order
        }
        for done, future in enumerate(as_completed(futures), 1):
            results[futures[future]] = future.result()
            progress("cross-check", done, len(clustered))
    stories: list[Story] = []
    for result in results:
        assert result is not None  # every story was analysed above
        story, updated = result
        by_id.update({a.id: a for a in updated})
        stories.append(story)
    analysed = [by_id[a.id] for a in articles]
    return analysed, stories, build_threads(stories, thread_groups, analysed)


class _LazyPool:
    """The worker pool, started the first time a batch is large enough to repay it."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def get(self, batch_size: int) -> ProcessPoolExecutor | None:
        if self._executor is None and self.workers > 1 and batch_size >= MIN_PARALLEL_ARTICLES:
            self._executor = _pool(self.workers)
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def analyze(
    paths: Iterable[str | Path],
    config: AnalyzeConfig | None = None,
    progress: ProgressCallback | None = None,
) -> Report:
    """Read, clean and cross-check the articles under ``paths`` and return the report.

    Unreadable inputs become entries of ``Report.errors``; the rest of the batch still runs.
    ``config.workers`` sets the number of worker processes; the report does not depend on it.

    >>> report = analyze(["examples/"])  # doctest: +SKIP
    >>> [a.id for a in report.articles]  # doctest: +SKIP
    """
    config = config or AnalyzeConfig()
    progress = progress or _no_progress
    pool = _LazyPool(resolve_workers(config))
    try:
        articles, errors, exact, ingest_stats = _read_and_clean(paths, config, progress, pool)
        articles, stories, threads = _analyse_stories(articles, config, progress, pool)
    except BrokenProcessPool as exc:
        raise ConfigError(
            "a worker process died. If analyze() is called from a script, call it under "
            '`if __name__ == "__main__":` (worker processes import the calling script); if '
            "memory ran out, use fewer workers. workers=1 runs everything in this process."
        ) from exc
    finally:
        pool.close()
    removals = Counter(r.reason for a in articles for r in a.removed)
    languages = Counter(a.language or "undetected" for a in articles)
    left_out: Counter[str] = Counter()
    for story in stories:
        left_out.update(story.claims_left_out or {})
    stats = {
        "articles_read": len(articles) + len(exact.duplicates),
        "articles_analyzed": len(articles),
        "exact_duplicates": len(exact.duplicates),
        "errors": len(errors),
        "removals_by_reason": dict(sorted(removals.items())),
        "languages": dict(sorted(languages.items())),
        "articles_not_read": sum(1 for a in articles if not a.read),
        "claims_left_out_by_reason": dict(sorted(left_out.items())),
        "inputs_skipped": dict(sorted(ingest_stats.skipped.items())),
    }
    return Report(
        newsloom_version=__version__,
        articles=articles,
        stories=stories,
        threads=threads,
        errors=errors,
        exact_duplicates=exact.duplicates,
        stats=stats,
    )
