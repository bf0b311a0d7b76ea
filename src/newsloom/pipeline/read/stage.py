"""Per-article reading: sentences, entities, quantities, dates and quotes as spans into the text.

Reading's rules and NER model are English. An article the cleaner found to be in another
language (``Article.language``) is marked ``read=False`` here and gets only its sentences, which
are split on punctuation alone; its entities, figures, dates and quotes are left unread rather
than read wrongly: on a German text the number parser takes "1.500" (1,500) for 1.5, the
spaCy English model makes "Der Stadtrat" (the council) a PERSON, and an ordinal date "3. März" is
split at its dot. Sentences are split on punctuation and kept (a German ordinal's dot can still
split one). An undetected language (None: a text too short to tell) is read as English.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Span, Story
from newsloom.pipeline.clean.language import reads_language
from newsloom.pipeline.read.dates import find_dates, mark_quoted, own_reference
from newsloom.pipeline.read.entities import entity_spans
from newsloom.pipeline.read.nlp import Engine, RawEntity, get_engine
from newsloom.pipeline.read.quantities import find_ordinals, find_quantities
from newsloom.pipeline.read.quotes import find_quotes
from newsloom.pipeline.read.sentences import split_sentences
from newsloom.pipeline.read.story import read_story as _read_story


def sentence_spans(article: Article) -> list[Span]:
    """Sentences of the clean text; those inside a heading are labelled "heading"."""
    heads = [(h.start, h.end) for h in article.headings]
    out = []
    for s, e in split_sentences(article.text):
        label = "heading" if any((hs <= s and e <= he) or (s <= hs < e) for hs, he in heads) else "sentence"
        out.append(Span(start=s, end=e, label=label))
    return out


def is_readable(article: Article) -> bool:
    """Whether reading understands the article's language (English, or too short to tell)."""
    return reads_language(article.language)


def annotate(article: Article, raw_entities: Sequence[RawEntity]) -> Article:
    """Add every per-article annotation, given the engine's entities for ``article.text``.

    An article in a language reading does not understand gets its sentences only, an empty list
    for every other kind, and ``read=False``.
    """
    text = article.text
    sentences = sentence_spans(article)
    if not is_readable(article):
        annotations = dict(article.annotations)
        annotations.update(
            sentences=sentences, entities=[], quantities=[], dates=[], quotes=[], internal_errors=[]
        )
        return article.model_copy(update={"annotations": annotations, "read": False})
    offsets = [(s.start, s.end) for s in sentences]
    entities = entity_spans(text, raw_entities)
    reference: date | None
    anchor: str | None
    if article.published is not None:
        reference, anchor = article.published, "published"
    else:
        # the dateline, else the text's most frequent full date; the story may lend one later
        reference, anchor = own_reference(text)
    dates, date_errors = find_dates(text, offsets, reference, anchor)
    quantities, quantity_errors = find_quantities(text, offsets, exclude=[(d.start, d.end) for d in dates])
    quotes = find_quotes(text, offsets, entities)
    dates = mark_quoted(dates, quotes)
    annotations = dict(article.annotations)
    annotations.update(
        sentences=sentences,
        entities=entities,
        quantities=quantities,
        dates=dates,
        quotes=quotes,
        internal_errors=sorted(date_errors + quantity_errors, key=lambda s: s.start),
        ordinals=find_ordinals(text, offsets),
    )
    return article.model_copy(update={"annotations": annotations})


def read_articles(
    articles: Sequence[Article], config: AnalyzeConfig, engine: Engine | None = None
) -> list[Article]:
    """``read_article`` for many articles at once: the NER engine batches them (``nlp.pipe``).

    Only the articles reading understands go through the NER engine.
    """
    engine = engine or get_engine(config.nlp)
    readable = [a for a in articles if is_readable(a)]
    found = iter(engine.entities([a.text for a in readable]) if readable else [])
    return [annotate(a, next(found) if is_readable(a) else []) for a in articles]


def read_article(article: Article, config: AnalyzeConfig) -> Article:
    """Add sentence, entity, quantity, date and quote spans to ``article.annotations``.

    Conventions are those of the ``Article`` docstring; every span points into ``article.text``.
    """
    return read_articles([article], config)[0]


def read_story(
    story: Story, articles: Sequence[Article], config: AnalyzeConfig
) -> tuple[Story, list[Article]]:
    """Fill the story's entities, quantities, quotes and timeline; return updated articles too.

    Only the articles reading understands are read here (an unread article's text would give a
    reference date or figures read by English rules); the others come back as they were.
    """
    readable = [a for a in articles if is_readable(a)]
    story, read = _read_story(story, readable, config)
    by_id = {a.id: a for a in read}
    return story, [by_id.get(a.id, a) for a in articles]
