"""INTERIM placeholder, replaced by the comparing stage (issue 4)."""

from __future__ import annotations

from collections.abc import Sequence

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story


def find_attributions(article: Article) -> Article:
    """Fill ``article.attributions`` with the sources its text credits."""
    return article


def cluster_stories(articles: Sequence[Article], config: AnalyzeConfig) -> list[Story]:
    """Group articles into event stories. Interim: all articles form one story."""
    if not articles:
        return []
    return [Story(id="story-1", article_ids=[a.id for a in articles])]


def compare_story(story: Story, articles: Sequence[Article], config: AnalyzeConfig) -> Story:
    """Fill the story's derivation links and origin groups."""
    return story
