from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from newsloom.model import Article, Citation, Report, Span, Story, report_json_schema


def test_span_rejects_end_before_start() -> None:
    with pytest.raises(ValidationError):
        Span(start=5, end=2)


@given(st.text(min_size=1, max_size=200), st.data())
def test_article_cite_round_trips(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    art = Article(id="a", source="a.txt", text=text)
    cite = art.cite(start, end)
    assert cite.text == text[start:end]
    assert isinstance(cite, Citation)


def test_uncomputed_story_sections_are_absent_from_json() -> None:
    report = Report(newsloom_version="0", stories=[Story(id="s", article_ids=["a"])])
    story = report.to_json_dict()["stories"][0]
    assert story == {"id": "s", "article_ids": ["a"]}


def test_json_leaves_out_raw_input_but_keeps_raw_text() -> None:
    art = Article(id="a", source="a.html", raw="<p>x</p>", raw_text="x", text="x")
    data = Report(newsloom_version="0", articles=[art]).to_json_dict()
    assert "raw" not in data["articles"][0]
    assert data["articles"][0]["raw_text"] == "x"


def test_schema_names_the_contract_sections() -> None:
    schema = report_json_schema()
    assert {"newsloom_version", "articles", "stories", "errors"} <= set(schema["properties"])
    story = schema["$defs"]["Story"]["properties"]
    assert {"origin_groups", "derivation", "entities", "quotes", "timeline", "claims", "briefing"} <= set(
        story
    )


def test_a_timeline_entry_written_before_background_existed_still_loads() -> None:
    from newsloom.model import TimelineEntry

    entry = TimelineEntry.model_validate({"date": "2031-03-04", "precision": "day", "text": "It rained."})
    assert entry.background is False
