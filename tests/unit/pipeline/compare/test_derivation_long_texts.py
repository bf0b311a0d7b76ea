"""Alignment is bounded in memory however many sentences two articles of one story hold."""

from __future__ import annotations

import tracemalloc

from newsloom.model import Article
from newsloom.pipeline.compare.derivation import MAX_ALIGNED_SENTENCES, measure_story


def _page(start: int, n: int) -> str:
    # A page dump of one-line items, each read as a sentence (as a crawl of listings gives).
    return " ".join(f"Ferry {k} docked at Quay {k % 97}." for k in range(start, start + n))


def test_two_pages_of_thousands_of_lines_are_aligned_within_bounded_memory() -> None:
    n = 12 * MAX_ALIGNED_SENTENCES
    articles = [
        Article(id="listing-a", source="a.txt", text=_page(0, n)),
        Article(id="listing-b", source="b.txt", text=_page(7, n)),
    ]
    tracemalloc.start()
    try:
        measured = measure_story(articles, None)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Unbounded, the pair's sentence matrix alone was n x n float32 (2.3 GB here) and the
    # story's dense sentence rows n x vocabulary more.
    assert peak < 300 * 2**20, peak
    assert [(i, j) for i, j, _ in measured.pairs] == [(0, 1)]


def test_articles_of_ordinary_length_are_aligned_whole() -> None:
    text_a = "The harbour at Lirrel closed on Tuesday after a crane fell. " * 3 + _page(0, 40)
    text_b = "A crane fell into Lirrel harbour on Tuesday, closing it. " * 3 + _page(0, 40)
    measured = measure_story(
        [Article(id="a", source="a.txt", text=text_a), Article(id="b", source="b.txt", text=text_b)], None
    )
    assert [len(s) for s in measured.sentences] == [43, 43]
