"""The plain-text route end to end, on short articles written for these tests."""

from __future__ import annotations

from datetime import date

from newsloom.model import Article
from newsloom.pipeline.clean import clean_article

P1 = (
    "The Harbour Authority said on Tuesday that the Lindqvist Bridge will close for six weeks "
    "from June 3 so that engineers can replace corroded suspension cables."
)
P2 = (
    "About 40,000 vehicles cross the bridge each day, and the authority expects long queues on "
    "the ring road while the bridge is shut to all traffic."
)
P3 = (
    "Engineers found the corrosion during a routine inspection in March, the authority's chief "
    "engineer, Maren Olsdottir, told reporters at the harbour office."
)
P4 = (
    "A temporary ferry will carry cyclists and pedestrians across the river every fifteen "
    "minutes, and the fare will be waived for the duration of the works."
)
P5 = (
    "The repairs will cost about 40 million crowns, which the council will take from its "
    "maintenance reserve rather than raise bridge tolls, the authority said."
)


def clean(text: str) -> Article:
    return clean_article(Article(id="t", source="t.txt", raw=text, raw_text=text))


def reasons(article: Article) -> dict[str, str]:
    return {r.text: r.reason for r in article.removed}


def test_breadcrumb_title_image_and_footer_are_removed_with_reasons() -> None:
    raw = "\n\n".join(
        [
            "Home » Lindqvist Bridge to close for cable repairs",
            "Lindqvist Bridge to close for cable repairs",
            "bridge_cables_0412.jpg",
            P1,
            P2,
            P3,
            "About The Author",
            "Copyright © 2031 All rights reserved.",
        ]
    )
    art = clean(raw)
    assert art.text == "\n".join([P1, P2, P3])
    assert art.title == "Lindqvist Bridge to close for cable repairs"
    got = reasons(art)
    assert got["Home » Lindqvist Bridge to close for cable repairs"] == "breadcrumb"
    assert got["bridge_cables_0412.jpg"] == "image"
    assert got["About The Author"] == "author_box"
    assert got["Copyright © 2031 All rights reserved."] == "copyright"


def test_repeated_standfirst_is_kept_once() -> None:
    raw = "\n".join([P1, "cables.png", P1, P2, P3])
    art = clean(raw)
    assert art.text.count(P1) == 1
    assert "repeated_standfirst" in reasons(art).values()


def test_first_line_headline_becomes_the_title_and_slug_is_dropped() -> None:
    raw = "\n".join(
        [
            "Lindqvist Bridge Closure: What Commuters Need to Know",
            P1,
            "lindqvist bridge to close for six weeks as cables corrode",
            P2,
            P3,
            "Comments",
            "Leave a Reply",
        ]
    )
    art = clean(raw)
    assert art.title == "Lindqvist Bridge Closure: What Commuters Need to Know"
    assert art.text == "\n".join([P1, P2, P3])
    got = reasons(art)
    assert got["lindqvist bridge to close for six weeks as cables corrode"] == "title_repeat"
    assert got["Comments"] == got["Leave a Reply"] == "comment_prompt"


def test_a_time_stamp_without_a_year_is_never_the_title() -> None:
    for stamp in ("Mar. 8 5:46 PM EST", "JUNE 3, 2025 11: 12AM"):
        art = clean("\n".join(["Lindqvist Bridge to close for six weeks", stamp, P1, P2, P3]))
        assert art.title == "Lindqvist Bridge to close for six weeks", stamp
        assert stamp not in art.text


def test_no_title_is_invented_when_the_first_line_is_a_sentence() -> None:
    art = clean("\n".join([P1, P2, P3]))
    assert art.title is None
    assert art.removed == []


def test_tags_at_the_end_are_kept_as_tags() -> None:
    raw = "\n".join([P1, P2, P3, "- Lindqvist Bridge", "- Harbour Authority", "- road closures"])
    art = clean(raw)
    assert art.tags == ["Lindqvist Bridge", "Harbour Authority", "road closures"]
    assert "Lindqvist Bridge" not in art.text.splitlines()
    assert art.text.endswith(P3)


