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
import pickle
import tempfile
import time
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, Any, Protocol, overload

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
from newsloom.pipeline.compare import cluster as story_clustering
from newsloom.pipeline.compare.sentences import words
from newsloom.pipeline.compare.stage import SentenceVectors, story_sentence_vectors
from newsloom.pipeline.compare.threads import thread_parts
from newsloom.pipeline.crosscheck import crosscheck_story
from newsloom.pipeline.ingest import IngestStats, load_inputs
from newsloom.pipeline.ingest.exact import ExactDuplicateFilter
from newsloom.pipeline.memo import clear_story_caches
from newsloom.pipeline.read import read_articles, read_story
from newsloom.pipeline.read.nlp import RawEntity, get_engine
from newsloom.pipeline.read.stage import annotate
from newsloom.pipeline.report.writers import item_json, report_json_chunks
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
    warning saying so (see ``over_budget``), and its articles as they were read. The story
    caches are emptied afterwards, so a long run's workers hold only the story in hand."""
    try:
        if config.story_timeout <= 0 or not budget.enforceable():
            return _story_stages(story, members, config, vectors)
        with budget.time_budget(config.story_timeout):
            return _story_stages(story, members, config, vectors)
    except budget.BudgetExceeded:
        return over_budget(story, config.story_timeout), list(members)
    finally:
        # what a worker keeps between stories must not grow with the run (see pipeline/memo.py)
        clear_story_caches()


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


class _Shelf(Protocol):
    """The batch's read articles by position in input order, from ingest to the story stages."""

    def add(self, article: Article) -> None: ...
    def get(self, position: int) -> Article: ...
    def __len__(self) -> int: ...


class _HeldArticles:
    """Articles held in memory (``analyze``, which returns them all)."""

    def __init__(self) -> None:
        self.articles: list[Article] = []

    def add(self, article: Article) -> None:
        self.articles.append(article)

    def get(self, position: int) -> Article:
        return self.articles[position]

    def __len__(self) -> int:
        return len(self.articles)


class _SpilledArticles:
    """Articles pickled to an unnamed temporary file (deleted when closed, or when the process
    dies), read back one at a time by position: memory holds two numbers per article."""

    def __init__(self, folder: Path) -> None:
        # closed by close(), in the runner's finally
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder, prefix=".newsloom-articles-")  # noqa: SIM115
        self._offsets = array("q")
        self._sizes = array("q")

    def add(self, article: Article) -> None:
        data = pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL)
        self._file.seek(0, os.SEEK_END)
        self._offsets.append(self._file.tell())
        self._sizes.append(len(data))
        self._file.write(data)

    def get(self, position: int) -> Article:
        self._file.seek(self._offsets[position])
        article = pickle.loads(self._file.read(self._sizes[position]))
        assert isinstance(article, Article)  # only articles are written above
        return article

    def __len__(self) -> int:
        return len(self._offsets)

    def close(self) -> None:
        self._file.close()


class _SpilledTexts:
    """Report items as the text they take in report.json, kept in an unnamed temporary file
    by index as they are done (in any order) and read back in index order."""

    def __init__(self, folder: Path, count: int) -> None:
        # closed by close(), in the runner's finally
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder, prefix=".newsloom-report-")  # noqa: SIM115
        self._offsets = array("q", [-1]) * count
        self._sizes = array("q", [0]) * count

    def put(self, index: int, text: str) -> None:
        data = text.encode("utf-8")
        self._file.seek(0, os.SEEK_END)
        self._offsets[index] = self._file.tell()
        self._sizes[index] = len(data)
        self._file.write(data)

    def __iter__(self) -> Iterator[str]:
        for offset, size in zip(self._offsets, self._sizes, strict=True):
            if offset < 0:
                raise RuntimeError("a report item was never written (a bug in the runner)")
            self._file.seek(offset)
            yield self._file.read(size).decode("utf-8")

    def close(self) -> None:
        self._file.close()


