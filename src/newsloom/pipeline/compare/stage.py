"""The comparing stage's entry points, called by the runners in data-flow order.

- :func:`find_attributions` (per article): the news outlets an article's text credits.
- :func:`cluster_stories` (batch): articles grouped into event stories.
- :func:`compare_story` (per story): derivation links and origin groups.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story
from newsloom.pipeline.compare.attribution import find_attributions
from newsloom.pipeline.compare.cluster import cluster_stories
from newsloom.pipeline.compare.derivation import derive
from newsloom.pipeline.compare.embeddings import resolve_encoder

__all__ = ["cluster_stories", "compare_story", "find_attributions"]


def compare_story(story: Story, articles: Sequence[Article], config: AnalyzeConfig) -> Story:
    """Fill the story's derivation links and origin groups (with each article's originality).

    Uses the sentence-embedding model when ``config.embeddings`` allows and it is installed,
    the lexical fallback otherwise. A story of one article gets no links and one origin group.
    """
    by_id = {a.id: a for a in articles}
    members = [by_id[i] for i in story.article_ids if i in by_id]
    encoder = resolve_encoder(config.embeddings) if len(members) > 1 else None
    result = derive(members, encoder)
    return story.model_copy(
        update={
            "derivation": result.links,
            "origin_groups": result.groups,
            "origin_group_details": result.details,
        }
    )
