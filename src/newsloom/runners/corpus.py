"""Corpus mode: the whole analysis written as Parquet tables, run locally or on Spark.

Both engines run the same plan and the same stage functions and write the same tables
(:mod:`newsloom.runners.tables`): ingest, clean and read per article; exact duplicates set
aside; near-duplicate groups (MinHash LSH, the decisions of ``newsloom dedup``); story
clustering; comparing and cross-checking per story. The local engine is the reference: it is
``newsloom analyze`` (:func:`newsloom.runners.local.analyze`) plus the near-duplicate pass.
"""

from __future__ import annotations

import glob
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from newsloom.config import AnalyzeConfig
from newsloom.errors import ConfigError
from newsloom.model import Article, Story, Thread
from newsloom.pipeline.compare.dedup import DedupConfig, NearDuplicateFinder
from newsloom.runners.tables import (
    TableWriter,
    error_row,
    exact_duplicate_row,
    near_duplicate_row,
    story_rows,
    thread_row,
)

if TYPE_CHECKING:
    from newsloom.runners.local import _SpilledArticles

Engine = Literal["local", "spark"]
_GLOB_CHARS = set("*?[")
_MEMORY = re.compile(r"[1-9][0-9]*[kmgt]?", re.IGNORECASE)


@dataclass(frozen=True)
class CorpusConfig:
    """Settings of one ``newsloom corpus`` run, validated on construction."""

    analyze: AnalyzeConfig = field(default_factory=AnalyzeConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    engine: Engine = "local"
    # Spark master when no session is running (spark-submit provides its own): local[N] runs
    # the plan on this machine with N cores.
    master: str = "local[2]"
    # JVM heap (``spark.driver.memory``) of a Spark session newsloom starts itself; in local
    # mode the driver runs every task, so this is the heap of the whole plan. Spark's own default
    # (1g) ran out at 20,000 articles, whose story reports reach several MB each. Not applied to
    # a running session (spark-submit's, or a caller's: its JVM is already started); "" leaves
    # the setting to Spark (spark-defaults.conf, or 1g). A memory setting, not tuned.
    driver_memory: str = "2g"
    # Story clustering on Spark: a corpus of at most this many articles is clustered as one
    # block, exactly as the local engine clusters it; a larger one is cut into blocks (see
    # newsloom.runners.spark), and a block of more than this many into pieces of at most this
    # many, whose straddling threads are reconciled. 5,000 is where the local clustering itself
    # switches from the n x n matrix to the online index (cluster.MAX_BATCH_MATRIX).
    block_articles: int = 5000
    # Publication dates further apart than this do not join two articles' blocks.
    block_days: int = 7
    # Partitions of the per-article and per-story stages on Spark (0: twice the default
    # parallelism).
    partitions: int = 0
    # Local engine: the rows of this many finished stories are held before they are written
    # as one Parquet row group per table: memory against the number of row groups. A batch
    # also ends at 64 M characters of story reports (TableWriter), so that a run of very large
    # stories does not pile up. Not tuned: any value gives the same rows.
    write_stories: int = 256

    def __post_init__(self) -> None:
        if self.engine not in ("local", "spark"):
            raise ConfigError(f"engine must be local or spark, got {self.engine!r}")
        if self.block_articles < 2:
            raise ConfigError(f"block_articles must be at least 2, got {self.block_articles}")
        if self.block_days < 0:
            raise ConfigError(f"block_days must be 0 or more, got {self.block_days}")
        if self.driver_memory and not _MEMORY.fullmatch(self.driver_memory):
            raise ConfigError(
                f"driver_memory is a JVM size such as 2g or 1536m (or empty), got {self.driver_memory!r}"
            )
        if self.partitions < 0:
            raise ConfigError(f"partitions must be 0 (automatic) or positive, got {self.partitions}")
        if self.write_stories < 1:
            raise ConfigError(f"write_stories must be at least 1, got {self.write_stories}")


@dataclass
class CorpusSummary:
    """What one corpus run wrote: counts per table, and where."""

    engine: Engine
    out: Path
    counts: dict[str, int]
    stats: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"engine": self.engine, "out": str(self.out), "counts": self.counts, "stats": self.stats}


