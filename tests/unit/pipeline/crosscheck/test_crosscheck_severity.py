"""Every discrepancy says how sure it is an error, and which copy changed the text."""

from __future__ import annotations

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, DerivationLink, Story
from newsloom.pipeline.crosscheck import crosscheck_story

ORIGIN = "The storm hit Harlow overnight, and 42 homes were flooded, the council said on Monday."
COPY = "The storm hit Harlow overnight, and 24 homes were flooded, the council said on Monday."


def run(links: list[DerivationLink]) -> Story:
    articles = [
        Article(id="orig", source="o.txt", text=ORIGIN),
        Article(id="copy", source="c.txt", text=COPY),
    ]
    story = Story(id="s", article_ids=["orig", "copy"], derivation=links)
    return crosscheck_story(story, articles, AnalyzeConfig())


def test_the_copy_that_changed_a_figure_is_named() -> None:
    link = DerivationLink(source="orig", target="copy", relation="edited_copy", score=0.9, directed=True)
    [d] = run([link]).discrepancies or []
    assert d.kind == "number" and d.severity == "error"
    assert d.changed_by == "copy"


def test_the_copy_is_named_whichever_way_round_the_link_points() -> None:
    link = DerivationLink(source="copy", target="orig", relation="edited_copy", score=0.9, directed=True)
    [d] = run([link]).discrepancies or []
    assert d.changed_by == "orig"


def test_no_side_is_blamed_without_a_directed_link() -> None:
    undirected = DerivationLink(source="orig", target="copy", relation="shared_source", score=0.5)
    for links in ([], [undirected]):
        [d] = run(links).discrepancies or []
        assert d.severity == "error" and d.changed_by is None


SAID = "\u201c{}\u201d harbour master Lena Ostrova told reporters at the pier."


def quote_severities(crosscheck, one: str, other: str) -> list[str]:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": SAID.format(one), "b": SAID.format(other)})
    return [d.severity or "" for d in story.discrepancies if d.kind == "quote"]


def test_a_quotation_reworded_only_in_function_words_is_wording(crosscheck) -> None:  # type: ignore[no-untyped-def]
    got = quote_severities(
        crosscheck,
        "We have found no further damage to the pilings of the old pier,",
        "We found no further damage to the pilings of the old pier,",
    )
    assert got == ["wording"]


def test_a_quotation_with_a_changed_word_is_a_likely_error(crosscheck) -> None:  # type: ignore[no-untyped-def]
    got = quote_severities(
        crosscheck,
        "We have found no further damage to the pilings of the old pier,",
        "We have found no serious damage to the pilings of the old pier,",
    )
    assert got == ["likely_error"]


def test_a_figure_with_a_digit_too_many_is_an_internal_error(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": "About 12,0000 ferry workers walked out at Vestby on Monday."})
    [d] = story.discrepancies
    assert d.kind == "number" and d.internal and "12,0000" in d.description and d.changed_by == "a"
    for fine in (
        "About 12,000 ferry workers walked out.",
        "Fares rose 1,5 percent.",
        "It cost 1,234,567 kroner.",
    ):
        story, _ = crosscheck({"a": fine})
        assert story.discrepancies == []
