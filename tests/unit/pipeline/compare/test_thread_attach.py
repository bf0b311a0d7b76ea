"""A development told by one or two articles that left its running story's subject joins the
story's thread on the names that identify it (our own fictional names); what shares only a common
name, or names of two stories, stays a thread of its own, and large threads never merge."""

from __future__ import annotations

from collections import Counter

from newsloom.pipeline.compare.cluster import attach_developments


def _article(*names: str, words: tuple[str, ...] = ()) -> Counter[str]:
    return Counter([*(f"n:{n}" for n in names), *(f"w:{w}" for w in words)])


def _strike(k: int) -> Counter[str]:
    # every report of the strike names the union leader and the shipping firm
    return _article("petra lundqvist", "keldor shipping", "varnholm", words=("strike", "dock", f"x{k}"))


def _election(k: int) -> Counter[str]:
    return _article("ilse varga", "dunmore council", words=("vote", "ballot", f"y{k}"))


def _threads(extra: list[Counter[str]]) -> list[list[int]]:
    feats = [*(_strike(k) for k in range(6)), *(_election(k) for k in range(6)), *extra]
    threads = [list(range(6)), list(range(6, 12)), *([[12 + k] for k in range(len(extra))])]
    return sorted(attach_developments(feats, threads))


def test_a_lone_development_carrying_the_storys_names_joins_its_thread() -> None:
    offer = _article("keldor shipping", "petra lundqvist", words=("offer", "raise"))
    assert _threads([offer]) == [[0, 1, 2, 3, 4, 5, 12], [6, 7, 8, 9, 10, 11]]


def test_one_name_written_two_ways_is_not_two_names() -> None:
    # "Keldor" and "Keldor Shipping" are one name: too little to join the strike's thread
    page = _article("keldor shipping", "keldor", words=("shares", "market"))
    assert [12] in _threads([page])


def test_a_page_sharing_only_a_name_common_outside_the_story_stays_alone() -> None:
    # "Varnholm" is named by many pages outside the strike (the town's other news)
    town = [_article("varnholm", "petra lundqvist", words=("market", f"z{k}")) for k in range(4)]
    threads = _threads(town)
    assert [12] in threads and [0, 1, 2, 3, 4, 5] in threads


def test_a_page_naming_two_stories_joins_neither() -> None:
    both = _article("keldor shipping", "petra lundqvist", "ilse varga", "dunmore council", words=("gift",))
    assert [12] in _threads([both])


def test_large_threads_sharing_names_are_never_joined() -> None:
    feats = [_strike(k) for k in range(12)]
    threads = attach_developments(feats, [list(range(6)), list(range(6, 12))])
    assert sorted(threads) == [list(range(6)), list(range(6, 12))]


def test_attach_zero_turns_it_off() -> None:
    offer = _article("keldor shipping", "petra lundqvist", words=("offer",))
    feats = [*(_strike(k) for k in range(6)), offer]
    assert attach_developments(feats, [list(range(6)), [6]], attach=0) == [list(range(6)), [6]]
