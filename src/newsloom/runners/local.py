"""Run the whole pipeline on this machine: ingest, clean, read, compare, cross-check.

With ``config.workers`` above 1 (and a batch large enough to repay it), the per-article work
(cleaning, reading with the NER engine) and the per-story work (story reading, comparing,
cross-checking) run in a pool of worker processes. Both are independent per article or per
story, and results are put back in input order, so the report is the same whatever the number
of workers. Ingest, exact de-duplication and story clustering stay in this process: they see
the whole batch.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Protocol

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
from newsloom.pipeline.read.nlp import RawEntity, get_engine
from newsloom.pipeline.read.stage import annotate
from newsloom.runners import budget

_READ_BATCH = 64
# Batches handed to each worker ahead of the one being collected: enough that no worker waits
# for the next, few enough that memory holds a handful of batches, not the input.
_IN_FLIGHT = 3
# With a time budget per article, a text longer than this (20 times a long news article) gets
# its own NER call, inside its own budget, instead of a place in the batch.
_ALONE_CHARS = 100_000
# Below this many articles the batch runs in this process even when workers are allowed:
# starting the pool (two spawned interpreters importing newsloom and loading spaCy) costs
# ~3.5 s. Measured on the first N articles of the end-to-end bench corpus, spaCy + lexical,
# serial against 2 workers, on the 2-core machine while another job ran: N=80 3.5 s vs 6.5 s,
# N=120 9.6 vs 8.2, N=200 11.1 vs 11.6, N=320 16.5 vs 14.8. The pool starts paying from about
# 100 articles; examples/, the seeds and small CLI runs stay in-process.
MIN_PARALLEL_ARTICLES = 100


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
    way, and no worker waits at a barrier between cleaning and reading.

    With ``config.article_timeout`` set, each article's cleaning and reading run under that
    time budget (see ``_within_budget``); one that runs out of it becomes a ``timeout`` problem.
    """
    if config.article_timeout <= 0 or not budget.enforceable():
        cleaned = _clean_batch(items)
        ok = [c for c in cleaned if isinstance(c, Article)]
        read = iter([find_attributions(a) for a in read_articles(ok, config)] if ok else [])
        return [next(read) if isinstance(c, Article) else c for c in cleaned]
    return _within_budget(items, config)


def _timed_out(item: Article, seconds: float, step: str) -> InputProblem:
    return InputProblem(
        path=item.source,
        kind="timeout",
        message=f"took more than the {seconds:g} s of CPU time allowed for one article while {step}; it was left "
        "out so the batch could go on (raise --article-timeout, or set it to 0, if it is a real article)",
    )


def _within_budget(items: Sequence[Article], config: AnalyzeConfig) -> list[Article | InputProblem]:
    """``_clean_and_read_batch`` with every article held to ``config.article_timeout`` seconds.

    An article's budget covers its cleaning and its reading (sentences, dates, figures,
    quotations, attributions). The NER engine still reads the batch at once (``nlp.pipe``),
    under one budget of the same length, far more than a batch of news articles needs; when a
    batch overruns it, each article's NER runs again on its own, inside its own budget, so only
    the runaway article is lost.
    """
    seconds = config.article_timeout
    cleaned: list[Article | InputProblem] = []
    spent: list[float] = []
    for item in items:
        started = time.process_time()
        try:
            with budget.time_budget(seconds):
                cleaned.extend(_clean_batch([item]))
        except budget.BudgetExceeded:
            cleaned.append(_timed_out(item, seconds, "cleaning"))
        spent.append(time.process_time() - started)
    ok = [(c, used) for c, used in zip(cleaned, spent, strict=True) if isinstance(c, Article)]
    engine = get_engine(config.nlp)
    # Texts of news length share one NER batch; a very long one is read alone, inside its own
    # budget, so that it cannot make the batch overrun.
    batched = [i for i, (a, _) in enumerate(ok) if len(a.text) <= _ALONE_CHARS]
    raw: dict[int, list[RawEntity]] = {}
    try:
        with budget.time_budget(seconds):
            raw = dict(zip(batched, engine.entities([ok[i][0].text for i in batched]), strict=True))
    except budget.BudgetExceeded:
        raw = {}
    read: list[Article | InputProblem] = []
    for i, (article, used) in enumerate(ok):
        try:
            with budget.time_budget(max(seconds - used, 0.001)):
                entities = raw[i] if i in raw else engine.entities([article.text])[0]
                read.append(find_attributions(annotate(article, entities)))
        except budget.BudgetExceeded:
            read.append(_timed_out(article, seconds, "reading"))
    done = iter(read)
    return [next(done) if isinstance(c, Article) else c for c in cleaned]


def _analyse_story(
    story: Story, members: Sequence[Article], config: AnalyzeConfig, vectors: SentenceVectors | None
) -> tuple[Story, list[Article]]:
    """The story-level stages in data-flow order (worker task), held to ``config.story_timeout``
    seconds of CPU time: a story that runs over it comes back with its articles only and a
    warning saying so (see ``over_budget``), and its articles as they were read."""
    if config.story_timeout <= 0 or not budget.enforceable():
        return _story_stages(story, members, config, vectors)
    try:
        with budget.time_budget(config.story_timeout):
            return _story_stages(story, members, config, vectors)
    except budget.BudgetExceeded:
        return over_budget(story, config.story_timeout), list(members)


def _story_stages(
    story: Story, members: Sequence[Article], config: AnalyzeConfig, vectors: SentenceVectors | None
) -> tuple[Story, list[Article]]:
    story, updated = read_story(story, members, config)
    story = compare_story(story, updated, config, vectors)
    story = crosscheck_story(story, updated, config)
    return story, updated