class _StoryMembers(Sequence[Article]):
    """A story's articles, read from the shelf when looked at (for the sentence model's pass
    over every story, which then holds the sentences' texts, not the articles)."""

    def __init__(self, shelf: _Shelf, positions: list[int]) -> None:
        self._shelf = shelf
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, i: int) -> Article: ...
    @overload
    def __getitem__(self, i: slice) -> list[Article]: ...
    def __getitem__(self, i: int | slice) -> Article | list[Article]:
        if isinstance(i, slice):
            return [self._shelf.get(k) for k in self._positions[i]]
        return self._shelf.get(self._positions[i])


# Articles whose stories' sentence vectors are computed at once (see _ChunkedVectors): about
# 20,000-30,000 sentences, some 40 MB of vectors. A cost bound, not tuned.
VECTOR_CHUNK_ARTICLES = 2000


class _ChunkedVectors:
    """The model's sentence vectors for each story (``story_sentence_vectors``), computed in
    the main process a chunk of stories at a time, in the order the stories are analysed
    (``order``): each chunk is its stories' distinct sentences, encoded in one length-sorted
    pass with both cores (torch's own threads), so the workers need no copy of the model.
    Memory holds one chunk's vectors and those of the stories in flight, not the run's.
    The chunks depend only on the stories, so the vectors are the same whatever the number of
    workers. With no model (lexical vectors) every story gets ``None`` and nothing is read.
    """

    def __init__(
        self, shelf: _Shelf, places: list[list[int]], order: list[int], config: AnalyzeConfig
    ) -> None:
        self._shelf, self._places, self._config = shelf, places, config
        self._order = order
        self._next = 0
        self._ready: dict[int, SentenceVectors | None] = {}
        self._lexical = config.embeddings == "lexical"

    def take(self, i: int) -> SentenceVectors | None:
        """Story ``i``'s vectors (each story is taken once, in ``order``)."""
        if self._lexical:
            return None
        while i not in self._ready:
            chunk: list[int] = []
            size = 0
            while self._next < len(self._order) and (not chunk or size < VECTOR_CHUNK_ARTICLES):
                j = self._order[self._next]
                chunk.append(j)
                size += len(self._places[j])
                self._next += 1
            found = story_sentence_vectors(
                [_StoryMembers(self._shelf, self._places[j]) for j in chunk], self._config
            )
            self._ready.update(zip(chunk, found, strict=True))
        return self._ready.pop(i)


class _Clustering:
    """Story clustering fed one article at a time, in input order, as articles are read.

    Up to ``MAX_BATCH_MATRIX`` articles with text, the batch route runs once reading is done
    (on articles read back from the shelf). Past that size the online route
    (:class:`StoryIndex`) runs as ``cluster_stories_in_threads`` runs it on the whole list: every
    article's features are counted as it is read, then, once reading is done, the articles are
    placed one at a time, read back from the shelf, so that they need not stay in memory.
    """

    def __init__(self, shelf: _Shelf, config: AnalyzeConfig) -> None:
        self._shelf = shelf
        self._config = config
        self.ids: list[str] = []
        self._with_text = array("q")  # shelf positions of the articles with text
        self._counts = story_clustering.StoryIndex()

    def add(self, article: Article) -> None:
        self.ids.append(article.id)
        if not self._config.cluster or not words(article.text):
            return
        self._with_text.append(len(self.ids) - 1)
        self._counts.count(article)

    @cached_property
    def positions(self) -> dict[str, int]:
        """Each article's shelf position by id (asked for once reading is done)."""
        return {aid: k for k, aid in enumerate(self.ids)}

    def stories(self) -> tuple[list[Story], list[list[str]]]:
        """The stories in the order of their first article, and the threads as lists of story ids."""
        index, self._counts = self._counts, story_clustering.StoryIndex()
        if len(self._with_text) > story_clustering.MAX_BATCH_MATRIX:
            for k in self._with_text:
                index.add(self._shelf.get(k))
            # the online stories are split as batch clustering splits (read back from the shelf)
            return story_clustering.stories_from_index(
                index, self.ids, lambda aid: self._shelf.get(self.positions[aid])
            )
        del index  # the batch route counts its own frequencies
        return cluster_stories_in_threads([self._shelf.get(k) for k in range(len(self.ids))], self._config)


