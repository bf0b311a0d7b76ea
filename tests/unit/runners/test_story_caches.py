"""A long run's workers must not keep what finished stories needed: the per-sentence caches of
cross-checking are emptied after each story (pipeline/memo.py)."""

from __future__ import annotations

from pathlib import Path

from newsloom.config import AnalyzeConfig
from newsloom.pipeline import memo
from newsloom.pipeline.crosscheck.text import fold, words
from newsloom.runners import analyze

TEXT = (
    "Ferry returns to Brennholm\n\n"
    "The Brennholm ferry returned to service on Tuesday after 12 weeks of repairs costing 400,000 "
    'euros. "We are glad to have it back," harbour master Ilse Varga said on Tuesday. '
    "About 1,200 people use the crossing every day, the council said.\n"
)


def test_no_story_cache_keeps_sentences_after_the_run(tmp_path: Path) -> None:
    for i, site in enumerate(["First Gazette", "Second Ledger"]):
        (tmp_path / f"a{i}.txt").write_text(TEXT.replace("every day", f"every day, {site} said"))
    config = AnalyzeConfig(formats=("json",), nlp="rules", embeddings="lexical", workers=1)
    report = analyze([str(tmp_path)], config)
    assert len(report.stories) == 1 and len(report.stories[0].article_ids) == 2
    assert report.stories[0].claims, "the story was cross-checked"
    assert memo._CACHES, "cross-checking registers its sentence caches"
    assert all(cache.cache_info().currsize == 0 for cache in memo._CACHES)


def test_a_story_cache_still_answers_after_it_is_emptied() -> None:
    before = words("The Ferry’s RETURN")
    memo.clear_story_caches()
    assert fold.cache_info().currsize == 0
    assert words("The Ferry’s RETURN") == before == ["the", "ferry", "return"]
