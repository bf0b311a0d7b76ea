"""A weekday and its date written side by side, one in brackets: checked against the calendar."""

from __future__ import annotations

from datetime import date

import pytest

from newsloom.pipeline.read.dates import find_dates

PUBLISHED = date(2025, 1, 21)


def errors(text: str, published: date | None = PUBLISHED) -> list[tuple[str, str]]:
    _, errs = find_dates(text, [(0, len(text))], published, "published" if published else None)
    return [(e.attrs["stated_weekday"], e.attrs["actual_weekday"]) for e in errs]


@pytest.mark.parametrize(
    "text",
    [
        "The harbour at Vestby reopened on Saturday (Jan. 19), the port authority said.",
        "The harbour at Vestby reopened Jan. 19 (Saturday), the port authority said.",
        "The harbour at Vestby reopened on Saturday (January 19, 2025), the port authority said.",
    ],
)
def test_a_bracketed_weekday_that_contradicts_its_date_is_an_error(text: str) -> None:
    assert errors(text) == [("Saturday", "Sunday")]


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("The harbour at Vestby reopened on Sunday (Jan. 19), the port authority said.", PUBLISHED),
        ("The harbour at Vestby reopened Jan. 19 (Sunday), the port authority said.", PUBLISHED),
        # no year to hold the weekday against: not checked
        ("The harbour at Vestby reopened on Saturday (Jan. 19), the port authority said.", None),
        # a weekday and a date of two different things
        ("The harbour reopened on Saturday; the ferry (due Jan. 19) is late.", PUBLISHED),
    ],
)
def test_agreeing_or_uncheckable_weekdays_are_not_errors(text: str, published: date | None) -> None:
    assert errors(text, published) == []
