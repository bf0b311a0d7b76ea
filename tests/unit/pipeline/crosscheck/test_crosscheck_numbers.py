"""Figures that disagree, and the agreeing variants that must not be flagged."""

from __future__ import annotations

import pytest


def kinds(story, kind: str) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == kind]


def test_different_figures_for_the_same_count_are_flagged(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The storm hit Harlow overnight, and 42 homes were flooded, the council said.",
            "b": "The storm struck Harlow in the night and 24 homes were flooded, officials said.",
        }
    )
    [d] = kinds(story, "number")
    assert "'42'" in d.description and "'24'" in d.description and "homes" in d.description
    assert {c.article_id for c in d.citations} == {"a", "b"}
    assert not d.internal


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("About 300 fishermen died in the storm.", "Approximately 300 fishermen died in the storm."),
        ("About 300 fishermen died in the storm.", "300 fishermen died in the storm."),
        ("Around 300 fishermen died in the storm.", "Nearly 300 fishermen died in the storm."),
        ("Thousands of fishermen were injured in the storm.", "2,700 fishermen were injured in the storm."),
        (
            "More than 40% of the fishermen were injured in the storm.",
            "45% of the fishermen were injured in the storm.",
        ),
        ("Dozens of people were treated for injuries.", "36 people were treated for injuries."),
    ],
)
def test_approximate_and_vague_figures_agree(crosscheck, one: str, other: str) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": one, "b": other})
    assert kinds(story, "number") == []


def test_a_figure_from_another_time_is_an_update(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "In December, 100 fishermen had died at sea, the ministry said.",
            "b": "By January, 300 fishermen had died at sea, the ministry said.",
        }
    )
    assert kinds(story, "number") == []


def test_different_counts_are_not_compared(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "About 300 Norlish soldiers have died in the fighting.",
            "b": "About 50 Vestrian soldiers have died in the fighting.",
            "c": "Even if the two had wished to leave, they could not.",
        }
    )
    assert kinds(story, "number") == []


def test_figures_within_one_article_are_not_a_conflict(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": "Officials first said 12 homes were flooded. Later 20 homes were flooded."})
    assert kinds(story, "number") == []