def over_budget(story: Story, seconds: float) -> Story:
    """The story as it stands when its analysis ran out of time: its id and articles, nothing
    found across them (no section is half-filled), and a warning that says so."""
    return Story(
        id=story.id,
        article_ids=story.article_ids,
        warnings=[
            f"the analysis of this story ({len(story.article_ids)} "
            f"article{'' if len(story.article_ids) == 1 else 's'}: "
            f"{', '.join(story.article_ids)}) took more than the {seconds:g} s of CPU time allowed "
            "for one story, so its entities, quotations, timeline, derivation, claims and "
            "discrepancies were left out and the batch went on (raise --story-timeout, or set it "
            "to 0, if it is a real story)"
        ],
    )


def _stream_batches(items: Iterable[Article | InputProblem]) -> Iterator[list[Article | InputProblem]]:
    """The ingest stream cut into runs of ``_READ_BATCH`` articles (with the problems between them)."""
    batch: list[Article | InputProblem] = []
    count = 0
    for item in items:
        batch.append(item)
        count += isinstance(item, Article)
        if count == _READ_BATCH:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


def _annotated_batches(
    batches: Iterable[list[Article | InputProblem]],
    executor: Executor | None,
    config: AnalyzeConfig,
    workers: int,
) -> Iterator[tuple[list[Article | InputProblem], list[Article | InputProblem]]]:
    """``(batch, its articles cleaned and read)`` for each batch, in input order.

    With a pool, at most ``_IN_FLIGHT`` batches per worker are out at a time: ingest reads ahead
    only as far as the workers can take, so memory holds the articles read so far, not the
    whole input.
    """

    def articles(batch: list[Article | InputProblem]) -> list[Article]:
        return [item for item in batch if isinstance(item, Article)]

    if executor is None:
        for batch in batches:
            yield batch, _clean_and_read_batch(articles(batch), config)
        return
    window = _IN_FLIGHT * workers
    pending: deque[tuple[list[Article | InputProblem], Future[list[Article | InputProblem]]]] = deque()
    for batch in batches:
        pending.append((batch, executor.submit(_clean_and_read_batch, articles(batch), config)))
        if len(pending) >= window:
            done, future = pending.popleft()
            yield done, future.result()
    while pending:
        done, future = pending.popleft()
        yield done, future.result()


def _read_and_clean(
    paths: Iterable[str | Path], config: AnalyzeConfig, progress: ProgressCallback, pool: _LazyPool
) -> tuple[list[Article], list[InputProblem], ExactDuplicateFilter, IngestStats]:
    """Ingest, clean and read every input; the exact-duplicate filter then keeps first copies.

    Inputs are streamed: ingest reads a batch while the workers clean and read earlier ones,
    so a JSONL file of a hundred thousand pages is never held in memory as raw pages.
    The filter runs after reading so that cleaning and reading form one task per batch; reading
    the rare exact duplicate is cheaper than a second round trip through the workers. The
    filter only looks at the cleaned text, which reading does not change.
    """
    ingest_stats = IngestStats()
    stream = load_inputs(paths, config.ingest, stats=ingest_stats)
    # Read ahead just far enough to know whether the batch is large enough to repay the pool.
    head: list[Article | InputProblem] = []
    loaded = 0
    for item in stream:
        head.append(item)
        loaded += isinstance(item, Article)
        if loaded >= MIN_PARALLEL_ARTICLES:
            break
    executor = pool.get(loaded)
    articles: list[Article] = []
    errors: list[InputProblem] = []
    exact = ExactDuplicateFilter()
    read = annotated = 0
    batches = _stream_batches(itertools.chain(head, stream))
    for batch, results in _annotated_batches(batches, executor, config, pool.workers):
        done = iter(results)
        # Walked in input order, as when everything ran serially: errors keep their order and
        # the exact-duplicate filter keeps the first copy.
        for item in batch:
            result = next(done) if isinstance(item, Article) else item
            if isinstance(result, InputProblem):
                errors.append(result)
                continue
            kept = exact.admit(result)
            if kept is not None:
                articles.append(kept)
        read += len(batch)
        annotated += len(results)
        # The number of inputs is not known until the stream ends.
        progress("read", read, None)
        progress("annotate", annotated, None)
    progress("read", read, read)
    progress("annotate", annotated, annotated)
    return articles, errors, exact, ingest_stats


def _analyse_stories(
    articles: list[Article], config: AnalyzeConfig, progress: ProgressCallback, pool: _LazyPool
) -> tuple[list[Article], list[Story], list[Thread]]:
    """Story clustering of the read articles, then the story-level stages in data-flow order,
    then the threads that group the analysed stories.

    ``articles`` is updated in place as their stories are analysed: a story's articles come
    back from a worker as new objects, and the read ones are let go as they arrive, so memory
    holds one copy of each article, not the read and the analysed one side by side.
    """
    executor = pool.get(len(articles))
    position = {a.id: k for k, a in enumerate(articles)}
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
            i = futures.pop(future)
            story, updated = results[i] = future.result()
            members[i] = []
            for a in updated:
                by_id[a.id] = articles[position[a.id]] = a
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
    # A story cut short by its time budget has no claims: `claims is None` tells it apart from a
    # story that was capped (warnings, but analysed).
    cut_short = sum(1 for s in stories if s.warnings and s.claims is None)
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
        "stories_with_warnings": sum(1 for s in stories if s.warnings),
        "stories_over_budget": cut_short,
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
