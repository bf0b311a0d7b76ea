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


ReadCrossCheck = Callable[..., Story]


@pytest.fixture(scope="session")
def read_crosscheck() -> ReadCrossCheck:
    """The story as ``analyze`` cross-checks it: articles read (rule reader), the story read,
    then cross-checked: ``read_crosscheck({"a": "..."}, published={"a": date(...)})``."""
    from newsloom.pipeline.read import read_articles, read_story

    def run(texts: dict[str, str], published: dict[str, Any] | None = None) -> Story:
        config = AnalyzeConfig(nlp="rules", embeddings="lexical")
        dated = published or {}
        articles = read_articles(
            [Article(id=k, source=f"{k}.txt", text=v, published=dated.get(k)) for k, v in texts.items()],
            config,
        )
        story, articles = read_story(Story(id="s", article_ids=list(texts)), articles, config)
        return crosscheck_story(story, articles, config)

    return run