def expand_inputs(inputs: Iterable[str]) -> list[str]:
    """Inputs with globs expanded (sorted); a glob matching nothing is kept, and ingest reports it."""
    out: list[str] = []
    for given in inputs:
        if _GLOB_CHARS & set(given) and not Path(given).exists():
            matches = sorted(glob.glob(given, recursive=True))
            out.extend(matches or [given])
        else:
            out.append(given)
    return out


def corpus_local(inputs: Iterable[str], out: Path, config: CorpusConfig) -> CorpusSummary:
    """Run the corpus plan with the local runner and write the tables under ``out``.

    The stages are those of :func:`newsloom.runners.local.analyze_to_json`, streamed the same
    way: read articles wait for their story in an unnamed temporary file under ``out``, and
    each story's rows go to the tables as soon as the story is done, written every
    ``config.write_stories`` stories. Memory holds the stories in progress, one batch of rows
    and the near-duplicate signatures (about 0.6 KB per article), not the corpus's report.
    """
    from concurrent.futures.process import BrokenProcessPool

    from newsloom.runners import local

    near = NearDuplicateFinder(config.dedup)
    pool = local._LazyPool(local.resolve_workers(config.analyze))
    with TableWriter(out, batch_stories=config.write_stories) as writer:
        shelf = _ShelfFindingNearDuplicates(local._SpilledArticles(out), near)
        sink = _StoryRowsSink(writer)
        try:
            read = local._read_and_clean(
                expand_inputs(inputs), config.analyze, local._no_progress, pool, shelf
            )
            tally = local._analyse_stories(
                shelf, read.clustering, config.analyze, local._no_progress, pool, lambda _s, _t: sink
            )
        except BrokenProcessPool as exc:
            raise local._worker_died(exc) from exc
        finally:
            pool.close()
            shelf.close()
        writer.add(
            {
                "exact_duplicates": [exact_duplicate_row(d) for d in read.exact.duplicates],
                "near_duplicates": [near_duplicate_row(g) for g in near.groups()],
                "errors": [error_row(p) for p in read.errors],
            }
        )
        stats = local._stats(tally, read, len(shelf))
    return _finish(CorpusSummary("local", out, dict(writer.counts), stats))


class _ShelfFindingNearDuplicates:
    """The runner's shelf of read articles, also giving each article to the near-duplicate
    finder as it is shelved: in input order, after the exact-duplicate filter, as
    ``find_near_duplicates`` over the report's articles would see them."""

    def __init__(self, shelf: _SpilledArticles, near: NearDuplicateFinder) -> None:
        self._shelf = shelf
        self._near = near

    def add(self, article: Article) -> None:
        self._near.add(article.id, article.text)
        self._shelf.add(article)

    def get(self, position: int) -> Article:
        return self._shelf.get(position)

    def __len__(self) -> int:
        return len(self._shelf)

    def close(self) -> None:
        self._shelf.close()


class _StoryRowsSink:
    """Where the runner puts each analysed article, story and thread: a story's rows (with its
    articles', which the runner gives just before the story) go to the writer when it is done."""

    def __init__(self, writer: TableWriter) -> None:
        self._writer = writer
        self._articles: dict[str, Article] = {}

    def article(self, position: int, article: Article) -> None:
        self._articles[article.id] = article

    def story(self, index: int, story: Story) -> None:
        members = [self._articles.pop(aid) for aid in story.article_ids]
        self._writer.add(story_rows(story, members), stories=1)

    def thread(self, index: int, thread: Thread) -> None:
        self._writer.add({"threads": [thread_row(thread)]})


def _finish(summary: CorpusSummary) -> CorpusSummary:
    (summary.out / "summary.json").write_text(json.dumps(summary.to_json(), indent=2) + "\n")
    return summary


def run_corpus(inputs: Iterable[str], out: str | Path, config: CorpusConfig | None = None) -> CorpusSummary:
    """Analyse a corpus with ``config.engine`` and write its tables under ``out``.

    >>> run_corpus(["examples/"], "out/corpus")  # doctest: +SKIP
    """
    config = config or CorpusConfig()
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise ConfigError(f"{out} is not empty; give a new or empty folder for the corpus tables")
    out.mkdir(parents=True, exist_ok=True)
    if config.engine == "spark":
        from newsloom.runners.spark import corpus_spark

        return _finish(corpus_spark(list(inputs), out, config))
    return corpus_local(list(inputs), out, config)
