"""One running count started in two different months; and counts that agree or count other things."""

from __future__ import annotations

COUNT_MARCH = "Since March, 52 ferry crossings on the Vell line have been cancelled, the operator said."
COUNT_APRIL = "Nearly 55 ferry crossings on the Vell line have been cancelled since April, the operator said."


def start_flags(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "date" and "running total" in d.description]


def test_same_count_from_two_start_months_is_flagged(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": COUNT_MARCH, "b": COUNT_APRIL})
    [d] = start_flags(story)
    assert "Since March" in d.description and "since April" in d.description
    assert {c.article_id for c in d.citations} == {"a", "b"}
    assert d.severity == "likely_error"


def test_same_start_month_in_other_words_agrees(crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = "Since March 2024, about 55 ferry crossings on the Vell line have been cancelled."
    story, _ = crosscheck({"a": COUNT_MARCH, "b": other})
    assert start_flags(story) == []


def test_a_later_update_from_the_same_month_agrees(crosscheck) -> None:  # type: ignore[no-untyped-def]
    later = (
        "Since March, 58 ferry crossings on the Vell line have been cancelled, the operator said on Friday."
    )
    story, _ = crosscheck({"a": COUNT_MARCH, "b": later})
    assert start_flags(story) == []


def test_a_count_of_something_else_from_another_month_agrees(crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = "Since April, 54 bus drivers in Vell county have joined the union."
    story, _ = crosscheck({"a": COUNT_MARCH, "b": other})
    assert start_flags(story) == []


def test_a_far_larger_count_from_another_month_agrees(crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = "More than 400 ferry crossings on the Vell line have been cancelled since January."
    story, _ = crosscheck({"a": COUNT_MARCH, "b": other})
    assert start_flags(story) == []


def test_counts_from_another_year_agree(crosscheck) -> None:  # type: ignore[no-untyped-def]
    a = "Since March 2023, 52 ferry crossings on the Vell line have been cancelled."
    b = "Since April 2024, 53 ferry crossings on the Vell line have been cancelled."
    story, _ = crosscheck({"a": a, "b": b})
    assert start_flags(story) == []


def test_a_day_of_the_month_is_a_date_not_a_start_month(crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = "Since April 3, 53 ferry crossings on the Vell line have been cancelled, the operator said."
    story, _ = crosscheck({"a": COUNT_MARCH, "b": other})
    assert start_flags(story) == []
