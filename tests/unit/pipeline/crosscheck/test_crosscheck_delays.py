"""How late one thing started, given differently by two reports; and delays that agree."""

from __future__ import annotations

from datetime import date

import pytest


def delays(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if "late" in d.description or "delay" in d.description]


A = "Judge Orlova read the charges to the former minister at the tribunal in Varn. The short hearing, which began {}, was adjourned until May."
B = "The former minister appeared by video link. The hearing {} as the tribunal's computers failed, his lawyer Petra Holm said."


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("an hour and a half late", "started about a half-hour late"),
        ("two hours late", "was delayed by some 30 minutes"),
        ("45 minutes late", "started 10 minutes late"),
    ],
)
def test_two_delays_of_one_hearing_are_flagged(read_crosscheck, one: str, other: str) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck({"a": A.format(one), "b": B.format(other)})
    [d] = delays(story)
    assert d.kind == "number"
    assert {c.article_id for c in d.citations} == {"a", "b"}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("half an hour late", "started 30 minutes late"),  # house style
        ("about 40 minutes late", "was delayed by 35 minutes"),  # an approximation
        ("an hour late", "started some 60 minutes late"),
        ("90 minutes late", "started an hour and a half late"),
        ("a half-hour late", "started half an hour late"),
    ],
)
def test_agreeing_delays_are_not_flagged(read_crosscheck, one: str, other: str) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck({"a": A.format(one), "b": B.format(other)})
    assert delays(story) == []


def test_delays_of_two_things_are_not_compared(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": A.format("two hours late"),
            "b": "The minister's flight from Varn landed 20 minutes late, his lawyer Petra Holm said.",
        }
    )
    assert delays(story) == []


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (
            "Police said the tribunal's hearing began two hours late.",
            "Police said the minister's flight landed 20 minutes late.",
        ),
        (
            "Court officials said that the hearing began two hours late.",
            "Airport officials said that the flight landed 20 minutes late.",
        ),
    ],
)
def test_the_source_of_two_delays_does_not_make_them_one(read_crosscheck, one: str, other: str) -> None:  # type: ignore[no-untyped-def]
    assert delays(read_crosscheck({"a": one, "b": other})) == []


def test_a_delay_in_a_later_report_is_another_sitting(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {"a": A.format("two hours late"), "b": B.format("started 10 minutes late")},
        published={"a": date(2025, 3, 14), "b": date(2025, 5, 2)},
    )
    assert delays(story) == []


def test_one_report_with_two_delays_is_not_compared_with_itself(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    text = A.format("two hours late") + " " + B.format("started 10 minutes late")
    assert delays(read_crosscheck({"a": text})) == []
