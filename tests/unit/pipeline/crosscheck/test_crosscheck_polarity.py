"""Polarity flips and headlines contradicted by their own text."""

from __future__ import annotations


def flags(story, kind: str) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == kind]


def test_negated_claim_against_its_affirmation(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The two stranded sailors asked for asylum in Harlow, the coast guard said.",
            "b": "The two stranded sailors did not ask for asylum in Harlow, the coast guard said.",
        }
    )
    [d] = flags(story, "polarity")
    assert {c.article_id for c in d.citations} == {"a", "b"}
    assert any(c.status == "conflicting" for c in story.claims)


def test_two_negations_agree(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The two stranded sailors have not asked for asylum in Harlow.",
            "b": "The two stranded sailors expressed no wish to ask for asylum in Harlow.",
        }
    )
    assert flags(story, "polarity") == []


def test_different_wishes_of_two_people_are_not_a_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "One of the sailors wants to stay in Harlow, but the other wants to go home.",
            "b": "At least one of the sailors wants to remain in Harlow.",
        }
    )
    assert story.discrepancies == []


def test_conditions_are_not_flips(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The sailors have not asked for asylum in Harlow.",
            "b": "The agency would help should the sailors ask for asylum in Harlow.",
        }
    )
    assert flags(story, "polarity") == []


def test_headline_contradicted_by_a_figure(crosscheck) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Storm floods 12 homes in Harlow\nThe storm flooded the harbour district, and 21 homes were flooded."
    )
    story, _ = crosscheck({"a": text}, fields={"a": {"title": "Storm floods 12 homes in Harlow"}})
    [d] = flags(story, "headline")
    assert d.internal and "'12'" in d.description and "'21'" in d.description
    assert d.citations[0].text == "Storm floods 12 homes in Harlow"


def test_headline_contradicted_by_a_negation(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {"a": "The Harlow pier has not reopened to visitors, the council said on Monday."},
        fields={"a": {"title": "Harlow pier reopened to visitors"}},
    )
    assert len(flags(story, "headline")) == 1


def test_headline_the_body_supports(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {"a": "The two sailors have shown no interest in seeking asylum in Harlow."},
        fields={"a": {"title": "Stranded sailors reject asylum in Harlow"}},
    )
    assert flags(story, "headline") == []


def test_headline_figure_and_an_earlier_event_are_not_a_conflict(crosscheck) -> None:  # type: ignore[no-untyped-def]
    text = "The storm flooded 12 homes in Harlow on Sunday. Three homes were also flooded there in 2019."
    story, _ = crosscheck({"a": text}, fields={"a": {"title": "Storm floods 12 homes in Harlow"}})
    assert flags(story, "headline") == []


def test_negative_meaning_without_not_agrees_with_a_negation(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The injured skipper had yet to regain consciousness on Wednesday, the hospital said.",
            "b": "The injured skipper had not yet regained consciousness on Wednesday, the hospital said.",
        }
    )
    assert flags(story, "polarity") == []


def test_an_attempt_is_not_an_affirmation(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Fire investigators were at the warehouse on Monday trying to determine the cause of the blaze.",
            "b": "The cause of the warehouse blaze has not been determined, fire investigators said on Monday.",
        }
    )
    assert flags(story, "polarity") == []


def test_a_change_over_time_is_not_a_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Previously, ferry operators were required to inspect the hulls of their boats every year.",
            "b": "The new rules do not require ferry operators to inspect the hulls of their boats every year.",
        }
    )
    assert flags(story, "polarity") == []


def test_what_a_source_would_not_say_is_not_a_denial(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Police said Piet Vander had been refused a boat licence in May but it was not clear why.",
            "b": "Piet Vander was refused a boat licence in May, said police, who would not say why it was refused.",
        }
    )
    assert flags(story, "polarity") == []


def test_a_contraction_without_its_apostrophe_still_negates(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "\u201cI cant speak for the first rescue, but this one looks like bad luck,\u201d Vander said.",
            "b": "\u201cI can't speak for the first rescue, but this one looks like bad luck,\u201d Vander said.",
        }
    )
    assert flags(story, "polarity") == []


def test_none_of_them_negates_what_they_did_not_what_they_are(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Other clubs bidding for Okafor are Harlow (five years) and Dunmore (six years).",
            "b": "None of the other clubs bidding for Okafor has been reported to have offered six years.",
        }
    )
    assert flags(story, "polarity") == []


def test_a_negation_about_someone_else_is_not_a_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The film's stars, Anna Roos and Lena Ostrova, are signed for the rest of the series.",
            "b": "Unlike stars Anna Roos and Lena Ostrova, director Piet Vander is not signed for the series.",
        }
    )
    assert flags(story, "polarity") == []


def test_not_just_x_but_y_is_no_negation(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {"a": "The Harlow ferry is not just a new boat but a new way of crossing the bay."},
        fields={"a": {"title": "Harlow ferry: a new boat, a new way of crossing"}},
    )
    assert flags(story, "headline") == []


def test_a_headline_plan_the_body_calls_off_agrees(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {"a": "Director Piet Vander has pulled out of talks to direct the Harlow sequel, his agent said."},
        fields={"a": {"title": "Piet Vander won't direct Harlow sequel"}},
    )
    assert flags(story, "headline") == []


def test_a_part_of_a_whole_agrees_with_the_headline_count(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {"a": "Two of three embassies in Harlow have been cleared after suspicious packages were found."},
        fields={"a": {"title": "Two embassies cleared after scare"}},
    )
    assert flags(story, "headline") == []


