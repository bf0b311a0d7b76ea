"""Appended tails found by their shape, and dates read from dateline lines."""

from __future__ import annotations

from datetime import date

import pytest

from newsloom.pipeline.clean.lines import split_lines
from newsloom.pipeline.clean.metadata import dateline_date
from newsloom.pipeline.clean.tails import find_appended_tail, is_citation_like

ARTICLE = [
    "The Harbour Authority said on Tuesday that the Lindqvist Bridge will close for six weeks so that "
    "engineers can replace corroded suspension cables.",
    "About 40,000 vehicles cross the bridge each day, and the authority expects long queues on the ring "
    "road while the bridge is shut to all traffic.",
    "Engineers found the corrosion during a routine inspection in March, the chief engineer told reporters "
    "at the harbour office.",
]


def test_citation_shapes() -> None:
    assert is_citation_like(
        "Berg, Anna (2019). Bridges of the North. Fjord Press. p. 112. ISBN 978-0-00-000000-1."
    )
    assert is_citation_like("^ “Annual traffic counts”. Road Directorate. Retrieved 9 January 2019.")
    assert not is_citation_like("The bridge opened in 1962 and was last repaired in 1994.")


def test_a_link_list_with_new_vocabulary_is_a_tail() -> None:
    menu = [
        "- Opera festival tickets",
        "- Football: league table",
        "- Weather radar maps",
        "- Recipes and gardening",
        "- Crossword puzzles archive",
    ]
    lines = split_lines("\n".join([*ARTICLE, *menu]))
    assert find_appended_tail(lines) == len(ARTICLE)


def test_a_bulleted_list_of_facts_inside_the_story_is_not_a_tail() -> None:
    facts = [
        "- The closure starts on June 3 and lasts six weeks.",
        "- Ferry fares are waived for cyclists.",
        "- Lorries must use the northern ring road.",
    ]
    lines = split_lines("\n".join([*ARTICLE, *facts]))
    assert find_appended_tail(lines) is None


def test_no_tail_in_a_plain_article() -> None:
    assert find_appended_tail(split_lines("\n".join(ARTICLE * 2))) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published: Monday, January 13, 2025 10:42 AM IST", date(2025, 1, 13)),
        ("Updated 22.16 Sat Jan 05 2008", date(2008, 1, 5)),
        ("14 May 2031", date(2031, 5, 14)),
        ("2031-05-14", date(2031, 5, 14)),
        ("06.01.2008 01:07", date(2008, 1, 6)),
        ("The vote was held on January 13, 2025.", None),
        ("Tickets for May 14, 2031 sold out in minutes", None),
        ("Harbour bridge", None),
    ],
)
def test_dateline_date(line: str, expected: date | None) -> None:
    assert dateline_date(line) == expected
