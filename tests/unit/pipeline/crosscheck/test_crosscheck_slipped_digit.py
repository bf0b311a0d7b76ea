"""A figure with one digit slipped in or out ("$16.6 billion" / "$1.6 billion" for one loss),
even where the reports tell the event in other words; and the look-alikes that agree."""

from __future__ import annotations

from datetime import date


def numbers(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "number"]


def test_a_loss_with_a_digit_too_many_is_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "Harlow Mills posted a $16.6 billion loss in the most recent quarter.",
            "b": "The mill owner cut thousands of jobs after reporting a $1.6 billion quarterly loss.",
        }
    )
    [d] = numbers(story)
    assert "$16.6 billion" in d.description and "$1.6 billion" in d.description
    assert {c.article_id for c in d.citations} == {"a", "b"}
    assert d.severity == "error"


def test_a_rounded_figure_and_other_quantities_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # a rounding adds a digit to the decimals, not to the size
    story = read_crosscheck(
        {
            "a": "Harlow Mills posted a $1.65 billion loss in the most recent quarter.",
            "b": "The mill owner cut thousands of jobs after reporting a $1.6 billion quarterly loss.",
        }
    )
    assert numbers(story) == []
    # a loss and a revenue are two quantities; so are a quarter's and a year's loss
    story = read_crosscheck(
        {
            "a": "Harlow Mills reported $16.6 billion in revenue for the year.",
            "b": "The mill owner cut thousands of jobs after reporting a $1.6 billion quarterly loss.",
            "c": "Harlow Mills booked a $16.6 billion annual loss, its worst year.",
        }
    )
    assert numbers(story) == []


def test_two_lower_bounds_one_digit_apart_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # "at least 24" of the crash site is not a slip of "at least 240" of the whole crash
    story = read_crosscheck(
        {
            "a": "The collapse of the Vestby dam killed at least 240 people, officials said.",
            "b": "That suggests at least 24 people died in the mill below the dam, and the toll may rise.",
        }
    )
    assert numbers(story) == []


def test_a_tally_that_grew_between_days_is_an_update(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "Officials said 15 people were killed when the dam at Vestby gave way.",
            "b": "The collapse of the Vestby dam killed 150 people, officials said on Friday.",
        },
        published={"a": date(2025, 3, 1), "b": date(2025, 3, 6)},
    )
    assert numbers(story) == []


def test_bare_units_box_scores_and_other_outcomes_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # two percentages of two things
    poll = {
        "a": "A poll put the Harlow council's approval at 20.6 percent, 5.6 percent below the rival party.",
        "b": "Discontent was high, at 65.6 percent, even among the council's own voters.",
    }
    assert numbers(read_crosscheck(poll)) == []
    # the injured and a crowd
    crowd = {
        "a": "About 100 people have been injured in Vestby.",
        "b": "Earlier, a crowd of about 1,000 people attended a peaceful sit-in in Vestby.",
    }
    assert numbers(read_crosscheck(crowd)) == []
    # a box score: one player's carries, another play's gain
    box = {
        "a": "Okafor ended the day with 6 carries for 21 yards and a touchdown.",
        "b": "Second down: Lindqvist up the middle for 2 yards, then a punt.",
    }
    assert numbers(read_crosscheck(box)) == []
