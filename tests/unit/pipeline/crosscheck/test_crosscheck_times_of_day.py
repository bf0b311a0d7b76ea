"""The clock time of one step of one event given differently by two reports of one day ("lifted
off at 7:40 a.m. ET" / "took place at 7 a.m. EDT"), and the times that agree."""

from __future__ import annotations

from datetime import date

import pytest

DAY = date(2026, 4, 12)


def times(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if "times of day" in d.description]


def run(read_crosscheck, one: str, other: str, other_day: date = DAY):  # type: ignore[no-untyped-def]
    return read_crosscheck({"a": one, "b": other}, published={"a": DAY, "b": other_day})


A = "The Corvane rocket lifted off at {} from the Pellan spaceport in Norrland, and its upper stage reached orbit."
B = "The launch of the Corvane rocket, the largest yet built in Europe, took place at {} from the Pellan spaceport."


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("7:40 a.m. ET", "7 a.m. EDT"),
        ("7:40 a.m.", "8:15 a.m."),
        ("12:40 a.m. local time", "00:05 local time"),
        ("9.50pm", "21:10"),
    ],
)
def test_two_times_of_one_launch_are_flagged(read_crosscheck, one: str, other: str) -> None:  # type: ignore[no-untyped-def]
    story = run(read_crosscheck, A.format(one), B.format(other))
    [d] = times(story)
    assert d.kind == "number"
    assert {c.article_id for c in d.citations} == {"a", "b"}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("7:40 a.m. ET", "7:40 a.m. EDT"),  # house style of the zone
        ("7:40 a.m. ET", "0740 ET"),  # not a clock time it reads: nothing to compare
        ("12:40 a.m.", "00:40"),  # 12- and 24-hour clocks
        ("9.50pm", "21:50"),
        ("7:40 a.m.", "7:45 a.m."),  # minutes apart: rounding
        ("7:40 a.m. ET", "about 7 a.m. ET"),  # an approximation
        ("7:40 a.m. ET", "around 8 a.m. ET"),
        ("7:40 a.m. ET", "1140 GMT"),
        ("7:40 a.m. ET", "11:40 a.m. GMT"),  # another zone: a conversion, not compared
        ("7:40 a.m. ET", "1:40 p.m. local time"),
    ],
)
def test_agreeing_times_are_not_flagged(read_crosscheck, one: str, other: str) -> None:  # type: ignore[no-untyped-def]
    assert times(run(read_crosscheck, A.format(one), B.format(other))) == []


def test_a_planned_time_is_not_the_time_it_happened(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = (
        "The launch of the Corvane rocket from the Pellan spaceport was scheduled to take place at 7 a.m. ET."
    )
    assert times(run(read_crosscheck, A.format("7:40 a.m. ET"), other)) == []


def test_two_steps_of_one_flight_are_not_compared(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = "The upper stage of the Corvane rocket landed at 8:35 a.m. ET near the Pellan spaceport."
    assert times(run(read_crosscheck, A.format("7:40 a.m. ET"), other)) == []


def test_a_report_of_another_day_is_another_launch(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = run(read_crosscheck, A.format("7:40 a.m. ET"), B.format("7 a.m. ET"), date(2026, 6, 2))
    assert times(story) == []


def test_the_same_step_of_two_things_is_not_compared(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = "A weather balloon was launched at 6 a.m. ET by students in Harlow to watch the sky."
    assert times(run(read_crosscheck, A.format("7:40 a.m. ET"), other)) == []


def test_an_earlier_launch_is_another_event(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = "The previous Corvane rocket lifted off at 6 a.m. ET from the Pellan spaceport."
    assert times(run(read_crosscheck, A.format("7:40 a.m. ET"), other)) == []


def test_an_aftershock_is_not_timed_against_its_quake(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    one = "The institute in Varn registered the quake at 17:06 local time, and it damaged the Harlow harbour."
    other = (
        "The institute in Varn registered a quake measuring 3.1 at 09:10 on Monday near the Harlow harbour."
    )
    assert times(run(read_crosscheck, one, other)) == []


def test_two_weekdays_are_two_crashes(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    one = "The Harlow bus crashed at 7:40 a.m. on Sunday on the Varn bypass, police said."
    other = "A Harlow bus crashed at 9:15 a.m. on Monday on the Varn bypass, police said."
    assert times(run(read_crosscheck, one, other)) == []


def test_a_report_that_times_two_crashes_is_not_compared(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    one = (
        "The first Harlow bus crashed at 7:40 a.m. on the Varn bypass. "
        "Another Harlow bus crashed at 9:15 a.m. on the Varn bypass, police said."
    )
    other = "The Harlow bus crashed at 8:30 a.m. on the Varn bypass, police said."
    assert times(run(read_crosscheck, one, other)) == []
