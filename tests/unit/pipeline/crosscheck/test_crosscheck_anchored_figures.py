"""Two reports that state one fact with the same figure ("66 human cases") and a second figure
for the same noun that differs ("in eight provinces" / "in 10 provinces"), however differently
the rest is worded; and the look-alikes that agree."""

from __future__ import annotations

from datetime import date


def numbers(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "number"]


A = "Since March, health officials have confirmed 66 human cases of marsh fever in eight provinces."
B = "There had been 66 human cases of marsh fever reported in 10 provinces, according to the ministry."


def test_a_second_figure_beside_a_shared_one_is_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck({"a": A, "b": B})
    [d] = numbers(story)
    assert "eight" in d.description and "10" in d.description
    assert {c.article_id for c in d.citations} == {"a", "b"}
    # where the count starts and the day it stands at are not two moments
    as_of = "As of June 6, there had been 66 human cases of marsh fever reported in 10 provinces."
    [d] = numbers(read_crosscheck({"a": A, "b": as_of}))
    assert {c.article_id for c in d.citations} == {"a", "b"}


def test_other_nouns_approximations_and_other_days_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # another noun beside the shared figure: two facts
    other = "There had been 66 human cases of marsh fever and 10 deaths, according to the ministry."
    assert numbers(read_crosscheck({"a": A, "b": other})) == []
    # an approximation that covers the figure
    about = "There had been 66 human cases of marsh fever reported in about 10 provinces, officials said."
    near = "Health officials have confirmed 66 human cases of marsh fever in nine provinces so far."
    assert numbers(read_crosscheck({"a": near, "b": about})) == []
    # a later day's report: the spread may have grown
    assert (
        numbers(read_crosscheck({"a": A, "b": B}, published={"a": date(2025, 3, 1), "b": date(2025, 3, 8)}))
        == []
    )
    # another moment named in the sentences: an update
    monday = "By Monday, health officials had confirmed 66 human cases of marsh fever in eight provinces."
    friday = "By Friday, 66 human cases of marsh fever had been reported in 10 provinces, the ministry said."
    assert numbers(read_crosscheck({"a": monday, "b": friday})) == []


def test_parts_breakdowns_box_scores_and_model_numbers_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # a count of one kind against the total of two kinds
    parts = {
        "a": "Coast guards boarded two boats to arrest 12 Varnish and 11 Oskian smugglers.",
        "b": "The arrest of the 23 smugglers (12 Varnish and 11 Oskian) is the largest this year.",
    }
    assert numbers(read_crosscheck(parts)) == []
    # one report breaks the seized rifles down
    rifles = {
        "a": "Nine rifles, a launcher and 13 loaded magazines were seized from the smugglers, officials said.",
        "b": "The guards seized seven hunting rifles, two other rifles, a launcher and 13 loaded magazines.",
    }
    assert numbers(read_crosscheck(rifles)) == []
    # a box score shares figures between players and games
    box = {
        "a": "Through 14 games this season, Okafor had 404 yards and two touchdowns on 106 carries.",
        "b": "Okafor played in just 10 games this year, rushing for 404 yards and two touchdowns.",
    }
    assert numbers(read_crosscheck(box)) == []
    # a model number is not a shared count; two machines have two prices
    prices = {
        "a": "An optional Lumex RX 5600 graphics card is available for $4050, with a stereo port.",
        "b": "A machine with two processors and the Lumex RX 5600 graphics card prices out at $18,199.",
    }
    assert numbers(read_crosscheck(prices)) == []
