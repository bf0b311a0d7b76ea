"""Quote drift: widened, narrowed, reworded, paraphrase in quotation marks; and what is not drift."""

from __future__ import annotations

WIRE = (
    "Harbour master Lena Ostrova said that repairing the pier would require "
    "\u201ca full survey of the pilings and a new permit from the ministry.\u201d"
)


def quote_flags(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "quote"]


def test_widened_quotation_is_flagged_with_the_widened_words(crosscheck) -> None:  # type: ignore[no-untyped-def]
    widened = (
        "Harbour master Lena Ostrova said, \u201cRepairing the pier would require a full survey of the "
        "pilings and a new permit from the ministry.\u201d"
    )
    story, _ = crosscheck({"a": WIRE, "b": widened})
    [d] = quote_flags(story)
    assert "Repairing the pier would require" in d.description
    assert {c.article_id for c in d.citations} == {"a", "b"}
    assert any("Repairing the pier would require" in c.text for c in d.citations)


def test_unclosed_quotation_is_still_compared(crosscheck) -> None:  # type: ignore[no-untyped-def]
    widened = (
        "Harbour master Lena Ostrova said, \u201cRepairing the pier would require a full survey of the "
        "pilings and a new permit from the ministry.\nThe pier has been closed since Monday."
    )
    story, _ = crosscheck({"a": WIRE, "b": widened})
    assert len(quote_flags(story)) == 1


def test_partial_quotation_is_not_drift(crosscheck) -> None:  # type: ignore[no-untyped-def]
    partial = "Ostrova said repairs need \u201ca full survey of the pilings\u201d before work can start."
    story, _ = crosscheck({"a": WIRE, "b": partial})
    assert quote_flags(story) == []


def test_identical_quotations_are_not_drift(crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = (
        "Repairs, Lena Ostrova said, would require \u201ca full survey of the pilings and a new permit "
        "from the ministry.\u201d"
    )
    story, _ = crosscheck({"a": WIRE, "b": other})
    assert quote_flags(story) == []


def test_reworded_quotation_is_flagged(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "\u201cWe have never lost a pier like this in thirty years,\u201d Lena Ostrova said.",
            "b": "\u201cIn thirty years we have never seen a pier go down like this,\u201d Lena Ostrova said.",
        }
    )
    [d] = quote_flags(story)
    assert "worded differently" in d.description
    assert "lost a pier" in d.description and "go down" in d.description


def test_paraphrase_presented_as_quotation(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Ostrova said the pier would stay closed until the divers finished their survey of the pilings. "
            "\u201cIt is a sad day for the town,\u201d the mayor said.",
            "b": 'Ostrova said "the pier would stay closed until the divers finished their survey of the pilings."',
        }
    )
    [d] = quote_flags(story)
    assert "paraphrase" in d.description and {c.article_id for c in d.citations} == {"a", "b"}


def test_a_text_that_lost_all_its_quotation_marks_is_no_evidence_of_paraphrase(crosscheck) -> None:  # type: ignore[no-untyped-def]
    # Plain-text exports often drop every quotation mark: the same words unquoted there say
    # nothing about how the other report quoted them.
    story, _ = crosscheck(
        {
            "a": "Ostrova said the pier would stay closed until the divers finished their survey of the pilings. "
            "It is a sad day for the town, the mayor said.",
            "b": 'Ostrova said "the pier would stay closed until the divers finished their survey of the pilings."',
        }
    )
    assert quote_flags(story) == []


def test_two_remarks_that_share_only_function_words_are_not_one_quotation(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "\u201cWe have no information on the cause or the timing,\u201d Lena Ostrova said.",
            "b": "\u201cWe just don't have any leads at all as far as the cause or the timing goes,\u201d "
            "Lena Ostrova said.",
        }
    )
    assert quote_flags(story) == []


def test_a_short_quotation_is_not_a_rewording_of_a_long_passage_naming_the_same_things(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "\u201cWe love Lena Ostrova's wonderful Harlow Pier novels,\u201d said Piet Vander.",
            "b": "\u201cSources told the Harlow Gazette that the studio is about to hire a new director for "
            "the second film made from Lena Ostrova's best-selling Harlow Pier novels, and that "
            "shooting will start in the spring,\u201d said Piet Vander.",
        }
    )
    assert quote_flags(story) == []


def test_british_and_american_spellings_of_one_quotation_are_no_drift(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "\u201cHe probably realised the colour of the boat would give him away,\u201d Lena Ostrova said.",
            "b": "\u201cHe probably realized the color of the boat would give him away,\u201d Lena Ostrova said.",
        }
    )
    assert quote_flags(story) == []


def test_a_contraction_spelt_out_is_no_drift(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "\u201cTorches and pitchforks aren't going to be needed at the fibre plant,\u201d Lena Ostrova said.",
            "b": "\u201cTorches and pitchforks are not going to be needed at the fiber plant,\u201d Lena Ostrova said.",
        }
    )
    assert quote_flags(story) == []


