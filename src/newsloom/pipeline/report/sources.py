"""What the Markdown and HTML renderers share: numbered sources, paragraphs, word-level quote diffs.

Both renderers work from the report alone: citations already carry their text, so nothing here
reads an article's text except to split its clean body into paragraphs and sentences for display.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from newsloom.model import Article, Citation, Report, Story
from newsloom.pipeline.clean.metadata import headline_from_text, title_furniture

CitationKey = tuple[str, int, int]


@dataclass
class NumberedSource:
    """One cited stretch of source text with the number its markers show."""

    number: int
    citation: Citation
    title: str | None


@dataclass
class SourceList:
    """Numbers citations in the order they are first cited; the same characters keep one number."""

    titles: dict[str, str | None] = field(default_factory=dict)
    sources: list[NumberedSource] = field(default_factory=list)
    _by_key: dict[CitationKey, NumberedSource] = field(default_factory=dict)

    def number(self, citation: Citation) -> NumberedSource:
        """The numbered source of ``citation``, adding it on first use."""
        key = (citation.article_id, citation.start, citation.end)
        found = self._by_key.get(key)
        if found is None:
            found = NumberedSource(len(self.sources) + 1, citation, self.titles.get(citation.article_id))
            self._by_key[key] = found
            self.sources.append(found)
        return found

    def numbers(self, citations: Iterable[Citation]) -> list[NumberedSource]:
        """Numbered sources of several citations, each number once, in citation order."""
        seen: set[int] = set()
        out: list[NumberedSource] = []
        for cite in citations:
            src = self.number(cite)
            if src.number not in seen:
                seen.add(src.number)
                out.append(src)
        return out


def article_titles(report: Report) -> dict[str, str | None]:
    """Article id to title, for labelling citations."""
    return {a.id: a.title for a in report.articles}


def article_name(article: Article) -> str:
    """How people call an article: "Site: Title" (the title or the site alone when it has one
    only; its id when it has neither). Reports show ids only as tooltips and links.

    >>> article_name(Article(id="a1", source="a1.txt", site="Quay Post", title="Ferry back"))
    'Quay Post: Ferry back'
    """
    if article.title and article.site:
        return f"{article.site}: {article.title}"
    return article.title or article.site or article.id


def article_index(report: Report) -> dict[str, Article]:
    """Article id to article: build it once per report and pass it to the per-story helpers."""
    return {a.id: a for a in report.articles}


def story_articles(report: Report, story: Story, index: Mapping[str, Article] | None = None) -> list[Article]:
    """The story's articles that are in the report, in the story's order (``index``: the
    report's :func:`article_index`, so that rendering many stories does not rebuild it)."""
    by_id = index if index is not None else article_index(report)
    return [by_id[aid] for aid in story.article_ids if aid in by_id]


# A headline made from a briefing sentence stops at a word boundary before this many characters.
HEADLINE_CHARS = 90


def story_headline(report: Report, story: Story, index: Mapping[str, Article] | None = None) -> str | None:
    """What names a story for a reader: its first titled article's headline (page furniture such
    as "Updated 4 minutes ago" or a photo credit is no headline), else the opening of
    its briefing (the best-supported fact), shortened at a word boundary; None when neither exists.
    """
    title = next(
        (
            a.title
            for a in story_articles(report, story, index)
            if a.title and title_furniture(a.title) is None
        ),
        None,
    )
    if title:
        return title
    if not story.briefing:
        return None
    return headline_from_text(story.briefing[0].text, HEADLINE_CHARS)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the non-blank lines of a clean text: its paragraphs."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]


def sentence_cuts(article: Article) -> list[int]:
    """The article's sentence boundaries (starts and ends of its sentence annotations), sorted."""
    return sorted(
        {pos for sent in article.annotations.get("sentences", []) for pos in (sent.start, sent.end)}
    )


def sentence_segments(
    article: Article, start: int, end: int, cuts: Sequence[int] | None = None
) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` at the article's sentence annotations (the whole range if none).

    The pieces cover the range without gaps, so rendering them in order reproduces the text.
    ``cuts``: the article's :func:`sentence_cuts`, when splitting many ranges of one article.
    """
    cuts = sentence_cuts(article) if cuts is None else cuts
    inside = cuts[bisect_right(cuts, start) : bisect_left(cuts, end)]
    return list(pairwise([start, *inside, end]))


DiffKind = Literal["same", "added", "removed"]


@dataclass(frozen=True)
class DiffPiece:
    """A run of words of a quote variant against the main wording."""

    text: str
    kind: DiffKind


def word_diff(base: str, variant: str) -> list[DiffPiece]:
    """Word-level differences of ``variant`` against ``base``: what it adds and what it drops.

    >>> [(p.kind, p.text) for p in word_diff("we will go", "we shall go")]
    [('same', 'we'), ('removed', 'will'), ('added', 'shall'), ('same', 'go')]
    """
    a, b = base.split(), variant.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    pieces: list[DiffPiece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(DiffPiece(" ".join(b[j1:j2]), "same"))
            continue
        if i2 > i1:
            pieces.append(DiffPiece(" ".join(a[i1:i2]), "removed"))
        if j2 > j1:
            pieces.append(DiffPiece(" ".join(b[j1:j2]), "added"))
    return pieces


def published_label(article: Article) -> str | None:
    """``2026-03-10 (from metadata)``, or None when the date is not known."""
    if article.published is None:
        return None
    how = {
        "metadata": "from metadata",
        "text": "from the text",
        "inferred": "inferred from the story",
        "unknown": "source unknown",
    }[article.published_source]
    return f"{article.published.isoformat()} ({how})"


def language_label(article: Article) -> str | None:
    """``de (not read: newsloom reads English only)``, ``en``, or None when not detected."""
    if article.read and article.language is None:
        return None
    language = article.language or "undetected"
    return language if article.read else f"{language} (not read: newsloom reads English only)"