def test_not_known_yet_and_will_not_be_known_agree(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The results of the Harlow water tests won't be known for a few weeks.",
            "b": "The results of the Harlow water tests are not yet known.",
        }
    )
    assert flags(story, "polarity") == []


def test_none_of_a_list_of_names_negates_the_verb_after_it(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Other clubs in the race are Harlow Red Star (five years) and Dunmore (six years).",
            "b": "None of the other clubs in the race -- Harlow Red Star and Dunmore -- has been reported to "
            "have offered six years.",
        }
    )
    assert flags(story, "polarity") == []


# A negated verb contradicts its affirmation only when both say it of the same subject (and,
# where both give one, the same object), and only when neither side merely reports a rumour.


def test_a_rumour_and_its_dismissal_are_not_a_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "He was one of many Harlow aldermen rumoured for years to be the hidden source of "
            "Courier reporters Anna Roos and Lena Ostrova.",
            "b": "Mr. Okafor dismissed rumours that he was the hidden source, saying the hidden source of "
            "Courier reporters Anna Roos and Lena Ostrova was not one person but probably a group of aides.",
        }
    )
    assert flags(story, "polarity") == []


def test_rumoured_to_be_is_not_an_affirmation(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Alderman Okafor, rumoured to be the hidden source of the Harlow Courier, retired on Monday.",
            "b": "Alderman Okafor was not the hidden source of the Harlow Courier, he retired on Monday.",
        }
    )
    assert flags(story, "polarity") == []


def test_a_source_and_its_denial_still_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Alderman Okafor was the hidden source of the Harlow Courier, the paper said on Monday.",
            "b": "Alderman Okafor was not the hidden source of the Harlow Courier, the paper said on Monday.",
        }
    )
    assert len(flags(story, "polarity")) == 1


def test_one_verb_of_two_subjects_is_not_a_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Although results are pending for the breath test that Vander took, he has been charged "
            "and later released on bail.",
            "b": "Results of Vander's breath test have not been released.",
        }
    )
    assert flags(story, "polarity") == []


def test_a_named_subject_against_a_thing_is_not_a_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Piet Vander was released on Monday before the results of his breath test.",
            "b": "The results of Piet Vander's breath test were not released on Monday.",
        }
    )
    assert flags(story, "polarity") == []


def test_release_on_bail_and_its_denial_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Piet Vander was released on bail on Monday, Harlow police said.",
            "b": "Piet Vander was not released on bail on Monday, Harlow police said.",
        }
    )
    assert len(flags(story, "polarity")) == 1


def test_released_results_and_their_denial_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The results of Vander's breath test have been released, Harlow police said.",
            "b": "The results of Vander's breath test have not been released, Harlow police said.",
        }
    )
    assert len(flags(story, "polarity")) == 1


def test_an_arrest_and_its_denial_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The ferry's captain, Piet Vander, was arrested in Harlow on Monday.",
            "b": "The ferry's captain, Piet Vander, was not arrested in Harlow on Monday.",
        }
    )
    assert len(flags(story, "polarity")) == 1


def test_an_active_arrest_against_a_passive_denial_flips(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Harlow police arrested the ferry captain Piet Vander on Monday.",
            "b": "The ferry captain Piet Vander was not arrested by Harlow police on Monday.",
        }
    )
    assert len(flags(story, "polarity")) == 1


def test_an_active_arrest_against_an_active_denial_flips(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Harlow police arrested the ferry captain Piet Vander on Monday.",
            "b": "Harlow police did not arrest the ferry captain Piet Vander on Monday.",
        }
    )
    assert len(flags(story, "polarity")) == 1


def test_a_closure_and_its_denial_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The Harlow fish plant will close at the end of the year, its owners said on Monday.",
            "b": "The Harlow fish plant will not close at the end of the year, its owners said on Monday.",
        }
    )
    assert len(flags(story, "polarity")) == 1


def test_a_planned_closure_against_a_denied_one_is_not_a_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The owners plan to close the Harlow fish plant at the end of the year.",
            "b": "The owners did not close the Harlow fish plant at the end of the year.",
        }
    )
    assert flags(story, "polarity") == []


def test_an_arrest_of_someone_else_is_not_a_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The ferry's owner was arrested in Harlow on Monday after the sinking.",
            "b": "The ferry's captain was not arrested in Harlow on Monday after the sinking.",
        }
    )
    assert flags(story, "polarity") == []


def test_a_release_on_bail_against_a_release_from_hospital_is_not_a_flip(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Piet Vander was released from hospital in Harlow on Monday.",
            "b": "Piet Vander was not released on bail in Harlow on Monday.",
        }
    )
    assert flags(story, "polarity") == []


def test_a_denied_rumour_is_not_a_denial(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The Harlow fish plant closed at the end of the year, its owners said on Monday.",
            "b": "Rumours that the Harlow fish plant had not closed at the end of the year were wrong, "
            "its owners said on Monday.",
        }
    )
    assert flags(story, "polarity") == []


def test_a_dismissed_rumour_agrees_with_its_denial(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Alderman Okafor dismissed rumours that he was the hidden source of the Harlow Courier.",
            "b": "Alderman Okafor was not the hidden source of the Harlow Courier, he said.",
        }
    )
    assert flags(story, "polarity") == []


def test_an_active_denial_against_a_passive_arrest_flips(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The ferry captain Piet Vander was arrested by Harlow police on Monday.",
            "b": "Harlow police did not arrest the ferry captain Piet Vander on Monday.",
        }
    )
    assert len(flags(story, "polarity")) == 1
