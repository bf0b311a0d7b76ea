"""A person's one-off life event (born, married, died) dated to two days by two reports, however
differently they word it; and the look-alikes that agree."""

from __future__ import annotations

from datetime import date

DAY = date(2025, 7, 3)


def dates(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "date"]


def test_a_wedding_dated_twice_is_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "Tomas Rendall, who got married on June 28, led Harbour Town to the league title last season.",
            "b": "Tomas Rendall had married his long-time partner Ilse Marrow only days ago on June 22 in Vestby.",
        },
        published={k: DAY for k in "abc"},
    )
    [d] = dates(story)
    assert "June 28" in d.description and "June 22" in d.description
    assert {c.article_id for c in d.citations} == {"a", "b"}


def test_another_persons_event_a_vaguer_date_and_one_day_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # the brother's wedding is another event
    story = read_crosscheck(
        {
            "a": "Tomas Rendall, who got married on June 28, led Harbour Town to the league title.",
            "b": "Tomas Rendall's brother, Piet Rendall, married Ilse Marrow on June 22 in Vestby.",
        },
        published={k: DAY for k in "abc"},
    )
    assert dates(story) == []
    # a month is no disagreement with a day in it; the same day worded two ways agrees
    story = read_crosscheck(
        {
            "a": "Tomas Rendall, who got married on June 28, led Harbour Town to the league title.",
            "b": "Tomas Rendall married his long-time partner Ilse Marrow in June in Vestby.",
            "c": "On June 28, Tomas Rendall married his long-time partner Ilse Marrow.",
        },
        published={k: DAY for k in "abc"},
    )
    assert dates(story) == []


# A wedding placed relative to the story's event ("less than a week after he got married") by one
# report and dated by another: the report's own publication day is when the event was news.
CRASH = "The crash on the Vestby bypass came {} after Tomas Rendall got married, police said."
WED = "Tomas Rendall had married his long-time partner Ilse Marrow on {} in Vestby."


def test_a_relative_wedding_date_that_the_other_date_contradicts_is_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    for gap, day in [("less than a week", "June 22"), ("three days", "June 15"), ("two months", "June 20")]:
        story = read_crosscheck(
            {"a": CRASH.format(gap), "b": WED.format(day)}, published={"a": DAY, "b": DAY}
        )
        [d] = dates(story)
        assert gap in d.description and day in d.description
        assert {c.article_id for c in d.citations} == {"a", "b"}


def test_relative_wedding_dates_that_agree_are_not_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    for gap, day in [
        ("less than a week", "June 28"),
        ("less than a week", "June 27"),  # the crash may be a day or two before the report
        ("a week", "June 25"),
        ("two weeks", "June 20"),
        ("just 10 days", "June 22"),
        ("more than a week", "June 1"),
        ("weeks", "June 1"),  # no length: not read
    ]:
        story = read_crosscheck(
            {"a": CRASH.format(gap), "b": WED.format(day)}, published={"a": DAY, "b": DAY}
        )
        assert dates(story) == [], (gap, day)


def test_a_relative_date_of_another_persons_wedding_or_an_undated_report_is_not_compared(
    read_crosscheck,
) -> None:  # type: ignore[no-untyped-def]
    other = (
        "The crash on the Vestby bypass came less than a week after Piet Rendall got married, police said."
    )
    story = read_crosscheck({"a": other, "b": WED.format("June 1")}, published={"a": DAY, "b": DAY})
    assert dates(story) == []
    story = read_crosscheck({"a": CRASH.format("less than a week"), "b": WED.format("June 1")})
    assert dates(story) == []
    before = "The crash on the Vestby bypass came less than a week before Tomas Rendall got married."
    story = read_crosscheck({"a": before, "b": WED.format("June 1")}, published={"a": DAY, "b": DAY})
    assert dates(story) == []
