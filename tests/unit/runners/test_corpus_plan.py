"""The pure steps of the corpus plan (no Spark needed): ids, blocking edges, story buckets."""

from __future__ import annotations

from newsloom.runners.spark import _unique_ids, _window_chain
from newsloom.runners.tables import STORY_BUCKETS, story_bucket


def test_repeated_ids_are_numbered_in_input_order_as_the_local_registry_does() -> None:
    wanted = "flood-report"
    assert _unique_ids((wanted, [(9, wanted), (2, wanted), (5, wanted)])) == [
        (2, wanted, "flood-report"),
        (5, wanted, "flood-report-2"),
        (9, wanted, "flood-report-3"),
    ]
    assert _unique_ids(("solo", [(4, "solo")])) == [(4, "solo", "solo")]


def test_a_rare_key_links_articles_a_few_days_apart_but_not_a_month_apart() -> None:
    day = 739_000  # an ordinal date
    members = [(1, day), (2, day + 3), (3, day + 40), (4, day + 44)]
    assert sorted(_window_chain(("n:ilse brandow", members), days=7)) == [(1, 2), (3, 4)]


def test_an_undated_article_joins_the_first_dated_one() -> None:
    assert sorted(_window_chain(("w:tarnwick", [(5, None), (1, 739_000), (2, None)]), days=7)) == [
        (1, 2),
        (1, 5),
    ]
    assert _window_chain(("w:tarnwick", [(5, None), (3, None)]), days=7) == [(3, 5)]


def test_story_buckets_are_stable_and_in_range() -> None:
    buckets = {story_bucket(f"story-{i:010x}") for i in range(2000)}
    assert buckets <= set(range(STORY_BUCKETS))
    assert len(buckets) > STORY_BUCKETS // 2  # spread, not all in a few partitions
    assert story_bucket("story-0123456789") == story_bucket("story-0123456789")
