"""A remark one report quotes from one named person, given by another report to a group
("Witnesses described the scene as a carnival parade"), and the rewordings that keep the speaker."""

from __future__ import annotations

import pytest

QUOTED = (
    'Thieves took two paintings from the Varn gallery on Sunday. It was "like a carnival parade", '
    "one Danish visitor, Ilse Marrow, told reporters."
)


def group_flags(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "attribution"]


@pytest.mark.parametrize(
    "other",
    [
        "Thieves took two paintings from the Varn gallery. Witnesses described the scene as a carnival parade.",
        "Two paintings were stolen in Varn. Visitors said the raid looked like a carnival parade.",
        'Two paintings were stolen in Varn. Onlookers likened the raid to "a carnival parade".',
    ],
)
def test_one_persons_remark_given_to_a_group_is_flagged(read_crosscheck, other: str) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck({"a": QUOTED, "b": other})
    [d] = group_flags(story)
    assert "Ilse Marrow" in d.description
    assert {c.article_id for c in d.citations} == {"a", "b"}


@pytest.mark.parametrize(
    "other",
    [
        # the same speaker, named or described as one person
        "Two paintings were stolen in Varn. Ilse Marrow, a visitor, said it was like a carnival parade.",
        "Two paintings were stolen in Varn. One visitor described the scene as a carnival parade.",
        # a group's remark of other words
        "Two paintings were stolen in Varn. Witnesses said the thieves fled on scooters.",
        # the group sentence of a report that quotes the person too
        'Witnesses described the raid as a carnival parade. It was "like a carnival parade", Ilse Marrow said.',
        # the words in another role: not a remark
        "Witnesses said a carnival parade had blocked the street outside the Varn gallery.",
    ],
)
def test_rewordings_that_keep_the_speaker_are_not_flagged(read_crosscheck, other: str) -> None:  # type: ignore[no-untyped-def]
    assert group_flags(read_crosscheck({"a": QUOTED, "b": other})) == []


def test_a_copy_that_gives_the_remark_to_a_group_is_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    copy = QUOTED.split(" It was")[0] + " Witnesses described the scene as a carnival parade."
    story = read_crosscheck({"a": QUOTED, "b": copy})
    [d] = group_flags(story)
    assert {c.article_id for c in d.citations} == {"a", "b"}
