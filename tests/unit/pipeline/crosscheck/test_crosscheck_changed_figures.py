"""A copy that changes a figure in an otherwise identical sentence; and what is not a change."""

from __future__ import annotations

from datetime import date

import pytest

SENTENCE = "The ferry operator Nordlys said on Monday that it had {} after the storm damaged its fleet."


def numbers(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "number"]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("lost $420 million", "lost $4420 million"),
        ("recorded a magnitude 6.1 aftershock", "recorded a magnitude 6.4 aftershock"),
        ("sunk into 3 feet of mud", "sunk into 4 feet of mud"),
        ("cancelled its 9th sailing", "cancelled its 10th sailing"),
        ("cancelled 71 sailings", "cancelled 70 sailings"),
        ("raised a 70m-tall mast", "raised a 71 metre-tall mast"),  # reading took "70m-tall" as millions
        ("sailed at roughly 27,360 km/h, 143km offshore", "sailed at more than 27,300 kph, 140km offshore"),
    ],
)
def test_a_changed_figure_is_flagged(read_crosscheck, one: str, other: str) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck({"a": SENTENCE.format(one), "b": SENTENCE.format(other)})
    [d] = numbers(story)
    assert {c.article_id for c in d.citations} == {"a", "b"}
    assert d.severity == "error"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("cancelled about 300 sailings", "cancelled 310 sailings"),  # an approximation
        ("seen shares fall 4.1%", "seen shares fall 4%"),  # a rounded figure
        ("laid off 33,412 workers", "laid off 33,000 workers"),  # rounded to the thousands
        ("cancelled nine sailings", "cancelled 9 sailings"),  # house style
        ("sunk into 3 feet of mud", "sunk into 0.9 metres of mud"),  # a conversion
        ("lost $1,354 million", "lost $1354 million"),  # thousands separator
        ("raised a 70m-tall mast", "raised a 70 metre-tall mast"),  # house style
        ("sailed at 27,360 km/h, 143km offshore", "sailed at 27,360 kph, 143 km offshore"),  # house style
    ],
)
def test_agreeing_figures_are_not_flagged(read_crosscheck, one: str, other: str) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck({"a": SENTENCE.format(one), "b": SENTENCE.format(other)})
    assert numbers(story) == []


def test_a_later_update_is_not_a_change(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    toll = "The ferry operator Nordlys said that {} people were killed when the storm damaged its fleet."
    story = read_crosscheck(
        {"a": toll.format(71), "b": toll.format(90)},
        published={"a": date(2025, 3, 3), "b": date(2025, 3, 4)},
    )
    assert numbers(story) == []


def test_another_moment_of_the_thread_is_not_aligned(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "The ferry operator Nordlys said on Monday that it had cancelled 71 sailings this week.",
            "b": "The ferry operator Nordlys said on Thursday that it had cancelled 90 sailings in the month.",
        }
    )
    assert numbers(story) == []


def test_a_piece_of_a_figure_is_not_compared(crosscheck) -> None:  # type: ignore[no-untyped-def]
    from newsloom.model import Span

    text = "The ferry Nordlys sank in 2,000ft of water off Vestby, the coast guard said on Monday."
    piece = Span(start=28, end=33, label="quantity", attrs={"value": 0.0, "unit": "ft", "approx": None})
    whole = "The ferry Nordlys sank in 2,000 feet of water off Vestby, the coast guard said on Monday."
    span = Span(start=26, end=36, label="quantity", attrs={"value": 2000.0, "unit": "ft", "approx": None})
    story, _ = crosscheck(
        {"a": text, "b": whole},
        fields={"a": {"annotations": {"quantities": [piece]}}, "b": {"annotations": {"quantities": [span]}}},
    )
    assert [d for d in story.discrepancies if d.kind == "number"] == []


def test_a_thousands_separator_with_a_stray_space_agrees(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "On Saturday the guide Ivo Berg fell about 2, 000ft while climbing to a hut on Mount Orvik.",
            "b": "On Saturday the guide Ivo Berg fell 600 metres (2,000 feet) while climbing to a hut on Mount Orvik.",
        }
    )
    assert numbers(story) == []
