from newsloom.pipeline.read.entities import entity_spans
from newsloom.pipeline.read.ner_rules import find_entities
from newsloom.pipeline.read.quotes import find_quotes
from newsloom.pipeline.read.sentences import split_sentences


def quotes(text: str) -> list[tuple[str, dict]]:
    ents = entity_spans(text, find_entities(text))
    return [(text[q.start : q.end], q.attrs) for q in find_quotes(text, split_sentences(text), ents)]


def test_curly_quote_with_speaker_after() -> None:
    ((words, attrs),) = quotes("“We will rebuild the pier,” spokeswoman Elsa Lind said.")
    assert words == "We will rebuild the pier"
    assert attrs["speaker"] == "Elsa Lind" and attrs["cue"] == "said"


def test_straight_quote_with_speaker_before() -> None:
    ((words, attrs),) = quotes('Mayor Tomas Brandt told reporters, "The budget is final."')
    assert words == "The budget is final."
    assert attrs["speaker"] == "Tomas Brandt" and attrs["cue"] == "told"


def test_inverted_said_and_honorific() -> None:
    text = "Tomas Brandt arrived. “Nobody expected this,” said Mr. Brandt."
    ((_, attrs),) = quotes(text)
    assert (
        attrs["speaker"] == "Brandt"
        and attrs["honorific"] == "Mr."
        and attrs["speaker_reference"] == "Mr. Brandt"
    )


def test_partial_quote_inside_a_sentence() -> None:
    ((words, _),) = quotes("Elsa Lind called the plan “a costly mistake” on the radio, she said.")
    assert words == "a costly mistake"


def test_pronoun_back_reference_keeps_the_pronoun() -> None:
    text = "Elsa Lind visited the site with Tomas Brandt. She added that “repairs start now.”"
    ((_, attrs),) = quotes(text)
    assert attrs["speaker"] == "Elsa Lind" and attrs["pronoun"] == "she"


def test_according_to_and_organisation_speakers() -> None:
    text = "According to the Coastal Agency, “the levels are safe.” The Coastal Agency said the beach “will reopen soon.”"
    got = quotes(text)
    assert [a["speaker"] for _, a in got] == ["Coastal Agency", "Coastal Agency"]


def test_unclosed_quote_runs_to_paragraph_end() -> None:
    text = 'Tomas Brandt said, "We tried everything. Nothing worked\nThe next paragraph.'
    ((words, _),) = quotes(text)
    assert words == "We tried everything. Nothing worked"


def test_quote_spanning_sentences_and_continuation() -> None:
    text = "“The wall held,” Elsa Lind said. “Then the water rose. We ran.”"
    got = quotes(text)
    assert [w for w, _ in got] == ["The wall held", "Then the water rose. We ran."]
    assert got[1][1]["speaker"] == "Elsa Lind"


def test_single_quoted_words_without_cue_are_terms_not_quotes() -> None:
    assert quotes("The so-called “Lighthouse” plan was shelved.") == []


def test_titles_may_stand_between_cue_and_name() -> None:
    ((_, attrs),) = quotes("“The road is shut,” said Mayor Ines Vale, who closed it herself.")
    assert attrs["speaker"] == "Ines Vale"


def test_subject_wins_over_places_in_the_apposition() -> None:
    text = "Rosa Kemp, 71, who has lived on Mill Lane for years, said: “I lost the piano.”"
    ((_, attrs),) = quotes(text)
    assert attrs["speaker"] == "Rosa Kemp"


def test_a_closing_mark_without_its_opening_does_not_open_a_quote() -> None:
    """Text pasted one sentence per line loses opening marks; the attribution is not a quote."""
    text = (
        'the crew turned back before dawn," harbour master Elsa Lind said.\n'
        '"The rescue boats are back in port," Lind said.'
    )
    assert [words for words, _ in quotes(text)] == ["The rescue boats are back in port"]


def test_a_quotation_introduced_by_a_colon_belongs_to_the_subject_before_it() -> None:
    text = (
        'Elsa Lind, the harbour master, said the repairs were "long overdue and badly planned."\n'
        "Tomas Brandt, the mayor, was blunt:\n"
        '"We will see them in court."'
    )
    assert [(w, a["speaker"]) for w, a in quotes(text)][-1] == ("We will see them in court.", "Tomas Brandt")


def test_the_name_right_before_the_cue_is_the_speaker() -> None:
    text = (
        "Prosecutor Elsa Lind told reporters after a hearing where defence lawyer Tomas Brandt said "
        "his client was \u201csettled in the clinic\u201d by then."
    )
    ((words, attrs),) = quotes(text)
    assert words == "settled in the clinic" and attrs["speaker"] == "Tomas Brandt"
