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


def _she_said_after(context: str, entities: list[Span]) -> list:  # type: ignore[type-arg]
    """Article b: ``context`` then a "she said" quotation we resolved to Piet Vander."""
    quote = "\u201cWe will reopen the pier in May,\u201d she said."
    b_text = f"{context} {quote}"
    start = b_text.index("\u201c") + 1
    q = Span(
        start=start,
        end=b_text.index("\u201d"),
        label="quote",
        attrs={"speaker": "Piet Vander", "speaker_reference": "she", "pronoun": "she", "honorific": None},
    )
    ents = [Entity(name="Piet Vander", type="PERSON", aliases=["Vander", "Mr. Vander"])]
    return [
        {"a": "Piet Vander runs the harbour. Mr. Vander said the pier would reopen.", "b": b_text},
        {"b": {"annotations": {"quotes": [q], "entities": entities}}},
        ents,
    ]


def test_she_said_next_to_another_person_is_not_held_against_mr_vander(crosscheck) -> None:  # type: ignore[no-untyped-def]
    context = "Piet Vander was away. His deputy, Anna Roos, met the ferry crews."
    roos = context.index("Anna Roos")
    persons = [
        Span(start=roos, end=roos + len("Anna Roos"), label="PERSON", attrs={"canonical": "Anna Roos"})
    ]
    texts, fields, ents = _she_said_after(context, persons)
    story, _ = crosscheck(texts, fields=fields, entities=ents)
    assert flags(story) == []


def test_she_said_next_to_a_woman_is_not_held_against_mr_vander(crosscheck) -> None:  # type: ignore[no-untyped-def]
    texts, fields, ents = _she_said_after("Piet Vander was away. A woman selling tickets was asked.", [])
    story, _ = crosscheck(texts, fields=fields, entities=ents)
    assert flags(story) == []


def test_she_said_with_no_one_else_around_is_still_flagged(crosscheck) -> None:  # type: ignore[no-untyped-def]
    context = "Piet Vander spoke at the harbour office on Monday."
    vander = context.index("Piet Vander")
    persons = [Span(start=vander, end=vander + 11, label="PERSON", attrs={"canonical": "Piet Vander"})]
    texts, fields, ents = _she_said_after(context, persons)
    story, _ = crosscheck(texts, fields=fields, entities=ents)
    [d] = flags(story)
    assert "'she'" in d.description


def test_a_surname_misspelt_by_one_letter_is_one_speaker(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {"a": f"{QUOTE} Lena Ostrova said on Friday.", "b": f"{QUOTE} Lena Ostrowa said on Friday."}
    )
    assert flags(story) == []
    story, _ = crosscheck(
        {"a": f"{QUOTE} Anna Roos said on Friday.", "b": f"{QUOTE} Anna Ross said on Friday."}
    )
    assert len(flags(story)) == 1  # a four-letter surname one letter apart may be another person


def test_he_and_she_inside_one_article_are_not_held_against_each_other(crosscheck) -> None:  # type: ignore[no-untyped-def]
    # An interview with a couple: our reading of who each "she says" / "he says" is can slip
    # inside one article; only two reports that disagree about one person are a discrepancy.
    text = "Piet Vander runs the harbour. Mr. Vander said the pier would reopen."
    quote = "\u201cWe will reopen the pier in May,\u201d she said."
    b_text = f"{text} {quote}"
    q = Span(
        start=b_text.index("\u201c") + 1,
        end=b_text.index("\u201d"),
        label="quote",
        attrs={"speaker": "Piet Vander", "speaker_reference": "she", "pronoun": "she", "honorific": None},
    )
    ents = [Entity(name="Piet Vander", type="PERSON", aliases=["Vander", "Mr. Vander"])]
    story, _ = crosscheck(
        {"a": "The pier closed.", "b": b_text}, fields={"b": {"annotations": {"quotes": [q]}}}, entities=ents
    )
    assert flags(story) == []


def test_a_couple_named_by_title_in_two_reports_is_not_a_conflict(crosscheck) -> None:  # type: ignore[no-untyped-def]
    # "Lady Vander" is the wife of "Sir Piet"; no quotation is attributed to either.
    ents = [Entity(name="Piet Vander", type="PERSON", aliases=["Vander", "Sir Piet"])]
    story, _ = crosscheck(
        {
            "a": "The funeral of Sir Piet Vander will be held on Friday.",
            "b": "The prime minister paid tribute to Lady Vander, calling her a remarkable person.",
        },
        entities=ents,
    )
    assert flags(story) == []


def test_a_short_stock_phrase_from_two_people_is_not_a_conflict(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "\u201cWe will see them in court,\u201d Lena Ostrova said on Friday.",
            "b": "\u201cWe will see them in court,\u201d Piet Vander said on Friday.",
        }
    )
    assert flags(story) == []


def test_a_joint_statement_given_to_either_signatory_is_not_a_conflict(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": f"{QUOTE} said Lena Ostrova and Piet Vander, the harbour's two owners.",
            "b": f"Piet Vander and Lena Ostrova issued a statement. {QUOTE} Piet Vander said.",
        }
    )
    assert flags(story) == []
