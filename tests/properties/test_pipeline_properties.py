"""Property-based tests (hypothesis) through the whole pipeline and of the parsers.

Example counts, chosen by the CI environment variable (tests/conftest.py loads the profile):

- every property, the cheap parsers (numbers, publication dates, dates and figures in text) and
  the whole pipeline (ingest, clean, read, compare, cross-check, the JSON report) on random
  Unicode articles: 10,000 examples each under CI=true (a pipeline run on a batch of 1-3
  articles costs about 8 ms of CPU with the rule-based reader), 300 and 25 otherwise.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from newsloom.config import AnalyzeConfig
from newsloom.model import Citation, Report
from newsloom.pipeline.compare.attribution import first_lines
from newsloom.pipeline.ingest.jsonl import parse_published
from newsloom.pipeline.read.dates import find_dates, reference_from_text
from newsloom.pipeline.read.quantities import find_quantities, parse_number
from newsloom.pipeline.read.sentences import split_sentences
from newsloom.pipeline.report.writers import render
from newsloom.runners import analyze

CI = os.environ.get("CI", "").lower() == "true"
# CI explores afresh on every run (no example database is kept), so a few thousand examples a
# run add up; these counts keep the whole suite inside its 10-minute CI budget (the pipeline
# property was 10,000, about 45 s alone on a quiet machine).
CHEAP = 5_000 if CI else 300
PIPELINE = 3_000 if CI else 25

# News-shaped pieces mixed with arbitrary Unicode, so that the pipeline's rules fire on it.
PIECES = [
    "Mara Lindqvist", "Ms. Lindqvist", "the Port Authority", "said", "told reporters", "according to",
    "“", "”", '"', "'", "’s", ",", ".", "!", "\n", "\n\n", " ", "about", "1,200", "3.5 million", "40%",
    "twenty-five", "dozens of", "10 kilometers (6 miles)", "on Tuesday", "13 January 2025", "Jan. 9",
    "last week", "2025-01-14", "since 1998", "Harbour ferry returns", "é", "\u00a0", "\u200b", "\u202e",
    "🚢", "ש", "a\u0301", "\x07", "<b>", "&amp;",
]  # fmt: skip
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map(" ".join)
RULES = AnalyzeConfig(formats=("json",), nlp="rules", embeddings="lexical", workers=1, article_timeout=0)


def _citations(value: Any) -> Iterator[Citation]:
    if isinstance(value, Citation):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _citations(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _citations(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _citations(item)


@settings(max_examples=PIPELINE)
@given(st.lists(TEXT, min_size=1, max_size=3))
def test_the_whole_pipeline_keeps_its_promises(texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for i, text in enumerate(texts):
            Path(folder, f"a{i}.txt").write_text(text, encoding="utf-8")
        report = analyze([folder], RULES)
    by_id = {a.id: a for a in report.articles}
    # Every input is an article or an error: nothing is dropped silently.
    assert len(report.articles) + len(report.exact_duplicates) + len(report.errors) == len(texts)
    for citation in _citations(report):
        article = by_id[citation.article_id]
        assert citation.text == article.text[citation.start : citation.end]
    for article in report.articles:
        spans = sorted((r.start, r.end) for r in article.removed)
        for (start, end), removal in zip(
            spans, sorted(article.removed, key=lambda r: (r.start, r.end)), strict=True
        ):
            assert 0 <= start <= end <= len(article.raw_text)
            assert removal.text == article.raw_text[start:end]
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))
    # The report is valid against its own schema (the pydantic model it is generated from).
    Report.model_validate_json(render(report, "json"))


@settings(max_examples=CHEAP)
@given(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)))
def test_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or isinstance(value, float)


@settings(max_examples=CHEAP)
@given(st.one_of(st.text(max_size=40), st.sampled_from(PIECES), st.integers(), st.none()))
def test_parse_published_never_raises(value: object) -> None:
    result = parse_published(value)
    assert result is None or isinstance(result, date)


@settings(max_examples=CHEAP)
@given(TEXT, st.one_of(st.none(), st.dates()))
def test_date_and_quantity_readers_never_raise_and_stay_in_the_text(
    text: str, reference: date | None
) -> None:
    sentences = split_sentences(text)
    reference = reference or reference_from_text(text)
    dates, date_errors = find_dates(text, sentences, reference, "published" if reference else None)
    quantities, quantity_errors = find_quantities(text, sentences, exclude=[(d.start, d.end) for d in dates])
    for span in [*dates, *date_errors, *quantities, *quantity_errors]:
        assert 0 <= span.start <= span.end <= len(text)


LINE_BREAKS = ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\n\n"]


@settings(max_examples=CHEAP // 10)
@given(
    st.lists(st.one_of(st.sampled_from(LINE_BREAKS), st.text(max_size=8)), max_size=30).map("".join),
    st.integers(min_value=0, max_value=8),
)
def test_first_lines_are_those_of_splitlines(text: str, n: int) -> None:
    assert first_lines(text, n) == text.splitlines()[:n]
