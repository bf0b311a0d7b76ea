"""The pure steps of the corpus plan (no Spark needed): ids, blocking edges, cuts of large
components and their reconciliation, story buckets."""

from __future__ import annotations

from newsloom.runners.spark import _UNDATED, _cut_component, _reconcile, _unique_ids, _window_chain
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


def test_a_large_component_is_cut_into_near_equal_pieces_in_order_of_day_then_input() -> None:
    day = 739_000
    members = [(day + 2, 10), (_UNDATED, 3), (day, 7), (day, 4), (day + 1, 1)]
    pieces = dict(_cut_component((4, members), limit=2))
    # order: (day, 4), (day, 7), (day + 1, 1), (day + 2, 10), (undated, 3): 3 pieces of 2, 2, 1
    assert pieces == {4: (4, 0, True), 7: (4, 0, True), 1: (4, 1, True), 10: (4, 1, True), 3: (4, 2, True)}
    assert dict(_cut_component((4, members[:2]), limit=2)) == {10: (4, 0, False), 3: (4, 0, False)}


def test_threads_found_in_two_pieces_are_joined_and_unrelated_ones_are_left() -> None:
    flood = {"n:tarnwick": 0.7, "w:flood": 0.5, "w:evacuated": 0.5}
    flood_later = {"n:tarnwick": 0.6, "w:flood": 0.6, "w:river": 0.52}
    fair = {"n:osterby": 0.8, "w:fair": 0.6}
    rows = [(30, 1, flood_later), (10, 0, flood), (20, 0, fair), (40, 1, {"n:osterby": 0.1, "w:zoo": 0.99})]
    # the later piece's flood thread joins the first piece's; the zoo thread shares only a weak
    # name with the fair and stays apart, as does the fair
    assert sorted(_reconcile((0, rows))) == [(10, 10), (30, 10)]


def test_threads_of_one_piece_are_not_joined_to_each_other() -> None:
    same = {"n:tarnwick": 0.8, "w:flood": 0.6}
    assert _reconcile((0, [(1, 0, same), (2, 0, dict(same))])) == []