class _Outcome(Protocol):
    """Where the analysed articles, stories and threads go, each by its place in the report."""

    def article(self, position: int, article: Article) -> None: ...
    def story(self, index: int, story: Story) -> None: ...
    def thread(self, index: int, thread: Thread) -> None: ...


@dataclass
class _HeldOutcome:
    """The analysed report held in memory (``analyze``); analysed articles replace the read ones."""

    shelf: _HeldArticles
    stories: list[Story | None]
    threads: list[Thread | None]

    def article(self, position: int, article: Article) -> None:
        self.shelf.articles[position] = article

    def story(self, index: int, story: Story) -> None:
        self.stories[index] = story

    def thread(self, index: int, thread: Thread) -> None:
        self.threads[index] = thread


@dataclass
class _SpilledOutcome:
    """The analysed report as report.json text, item by item, in temporary files."""

    articles: _SpilledTexts
    stories: _SpilledTexts
    threads: _SpilledTexts

    def article(self, position: int, article: Article) -> None:
        self.articles.put(position, item_json("articles", article))

    def story(self, index: int, story: Story) -> None:
        self.stories.put(index, item_json("stories", story))

    def thread(self, index: int, thread: Thread) -> None:
        self.threads.put(index, item_json("threads", thread))

    def close(self) -> None:
        for texts in (self.articles, self.stories, self.threads):
            texts.close()


@dataclass
class _Tally:
    """The report's counts, taken from each analysed article and story as it is done."""

    removals: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    not_read: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    with_warnings: int = 0
    cut_short: int = 0
    stories: int = 0
    claims: int | None = None
    discrepancies: int | None = None

    def article(self, article: Article) -> None:
        self.removals.update(r.reason for r in article.removed)
        self.languages[article.language or "undetected"] += 1
        self.not_read += not article.read

    def story(self, story: Story) -> None:
        self.stories += 1
        self.left_out.update(story.claims_left_out or {})
        self.with_warnings += bool(story.warnings)
        # A story cut short by its time budget has no claims: `claims is None` tells it apart
        # from a story that was capped (warnings, but analysed).
        self.cut_short += bool(story.warnings) and story.claims is None
        # Sections are counted only where a stage computed them: an absent section is not a zero.
        if story.claims is not None:
            self.claims = (self.claims or 0) + len(story.claims)
        if story.discrepancies is not None:
            self.discrepancies = (self.discrepancies or 0) + len(story.discrepancies)


@dataclass
class _Read:
    """What reading leaves for the story stages."""

    clustering: _Clustering
    errors: list[InputProblem]
    exact: ExactDuplicateFilter
    ingest_stats: IngestStats


