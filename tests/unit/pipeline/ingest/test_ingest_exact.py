"""Exact duplicates: copies that differ only in case, quotes, dashes, invisible characters or
whitespace collide; texts that differ in a word do not."""

from __future__ import annotations

import string

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from newsloom.model import Article
from newsloom.pipeline.ingest.exact import ExactDuplicateFilter, normalised_text, normalised_text_key

words = st.lists(
    st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=10), min_size=1, max_size=30
)
latin_words = st.lists(
    st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=10), min_size=1, max_size=30
)
spaces = st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", " \n "])

CURLY = str.maketrans({"'": "\u2019", '"': "\u201c", "-": "\u2014"})


def article(aid: str, text: str) -> Article:
    return Article(id=aid, source=f"{aid}.txt", text=text)


@settings(max_examples=100, deadline=None)
@given(words, st.data())
def test_whitespace_variants_collide(tokens: list[str], data: st.DataObject) -> None:
    spaced = data.draw(spaces).join(tokens) + data.draw(spaces)
    assert normalised_text_key(" ".join(tokens)) == normalised_text_key(spaced)


@settings(max_examples=100, deadline=None)
@given(latin_words)
def test_case_variants_collide(tokens: list[str]) -> None:
    text = " ".join(tokens)
    assert normalised_text_key(text) == normalised_text_key(text.upper())
    assert normalised_text_key(text) == normalised_text_key(text.lower())


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.text(alphabet=string.ascii_letters, min_size=1, max_size=8) | st.sampled_from(["'", '"', "-"]),
        min_size=1,
        max_size=30,
    )
)
def test_quote_and_dash_style_variants_collide(tokens: list[str]) -> None:
    straight = " ".join(tokens)
    assert normalised_text_key(straight) == normalised_text_key(straight.translate(CURLY))


def test_invisible_characters_and_compatibility_forms_collide() -> None:
    assert normalised_text_key("co-operation\u00ad") == normalised_text_key("co\u200b-operation")
    assert normalised_text_key("\ufeffＦＵＬＬ width") == normalised_text_key("full width")
    assert normalised_text_key("the ﬁnal word") == normalised_text_key("the final word")


@settings(max_examples=150, deadline=None)
@given(latin_words, latin_words)
def test_different_texts_do_not_collide(a: list[str], b: list[str]) -> None:
    first, second = " ".join(a), " ".join(b)
    assume(first.lower() != second.lower())
    assert normalised_text_key(first) != normalised_text_key(second)


def test_a_changed_number_is_a_different_text() -> None:
    assert normalised_text_key("About 300 soldiers died.") != normalised_text_key(
        "About 3,000 soldiers died."
    )


def test_filter_keeps_the_first_and_records_the_rest() -> None:
    f = ExactDuplicateFilter()
    kept = [
        f.admit(article(aid, text))
        for aid, text in [("a", "One text."), ("b", "ONE  text."), ("c", "Other.")]
    ]
    assert [k.id if k else None for k in kept] == ["a", None, "c"]
    assert [(d.id, d.source, d.duplicate_of) for d in f.duplicates] == [("b", "b.txt", "a")]


def test_empty_texts_are_not_duplicates_of_each_other() -> None:
    f = ExactDuplicateFilter()
    assert f.admit(article("a", "")) is not None
    assert f.admit(article("b", " \n ")) is not None
    assert f.duplicates == []


def test_raw_text_is_used_before_cleaning() -> None:
    f = ExactDuplicateFilter()
    assert f.admit(Article(id="a", source="a", raw_text="Same words")) is not None
    assert f.admit(Article(id="b", source="b", raw_text="same   words")) is None


def test_normalised_text_is_readable() -> None:
    assert normalised_text("  “Quoted”\u00a0—  TEXT\n") == '"quoted" - text'
