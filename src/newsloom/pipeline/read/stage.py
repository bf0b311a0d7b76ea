"""Per-article reading: sentences, entities, quantities, dates and quotes as spans into the text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Span, Story
from newsloom.pipeline.read.dates import find_dates, reference_from_text
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


def annotate(article: Article, raw_entities: Sequence[RawEntity]) -> Article:
    """Add every per-article annotation, given the engine's entities for ``article.text``."""
    text = article.text
    sentences = sentence_spans(article)
    offsets = [(s.start, s.end) for s in sentences]
    entities = entity_spans(text, raw_entities)
    reference: date | None
    anchor: str | None
    if article.published is not None:
        reference, anchor = article.published, "published"
    else:
        reference = reference_from_text(text)
        anchor = "text" if reference else None
    dates, date_errors = find_dates(text, offsets, reference, anchor)
    quantities, quantity_errors = find_quantities(text, offsets, exclude=[(d.start, d.end) for d in dates])
    quotes = find_quotes(text, offsets, entities)
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
    """``read_article`` for many articles at once: the NER engine batches them (``nlp.pipe``)."""
    engine = engine or get_engine(config.nlp)
    raw = engine.entities([a.text for a in articles])
    return [annotate(a, r) for a, r in zip(articles, raw, strict=True)]


def read_article(article: Article, config: AnalyzeConfig) -> Article:
    """Add sentence, entity, quantity, date and quote spans to ``article.annotations``.

    Conventions are those of the ``Article`` docstring; every span points into ``article.text``.
    """
    return read_articles([article], config)[0]


def read_story(
    story: Story, articles: Sequence[Article], config: AnalyzeConfig
) -> tuple[Story, list[Article]]:
    """Fill the story's entities, quantities, quotes and timeline; return updated articles too."""
    return _read_story(story, articles, config)
