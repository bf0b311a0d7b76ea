"""What the cross-checking detectors look at, read once per story: body sentences, figures, dates,
quotations and claims of every article, and the origin group each article belongs to.

Only the articles reading understood take part: one in a language newsloom does not read yet
(``Article.read`` False, or a detected language other than English) gives no claims, quotes,
figures or discrepancies, since every rule here is English. It stays a member of its story.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsloom.model import Article, Citation, Story
from newsloom.pipeline.clean.language import reads_language
from newsloom.pipeline.crosscheck.checkworthy import checkworthy_sentences
from newsloom.pipeline.crosscheck.claims import AtomicClaim, split_claims
from newsloom.pipeline.crosscheck.dates import DateMention, article_dates
from newsloom.pipeline.crosscheck.groups import ClaimGraph, build_groups
from newsloom.pipeline.crosscheck.matching import MatchContext
from newsloom.pipeline.crosscheck.quantities import NumberMention, find_numbers
from newsloom.pipeline.crosscheck.quotes import QuoteMention, alias_index, find_quotes
from newsloom.pipeline.crosscheck.text import BodySentence, body_sentences
from newsloom.pipeline.read.story import MAX_QUOTES_PER_ARTICLE


@dataclass
class StoryEvidence:
    """Per-article readings of one story, and the claim graph across it."""

    story: Story
    articles: dict[str, Article]
    order: list[str]
    sentences: dict[str, list[BodySentence]]
    numbers: dict[str, list[NumberMention]]
    dates: dict[str, list[DateMention]]
    quotes: dict[str, list[QuoteMention]]
    graph: ClaimGraph
    origin_of: dict[str, int]
    aliases: dict[str, int]
    position: dict[str, int]
    left_out: Counter[str] = field(default_factory=Counter)

    @property
    def claims(self) -> list[AtomicClaim]:
        """Every atomic claim of the story."""
        return self.graph.claims

    def cite(self, article_id: str, start: int, end: int) -> Citation:
        """A citation of exact characters of one article."""
        return self.articles[article_id].cite(start, end)

    def sentence_at(self, article_id: str, offset: int) -> BodySentence | None:
        """The body sentence holding character ``offset``."""
        for s in self.sentences.get(article_id, []):
            if s.start <= offset < s.end:
                return s
        return None

    def cite_sentence_of(self, article_id: str, start: int, end: int) -> Citation:
        """The sentence around ``start``..``end`` (or the line, for text outside body sentences)."""
        s = self.sentence_at(article_id, start)
        if s is not None:
            return self.cite(article_id, min(s.start, start), max(s.end, end))
        text = self.articles[article_id].text
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        return self.cite(article_id, ls, le if le >= 0 else len(text))

    def quoted_wordings(
        self, mentions: Iterable[NumberMention]
    ) -> tuple[list[NumberMention], str, list[Citation]]:
        """The mentions in reading order (article order, then offset), how each wording is given
        ("'$4.2 billion' in Site A, Site B; ..."), and the sentences holding them, each cited once."""
        ordered = sorted(mentions, key=lambda m: (self.position[m.article_id], m.start))
        wording: dict[str, list[str]] = defaultdict(list)
        citations: dict[tuple[str, int, int], Citation] = {}
        for m in ordered:
            wording[self.articles[m.article_id].text[m.start : m.end]].append(self.label(m.article_id))
            cite = self.cite_sentence_of(m.article_id, m.start, m.end)
            citations.setdefault((cite.article_id, cite.start, cite.end), cite)
        parts = "; ".join(f"'{w}' in {', '.join(dict.fromkeys(labels))}" for w, labels in wording.items())
        return ordered, parts, list(citations.values())

    def label(self, article_id: str) -> str:
        """How a description names an article: its site or title when known, else its id."""
        art = self.articles[article_id]
        return art.site or article_id


def origin_index(story: Story, article_ids: Sequence[str]) -> dict[str, int]:
    """Each article's origin group: copies and rewrites of one origin share a number.

    Without the comparing stage's groups, every article is its own origin. Articles the groups
    do not list are their own origin too, numbered after the listed groups.
    """
    origin: dict[str, int] = {}
    for gi, members in enumerate(story.origin_groups or []):
        for aid in members:
            origin.setdefault(aid, gi)
    nxt = len(story.origin_groups or [])
    for aid in article_ids:
        if aid not in origin:
            origin[aid] = nxt
            nxt += 1
    return origin


def is_checked(article: Article) -> bool:
    """Whether cross-checking reads the article: reading read it and its language is one it reads."""
    return article.read and reads_language(article.language)


def gather(story: Story, articles: Sequence[Article]) -> StoryEvidence:
    """Read what the detectors need from every article of the story and build the claim graph.

    Articles ``is_checked`` turns away are left out of the evidence altogether.
    """
    articles = [a for a in articles if is_checked(a)]
    by_id = {a.id: a for a in articles}
    order = [a.id for a in articles]
    sentences = {a.id: body_sentences(a) for a in articles}
    numbers = {a.id: find_numbers(a) for a in articles}
    dates = {a.id: article_dates(a) for a in articles}
    # Quotations are compared pairwise across the story: an article's past the cap story
    # reading applies are left out here too (story reading's warning names the article).
    quotes = {a.id: find_quotes(a)[:MAX_QUOTES_PER_ARTICLE] for a in articles}
    claims: list[AtomicClaim] = []
    left_out: Counter[str] = Counter()
    for a in articles:
        # claims only from check-worthy statements; the other detectors still see every sentence
        worthy, dropped = checkworthy_sentences(a, sentences[a.id])
        left_out.update(dropped)
        claims.extend(split_claims(a, worthy, numbers[a.id], dates[a.id], first_key=len(claims)))
    aliases = alias_index(story)
    graph = build_groups(claims, MatchContext(quotes=quotes, aliases=aliases))
    return StoryEvidence(
        story=story,
        articles=by_id,
        order=order,
        sentences=sentences,
        numbers=numbers,
        dates=dates,
        quotes=quotes,
        graph=graph,
        origin_of=origin_index(story, order),
        aliases=aliases,
        position={aid: i for i, aid in enumerate(order)},
        left_out=left_out,
    )
