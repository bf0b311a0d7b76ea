"""Claims are check-worthy statements: each rejection reason, and the real claim it must keep."""

from __future__ import annotations

import pytest

from newsloom.model import Article
from newsloom.pipeline.crosscheck.checkworthy import checkworthy_sentences, unworthy_reason
from newsloom.pipeline.crosscheck.text import body_sentences

# (sentence, reason it is left out, a real claim that looks like it and must be kept)
CASES = [
    ("Storm Warning For Brenmoor Coast", "heading", "The storm warning for the Brenmoor coast was lifted."),
    (
        "Will the dam hold through the night?",
        "question",
        "Engineers said the dam will hold through the night.",
    ),
    (
        "Sign up for our morning briefing on the floods.",
        "call_to_action",
        "Subscribers to the council's flood alerts rose to 4,000 last week.",
    ),
    ("Click here to watch the council meeting.", "call_to_action", "Clicks on the appeal page doubled."),
    (
        "Comments are moderated and may take a while to appear.",
        "site_notice",
        "The comments of the mayor were moderated by the chair.",
    ),
    ("Here's what we know so far.", "site_notice", "Police said they know who lit the fire."),
    (
        "Get our weekly newsletter in your inbox.",
        "site_notice",
        "The council sent a letter to 300 households on Monday.",
    ),
    (
        "We bring you the stories that matter to Brenmoor, so support our journalism today.",
        "first_person_promotion",
        '"We will rebuild the harbour wall," the mayor told residents.',
    ),
    (
        "Harbour master Ida Voss stands on the flooded quay in Brenmoor, Tuesday, March 4, 2025.",
        "caption",
        "The harbour reopened on Tuesday, March 4, 2025.",
    ),
    ("Quay after the storm (Brenmoor Post Photo/Tom Hale)", "caption", "The quay was damaged by the storm."),
    ("Tom Hale/REUTERS", "caption", "Tom Hale told Reuters the quay was damaged."),
    (
        "Reporting by Tom Hale; Editing by Ana Ruiz.",
        "credit_list",
        "Tom Hale was reporting from the quay when the wall gave way.",
    ),
    (
        "Ida Voss, Tom Hale, Ana Ruiz and Piet Brand.",
        "name_list",
        "Ida Voss, Tom Hale and Ana Ruiz were rescued from the quay.",
    ),
    ("2 cups flour, sifted.", "recipe", "Two pounds of cocaine were seized at the quay."),
    ("Preheat the oven to 180C.", "recipe", "The bakery's oven caught fire at 6 a.m., firefighters said."),
    (
        "the wall collapsed shortly after the second wave struck",
        "fragment",
        "The wall collapsed after a wave struck.",
    ),
    ("Hundreds of angry residents.", "fragment", "Hundreds of angry residents marched to the town hall."),
]


@pytest.mark.parametrize(("sentence", "reason", "_"), CASES)
def test_each_reason_leaves_its_sentence_out(sentence: str, reason: str, _: str) -> None:
    assert unworthy_reason(sentence, own_line=True) == reason


@pytest.mark.parametrize(("_", "__", "claim"), CASES)
def test_the_look_alike_real_claim_is_kept(_: str, __: str, claim: str) -> None:
    assert unworthy_reason(claim, own_line=True) is None


def test_names_written_in_lower_case_and_metadata_prefixes_are_not_fragments() -> None:
    assert unworthy_reason("eBay shares rose 5% after the results.") is None
    assert unworthy_reason("date 2025-03-04 The harbour wall in Brenmoor collapsed overnight.") is None


def test_a_first_person_statement_is_not_a_fragment() -> None:
    # "am" is a verb like "is": the shared auxiliaries of text.AUXILIARIES
    assert unworthy_reason('"I am in a very strong position in Brenmoor," the mayor said.') is None
    assert unworthy_reason('"I am sorry."') is None


def test_an_article_not_read_gives_no_claims() -> None:
    text = "The harbour wall in Brenmoor collapsed overnight. Twelve boats were damaged."
    foreign = Article(id="x", source="x.txt", text=text, read=False)
    kept, dropped = checkworthy_sentences(foreign, body_sentences(foreign))
    assert kept == [] and dropped == {"not_read": 2}
    english = Article(id="y", source="y.txt", text=text)
    kept, dropped = checkworthy_sentences(english, body_sentences(english))
    assert len(kept) == 2 and not dropped


def test_the_stage_counts_what_it_left_out(crosscheck) -> None:  # type: ignore[no-untyped-def]
    texts = {
        "a": "The harbour wall in Brenmoor collapsed overnight, officials said. Here's what we know so far.\n"
        "Harbour master Ida Voss stands on the flooded quay in Brenmoor, Tuesday, March 4, 2025.",
        "b": "Officials said the harbour wall in Brenmoor collapsed overnight.",
    }
    story, _ = crosscheck(texts)
    assert [c.text for c in story.claims or []] == [
        "The harbour wall in Brenmoor collapsed overnight, officials said."
    ]
    assert story.claims_left_out == {"caption": 1, "site_notice": 1}
