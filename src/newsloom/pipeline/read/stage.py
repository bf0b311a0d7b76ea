"""INTERIM placeholder, replaced by the reading stage (issue 3): returns its input unchanged."""

from __future__ import annotations

from collections.abc import Sequence

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story


def read_article(article: Article, config: AnalyzeConfig) -> Article:
    """Add sentence, entity, quantity, date and quote spans to ``article.annotations``."""
    return article


def read_story(
    story: Story, articles: Sequence[Article], config: AnalyzeConfig
) -> tuple[Story, list[Article]]:
    """Fill the story's entities, quantities, quotes and timeline; return updated articles too."""
    return story, list(articles)
