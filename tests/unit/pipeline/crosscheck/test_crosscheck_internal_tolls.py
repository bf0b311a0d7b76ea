"""One report giving its event two death tolls; and the tolls of one report that agree."""

from __future__ import annotations

import pytest


def tolls(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "number" and d.internal]


LEDE = (
    "The report into the Varn chemical works blast, which killed {} people on May 4, was published on Friday."
)
LATER = "On May 4, a tank at the Varn works exploded during a night shift, killing {} people, including 40 workers."


def test_two_tolls_of_one_event_in_one_report_are_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck({"a": LEDE.format(130) + "\n" + LATER.format(134)})
    [d] = tolls(story)
    assert d.severity == "error"
    assert [c.article_id for c in d.citations] == ["a", "a"]
    assert "'130'" in d.description and "'134'" in d.description


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("130", "130"),  # the same toll twice
        ("about 130", "134"),  # an approximation
        ("at least 130", "134"),  # a floor
        ("130", "40"),  # a part of the toll (another count)
    ],
)
def test_agreeing_tolls_of_one_report_are_not_flagged(read_crosscheck, one: str, other: str) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck({"a": LEDE.format(one) + "\n" + LATER.format(other)})
    assert tolls(story) == []


def test_a_toll_that_rose_is_an_update(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    text = LEDE.format(130) + "\nThe toll later rose to 134 people killed as two workers died in hospital."
    assert tolls(read_crosscheck({"a": text})) == []


def test_the_toll_of_another_event_is_not_compared(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    text = LEDE.format(130) + "\nIn 2019, a fire at a refinery in Oslo killed 134 people."
    assert tolls(read_crosscheck({"a": text})) == []


def test_the_tolls_of_two_named_places_are_not_compared(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The storm at Varn killed 130 people on Sunday.\nThe same storm at Oslo killed 134 people on Sunday."
    )
    assert tolls(read_crosscheck({"a": text})) == []


def test_tolls_far_apart_are_two_counts(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # a toll for one site against the whole toll: not the same count written twice
    text = (
        LEDE.format(130) + "\nThe blast also killed 62 people in the houses next to the works, police said."
    )
    assert tolls(read_crosscheck({"a": text})) == []


def test_two_reports_with_one_toll_each_are_left_to_the_count_detector(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck({"a": LEDE.format(130), "b": LATER.format(134)})
    assert tolls(story) == []
