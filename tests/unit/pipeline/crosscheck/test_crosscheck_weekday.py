"""Weekdays that contradict their date, inside one report or across the reports of one event."""

from __future__ import annotations

from datetime import date

PUBLISHED = date(2025, 1, 21)  # a Tuesday


def dates(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "date"]


def test_the_error_is_reported_as_a_date_discrepancy(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {"a": "The harbour at Vestby reopened on Saturday (Jan. 19), the port authority said."},
        published={"a": PUBLISHED},
    )
    [d] = dates(story)
    assert d.kind == "date" and d.internal and "Sunday" in d.description


def test_a_weekday_the_other_reports_and_the_calendar_contradict(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    said = "The Vestby harbour board reopened the port to ferries on {} after the storm."
    story = read_crosscheck(
        {"a": said.format("Tuesday"), "b": said.format("Monday"), "c": said.format("Monday")},
        published={"a": PUBLISHED, "b": PUBLISHED, "c": PUBLISHED},
    )
    [d] = dates(story)
    assert {c.article_id for c in d.citations} >= {"a"}


def test_one_day_worded_two_ways_is_no_contradiction(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "The Vestby harbour board reopened the port to ferries on Monday after the storm.",
            "b": "The Vestby harbour board reopened the port to ferries Monday after the storm.",
            "c": "After the storm, the Vestby harbour board reopened the port to ferries on Jan. 20.",
        },
        published={"a": PUBLISHED, "b": PUBLISHED, "c": PUBLISHED},
    )
    assert dates(story) == []


def test_a_page_date_stamp_is_not_the_reporters_date(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "2025-03-03 The Vestby harbour board reopened the port to ferries after the storm.",
            "b": "2025-03-02 The Vestby harbour board reopened the port to ferries after the storm.",
        }
    )
    assert dates(story) == []


def test_a_report_that_adds_a_date_of_something_else_agrees(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "The Vestby harbour board reopened the port to ferries on March 3, 2025, after the storm.",
            "b": "The Vestby harbour board reopened the port to ferries on March 3, 2025, after the storm of "
            "February 20, 2025.",
        }
    )
    assert dates(story) == []


def test_two_days_for_one_event_still_disagree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "The Vestby harbour board reopened the port to ferries on March 3, 2025, after the storm.",
            "b": "The Vestby harbour board reopened the port to ferries on March 2, 2025, after the storm.",
        }
    )
    assert len(dates(story)) == 1