def test_a_wider_quotation_that_another_origin_also_quotes_is_not_widened(crosscheck) -> None:  # type: ignore[no-untyped-def]
    widened = (
        "Harbour master Lena Ostrova said, \u201cRepairing the pier would require a full survey of the "
        "pilings and a new permit from the ministry.\u201d"
    )
    also_widened = (
        "\u201cRepairing the pier would require a full survey of the pilings and a new permit from the "
        "ministry,\u201d Ostrova told reporters at the harbour."
    )
    story, _ = crosscheck({"a": WIRE, "b": widened, "c": also_widened}, origin_groups=[["a"], ["b"], ["c"]])
    assert quote_flags(story) == []
    # the same wider words in a copy of the widening article are no confirmation
    story, _ = crosscheck({"a": WIRE, "b": widened, "c": also_widened}, origin_groups=[["a"], ["b", "c"]])
    assert {d.citations[0].article_id for d in quote_flags(story)} == {"b", "c"}


LONG_SURVEY = (
    "\u201cAlthough we have made real progress in rebuilding the harbour wall and training the new "
    "divers, we know there is far more work to do on the pilings and we owe the town a safe "
    "pier before the summer. As a board we thank every volunteer, every family and every skipper "
    "who kept the fleet working through the storms of the winter and the long closure,\u201d Lena Ostrova said."
)


def test_reworded_quotation_cut_off_by_its_excerpt_is_flagged(crosscheck) -> None:  # type: ignore[no-untyped-def]
    # the excerpt stops mid-word inside the quotation: compared with as much of the other as it has
    cut = "Lena Ostrova thanked the crews. \u201cAlthough we have made real progress in restoring the harbour wall and preparing the new div"
    story, _ = crosscheck({"a": LONG_SURVEY, "b": cut})
    [d] = quote_flags(story)
    assert "worded differently" in d.description and "restoring" in d.description


def test_a_quotation_cut_off_by_its_excerpt_in_the_same_words_agrees(crosscheck) -> None:  # type: ignore[no-untyped-def]
    cut = "Lena Ostrova thanked the crews. \u201cAlthough we have made real progress in rebuilding the harbour wall and training the new div"
    story, _ = crosscheck({"a": LONG_SURVEY, "b": cut})
    assert quote_flags(story) == []
    # a closed, complete short quotation of the same passage is partial quoting, not rewording
    part = "Ostrova said \u201cwe have made real progress in rebuilding the harbour wall\u201d this year."
    story, _ = crosscheck({"a": LONG_SURVEY, "b": part})
    assert quote_flags(story) == []


STATEMENT = (
    "Council leader Ines Harrow said: \u201cOn behalf of the council I thank Pieter for his long service to "
    "the town. Pieter spent his early career at the harbour office, then came back at a hard moment for "
    "the port in 2019. He rebuilt the ferry timetable from nothing.\u201d"
)


def test_one_sentence_of_a_longer_quotation_reworded_is_flagged(crosscheck) -> None:  # type: ignore[no-untyped-def]
    reworded = (
        "Harrow praised him, saying: \u201cPieter's early career at the harbour office was formative, and his "
        "coming back in 2019 was vital for the port. As leader he drove new ideas across the whole office.\u201d"
    )
    story, _ = crosscheck({"a": STATEMENT, "b": reworded})
    [d] = quote_flags(story)
    assert "worded differently" in d.description
    assert "spent his early career" in d.description and "was formative" in d.description


def test_one_sentence_of_a_longer_quotation_quoted_alone_agrees(crosscheck) -> None:  # type: ignore[no-untyped-def]
    partial = (
        "\u201cPieter spent his early career at the harbour office, then came back at a hard moment for the "
        "port in 2019,\u201d Ines Harrow said. \u201cHe did a great deal for us.\u201d"
    )
    story, _ = crosscheck({"a": STATEMENT, "b": partial})
    assert quote_flags(story) == []


def test_another_sentence_of_one_speaker_on_the_same_subject_agrees(crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = (
        "Harrow added: \u201cThe port will name its new ferry after Pieter in 2025. The harbour office will "
        "hold a farewell for him on Friday.\u201d"
    )
    story, _ = crosscheck({"a": STATEMENT, "b": other})
    assert quote_flags(story) == []


def test_an_editors_words_in_brackets_are_not_rewording(crosscheck) -> None:  # type: ignore[no-untyped-def]
    a = "\u201cThe pilot boat turned (its bow) towards the drifting barge and hailed its crew,\u201d Lena Ostrova said."
    b = "\u201cThe pilot boat turned towards the drifting barge and hailed its crew,\u201d Lena Ostrova said."
    story, _ = crosscheck({"a": a, "b": b})
    assert quote_flags(story) == []
