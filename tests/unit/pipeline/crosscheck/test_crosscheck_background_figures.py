"""Figures about something else than the story's event must not be compared with its figures."""

from __future__ import annotations


def numbers(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "number"]


def test_a_population_before_a_death_toll_is_not_a_death_toll(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "A landslide buried part of Velmora, a village of about 4,000 people.\n"
            "Rescuers said 23 people were killed.",
            "b": "Rescuers said 23 people were killed when a landslide buried part of Velmora.",
        }
    )
    assert numbers(story) == []


def test_a_toll_of_an_earlier_event_told_in_the_next_sentence_is_not_compared(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "A landslide killed 23 people in Velmora on Sunday, rescuers said.\n"
            "The last major landslide in the valley struck in March.\n"
            "It killed 140 people and destroyed the old bridge.",
            "b": "Rescuers said 23 people were killed in the Velmora landslide on Sunday.",
        }
    )
    assert numbers(story) == []


def test_a_real_disagreement_is_still_found_next_to_background(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "A landslide killed 23 people in Velmora on Sunday, rescuers said.\n"
            "The last major landslide in the valley struck in March.\n"
            "It killed 140 people and destroyed the old bridge.",
            "b": "Rescuers said 32 people were killed in the Velmora landslide on Sunday.",
        }
    )
    [d] = numbers(story)
    assert "'23'" in d.description and "'32'" in d.description and "140" not in d.description


def test_the_second_figure_of_killing_and_injuring_counts_the_injured(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The landslide hit Velmora on Sunday, killing 23 people and injuring 80.",
            "b": "Rescuers said 23 people were killed and 80 were injured in Velmora on Sunday.",
        }
    )
    assert numbers(story) == []


def test_a_toll_placed_years_earlier_is_not_the_days_toll(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "A landslide killed 23 people in Velmora on Sunday, rescuers said.\n"
            "The valley was hit two years after a flood that killed thousands of people downstream.",
            "b": "Rescuers said 23 people were killed in the Velmora landslide on Sunday.",
        }
    )
    assert numbers(story) == []
