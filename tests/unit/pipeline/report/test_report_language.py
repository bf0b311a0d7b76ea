"""The reports show each article's language and whether newsloom read it."""

from __future__ import annotations

import json

from newsloom.model import Article, Report, Story
from newsloom.pipeline.report import render_html, render_markdown


def _report() -> Report:
    arts = [
        Article(id="en1", source="en1.txt", title="Bridge shut", text="The bridge is shut.", language="en"),
        Article(id="de1", source="de1.txt", title="Brücke gesperrt", text="Die Brücke ist gesperrt.",
                language="de", read=False),
        Article(id="tiny", source="tiny.txt", title="Short", text="Shut."),
    ]  # fmt: skip
    return Report(newsloom_version="0", articles=arts, stories=[Story(id="s", article_ids=["en1", "de1"])])


def test_markdown_shows_the_language_and_that_an_article_was_not_read() -> None:
    md = render_markdown(_report())
    assert "- language: de (not read: newsloom reads English only)" in md
    assert "- language: en\n" in md
    # a language too short to tell is not shown
    tiny = md[md.index("`tiny`") :]
    assert "language:" not in tiny


def test_html_shows_the_language_and_that_an_article_was_not_read() -> None:
    page = render_html(_report())
    assert "de (not read: newsloom reads English only)" in page


def test_json_carries_language_and_read() -> None:
    data = json.loads(json.dumps(_report().to_json_dict()))
    by_id = {a["id"]: a for a in data["articles"]}
    assert (by_id["de1"]["language"], by_id["de1"]["read"]) == ("de", False)
    assert (by_id["en1"]["language"], by_id["en1"]["read"]) == ("en", True)
    assert (by_id["tiny"]["language"], by_id["tiny"]["read"]) == (None, True)
