"""A person's one-off life event (born, married, died) dated to two days by two reports, however
differently they word it; and the look-alikes that agree."""

from __future__ import annotations

from datetime import date

DAY = date(2025, 7, 3)


def dates(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "date"]


def test_a_wedding_dated_twice_is_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "Tomas Rendall, who got married on June 28, led Harbour Town to the league title last season.",
            "b": "Tomas Rendall had married his long-time partner Ilse Marrow only days ago on June 22 in Vestby.",
        },
        published={k: DAY for k in "abc"},
    )
    [d] = dates(story)
    assert "June 28" in d.description and "June 22" in d.description
    assert {c.article_id for c in d.citations} == {"a", "b"}


def test_another_persons_event_a_vaguer_date_and_one_day_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # the brother's wedding is another event
    story = read_crosscheck(
        {
            "a": "Tomas Rendall, who got married on June 28, led Harbour Town to the league title.",
            "b": "Tomas Rendall's brother, Piet Rendall, married Ilse Marrow on June 22 in Vestby.",
        },
        published={k: DAY for k in "abc"},
    )
    assert dates(story) == []
    # a month is no disagreement with a day in it; the same day worded two ways agrees
    story = read_crosscheck(
        {
            "a": "Tomas Rendall, who got married on June 28, led Harbour Town to the league title.",
            "b": "Tomas Rendall married his long-time partner Ilse Marrow in June in Vestby.",
            "c": "On June 28, Tomas Rendall married his long-time partner Ilse Marrow.",
        },
        published={k: DAY for k in "abc"},
    )
    assert dates(story) == []
