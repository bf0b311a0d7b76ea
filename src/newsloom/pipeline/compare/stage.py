"""The comparing stage's entry points, called by the runners in data-flow order.

- :func:`find_attributions` (per article): the news outlets an article's text credits.
- :func:`cluster_stories` (batch): articles grouped into event stories;
  :func:`cluster_stories_in_threads` also groups the stories into threads, which
  :func:`build_threads` turns into the report's threads once the stories are analysed.
- :func:`compare_story` (per story): derivation links and origin groups.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story
from newsloom.pipeline.compare.attribution import find_attributions
from newsloom.pipeline.compare.cluster import cluster_stories, cluster_stories_in_threads
from newsloom.pipeline.compare.derivation import aligned_sentences, derive
from newsloom.pipeline.compare.embeddings import (
    PrecomputedEncoder,
    SentenceEncoder,
    encode_distinct,
    load_encoder,
    resolve_encoder,
)
from newsloom.pipeline.compare.threads import build_threads

__all__ = [
    "build_threads",
    "cluster_stories",
    "cluster_stories_in_threads",
    "compare_story",
    "find_attributions",
    "story_sentence_vectors",
]

SentenceVectors = Mapping[str, np.ndarray]


def story_sentence_vectors(
    stories: Sequence[Sequence[Article]], config: AnalyzeConfig
) -> list[SentenceVectors | None]:
    """For each story (its member articles), the model vectors of the sentences ``compare_story``
    will compare: every distinct sentence of the run encoded once, in one length-sorted pass.

    ``None`` for a story when no model is used (lexical vectors, or a story of one article).
    Passing the result to ``compare_story`` gives the same links whichever process runs it, and
    lets worker processes run without a copy of the model.
    """
    wanted = [len(members) > 1 for members in stories]
    encoder = resolve_encoder(config.embeddings) if any(wanted) else None
    if encoder is None:
        return [None] * len(stories)
    # Only the sentences derivation aligns are encoded.
    texts = [[s.text for a in members for s in aligned_sentences(a)] for members in stories]
    vectors = encode_distinct([t for ts, w in zip(texts, wanted, strict=True) if w for t in ts], encoder)
    return [{t: vectors[t] for t in ts} if w else None for ts, w in zip(texts, wanted, strict=True)]


def compare_story(
    story: Story,
    articles: Sequence[Article],
    config: AnalyzeConfig,
    vectors: SentenceVectors | None = None,
) -> Story:
    """Fill the story's derivation links and origin groups (with each article's originality).

    Uses the sentence-embedding model when ``config.embeddings`` allows and it is installed,
    the lexical fallback otherwise. A story of one article gets no links and one origin group.
    ``vectors`` (from :func:`story_sentence_vectors`) are used in place of running the model;
    a sentence missing from them is encoded by the model.
    """
    by_id = {a.id: a for a in articles}
    members = [by_id[i] for i in story.article_ids if i in by_id]
    encoder: SentenceEncoder | None = None
    if len(members) > 1 and vectors is not None:
        encoder = PrecomputedEncoder(vectors, load_encoder)
    elif len(members) > 1:
        encoder = resolve_encoder(config.embeddings)
    result = derive(members, encoder)
    return story.model_copy(
        update={
            "derivation": result.links,
            "origin_groups": result.groups,
            "origin_group_details": result.details,
        }
    )
