"""Figures as intervals: approximation, vagueness, what is counted."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsloom.model import Article, Span
from newsloom.pipeline.crosscheck.quantities import find_numbers, interval


def numbers(text: str) -> list[tuple[str, float, float, str | None, str | None]]:
    art = Article(id="a", source="-", text=text)
    return [(text[m.start : m.end], m.low, m.high, m.noun, m.event) for m in find_numbers(art)]


def test_approximations_widen_the_interval() -> None:
    lo, hi = interval(300, "about", None)
    assert lo <= 300 <= hi and lo <= 310 <= hi and not lo <= 400 <= hi
    assert interval(300, None, None) == (300, 300)
    assert interval(40, "more than", "%") == (40, 100.0)
    assert interval(50, "up to", None) == (0.0, 50)


def test_vague_plurals() -> None:
    [(_, lo, hi, noun, event)] = numbers("Thousands of people were injured.")
    assert lo <= 2700 <= hi and not lo <= 300 <= hi
    assert noun == "peopl" and event == "injury"


def test_counted_noun_and_event() -> None:
    got = numbers("About 300 fishermen have died, and another 2,700 have been injured.")
    assert [(g[0], g[3], g[4]) for g in got] == [
        ("About 300", "fishermen", "death"),
        ("another 2,700", "fishermen", "injury"),
    ]


def test_years_dates_ordinals_and_partitives_are_not_counts() -> None:
    got = [
        g[0] for g in numbers("In 1998, on March 4, the 12th brigade sent two of the trucks and 40 medics.")
    ]
    assert got == ["40"]


def test_reading_spans_are_used_and_vague_words_respected() -> None:
    text = "Dozens of people were treated."
    # as reading records it: the vague plural is its approx (one parser: cross-checking keeps it)
    span = Span(start=0, end=6, label="quantity", attrs={"value": 12.0, "approx": "dozens", "unit": None})
    art = Article(id="a", source="-", text=text, annotations={"quantities": [span]})
    [m] = find_numbers(art)
    assert m.low <= 36 <= m.high
    [unread] = find_numbers(Article(id="b", source="-", text=text))  # reading's parser run here
    assert (unread.low, unread.high) == (m.low, m.high)


@given(st.text(alphabet="0123456789, about thousands of men died.%", max_size=80))
def test_parser_offsets_point_into_the_text(text: str) -> None:
    for m in find_numbers(Article(id="a", source="-", text=text)):
        assert 0 <= m.start < m.end <= len(text)
        assert m.low <= m.high


def test_several_hundred_and_several_dozen_are_read_as_ranges() -> None:
    text = "Several hundred people gathered at noon. Later several dozen people gathered. Dozens stayed."
    got = [(m.low, m.high) for m in find_numbers(Article(id="a", source="-", text=text))]
    assert got == [(300.0, 999.0), (36.0, 119.0), (12.0, 200.0)]
    several, dozens = find_numbers(Article(id="a", source="-", text=text))[1:]
    assert several.agrees_with(dozens)