def test_credit_line_is_kept_as_credit_and_calls_to_action_go() -> None:
    raw = "\n".join(
        [
            P1,
            "JOIN US ON SIGNAL",
            P2,
            "Follow our coverage of the works on @harbourdaily.",
            P3,
            "Courtesy: Lakeside Radio",
        ]
    )
    art = clean(raw)
    assert art.credit == ["Lakeside Radio"]
    assert art.text == "\n".join([P1, P2, P3])


def test_byline_and_dateline_become_metadata() -> None:
    raw = "\n".join(["By Tomas Quill", "Published: Tuesday, May 14, 2031", P1, P2, P3])
    art = clean(raw)
    assert art.authors == ["Tomas Quill"]
    assert art.published == date(2031, 5, 14)
    assert art.published_source == "text"
    assert art.text == "\n".join([P1, P2, P3])


def test_section_headings_are_kept_and_recorded() -> None:
    raw = "\n".join([P1, P2, "Why the Cables Corroded", P3, "What's Next?", P4, P5])
    art = clean(raw)
    assert art.text.splitlines() == [P1, P2, "Why the Cables Corroded", P3, "What's Next?", P4, P5]
    assert [h.text_of(art.text) for h in art.headings] == ["Why the Cables Corroded", "What's Next?"]
    assert all(h.label == "heading" for h in art.headings)


def test_a_foreign_headline_in_the_middle_is_removed_but_a_heading_is_not() -> None:
    foreign = "Opera Singer Wins Grammy After Surprise Tango Album"
    raw = "\n".join([P1, P2, "Ferry Service for Cyclists", P4, foreign, P3, P5])
    art = clean(raw)
    assert foreign not in art.text
    assert reasons(art)[foreign] == "related_headline"
    assert "Ferry Service for Cyclists" in art.text.splitlines()


def test_appended_reference_list_with_prose_inside_is_removed() -> None:
    tail = [
        "Sources",
        "- ^ Berg, Anna (2019). Suspension Bridges of the North. Oslo: Fjord Press. p. 112. ISBN 978-0-00-000000-1.",
        "- ^ “Cable corrosion survey”. Journal of Bridge Engineering. 4 March 2020. Retrieved 2 May 2021.",
        "The first suspension bridges of the region were built with imported steel wire in the 1920s.",
        "- ^ Holm, Erik (2015). “Wire rope fatigue”. Structures. 12 (3): 45–60. Archived from the original on 5 May 2016.",
        "Around 1,200 tonnes of cable were used in the largest of them.",
        "- ^ “Annual traffic counts”. Road Directorate. 2018. Retrieved 9 January 2019.",
    ]
    raw = "\n".join([P1, P2, P3, P4, "Courtesy: Lakeside Radio", *tail])
    art = clean(raw)
    assert art.text == "\n".join([P1, P2, P3, P4])
    got = reasons(art)
    assert all(got[line] == "appended_tail" for line in tail)
    assert art.credit == ["Lakeside Radio"]


def test_article_is_found_inside_a_whole_page_dump() -> None:
    menu = ["News", "Sport", "Business", "Weather", "Culture", "Opinion", "Search"]
    teasers = ["Council to vote on tram extension", "Lakeside festival line-up announced"]
    comments = [
        "Posted by harbourfan | May 14 2031 at 09:12",
        "This is the third closure in ten years and every time the ferry is too small for the crowds.",
        "Posted by rivercyclist | May 14 2031 at 09:40",
        "I hope the ferry timetable is better than last time, when we waited forty minutes in the rain.",
    ]
    raw = "\n".join(
        [
            *menu,
            "Lindqvist Bridge to close for six weeks",
            "By Tomas Quill",
            P1,
            P2,
            P3,
            P4,
            "Add Comment",
            *comments,
            *teasers,
            "Privacy Policy | Terms of Use | Contact",
        ]
    )
    art = clean(raw)
    assert art.text == "\n".join([P1, P2, P3, P4])
    assert art.title == "Lindqvist Bridge to close for six weeks"
    assert art.authors == ["Tomas Quill"]
    got = reasons(art)
    assert got["Sport"] == "page_furniture"
    assert comments[1] in got


