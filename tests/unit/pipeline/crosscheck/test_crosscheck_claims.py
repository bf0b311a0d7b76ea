"""Atomic claims with slots."""

from __future__ import annotations

from newsloom.model import Article
from newsloom.pipeline.crosscheck.claims import attribution_of, split_claims
from newsloom.pipeline.crosscheck.quantities import find_numbers
from newsloom.pipeline.crosscheck.text import body_sentences


def claims_of(text: str) -> list:
    art = Article(id="a", source="-", text=text)
    return split_claims(art, body_sentences(art), find_numbers(art), [])


def test_a_sentence_with_two_facts_gives_two_claims() -> None:
    got = claims_of("About 120 sheep have drowned, and another 40 have been rescued, the ranger said.")
    assert [c.text for c in got] == [
        "About 120 sheep have drowned",
        "another 40 have been rescued, the ranger said.",
    ]
    assert all(c.slots.attributed_to == "the ranger" for c in got)
    assert got[0].slots.quantity == "About 120"


def test_a_compound_subject_is_not_split() -> None:
    got = claims_of("Harlow and Denby have signed a water treaty.")
    assert [c.text for c in got] == ["Harlow and Denby have signed a water treaty."]


def test_claim_offsets_cite_the_text() -> None:
    text = "The ferry sank near Oskar Point; all 30 passengers were rescued."
    for c in claims_of(text):
        assert text[c.start : c.end] == c.text
    assert [c.text for c in claims_of(text)] == [
        "The ferry sank near Oskar Point",
        "all 30 passengers were rescued.",
    ]


def test_slots() -> None:
    [c] = claims_of("The coast guard rescued 30 passengers near Oskar Point.")
    assert c.slots.actor == "The coast guard"
    assert c.slots.action == "rescued"
    assert c.slots.place == "Oskar Point"
    assert c.slots.quantity == "30"


def test_attribution() -> None:
    assert attribution_of("According to two lawmakers, the plan failed.") == "two lawmakers"
    assert attribution_of("The plan failed, the agency said.") == "the agency"
    assert attribution_of("The mayor said that the plan failed.") == "The mayor"
    assert attribution_of("The plan failed.") is None


def test_headings_and_questions_are_not_claims(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {"a": "Ferry Sinks Near Oskar Point\nThe ferry sank. Why did it sink?\nA new pier opened."}
    )
    texts = [c.text for c in story.claims]
    assert "Ferry Sinks Near Oskar Point" not in texts
    assert not any("Why" in t for t in texts)


def test_an_introductory_phrase_is_not_the_actor() -> None:
    [c] = claims_of("Since the storm of 1998, about 4,000 families have left the island.")
    assert c.slots.actor == "about 4,000 families"
    assert c.slots.action == "have left"
