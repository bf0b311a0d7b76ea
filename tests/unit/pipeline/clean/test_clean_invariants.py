"""Properties every cleaning must have, on generated mixes of prose and boilerplate."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.model import Article
from newsloom.pipeline.clean import clean_article

PROSE = [
    "The Harbour Authority said on Tuesday that the Lindqvist Bridge will close for six weeks from June 3.",
    "About 40,000 vehicles cross the bridge each day, and the authority expects long queues on the ring road.",
    "Engineers found the corrosion during a routine inspection in March, the chief engineer told reporters.",
    "A temporary ferry will carry cyclists and pedestrians across the river every fifteen minutes.",
    "The repairs will cost about 40 million crowns, which the council will take from its reserve.",
    "Residents near the river were told to expect noise at night while the cables are replaced.",
]
BOILERPLATE = [
    "Home » News » Bridge",
    "img_0042.jpg",
    "Subscribe to our newsletter",
    "Copyright © 2031 Harbour Daily",
    "Leave a Reply",
    "About the Author",
    "Courtesy: Lakeside Radio",
    "Share this article",
    "Why the Cables Corroded",
    "- road closures",
    "- ^ Berg, Anna (2019). Bridges. Oslo: Fjord Press. p. 112. ISBN 978-0-00-000000-1.",
    "",
    "   ",
    "* * *",
    "News | Sport | Weather",
]

lines = st.lists(st.sampled_from(PROSE + BOILERPLATE) | st.text(max_size=40), min_size=0, max_size=30)
separators = st.sampled_from(["\n", "\n\n", "\r\n", " \n  "])


def clean(raw: str) -> Article:
    return clean_article(Article(id="h", source="h.txt", raw=raw, raw_text=raw))


@settings(max_examples=150, deadline=None)
@given(lines, separators)
def test_removals_point_at_their_text_and_do_not_overlap(parts: list[str], sep: str) -> None:
    raw = sep.join(parts)
    art = clean(raw)
    spans = sorted((r.start, r.end) for r in art.removed)
    for r in art.removed:
        assert art.raw_text[r.start : r.end] == r.text
        assert r.text.strip()
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start
    for h in art.headings:
        assert h.text_of(art.text).strip()


@settings(max_examples=60, deadline=None)
@given(lines, separators)
def test_cleaning_is_deterministic(parts: list[str], sep: str) -> None:
    raw = sep.join(parts)
    assert clean(raw) == clean(raw)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PROSE), min_size=1, max_size=6, unique=True))
def test_cleaning_clean_text_removes_nothing(paragraphs: list[str]) -> None:
    raw = "\n".join(paragraphs)
    art = clean(raw)
    assert art.text == raw
    assert art.removed == []
    again = clean(art.text)
    assert again.text == art.text


TAGS = ["p", "div", "li", "h2", "span", "a", "td", "nav", "footer", "br"]
html_pieces = st.lists(
    st.tuples(st.sampled_from(TAGS), st.sampled_from(PROSE + BOILERPLATE) | st.text(max_size=30)),
    max_size=15,
)


@settings(max_examples=60, deadline=None)
@given(html_pieces, st.booleans())
def test_html_removals_point_at_the_page_text(pieces: list[tuple[str, str]], close: bool) -> None:
    import html as html_escape

    from newsloom.errors import MalformedInput

    body = "".join(
        f"<{tag}>{html_escape.escape(text)}" + (f"</{tag}>" if close else "") for tag, text in pieces
    )
    raw = f"<html><head><title>Bridge</title></head><body>{body}</body></html>"
    try:
        art = clean_article(Article(id="h", source="h.html", format="html", markup="html", raw=raw))
    except MalformedInput:
        return
    spans = sorted((r.start, r.end) for r in art.removed)
    for r in art.removed:
        assert art.raw_text[r.start : r.end] == r.text
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end <= start
