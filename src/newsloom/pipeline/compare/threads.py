"""Threads: the event stories of one running news story, in date order.

Story clustering (:func:`~newsloom.pipeline.compare.cluster.cluster_stories_in_threads`) decides
which stories belong together; this module builds the report's :class:`~newsloom.model.Thread`
once the stories have been read and cross-checked: their order in time, a title, and the union of
their timelines. Stories of one thread are never cross-checked against each other: a toll that
rises or a later statement is an update, shown in date order on the thread's timeline, never a
conflict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from newsloom.model import Article, Story, Thread, TimelineEntry
from newsloom.pipeline.clean.metadata import headline_from_text

# A title made from an article's opening stops at a word boundary before this many characters
# (the report's story headlines use the same length).
TITLE_CHARS = 90


# What :func:`build_threads` reads of an analysed story and of its articles. A runner holds a
# story until the last story of its thread is done; holding these parts only, not the analysed
# story and articles, kept the local engine's memory from growing with the corpus (8.9 GB at
# 100,000 generated articles, whose threads finish late).
THREAD_STORY_FIELDS = frozenset({"id", "article_ids", "reference_date", "timeline"})
THREAD_ARTICLE_FIELDS = frozenset({"id", "source", "title", "published", "text"})


def thread_parts(story: Story, articles: Iterable[Article]) -> tuple[Story, list[Article]]:
    """The parts of an analysed story and its articles that :func:`build_threads` reads
    (:data:`THREAD_STORY_FIELDS`, :data:`THREAD_ARTICLE_FIELDS`); it builds the same threads
    from them."""
    slim_story = Story.model_construct(**{f: getattr(story, f) for f in THREAD_STORY_FIELDS})
    slim = [Article.model_construct(**{f: getattr(a, f) for f in THREAD_ARTICLE_FIELDS}) for a in articles]
    return slim_story, slim


def thread_id(article_ids: Iterable[str]) -> str:
    """A stable id from the ids of the thread's articles, as story ids are made."""
    key = "\n".join(sorted(article_ids)).encode("utf-8")
    return "thread-" + hashlib.blake2b(key, digest_size=5).hexdigest()


def story_date(story: Story, articles: Mapping[str, Article]) -> date | None:
    """When a story's event happened, as well as the analysis knows it: its reference date, else
    the earliest day on its timeline, else the earliest publication date of its articles."""
    if story.reference_date is not None:
        return story.reference_date
    days = [e.date for e in story.timeline or [] if e.precision == "day"]
    if days:
        return min(days)
    published = [a.published for aid in story.article_ids if (a := articles.get(aid)) and a.published]
    return min(published) if published else None


def _title(story: Story, articles: Mapping[str, Article]) -> str:
    """The first headline among the story's articles, else the opening of its first article."""
    members = [articles[aid] for aid in story.article_ids if aid in articles]
    title = next((a.title for a in members if a.title), None)
    if title:
        return " ".join(title.split())
    text = next((a.text for a in members if a.text.strip()), "")
    return headline_from_text(text, TITLE_CHARS) or story.id


def _merged_timeline(stories: Sequence[Story]) -> list[TimelineEntry] | None:
    """The stories' timeline entries in date order; one entry that two stories both give (same
    date, precision and words) is kept once with the citations of both."""
    if all(st.timeline is None for st in stories):
        return None
    merged: dict[tuple[date, str, str], TimelineEntry] = {}
    for st in stories:
        for entry in st.timeline or []:
            key = (entry.date, entry.precision, entry.text)
            if key in merged:
                seen = merged[key]
                extra = [c for c in entry.citations if c not in seen.citations]
                merged[key] = seen.model_copy(update={"citations": [*seen.citations, *extra]})
            else:
                merged[key] = entry
    # sorted() is stable: entries of one date keep the order of their stories.
    return sorted(merged.values(), key=lambda e: e.date)


def build_threads(
    stories: Sequence[Story], groups: Sequence[Sequence[str]], articles: Iterable[Article]
) -> list[Thread]:
    """The report's threads: one per group of story ids, its stories in date order.

    Stories without a known date keep their place after the dated ones, in input order. The
    title is the headline of the thread's earliest story. Threads are listed in the order of
    their first story in ``stories``.

    >>> from newsloom.model import Story
    >>> s = Story(id="story-1", article_ids=["a"])
    >>> [t.story_ids for t in build_threads([s], [["story-1"]], [])]
    [['story-1']]
    """
    by_story = {st.id: st for st in stories}
    by_article = {a.id: a for a in articles}
    position = {st.id: k for k, st in enumerate(stories)}
    threads = []
    for group in sorted(groups, key=lambda g: min(position[sid] for sid in g)):
        members = [by_story[sid] for sid in group]
        dated = {st.id: story_date(st, by_article) for st in members}
        members.sort(key=lambda st: (dated[st.id] is None, dated[st.id] or date.min, position[st.id]))
        threads.append(
            Thread(
                id=thread_id(aid for st in members for aid in st.article_ids),
                story_ids=[st.id for st in members],
                title=_title(members[0], by_article),
                timeline=_merged_timeline(members),
            )
        )
    return threads
