"""Run the whole pipeline in this process: ingest, clean, read, compare, cross-check."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from newsloom._version import __version__
from newsloom.config import AnalyzeConfig
from newsloom.errors import NewsloomError
from newsloom.model import Article, InputProblem, Report, Story
from newsloom.pipeline.clean import clean_article
from newsloom.pipeline.compare import cluster_stories, compare_story, find_attributions
from newsloom.pipeline.crosscheck import crosscheck_story
from newsloom.pipeline.ingest import IngestStats, load_inputs
from newsloom.pipeline.ingest.exact import ExactDuplicateFilter
from newsloom.pipeline.read import read_articles, read_story

_READ_BATCH = 64


class ProgressCallback(Protocol):
    def __call__(self, stage: str, done: int, total: int | None, /) -> None: ...


def _no_progress(stage: str, done: int, total: int | None, /) -> None:
    return None


def _read_and_clean(
    paths: Iterable[str | Path], config: AnalyzeConfig, progress: ProgressCallback
) -> tuple[list[Article], list[InputProblem], ExactDuplicateFilter, IngestStats]:
    articles: list[Article] = []
    ingest_stats = IngestStats()
    errors: list[InputProblem] = []
    exact = ExactDuplicateFilter()
    done = 0
    for item in load_inputs(paths, config.ingest, stats=ingest_stats):
        done += 1
        progress("read", done, None)
        if isinstance(item, InputProblem):
            errors.append(item)
            continue
        try:
            cleaned = clean_article(item)
        except NewsloomError as exc:
            errors.append(InputProblem(path=item.source, kind="malformed", message=str(exc)))
            continue
        kept = exact.admit(cleaned)
        if kept is not None:
            articles.append(kept)
    return articles, errors, exact, ingest_stats


def _analyse_stories(
    articles: list[Article], config: AnalyzeConfig, progress: ProgressCallback
) -> tuple[list[Article], list[Story]]:
    """Per-article reading, story clustering, then the story-level stages in data-flow order."""
    total = len(articles)
    read: list[Article] = []
    # Batches let the NER engine stream (nlp.pipe) while the bar still moves.
    for i in range(0, total, _READ_BATCH):
        batch = read_articles(articles[i : i + _READ_BATCH], config)
        read.extend(find_attributions(art) for art in batch)
        progress("annotate", len(read), total)
    by_id = {a.id: a for a in read}
    stories: list[Story] = []
    clustered = cluster_stories(read, config)
    for i, story in enumerate(clustered, 1):
        members = [by_id[aid] for aid in story.article_ids]
        story, members = read_story(story, members, config)
        by_id.update({a.id: a for a in members})
        story = compare_story(story, members, config)
        story = crosscheck_story(story, members, config)
        stories.append(story)
        progress("cross-check", i, len(clustered))
    return [by_id[a.id] for a in read], stories


def analyze(
    paths: Iterable[str | Path],
    config: AnalyzeConfig | None = None,
    progress: ProgressCallback | None = None,
) -> Report:
    """Read, clean and cross-check the articles under ``paths`` and return the report.

    Unreadable inputs become entries of ``Report.errors``; the rest of the batch still runs.

    >>> report = analyze(["examples/"])  # doctest: +SKIP
    >>> [a.id for a in report.articles]  # doctest: +SKIP
    """
    config = config or AnalyzeConfig()
    progress = progress or _no_progress
    articles, errors, exact, ingest_stats = _read_and_clean(paths, config, progress)
    articles, stories = _analyse_stories(articles, config, progress)
    removals = Counter(r.reason for a in articles for r in a.removed)
    stats = {
        "articles_read": len(articles) + len(exact.duplicates),
        "articles_analyzed": len(articles),
        "exact_duplicates": len(exact.duplicates),
        "errors": len(errors),
        "removals_by_reason": dict(sorted(removals.items())),
        "inputs_skipped": dict(sorted(ingest_stats.skipped.items())),
    }
    return Report(
        newsloom_version=__version__,
        articles=articles,
        stories=stories,
        errors=errors,
        exact_duplicates=exact.duplicates,
        stats=stats,
    )
