"""A headline that states as exact a figure its own text gives only as a floor ("with 180 aboard"
over "more than 180 people aboard"), and the headlines that agree with their text."""

from __future__ import annotations

import pytest

BODY = (
    "A ferry bound for Harlow with {} people on board sank on Tuesday off the coast of Varn, "
    "and rescuers have found two survivors, the coast guard said."
)


def headline_flags(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "headline"]


@pytest.mark.parametrize("floor", ["more than 180", "over 180", "at least 180"])
def test_a_headline_that_drops_the_floor_is_flagged(crosscheck, floor: str) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {"a": BODY.format(floor)},
        fields={"a": {"title": "Harlow ferry sinks off Varn with 180 onboard; two survivors found"}},
    )
    [d] = headline_flags(story)
    assert d.internal
    assert "'180'" in d.description and f"'{floor}" in d.description
    assert [c.article_id for c in d.citations] == ["a"]


@pytest.mark.parametrize(
    "title",
    [
        "Harlow ferry sinks off Varn with more than 180 onboard; two survivors found",  # floor kept
        "Harlow ferry sinks off Varn with over 180 onboard; two survivors found",
        "Harlow ferry sinks off Varn with about 180 onboard; two survivors found",  # an approximation
        "Harlow ferry sinks off Varn with 150 onboard; two survivors found",  # under the floor: not exact
        "Harlow ferry sinks off Varn with 180 cars onboard; two survivors found",  # another count
    ],
)
def test_headlines_that_agree_with_the_floor(crosscheck, title: str) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": BODY.format("more than 180")}, fields={"a": {"title": title}})
    assert headline_flags(story) == []


def test_a_body_that_also_gives_the_exact_figure_supports_the_headline(crosscheck) -> None:  # type: ignore[no-untyped-def]
    text = BODY.format("more than 180") + " The operator later said 180 people were on board."
    story, _ = crosscheck(
        {"a": text},
        fields={"a": {"title": "Harlow ferry sinks off Varn with 180 onboard; two survivors found"}},
    )
    assert headline_flags(story) == []


def test_a_rounded_headline_over_an_exact_figure_agrees(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {"a": BODY.format("1,812")},
        fields={"a": {"title": "Harlow ferry sinks off Varn with 1,800 onboard; two survivors found"}},
    )
    assert headline_flags(story) == []


def test_a_floor_of_another_time_is_not_the_headline_figure(crosscheck) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Harlow ferry sank off Varn on Tuesday, the coast guard said. "
        "In 2019 a ferry bound for Harlow sank off Varn with more than 180 people on board."
    )
    story, _ = crosscheck(
        {"a": text},
        fields={"a": {"title": "Harlow ferry sinks off Varn with 180 onboard; two survivors found"}},
    )
    assert headline_flags(story) == []


def test_a_headline_giving_the_minimum_of_a_length_of_time_agrees(crosscheck) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Club doctor Piet Vos on Monday said the Harlow winger Tomas Rendall had to undergo an operation "
        "and he will be out for at least six months."
    )
    story, _ = crosscheck({"a": text}, fields={"a": {"title": "Harlow winger Rendall out for six months"}})
    assert headline_flags(story) == []
