"""The HTML route: trafilatura for the main text, our post-pass, removals into the page text."""

from __future__ import annotations

import pytest

from newsloom.errors import MalformedInput
from newsloom.model import Article
from newsloom.pipeline.clean import clean_article
from newsloom.pipeline.clean.html import align_kept_lines, visible_text

BODY = [
    "The Harbour Authority said on Tuesday that the Lindqvist Bridge will close for six weeks from "
    "June 3 so that engineers can replace corroded suspension cables.",
    "About 40,000 vehicles cross the bridge each day, and the authority expects long queues on the "
    "ring road while the bridge is shut to all traffic.",
    "Engineers found the corrosion during a routine inspection in March, the authority's chief "
    "engineer told reporters at the harbour office on Tuesday afternoon.",
    "A temporary ferry will carry cyclists and pedestrians across the river every fifteen minutes, "
    "and the fare will be waived for the duration of the works.",
]

PAGE = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Lindqvist Bridge to close for repairs | Harbour Daily</title>
<meta property="og:site_name" content="Harbour Daily">
<meta name="date" content="2025-05-14">
<script>var tracking = {{id: 1}};</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Lindqvist Bridge to close for repairs</h1>
{"".join(f"<p>{p}</p>" for p in BODY)}
<p>Subscribe to our newsletter for daily updates</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Tram vote delayed again</a></li><li><a href="/b">Festival line-up</a></li></ul></aside>
<footer><p>Copyright © 2031 Harbour Daily. All rights reserved.</p></footer>
</body></html>"""


def html_article(raw: str) -> Article:
    return Article(id="p", source="p.html", format="html", markup="html", raw=raw)


def test_main_text_is_kept_and_furniture_recorded_with_offsets() -> None:
    art = clean_article(html_article(PAGE))
    for p in BODY:
        assert p in art.text
    assert "newsletter" not in art.text
    assert "Tram vote delayed again" not in art.text
    assert art.title is not None and "Lindqvist Bridge" in art.title
    assert art.raw_text and "Home" in art.raw_text
    reasons = {r.text: r.reason for r in art.removed}
    assert reasons["Home"] == "page_furniture"
    assert reasons["Subscribe to our newsletter for daily updates"] == "call_to_action"
    for r in art.removed:
        assert art.raw_text[r.start : r.end] == r.text
    assert "var tracking" not in art.raw_text


def test_metadata_date_is_taken_from_the_page() -> None:
    art = clean_article(html_article(PAGE))
    assert art.published is not None
    assert art.published.isoformat() == "2025-05-14"
    assert art.published_source == "metadata"


@pytest.mark.parametrize("raw", ["", "   \n  "])
def test_empty_html_is_a_malformed_input(raw: str) -> None:
    with pytest.raises(MalformedInput, match="empty"):
        clean_article(html_article(raw))


@pytest.mark.parametrize(
    "raw",
    [
        "<html><body><p>Unclosed <b>bold <i>and italic",
        "<<<>>></p></div></html>",
        "<html><body>" + "<div>" * 500 + "deep" + "</div>" * 10,
        "\x00\x01<p>control characters</p>",
        "<?xml version='1.0'?><html><body><p>" + BODY[0] + "</p></body></html>",
    ],
)
def test_malformed_html_does_not_crash(raw: str) -> None:
    try:
        art = clean_article(html_article(raw))
    except MalformedInput as exc:
        assert exc.path == "p.html"
        return
    for r in art.removed:
        assert art.raw_text[r.start : r.end] == r.text


def test_visible_text_puts_blocks_on_their_own_lines() -> None:
    import lxml.html

    tree = lxml.html.document_fromstring(
        "<div><p>One <b>two</b></p><p>three</p><br>four<style>x{}</style></div>"
    )
    assert visible_text(tree).splitlines() == ["One two", "three", "four"]


def test_alignment_matches_lines_in_order() -> None:
    page = ["News", "Bridge to close", "News", "The bridge will close in June."]
    kept = align_kept_lines(page, "Bridge to close\nThe bridge will close in June.")
    assert kept == [False, True, False, True]


def test_an_unclosed_title_does_not_hide_the_page() -> None:
    page = (
        "<html><head><title>Bridge to close\n<body>" + "".join(f"<p>{p}</p>" for p in BODY) + "</body></html>"
    )
    art = clean_article(html_article(page))
    for p in BODY:
        assert p in art.text


def test_page_without_an_article_falls_back_on_the_page_text() -> None:
    # Two prose paragraphs in bare divs, among menu links: whatever the extractor makes of it,
    # the prose must come through and the menu must not.
    page = (
        "<html><body><div><a href='/'>Home</a></div><div><a href='/n'>News</a></div>"
        + "".join(f"<div>{p}</div>" for p in BODY)
        + "<div><a href='/c'>Contact</a></div></body></html>"
    )
    art = clean_article(html_article(page))
    assert BODY[0] in art.text
    assert "Contact" not in art.text.splitlines()
