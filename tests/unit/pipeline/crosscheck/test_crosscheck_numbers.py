"""Figures that disagree, and the agreeing variants that must not be flagged."""

from __future__ import annotations

import pytest


def kinds(story, kind: str) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == kind]


def test_different_figures_for_the_same_count_are_flagged(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The storm hit Harlow overnight, and 42 homes were flooded, the council said.",
            "b": "The storm struck Harlow in the night and 24 homes were flooded, officials said.",
        }
    )
    [d] = kinds(story, "number")
    assert "'42'" in d.description and "'24'" in d.description and "homes" in d.description
    assert {c.article_id for c in d.citations} == {"a", "b"}
    assert not d.internal


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("About 300 fishermen died in the storm.", "Approximately 300 fishermen died in the storm."),
        ("About 300 fishermen died in the storm.", "300 fishermen died in the storm."),
        ("Around 300 fishermen died in the storm.", "Nearly 300 fishermen died in the storm."),
        ("Thousands of fishermen were injured in the storm.", "2,700 fishermen were injured in the storm."),
        (
            "More than 40% of the fishermen were injured in the storm.",
            "45% of the fishermen were injured in the storm.",
        ),
        ("Dozens of people were treated for injuries.", "36 people were treated for injuries."),
    ],
)
def test_approximate_and_vague_figures_agree(crosscheck, one: str, other: str) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": one, "b": other})
    assert kinds(story, "number") == []


def test_a_figure_from_another_time_is_an_update(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "In December, 100 fishermen had died at sea, the ministry said.",
            "b": "By January, 300 fishermen had died at sea, the ministry said.",
        }
    )
    assert kinds(story, "number") == []


def test_different_counts_are_not_compared(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "About 300 Norlish soldiers have died in the fighting.",
            "b": "About 50 Vestrian soldiers have died in the fighting.",
            "c": "Even if the two had wished to leave, they could not.",
        }
    )
    assert kinds(story, "number") == []


def test_figures_within_one_article_are_not_a_conflict(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": "Officials first said 12 homes were flooded. Later 20 homes were flooded."})
    assert kinds(story, "number") == []


TOLL_EARLY = "The quake killed 12 people in Harlow, the regional governor said."
TOLL_LATE = "The quake killed 40 people in Harlow, the regional governor said."


def test_a_toll_that_rises_in_later_reports_is_an_update(crosscheck) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    story, _ = crosscheck(
        {"a": TOLL_EARLY, "b": TOLL_EARLY, "c": TOLL_LATE},
        fields={
            "a": {"published": date(2026, 3, 1)},
            "b": {"published": date(2026, 3, 1)},
            "c": {"published": date(2026, 3, 3)},
        },
    )
    assert kinds(story, "number") == []


@pytest.mark.parametrize(
    "published",
    [
        # the same day: which came first is unknown
        {"a": (2026, 3, 1), "c": (2026, 3, 1)},
        # a publication date missing
        {"a": (2026, 3, 1)},
        # the later report gives the lower toll: a toll does not fall, so this is a real conflict
        {"a": (2026, 3, 3), "c": (2026, 3, 1)},
        # reports on both days give the early figure: the two figures overlap in time
        {"a": (2026, 3, 1), "b": (2026, 3, 4), "c": (2026, 3, 3)},
    ],
)
def test_a_toll_that_is_not_a_clean_rise_stays_a_conflict(crosscheck, published) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    texts = {"a": TOLL_EARLY, "c": TOLL_LATE}
    if "b" in published:
        texts = {"a": TOLL_EARLY, "b": TOLL_EARLY, "c": TOLL_LATE}
    story, _ = crosscheck(texts, fields={k: {"published": date(*v)} for k, v in published.items()})
    [d] = kinds(story, "number")
    assert "'12'" in d.description and "'40'" in d.description


def test_a_fixed_figure_reported_differently_on_later_days_is_a_conflict(crosscheck) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    # The passengers on board are a fixed fact, not a tally that grows as news comes in.
    story, _ = crosscheck(
        {
            "a": "The plane that crashed near Harlow was carrying 150 passengers, the airline said.",
            "b": "The plane that crashed near Harlow was carrying 162 passengers, the airline said.",
        },
        fields={"a": {"published": date(2026, 3, 1)}, "b": {"published": date(2026, 3, 3)}},
    )
    assert len(kinds(story, "number")) == 1


def test_one_count_given_for_two_different_people_is_not_a_conflict(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "Marta Lindqvist scored 23 points as the Harlow Hawks beat Dunmore on Sunday.",
            "b": "Jonas Okafor scored 14 points as the Harlow Hawks beat Dunmore on Sunday.",
        }
    )
    assert kinds(story, "number") == []


def test_the_same_person_given_two_figures_is_a_conflict(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "Marta Lindqvist scored 23 points as the Harlow Hawks beat Dunmore on Sunday.",
            "b": "Marta Lindqvist scored 32 points as the Harlow Hawks beat Dunmore on Sunday.",
        }
    )
    [d] = kinds(story, "number")
    assert "'23'" in d.description and "'32'" in d.description


def test_the_speaker_of_a_figure_is_not_what_it_counts(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "Chief Ada Brennan said 40 homes were flooded in Harlow on Sunday.",
            "b": "Mayor Piet Kuypers said 90 homes were flooded in Harlow on Sunday.",
        }
    )
    [d] = kinds(story, "number")
    assert "'40'" in d.description and "'90'" in d.description


def test_a_count_one_article_gives_several_values_for_is_not_compared(crosscheck) -> None:  # type: ignore[no-untyped-def]
    # Article a gives "points scored" for two players: the count names more than one quantity
    # in this story, so b's figure cannot be said to contradict either.
    story, _ = crosscheck(
        {
            "a": "The guard scored 23 points for Harlow. The centre scored 14 points for Harlow.",
            "b": "The forward scored 19 points for Harlow in the win.",
        }
    )
    assert kinds(story, "number") == []


def test_a_box_score_figure_is_compared_only_for_a_player_named_on_both_sides(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "The senior needed nine points in the game against Dunmore on Thursday.",
            "b": "Lindqvist finished with 20 points in the game against Dunmore on Thursday.",
        }
    )
    assert kinds(story, "number") == []


def test_two_ages_in_either_order_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "The firefighter is survived by two sons, ages 6 and 16, the chief said.",
            "b": "The firefighter leaves two sons, ages 16 and 6, the chief said.",
        }
    )
    assert kinds(story, "number") == []


@pytest.mark.parametrize(
    "sentence",
    [
        # the marchers are the agent of the killing's setting, not more women
        "Two women and a man were killed during marches by tens of thousands who filled Harlow.",
        # a new subject starts a new count: Okafor's 30 are not rebounds
        "Lindqvist had 12 rebounds, and Okafor added 30 in the win over Harlow.",
    ],
)
def test_a_bare_figure_does_not_take_a_noun_across_a_new_subject(sentence: str) -> None:
    from newsloom.model import Article
    from newsloom.pipeline.crosscheck.quantities import find_numbers

    nouns = [m.noun for m in find_numbers(Article(id="a", source="-", text=sentence))]
    assert len(nouns) == 2 and nouns[1] != nouns[0]
