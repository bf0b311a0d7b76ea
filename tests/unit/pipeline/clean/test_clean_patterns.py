"""Line patterns: each kind of boilerplate, and prose that must not be mistaken for it."""

from __future__ import annotations

import pytest

from newsloom.pipeline.clean.lines import (
    breadcrumb_last,
    byline_of,
    credit_of,
    is_breadcrumb,
    is_slug,
    rule_reason,
    split_lines,
)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Home » Regional » Harbour bridge to close for repairs", "breadcrumb"),
        ("Home > News > Local", "breadcrumb"),
        ("Sport › Rowing › Lake regatta postponed", "breadcrumb"),
        ("![](https://example.org/uploads/2031/05/bridge-1024x576.webp)", "image"),
        ("![Cranes over the river](/media/cranes.jpg)", "image"),
        ("DSC_00412-final.JPG", "image"),
        ("Photo: Harbour Authority", "image"),
        ("JOIN OUR WHATSAPP CHANNEL", "call_to_action"),
        ("Follow us on Mastodon for live updates", "call_to_action"),
        ("Subscribe to our morning newsletter", "call_to_action"),
        ("Sign up for breaking news alerts", "call_to_action"),
        ("Share this article", "call_to_action"),
        ("Found a typo? Select it and press Ctrl+Enter", "call_to_action"),
        ("Don't miss our weekend edition", "call_to_action"),
        ("Copyright © 2031 Harbour Daily Media. All rights reserved.", "copyright"),
        ("© 2031 The Lakeside Courier", "copyright"),
        ("About the Author", "author_box"),
        ("Leave a comment", "comment_prompt"),
        ("12 Comments", "comment_prompt"),
        ("Comments (4)", "comment_prompt"),
        ("Post a Reply", "comment_prompt"),
        ("Read more: Ferry timetable changes from June", "related_headline"),
        ("Also read - Council approves new tram line", "related_headline"),
        ("Next article", "navigation"),
        ("Advertisement", "navigation"),
        ("World | Business | Sport | Culture | Opinion", "navigation"),
        ("Courtesy: Lakeside Broadcasting", "credit_line"),
        ("(AP)", "credit_line"),
        ("With inputs from Reuters", "credit_line"),
        ("By Maren Olsdottir and Tomas Quill", "byline"),
        ("* * *", "empty"),
    ],
)
def test_boilerplate_line_is_recognised(line: str, reason: str) -> None:
    assert rule_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "The mayor said residents should follow the detour signs while the bridge is closed.",
        "Engineers will join the inspection team on Monday, the authority said.",
        "Shares in the construction firm rose 4% after the contract was announced.",
        "Commuters signed up in large numbers for the temporary ferry service.",
        "About 3,000 vehicles cross the bridge every hour at peak times.",
        "Comments from residents at the public meeting were mostly critical.",
        "By the end of the week, the repair crews had replaced twelve cables.",
        "Home owners near the river were told to expect noise at night.",
        "Repairs will cost about 40 million crowns, the council's budget shows.",
        "What happens next",
    ],
)
def test_prose_is_not_boilerplate(line: str) -> None:
    assert rule_reason(line) is None


def test_breadcrumb_last_item_is_the_page_title() -> None:
    line = "Home » Harbour bridge to close for repairs"
    assert is_breadcrumb(line)
    assert breadcrumb_last(line) == "Harbour bridge to close for repairs"


def test_credit_names_the_supplier() -> None:
    assert credit_of("Courtesy: Lakeside Broadcasting") == "Lakeside Broadcasting"
    assert credit_of("(AFP)") == "AFP"
    assert credit_of("— Reuters") == "Reuters"
    assert credit_of("The bridge was built in 1962 with help from a Dutch firm.") is None


def test_byline_names_the_authors() -> None:
    assert byline_of("By Maren Olsdottir and Tomas Quill") == ["Maren Olsdottir", "Tomas Quill"]
    assert byline_of("By the time the ferry arrived, the queue had grown.") is None


def test_slug_is_a_lowercase_headline_without_punctuation() -> None:
    assert is_slug("harbour bridge to close for six weeks of repairs")
    assert not is_slug("Harbour bridge to close for six weeks of repairs")
    assert not is_slug("the bridge closes")


def test_split_lines_offsets_point_at_the_stripped_text() -> None:
    raw = "  First line  \r\n\r\nSecond\tline\n\n\nthird\n"
    for ln in split_lines(raw):
        assert raw[ln.start : ln.end] == ln.text
    assert [ln.text for ln in split_lines(raw)] == ["First line", "Second\tline", "third"]


def test_reporting_credit_in_parentheses_is_a_byline() -> None:
    line = "(Reporting by Maren Olsdottir; editing by Tomas Quill)"
    assert rule_reason(line) == "byline"
    assert byline_of(line) == ["Maren Olsdottir"]
