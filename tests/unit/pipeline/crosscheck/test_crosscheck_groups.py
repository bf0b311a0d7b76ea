"""Claim groups: corroboration by independent origins, single sources, conflicts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

FACT_A = "The coast guard rescued 30 passengers from the sinking ferry near Oskar Point on Friday."
# Told in the outlet's own words: the same wording would be one upstream text (test_crosscheck_corroboration)
FACT_B = "Coast guard crews pulled 30 passengers from the ferry as it sank off Oskar Point on Friday."
FACT_C = "Thirty passengers were pulled from the ferry near Oskar Point by the coast guard, which rescued them on Friday."


def group_of(story, article_id: str):  # type: ignore[no-untyped-def]
    return next(c for c in story.claims if article_id in c.article_ids)


def test_two_independent_origins_corroborate(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": FACT_A, "b": FACT_B})
    claim = group_of(story, "a")
    assert claim.status == "corroborated" and claim.independent_sources == 2
    assert set(claim.article_ids) == {"a", "b"}
    assert {c.article_id for c in claim.citations} == {"a", "b"}


def test_copies_of_one_origin_count_once(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": FACT_A, "b": FACT_B, "c": FACT_A}, origin_groups=[["a", "c"], ["b"]])
    claim = group_of(story, "a")
    assert claim.independent_sources == 2 and claim.origin_groups == [0, 1]
    story, _ = crosscheck({"a": FACT_A, "c": FACT_A}, origin_groups=[["a", "c"]])
    claim = group_of(story, "a")
    assert claim.status == "single_source" and claim.independent_sources == 1
    assert set(claim.article_ids) == {"a", "c"}


def test_unrelated_claims_stay_apart(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {"a": FACT_A, "b": "The harbour council will meet next week to discuss a new pier."}
    )
    assert all(len(c.article_ids) == 1 for c in story.claims)


def test_a_contradiction_is_not_an_agreement(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The coast guard rescued 30 passengers from the ferry near Oskar Point.",
            "b": "The coast guard rescued 80 passengers from the ferry near Oskar Point.",
        }
    )
    assert all(len(c.article_ids) == 1 for c in story.claims)


def test_claim_citations_are_exact(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, articles = crosscheck({"a": FACT_A, "b": FACT_B, "c": FACT_C})
    texts = {a.id: a.text for a in articles}
    for claim in story.claims:
        for c in claim.citations:
            assert texts[c.article_id][c.start : c.end] == c.text


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.sampled_from([FACT_A, FACT_B, FACT_C, "Who knows?", "Share this article", "\n"]), max_size=6)
)
def test_any_mix_of_sentences_gives_valid_citations(crosscheck, parts: list[str]) -> None:  # type: ignore[no-untyped-def]
    texts = {"a": " ".join(parts), "b": "\n".join(reversed(parts))}
    story, articles = crosscheck(texts)
    src = {a.id: a.text for a in articles}
    for item in [*story.claims, *story.discrepancies, *story.briefing]:
        for c in item.citations:
            assert src[c.article_id][c.start : c.end] == c.text
