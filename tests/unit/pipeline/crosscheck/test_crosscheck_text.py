"""Sentences, words and negation as cross-checking reads them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsloom.model import Article, Span
from newsloom.pipeline.crosscheck.text import (
    body_sentences,
    form_score,
    is_boilerplate,
    is_negated,
    negation_head,
    split_offsets,
    stem,
)


def test_headings_questions_and_boilerplate_are_not_body_sentences() -> None:
    text = (
        "Bridge Closed After Storm\n"
        "The Harlow bridge was closed on Friday after a storm damaged its deck. Engineers will inspect it.\n"
        "What happens next?\n"
        "Subscribe to our newsletter for daily updates.\n"
        "Follow us on @harlowdaily for more."
    )
    got = [s.text for s in body_sentences(Article(id="a", source="-", text=text))]
    assert got == [
        "The Harlow bridge was closed on Friday after a storm damaged its deck.",
        "Engineers will inspect it.",
    ]


def test_marked_headings_are_skipped_even_with_final_punctuation() -> None:
    text = "Why the bridge shut.\nThe bridge shut because its deck cracked."
    art = Article(id="a", source="-", text=text, headings=[Span(start=0, end=20, label="heading")])
    assert [s.text for s in body_sentences(art)] == ["The bridge shut because its deck cracked."]


def test_reading_sentence_spans_are_used_when_present() -> None:
    text = "First part; second part. Third."
    art = Article(
        id="a", source="-", text=text, annotations={"sentences": [Span(start=0, end=31, label="sentence")]}
    )
    assert [s.text for s in body_sentences(art)] == [text]


def test_abbreviations_do_not_end_a_sentence() -> None:
    text = "Mr. Vance arrived on Jan. 9 at noon. He left."
    assert [text[s:e] for s, e in split_offsets(text)] == ["Mr. Vance arrived on Jan. 9 at noon.", "He left."]


@given(st.text(alphabet="abc .!?\nXY\u201c\u201d", max_size=200))
def test_split_offsets_point_into_the_text(text: str) -> None:
    for s, e in split_offsets(text):
        assert 0 <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()


def test_stems_match_inflections() -> None:
    assert stem("captured") == stem("capture")
    assert stem("soldiers") == stem("soldier")


def test_negation() -> None:
    assert is_negated("The men did not ask for asylum.")
    assert is_negated("The men rejected asylum.")
    assert not is_negated("The men asked for asylum.")
    assert not is_negated("It is not true that they did not ask.")
    assert negation_head("They have never sought asylum.") == stem("sought")


def test_boilerplate() -> None:
    assert is_boilerplate("Share this article on Facebook")
    assert is_boilerplate("Copyright 2026 The Daily")
    assert not is_boilerplate("The council said 4,000 subscribers lost power.")


def test_form_score_prefers_complete_sentences() -> None:
    good = "The council approved the new budget for the harbour district on Tuesday evening."
    assert form_score(good) > form_score("They approved it on Tuesday evening after a long debate.")
    assert form_score(good) > form_score("\u201capproved the new budget")
