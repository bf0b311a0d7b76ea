"""Hand-made stories for the cross-checking tests: articles written here, not taken from the seeds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story
from newsloom.pipeline.crosscheck import crosscheck_story

CrossCheck = Callable[..., tuple[Story, list[Article]]]


def make_articles(texts: dict[str, str], **fields: dict[str, Any]) -> list[Article]:
    """One Article per text; ``fields`` maps an article id to extra Article fields (title, annotations)."""
    return [
        Article(id=aid, source=f"{aid}.txt", text=text, **fields.get(aid, {})) for aid, text in texts.items()
    ]


@pytest.fixture(scope="session")
def crosscheck() -> CrossCheck:
    """Run the stage on hand-written texts: ``crosscheck({"a": "...", "b": "..."}, origin_groups=[...])``."""

    def run(
        texts: dict[str, str],
        *,
        origin_groups: list[list[str]] | None = None,
        briefing_sentences: int = 6,
        fields: dict[str, dict[str, Any]] | None = None,
        entities: list[Any] | None = None,
    ) -> tuple[Story, list[Article]]:
        articles = make_articles(texts, **(fields or {}))
        story = Story(id="s", article_ids=list(texts), origin_groups=origin_groups, entities=entities)
        out = crosscheck_story(story, articles, AnalyzeConfig(briefing_sentences=briefing_sentences))
        return out, articles

    return run
