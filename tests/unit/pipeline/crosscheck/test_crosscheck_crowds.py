"""Crowd sizes that do not overlap across the reports of one story ("several hundred people
gathered" / "dozens of supporters gathered"), and the look-alikes that agree."""

from __future__ import annotations

from datetime import date


def numbers(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "number"]


HUNDREDS = "Several hundred people gathered outside the Vestby town hall on Sunday evening, chanting."
DOZENS = "Dozens of supporters of the mayor gathered outside the town hall, waving flags."
SEVERAL_DOZEN = (
    "The mayor's allies called the vote a fraud, and several dozen people gathered outside the hall."
)


def test_crowd_sizes_that_do_not_overlap_are_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck({"a": HUNDREDS, "b": DOZENS, "c": SEVERAL_DOZEN})
    [d] = numbers(story)
    assert {c.article_id for c in d.citations} == {"a", "b", "c"}
    assert "Several hundred" in d.description and "Dozens" in d.description
    assert d.severity == "likely_error"


def test_overlapping_sizes_and_other_wording_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    hundreds = "Hundreds of protesters gathered outside the Vestby town hall, chanting."
    about = "About 300 demonstrators gathered in front of the town hall on Sunday."
    assert numbers(read_crosscheck({"a": hundreds, "b": about, "c": HUNDREDS})) == []


def test_other_days_places_and_credited_estimates_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # a later day's report: another protest, or one that grew
    days = {"a": date(2025, 3, 9), "b": date(2025, 3, 11)}
    later = read_crosscheck({"a": HUNDREDS, "b": DOZENS}, published=days)
    assert numbers(later) == []
    # two places: two gatherings
    harlow = "Another 20,000 people marched in Harlow, where youths smashed windows."
    vestby = "Earlier, a crowd of about 1,000 people demonstrated in Vestby."
    assert numbers(read_crosscheck({"a": harlow, "b": vestby})) == []
    # organisers and police count differently, by design
    credited = "Organisers said 5,000 supporters marched through Vestby, chanting."
    police = "Several hundred people marched through Vestby, chanting slogans."
    assert numbers(read_crosscheck({"a": credited, "b": police})) == []
    # one report giving two sizes: two crowds
    both = "Dozens of supporters gathered at noon; by evening several hundred people gathered outside."
    assert numbers(read_crosscheck({"a": both, "b": HUNDREDS})) == []


def test_a_toll_beside_a_protest_is_not_a_crowd(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    toll = "Three people were killed when demonstrators protesting the cuts threw stones at a bank."
    crowd = "Another 20,000 people marched through the city centre, and youths smashed windows."
    assert numbers(read_crosscheck({"a": toll, "b": crowd})) == []
