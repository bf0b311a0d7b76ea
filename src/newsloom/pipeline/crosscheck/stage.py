"""INTERIM placeholder, replaced by the cross-checking stage (issue 5)."""

from __future__ import annotations

from collections.abc import Sequence

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story


def crosscheck_story(story: Story, articles: Sequence[Article], config: AnalyzeConfig) -> Story:
    """Fill the story's claims, discrepancies and briefing."""
    return story