def _read_and_clean(
    paths: Iterable[str | Path],
    config: AnalyzeConfig,
    progress: ProgressCallback,
    pool: _LazyPool,
    shelf: _Shelf,
) -> _Read:
    """Ingest, clean and read every input; the exact-duplicate filter then keeps first copies,
    which go onto ``shelf`` and to story clustering.

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
    clustering = _Clustering(shelf, config)
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
                shelf.add(kept)
                clustering.add(kept)
        read += len(batch)
        annotated += len(results)
        # The number of inputs is not known until the stream ends.
        progress("read", read, None)
        progress("annotate", annotated, None)
    progress("read", read, read)
    progress("annotate", annotated, annotated)
    return _Read(clustering, errors, exact, ingest_stats)


def _analyse_stories(
    shelf: _Shelf,
    clustering: _Clustering,
    config: AnalyzeConfig,
    progress: ProgressCallback,
    pool: _LazyPool,
    outcome: Callable[[int, int], _Outcome],
) -> _Tally:
    """Story clustering of the read articles, then the story-level stages in data-flow order,
    then the threads that group the analysed stories; each analysed article, story and thread
    goes to the outcome (made for the numbers of stories and threads) as it is done.

    A story's articles are taken from ``shelf`` when the story is started, and only a few
    stories per worker are out at a time; a thread is built as soon as its last story is done.
    So memory holds the stories in progress, not the batch (beside the clustering's ids).
    """
    executor = pool.get(len(shelf))
    clustered, thread_groups = clustering.stories()
    sink = outcome(len(clustered), len(thread_groups))
    tally = _Tally()
    position = clustering.positions
    places = [[position[aid] for aid in story.article_ids] for story in clustered]
    # Stories go out largest first (see below), in serial runs too: the sentence vectors are
    # computed in that order, a share of the stories at a time (_ChunkedVectors).
    order = sorted(range(len(clustered)), key=lambda i: (-len(places[i]), i))
    vectors = _ChunkedVectors(shelf, places, order, config)
    # Threads in the order of their first story (as build_threads lists them); each is built
    # from its stories and their articles once its last story is done.
    story_index = {story.id: i for i, story in enumerate(clustered)}
    groups = [sorted(story_index[sid] for sid in group) for group in thread_groups]
    thread_rank = {g: rank for rank, g in enumerate(sorted(range(len(groups)), key=lambda g: groups[g][0]))}
    group_of = {i: g for g, group in enumerate(groups) for i in group}
    waiting = [len(group) for group in groups]
    finished: dict[int, tuple[Story, list[Article]]] = {}
    written = bytearray(len(shelf))

    def done(i: int, story: Story, updated: list[Article]) -> None:
        returned = {a.id: a for a in updated}
        articles = [
            returned[aid] if aid in returned else shelf.get(k)
            for aid, k in zip(clustered[i].article_ids, places[i], strict=True)
        ]
        for k, article in zip(places[i], articles, strict=True):
            sink.article(k, article)
            tally.article(article)
            written[k] = 1
        sink.story(i, story)
        tally.story(story)
        g = group_of[i]
        finished[i] = thread_parts(story, articles)
        waiting[g] -= 1
        if waiting[g] == 0:
            parts = [finished.pop(j) for j in groups[g]]
            [thread] = build_threads(
                [st for st, _ in parts],
                [[clustered[j].id for j in groups[g]]],
                [a for _, arts in parts for a in arts],
            )
            sink.thread(thread_rank[g], thread)

    def members(i: int) -> list[Article]:
        return [shelf.get(k) for k in places[i]]

    if executor is None:
        for count, i in enumerate(order, start=1):
            done(i, *_analyse_story(clustered[i], members(i), config, vectors.take(i)))
            progress("cross-check", count, len(clustered))
    else:
        # Largest stories first: they take longest, and starting them last would leave one
        # worker finishing a big story while the other sits idle. A few stories per worker are
        # out at a time, so that their articles are read from the shelf only when needed.
        queue = iter(order)
        pending: dict[Future[tuple[Story, list[Article]]], int] = {}

        def submit_next() -> None:
            i = next(queue, None)
            if i is not None:
                pending[
                    executor.submit(_analyse_story, clustered[i], members(i), config, vectors.take(i))
                ] = i

        for _ in range(_IN_FLIGHT * pool.workers):
            submit_next()
        count = 0
        while pending:
            complete, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in complete:
                i = pending.pop(future)
                done(i, *future.result())
                count += 1
                progress("cross-check", count, len(clustered))
                submit_next()
    # Every article is in a story; one that were not would be reported as read.
    for k in range(len(shelf)):
        if not written[k]:
            article = shelf.get(k)
            sink.article(k, article)
            tally.article(article)
    return tally


def _stats(tally: _Tally, read: _Read, analysed: int) -> dict[str, Any]:
    return {
        "articles_read": analysed + len(read.exact.duplicates),
        "articles_analyzed": analysed,
        "exact_duplicates": len(read.exact.duplicates),
        "errors": len(read.errors),
        "removals_by_reason": dict(sorted(tally.removals.items())),
        "languages": dict(sorted(tally.languages.items())),
        "articles_not_read": tally.not_read,
        "claims_left_out_by_reason": dict(sorted(tally.left_out.items())),
        "inputs_skipped": dict(sorted(read.ingest_stats.skipped.items())),
        "stories_with_warnings": tally.with_warnings,
        "stories_over_budget": tally.cut_short,
    }


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


def _worker_died(exc: BrokenProcessPool) -> ConfigError:
    return ConfigError(
        "a worker process died. If analyze() is called from a script, call it under "
        '`if __name__ == "__main__":` (worker processes import the calling script); if '
        "memory ran out, use fewer workers. workers=1 runs everything in this process."
    )


def analyze(
    paths: Iterable[str | Path],
    config: AnalyzeConfig | None = None,
    progress: ProgressCallback | None = None,
) -> Report:
    """Read, clean and cross-check the articles under ``paths`` and return the report.

    Unreadable inputs become entries of ``Report.errors``; the rest of the batch still runs.
    ``config.workers`` sets the number of worker processes; the report does not depend on it.
    The whole report is held in memory; :func:`analyze_to_json` writes report.json with
    memory that does not grow with the articles.

    >>> report = analyze(["examples/"])  # doctest: +SKIP
    >>> [a.id for a in report.articles]  # doctest: +SKIP
    """
    config = config or AnalyzeConfig()
    progress = progress or _no_progress
    pool = _LazyPool(resolve_workers(config))
    shelf = _HeldArticles()
    held: list[_HeldOutcome] = []

    def outcome(stories: int, threads: int) -> _HeldOutcome:
        held.append(_HeldOutcome(shelf, [None] * stories, [None] * threads))
        return held[0]

    try:
        read = _read_and_clean(paths, config, progress, pool, shelf)
        tally = _analyse_stories(shelf, read.clustering, config, progress, pool, outcome)
    except BrokenProcessPool as exc:
        raise _worker_died(exc) from exc
    finally:
        pool.close()
    stories = [s for s in held[0].stories if s is not None]
    threads = [t for t in held[0].threads if t is not None]
    assert len(stories) == len(held[0].stories) and len(threads) == len(held[0].threads)  # all done
    return Report(
        newsloom_version=__version__,
        articles=shelf.articles,
        stories=stories,
        threads=threads,
        errors=read.errors,
        exact_duplicates=read.exact.duplicates,
        stats=_stats(tally, read, len(shelf)),
    )


@dataclass(frozen=True)
class WrittenReport:
    """What :func:`analyze_to_json` wrote, and the counts a summary shows."""

    path: Path
    stats: dict[str, Any]
    errors: list[InputProblem]
    stories: int
    claims: int | None
    discrepancies: int | None


def analyze_to_json(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    config: AnalyzeConfig | None = None,
    progress: ProgressCallback | None = None,
) -> WrittenReport:
    """``analyze`` then ``write_report(..., ["json"])``, byte for byte, with bounded memory.

    Read articles wait for their story in a temporary file, and each analysed article, story
    and thread is written as report.json text to another as soon as it is done; report.json
    is then written from them, item by item. Memory holds the stories being analysed and what
    clustering keeps (an id per article, the online index's story centroids), not the batch.
    The temporary files are unnamed files in ``out_dir``, gone when the run ends.

    >>> analyze_to_json(["big.jsonl"], "out").path  # doctest: +SKIP
    PosixPath('out/report.json')
    """
    config = config or AnalyzeConfig()
    progress = progress or _no_progress
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pool = _LazyPool(resolve_workers(config))
    shelf = _SpilledArticles(out)
    spilled: list[_SpilledOutcome] = []

    def outcome(stories: int, threads: int) -> _SpilledOutcome:
        spilled.append(
            _SpilledOutcome(
                _SpilledTexts(out, len(shelf)), _SpilledTexts(out, stories), _SpilledTexts(out, threads)
            )
        )
        return spilled[0]

    try:
        try:
            read = _read_and_clean(paths, config, progress, pool, shelf)
            tally = _analyse_stories(shelf, read.clustering, config, progress, pool, outcome)
        except BrokenProcessPool as exc:
            raise _worker_died(exc) from exc
        finally:
            pool.close()
            shelf.close()
        stats = _stats(tally, read, len(shelf))
        report = spilled[0]
        sections: dict[str, Any] = {
            "newsloom_version": __version__,
            "articles": report.articles,
            "stories": report.stories,
            "threads": report.threads,
            "errors": read.errors,
            "exact_duplicates": read.exact.duplicates,
            "stats": stats,
        }
        path = out / "report.json"
        with path.open("w", encoding="utf-8") as fh:
            fh.writelines(report_json_chunks({name: sections[name] for name in Report.model_fields}))
    finally:
        for texts in spilled:
            texts.close()
    return WrittenReport(path, stats, read.errors, tally.stories, tally.claims, tally.discrepancies)
