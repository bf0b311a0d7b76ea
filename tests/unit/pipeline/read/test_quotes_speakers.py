"""Who said it: the subject of the attribution, relative clauses, modifiers and descriptions."""

from typing import Any

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Span, Story
from newsloom.pipeline.read import read_article, read_story
from newsloom.pipeline.read.entities import entity_spans
from newsloom.pipeline.read.ner_rules import find_entities
from newsloom.pipeline.read.quotes import description_fits, find_quotes
from newsloom.pipeline.read.sentences import split_sentences

RULES = AnalyzeConfig(nlp="rules")


def quotes(text: str) -> list[tuple[str, dict[str, Any]]]:
    ents = entity_spans(text, find_entities(text))
    return [(text[q.start : q.end], q.attrs) for q in find_quotes(text, split_sentences(text), ents)]


def quotes_with(text: str, entities: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Quotes of ``text`` given hand-made entity mentions (surface, label), first occurrences."""
    spans = []
    for surface, label in entities:
        start = text.index(surface)
        spans.append(Span(start=start, end=start + len(surface), label=label))
    spans.sort(key=lambda s: s.start)
    return [q.attrs for q in find_quotes(text, split_sentences(text), spans)]


def test_relative_clause_after_the_name_is_skipped() -> None:
    text = "“We will reopen the pier on Friday,” Elsa Lind, who heads the Harbour Board, said."
    ((_, attrs),) = quotes(text)
    assert attrs["speaker"] == "Elsa Lind"


def test_person_in_apposition_beats_the_organisation() -> None:
    text = "“The pier is safe,” Elsa Lind, spokesperson for the Harbour Board, said."
    ((_, attrs),) = quotes(text)
    assert attrs["speaker"] == "Elsa Lind"


def test_titled_person_after_possessive_organisation() -> None:
    text = "“The pier is safe,” the Harbour Board's director Elsa Lind told reporters."
    ((_, attrs),) = quotes(text)
    assert attrs["speaker"] == "Elsa Lind"


def test_organisation_subject_with_relative_clause_keeps_the_organisation() -> None:
    text = (
        "The Fisheries Ministry, which handles cross-border trawling disputes, stressed that any deal "
        "would need “a full review by the courts and the neighbouring states.”"
    )
    (attrs,) = quotes_with(text, [("Fisheries Ministry", "ORG"), ("cross-border", "NORP")])
    assert attrs["speaker"] == "Fisheries Ministry" and attrs["cue"] == "stressed"
    # a person named inside the relative clause is not the subject either
    text = (
        "The Fisheries Ministry, which answers to Ada Korr, stressed that any deal "
        "would need “a full review by the courts and the neighbouring states.”"
    )
    ((_, attrs),) = quotes(text)
    assert attrs["speaker"] == "Fisheries Ministry"


def test_a_modifier_is_never_a_speaker() -> None:
    # lower-case adjective, and a nationality followed by the noun it describes
    text = "Delegates at the inter-Alpine talks said “the border stays open for now.”"
    (attrs,) = quotes_with(text, [("inter-Alpine", "NORP")])
    assert attrs["speaker"] is None
    text = "Several Tessan fishermen told the inquiry “the nets were cut at night.”"
    (attrs,) = quotes_with(text, [("Tessan", "NORP")])
    assert attrs["speaker"] is None


def test_a_group_named_as_subject_may_speak() -> None:
    text = "Several Tessans later told the inquiry “the nets were cut at night.”"
    (attrs,) = quotes_with(text, [("Tessans", "NORP")])
    assert attrs["speaker"] == "Tessans"


def test_introductory_clause_is_not_the_subject() -> None:
    text = "After meeting Tomas Brandt on Monday, Elsa Lind said the pier would “reopen within a week.”"
    ((_, attrs),) = quotes(text)
    assert attrs["speaker"] == "Elsa Lind"
    text = "In a statement on Monday, the Harbour Board said the pier would “reopen within a week.”"
    ((_, attrs),) = quotes(text)
    assert attrs["speaker"] == "Harbour Board"


def test_pronoun_resolves_to_the_nearest_person_even_when_typed_as_organisation() -> None:
    text = (
        "Floods reached Tessport before dawn. The Harbour Board's director, Elsa Lind, said repairs "
        "would start soon.\n“We are ready for the next tide,” she said."
    )
    # the model typed the place as a person and the person as an organisation
    (attrs,) = quotes_with(text, [("Tessport", "PERSON"), ("Harbour Board", "ORG"), ("Elsa Lind", "ORG")])
    assert attrs["speaker"] == "Elsa Lind" and attrs["pronoun"] == "she"


def test_description_resolves_to_the_one_fitting_organisation() -> None:
    text = (
        "The Tessa Valley Water Authority opened the sluices on Monday.\n"
        "The water authority said in a statement: “Keep off the towpath until the level drops.”"
    )
    ((_, attrs),) = quotes(text)
    assert attrs["speaker"] == "Tessa Valley Water Authority"
    assert attrs["speaker_reference"] == "The water authority"


def test_spokesperson_for_the_organisation_resolves_to_it() -> None:
    text = (
        "The Tessa Valley Water Authority opened the sluices on Monday.\n"
        "A spokesperson for the authority added: “Crews are working through the night.”"
    )
    ((_, attrs),) = quotes(text)
    assert attrs["speaker"] == "Tessa Valley Water Authority"


def test_ambiguous_description_is_not_guessed() -> None:
    text = (
        "The Tessa Power Authority and the Tessa Valley Water Authority met on Monday.\n"
        "The authority said: “No decision has been taken yet on the sluices.”"
    )
    ((_, attrs),) = quotes(text)
    assert attrs["speaker"] is None and attrs["speaker_description"] == "authority"


def test_description_that_is_not_the_subject_is_not_a_speaker() -> None:
    text = (
        "The Tessa Valley Water Authority opened the sluices on Monday.\n"
        "Residents who rent from the authority said: “Nobody warned us about the water.”"
    )
    ((_, attrs),) = quotes(text)
    assert attrs["speaker"] is None


def test_description_fits_needs_head_noun_and_modifiers() -> None:
    assert description_fits("regional water authority", "Tessa Water Authority")
    assert not description_fits("water authority", "Tessa Power Authority")
    assert not description_fits("authority", "Tessa Valley Water Board")


def test_story_resolves_a_description_from_another_article() -> None:
    a = read_article(
        Article(id="a", source="a", text="The Tessa Valley Water Authority closed the towpath on Monday."),
        RULES,
    )
    b = read_article(
        Article(
            id="b",
            source="b",
            text="The water authority said in a statement: “Keep off the towpath until the level drops.”",
        ),
        RULES,
    )
    assert b.annotations["quotes"][0].attrs["speaker"] is None
    story, (_, b2) = read_story(Story(id="s", article_ids=["a", "b"]), [a, b], RULES)
    assert b2.annotations["quotes"][0].attrs["speaker"] == "Tessa Valley Water Authority"
    assert [q.speaker for q in story.quotes or []] == ["Tessa Valley Water Authority"]


def test_a_quotation_broken_over_two_lines_keeps_its_speaker() -> None:
    # Scraped text often breaks a line inside a quotation; the cue after the closing mark on the
    # next line names its speaker, not the previous quotation's.
    text = (
        "“We are thrilled to have her,” said Piet Vander.\n"
        "“I am so excited to be back on the pier.\n"
        "You know what they say, the third time is the charm,” said Anna Roos."
    )
    got = quotes_with(text, [("Piet Vander", "PERSON"), ("Anna Roos", "PERSON")])
    assert [q["speaker"] for q in got] == ["Piet Vander", "Anna Roos"]


def test_a_possessive_name_is_not_the_speaker() -> None:
    text = "“The board will miss her,” Lind's spokesman told reporters."
    (attrs,) = quotes_with(text, [("Lind", "PERSON")])
    assert attrs["speaker"] is None
    text = "Board chair Piet Vander issued this statement on Lind's departure: “We wish her well.”"
    (attrs,) = quotes_with(text, [("Piet Vander", "PERSON"), ("Lind", "PERSON")])
    assert attrs["speaker"] == "Piet Vander"


def test_the_name_after_told_is_who_was_told() -> None:
    text = "“The pier will reopen,” the spokesman told Harbour Weekly."
    (attrs,) = quotes_with(text, [("Harbour Weekly", "ORG")])
    assert attrs["speaker"] is None


def test_a_name_the_reader_missed_beside_the_cue_is_still_the_speaker() -> None:
    text = "“We acted fast,” Anna Roos said.\n“Even so, the work is not over,” Reavey said."
    got = quotes_with(text, [("Anna Roos", "PERSON")])
    assert [(q["speaker"], q["cue"]) for q in got] == [("Anna Roos", "said"), ("Reavey", "said")]


def test_a_cue_whose_speaker_cannot_be_read_does_not_continue_the_last_speaker() -> None:
    text = "“We acted fast,” Anna Roos said.\n“Even so, the work is not over,” one of them said."
    got = quotes_with(text, [("Anna Roos", "PERSON")])
    assert [q["speaker"] for q in got] == ["Anna Roos", None]
