"""Attribution conflicts, and name variants that are one speaker."""

from __future__ import annotations

from newsloom.model import Entity, Span

QUOTE = "\u201cThe pilings were rotten long before the storm came,\u201d"


def flags(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "attribution"]


def test_same_words_given_to_different_people(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": f"{QUOTE} Lena Ostrova said on Friday.",
            "b": f"{QUOTE} Piet Vander said on Friday.",
        }
    )
    [d] = flags(story)
    assert "Lena Ostrova" in d.description and "Piet Vander" in d.description


def test_spelling_variants_are_one_speaker(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": f"{QUOTE} Seo Min-jun said on Friday.",
            "b": f"{QUOTE} Seo Minjun said on Friday.",
            "c": f"{QUOTE} Seo said on Friday.",
        }
    )
    assert flags(story) == []


def test_entity_aliases_are_one_speaker(crosscheck) -> None:  # type: ignore[no-untyped-def]
    ents = [Entity(name="Andriy Holub", type="PERSON", aliases=["Andrii Holub"])]
    story, _ = crosscheck(
        {"a": f"{QUOTE} Andriy Holub said on Friday.", "b": f"{QUOTE} Andrii Holub said on Friday."},
        entities=ents,
    )
    assert flags(story) == []


def test_an_organisation_and_its_spokesperson_are_not_a_conflict(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {"a": f"{QUOTE} Lena Ostrova said on Friday.", "b": f"{QUOTE} the Harbour Authority said on Friday."}
    )
    assert flags(story) == []


def test_pronoun_contradicting_the_honorific(crosscheck) -> None:  # type: ignore[no-untyped-def]
    a = "Piet Vander runs the harbour. Mr. Vander said the pier would reopen."
    b_text = "\u201cWe will reopen the pier in May,\u201d she said."
    q = Span(
        start=1,
        end=b_text.index("\u201d"),
        label="quote",
        attrs={"speaker": "Piet Vander", "speaker_reference": "she", "pronoun": "she", "honorific": None},
    )
    ents = [Entity(name="Piet Vander", type="PERSON", aliases=["Vander", "Mr. Vander"])]
    story, _ = crosscheck(
        {"a": a, "b": b_text}, fields={"b": {"annotations": {"quotes": [q]}}}, entities=ents
    )
    [d] = flags(story)
    assert "'Mr. Vander'" in d.description and "'she'" in d.description
    assert {c.article_id for c in d.citations} == {"a", "b"}


def test_a_shared_surname_is_not_placed(crosscheck) -> None:  # type: ignore[no-untyped-def]
    ents = [
        Entity(name="Andriy Holub", type="PERSON"),
        Entity(name="Marta Holub", type="PERSON"),
    ]
    story, _ = crosscheck(
        {"a": "Mr. Holub spoke at the dam.", "b": "Ms. Holub spoke at her house."}, entities=ents
    )
    assert flags(story) == []
