"""A person's age given differently by two reports; and the forms and cases that agree."""

from __future__ import annotations

from datetime import date


def numbers(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "number"]


def test_two_ages_for_one_person_are_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "Harbour master Lena Ostrova, 64, closed the port of Vestby after the storm.",
            "b": "The 61-year-old harbour master, Lena Ostrova, closed the Vestby port after the storm.",
        }
    )
    [d] = numbers(story)
    assert "64" in d.description and "61" in d.description
    assert {c.article_id for c in d.citations} == {"a", "b"}


def test_one_age_in_two_forms_agrees(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "Harbour master Lena Ostrova, 64, closed the port of Vestby after the storm.",
            "b": "The 64-year-old harbour master, Lena Ostrova, closed the Vestby port after the storm.",
            "c": "Lena Ostrova (64) closed the port of Vestby after the storm, officials said.",
        }
    )
    assert numbers(story) == []


def test_two_people_and_a_birthday_are_not_a_conflict(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "Harbour master Lena Ostrova, 64, and pilot Marek Halvorsen, 41, closed the port of Vestby.",
            "b": "Pilot Marek Halvorsen, 41, and harbour master Lena Ostrova, 64, closed the Vestby port.",
        }
    )
    assert numbers(story) == []
    story = read_crosscheck(
        {
            "a": "Harbour master Lena Ostrova, 64, closed the port of Vestby after the storm.",
            "b": "Harbour master Lena Ostrova, 65, reopened the port of Vestby after the storm.",
        },
        published={"a": date(2025, 3, 1), "b": date(2025, 3, 9)},
    )
    assert numbers(story) == []


def test_ages_no_birthday_explains_are_flagged_across_days(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # two years apart within a week, or a person who got younger: no birthday explains either
    story = read_crosscheck(
        {
            "a": "Harbour master Lena Ostrova, 64, closed the port of Vestby after the storm.",
            "b": "The 62-year-old harbour master, Lena Ostrova, reopened the Vestby port after the storm.",
        },
        published={"a": date(2025, 3, 1), "b": date(2025, 3, 4)},
    )
    [d] = numbers(story)
    assert "64" in d.description and "62" in d.description
    story = read_crosscheck(
        {
            "a": "Harbour master Lena Ostrova, 65, closed the port of Vestby after the storm.",
            "b": "Harbour master Lena Ostrova, 64, reopened the port of Vestby after the storm.",
        },
        published={"a": date(2025, 3, 1), "b": date(2025, 3, 9)},
    )
    [d] = numbers(story)
    assert {c.article_id for c in d.citations} == {"a", "b"}


def test_a_birthday_between_reports_of_different_years_agrees(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "Harbour master Lena Ostrova, 64, closed the port of Vestby after the storm.",
            "b": "Harbour master Lena Ostrova, 66, reopened the port of Vestby after the storm.",
        },
        published={"a": date(2023, 3, 1), "b": date(2025, 3, 9)},
    )
    assert numbers(story) == []