def test_page_title_line_names_the_headline_among_teasers() -> None:
    raw = "\n".join(
        [
            "Harbour Daily | Lindqvist Bridge to close for six weeks",
            "News",
            "Sport",
            "Lindqvist Bridge to close for six weeks",
            "Most read",
            "Tram Vote Delayed Again",
            "Festival Line-Up Announced",
            "Council Budget Row Deepens",
            P1,
            P2,
            P3,
        ]
    )
    art = clean(raw)
    assert art.title == "Lindqvist Bridge to close for six weeks"
    # Only the one headline-like line next to the body can pass for its lead; the teasers
    # above it cannot.
    assert art.text.endswith("\n".join([P1, P2, P3]))
    assert "Tram Vote Delayed Again" not in art.text
    assert "Festival Line-Up Announced" not in art.text


def test_labelled_tag_line_is_kept_as_tags() -> None:
    raw = "\n".join([P1, P2, P3, "Topics: bridges | Harbour Authority | road closures", "Leave a comment"])
    art = clean(raw)
    assert art.tags == ["bridges", "Harbour Authority", "road closures"]
    assert art.text == "\n".join([P1, P2, P3])


def test_a_sentence_starting_with_topics_is_not_a_tag_header() -> None:
    lead = "Topics at the meeting included the ferry timetable and the cost of the repairs to the bridge."
    raw = "\n".join([P1, P2, lead, "- the ferry timetable", "- the repair budget"])
    art = clean(raw)
    assert lead in art.text


def test_wire_credits_and_staff_roles_are_credits_not_titles() -> None:
    for line, reason in [
        ("AP Sports Writer", "credit_line"),
        ("The Associated Press", "credit_line"),
        ("Article from: Agence France-Presse", "credit_line"),
        ("Associated Press - June 2, 2025 4:44 AM ET", "credit_line"),
        ("Harbour Gazette Staff Writer", "byline"),
    ]:
        art = clean("\n".join([line, P1, P2, P3]))
        assert art.title is None, line
        assert reasons(art) == {line: reason}


HEADLINE = "Lindqvist Bridge to close for six weeks"


def test_page_furniture_above_the_body_is_never_the_title() -> None:
    for line in (
        "Updated 4 minutes ago",
        "Published 2 hours ago",
        "Photo by Jon Hallvard / Fjord Wire",
        "Image Source harbourgazette",
        "Commuters wait at the Lindqvist Bridge toll booths. Photo: ERIK SANDVIK",
        "Commuters wait at the Lindqvist Bridge toll booths. — FW",
        "Inside the bridge's cable room in Eastport. Pic/X",
        "Fjord Wire Photo/Erik Sandvik, Pool",
        "date 2031-06-01 By Maren Olsdottir and Per Lund",
        "date 2031-06-01 Breaking News",
    ):
        art = clean("\n".join([line, P1, P2, P3]))
        assert art.title is None, line
        assert line not in art.text, line


def test_a_real_headline_above_furniture_is_kept_as_the_title() -> None:
    for line in ("Updated 4 minutes ago", "Photo by Jon Hallvard / Fjord Wire", "By Maren Olsdottir"):
        art = clean("\n".join([HEADLINE, line, P1, P2, P3]))
        assert art.title == HEADLINE, line


def test_headlines_that_mention_photos_or_updates_stay_titles() -> None:
    for line in (
        "Photo of flooded ferry terminal wins Eastport prize",
        "Bridge repairs updated plan draws criticism from drivers",
    ):
        art = clean("\n".join([line, P1, P2, P3]))
        assert art.title == line, line


