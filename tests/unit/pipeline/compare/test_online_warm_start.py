"""The online story index must not glue a day's unrelated events through features that look
rare only because the index has seen few articles yet (a publication month, a ",000")."""

from __future__ import annotations

import random
from datetime import date

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.model import Article
from newsloom.pipeline.compare import cluster

SYLLABLES = ["ka", "lor", "ven", "mi", "tas", "bro", "del", "un", "sar", "pe", "quo", "rin", "gal", "os"]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize()


def _events(n_events: int, months: int = 1) -> tuple[list[Article], dict[str, int]]:
    """Fictional events of 3-6 formulaic reports each, in date order over ``months`` months."""
    rng = random.Random(7)
    articles, event_of = [], {}
    for e in range(n_events):
        town, mayor, firm = _name(rng), _name(rng), _name(rng)
        cost, weeks = rng.randint(1, 9000), rng.randint(2, 600)
        text = (
            f"The bridge in {town} reopened on Tuesday after {weeks} weeks of work by {firm} costing "
            f'{cost},000 euros. "We kept our promise," mayor {mayor} said.'
        )
        for _ in range(rng.randint(3, 6)):
            aid = f"e{e}-{len(articles)}"
            event_of[aid] = e
            articles.append(
                Article(
                    id=aid,
                    source="-",
                    title=f"{town} bridge reopens",
                    text=text,
                    published=date(2025, 3 + e * months // n_events, 1 + e % 28),
                )
            )
    return articles, event_of


def test_the_online_route_keeps_formulaic_events_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "MAX_BATCH_MATRIX", 60)
    articles, event_of = _events(120)
    stories, _ = cluster.cluster_stories_in_threads(articles, AnalyzeConfig(embeddings="lexical"))
    largest = max(len({event_of[aid] for aid in story.article_ids}) for story in stories)
    # started cold, the first story snowballed through 21 of the 120 events; a figure shared by
    # chance can still join two or three formulaic events, never a day's worth
    assert largest <= 3, f"a story gathered {largest} unrelated events"


def test_a_new_month_in_a_date_ordered_stream_does_not_look_rare(monkeypatch: pytest.MonkeyPatch) -> None:
    # the second month's events all come after the articles the index would have counted had it
    # counted only those at hand when it started: its month then weighs like a rare name (online
    # stories of 38 events here). An online story too large to split stays as the index left it,
    # so the index alone must keep events apart.
    monkeypatch.setattr(cluster, "MAX_BATCH_MATRIX", 60)
    monkeypatch.setattr(cluster, "ONLINE_SPLIT_MAX", 40)
    articles, event_of = _events(160, months=2)
    stories, _ = cluster.cluster_stories_in_threads(articles, AnalyzeConfig(embeddings="lexical"))
    largest = max(len({event_of[aid] for aid in story.article_ids}) for story in stories)
    assert largest <= 4, f"a story gathered {largest} unrelated events"