def test_a_page_stamp_dates_the_article() -> None:
    art = clean("\n".join(["date 2031-06-01 Breaking News", P1, P2, P3]))
    assert art.published == date(2031, 6, 1) and art.published_source == "text"


def test_a_standfirst_cut_short_above_its_full_paragraph_is_not_the_title() -> None:
    cut = "The Harbour Authority said on Tuesday that the Lindqvist Bridge will close for six weeks from"
    assert P1.startswith(cut)
    art = clean("\n".join([HEADLINE, "", cut, "", P1, P2, P3]))
    assert art.title == HEADLINE


def test_a_page_stamp_on_a_line_dropped_as_furniture_still_dates_the_article() -> None:
    caption = (
        "date 2031-06-05 IMAGE: Commuters wait for the ferry beside the closed Lindqvist Bridge on "
        "Saturday. Photograph: Jon Hallvard/Fjord Wire"
    )
    art = clean("\n".join([caption, "", P1, P2, P3]))
    assert "IMAGE:" not in art.text
    assert art.published == date(2031, 6, 5) and art.published_source == "text"


def test_a_page_stamp_glued_to_a_headline_dates_the_article() -> None:
    art = clean("\n".join(["date 2031-06-05 Lindqvist Bridge to close for six weeks", "", P1, P2, P3]))
    assert art.published == date(2031, 6, 5) and art.published_source == "text"


def test_a_stale_page_stamp_gives_way_to_the_later_date_in_the_page_header() -> None:
    # A crawler's stamp a year before the article; the page's own header carries the real date.
    lines = ["date 2030-02-06 All sections", "NewsJune 5, 2031", "", HEADLINE, "", P1, P2, P3]
    art = clean("\n".join(lines))
    assert art.published == date(2031, 6, 5)


def test_dates_in_related_headlines_of_the_header_do_not_date_the_article() -> None:
    lines = [
        "Ferry fares frozen until 2032, council says on January 4, 2029",
        "",
        HEADLINE,
        "",
        P1,
        P2,
        P3,
    ]
    art = clean("\n".join(lines))
    assert art.published is None


def test_a_headline_glued_to_a_page_stamp_is_the_title() -> None:
    art = clean("\n".join(["date 2031-06-05 Lindqvist Bridge to close for six weeks", "", P1, P2, P3]))
    assert art.title == "Lindqvist Bridge to close for six weeks"
    art = clean("\n".join(["date 2031-06-05 All sections", "", P1, P2, P3]))
    assert art.title is None


def test_a_page_notice_beside_a_stamp_is_not_the_title() -> None:
    art = clean("\n".join(["date 2031-06-05 This audio is made with machine voices", "", P1, P2, P3]))
    assert art.title is None
    assert art.published == date(2031, 6, 5)


def test_an_agency_photo_caption_is_removed_and_does_not_date_the_article() -> None:
    caption = (
        "Ferry captain Maren Olsdottir looks on during the reopening ceremony at the quay in "
        "Eastport, Norland, Jan. 28, 2029."
    )
    art = clean("\n".join([caption, P1, P2, P3]))
    assert caption not in art.text
    assert [r.reason for r in art.removed if r.text == caption] == ["image"]
    assert art.published is None


def test_a_past_tense_sentence_ending_on_a_date_stays() -> None:
    line = "The ferry company said its captain spoke to the crew at the quay in Eastport, Jan. 28, 2029."
    art = clean("\n".join([P1, line, P2, P3]))
    assert line in art.text


def test_a_page_stamp_glued_to_the_first_paragraph_is_cut_off_and_dates_the_article() -> None:
    raw = "\n".join(["date 2031-06-01 " + P1, P2, P3])
    art = clean(raw)
    assert art.text.startswith(P1)
    assert "2031-06-01" not in art.text
    (stamp,) = [r for r in art.removed if r.reason == "dateline"]
    assert raw[stamp.start : stamp.end] == stamp.text == "date 2031-06-01"
    assert art.published == date(2031, 6, 1) and art.published_source == "text"
