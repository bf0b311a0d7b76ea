"""Corroboration across differently worded independent reports: shared quotation, shared figure,
same actor and action; and the pairs that must stay apart (opposite polarity, other numbers,
other actors). All texts are written here."""

from __future__ import annotations

from newsloom.model import Entity
from newsloom.pipeline.crosscheck.matching import action_offsets, same_quotation


def claim_with(story, article_id: str, word: str):  # type: ignore[no-untyped-def]
    return next(c for c in story.claims if article_id in c.article_ids and word in c.text)


def joined(story, a: str, b: str, word: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether the claim of ``a`` holding ``word`` is grouped with a claim of ``b``."""
    return b in claim_with(story, a, word).article_ids


# --- rule 1: a shared quotation of one speaker ---

QUOTE_A = (
    "Mayor Ana Ruiz told the council on Monday that the city "
    "\u201cwill put a new electric bus on every route before the winter\u201d."
)
QUOTE_B = (
    "Speaking on local radio, Ruiz repeated her pledge: "
    "\u201cWe will put a new electric bus on every route before the winter.\u201d"
)


def test_same_quotation_of_one_speaker_corroborates(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": QUOTE_A, "b": QUOTE_B})
    claim = claim_with(story, "a", "electric")
    assert set(claim.article_ids) == {"a", "b"}
    assert claim.status == "corroborated" and claim.independent_sources == 2


def test_negated_quotation_does_not_match() -> None:
    assert same_quotation("will put a new electric bus on every route", "We will put a new electric bus")
    assert not same_quotation("we will close the old depot in spring", "we will keep the old depot open")


def test_quotation_negated_on_one_side_stays_apart(crosscheck) -> None:  # type: ignore[no-untyped-def]
    negated = (
        "Speaking on local radio, Ruiz admitted: "
        "\u201cWe will not put a new electric bus on every route before the winter.\u201d"
    )
    story, _ = crosscheck({"a": QUOTE_A, "b": negated})
    assert not any(c.status == "corroborated" for c in story.claims)


# --- rule 2: a shared figure of one event ---

COUNT_A = "Officials in Tarvo said approximately 120 miners have died in the collapse."
COUNT_B = "Rescuers at the Tarvo pit reported that around 120 were killed when the tunnel caved in."


def test_agreeing_count_of_one_event_corroborates(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": COUNT_A, "b": COUNT_B})
    assert joined(story, "a", "b", "120")
    assert claim_with(story, "a", "120").status == "corroborated"


def test_vague_count_supports_exact_one(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Health officials in Marrow County said 2,700 residents were injured in the floods.",
            "b": "The floods in Marrow County left thousands of residents wounded over the weekend.",
        }
    )
    assert joined(story, "a", "b", "2,700")


def test_different_numbers_stay_apart(crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = "Rescuers at the Tarvo pit reported that around 40 were killed when the tunnel caved in."
    story, _ = crosscheck({"a": COUNT_A, "b": other})
    assert not joined(story, "a", "b", "120")


def test_same_number_of_another_event_stays_apart(crosscheck) -> None:  # type: ignore[no-untyped-def]
    injured = "Rescuers at the Tarvo pit reported that around 120 were injured when the tunnel caved in."
    story, _ = crosscheck({"a": COUNT_A, "b": injured})
    assert not joined(story, "a", "b", "120")


def test_count_with_opposite_polarity_stays_apart(crosscheck) -> None:  # type: ignore[no-untyped-def]
    denied = "Rescuers at the Tarvo pit denied that around 120 were killed when the tunnel caved in."
    story, _ = crosscheck({"a": COUNT_A, "b": denied})
    assert not any(c.status == "corroborated" for c in story.claims)


def test_split_second_count_keeps_facts_apart(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Officials in Tarvo said approximately 120 miners have died in the collapse.",
            "b": "Hospital staff in Tarvo said 900 miners were injured.",
            "c": "Rescuers in Tarvo said around 120 have been killed alongside hundreds wounded.",
        }
    )
    assert joined(story, "a", "c", "120") and joined(story, "b", "c", "900")
    assert not joined(story, "a", "b", "120")


# --- rule 3: one actor, one action, one object ---

ACT_A = (
    "Premier Lina Osei said her government is ready to swap the detained sailors for fishermen held abroad."
)
ACT_B = (
    "In a televised address, Lina Osei offered to exchange the sailors in return for the jailed fishermen."
)


def test_same_actor_synonymous_action_corroborates(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": ACT_A, "b": ACT_B})
    assert joined(story, "a", "b", "swap")


def test_aliases_of_one_actor_match(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The Coastal Security Bureau questioned the two crew members for six hours.",
            "b": "Investigators from the CSB took part in the interrogation of the crew members, they said.",
        },
        entities=[Entity(name="Coastal Security Bureau", type="ORG", aliases=["CSB"])],
    )
    assert joined(story, "a", "b", "questioned")


def test_same_action_by_another_actor_stays_apart(crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = "In a televised address, Paul Brandt offered to exchange the sailors in return for the jailed fishermen."
    story, _ = crosscheck({"a": ACT_A, "b": other})
    assert not joined(story, "a", "b", "swap")


def test_same_action_with_opposite_polarity_stays_apart(crosscheck) -> None:  # type: ignore[no-untyped-def]
    refused = "In a televised address, Lina Osei said she would never exchange the sailors for the fishermen."
    story, _ = crosscheck({"a": ACT_A, "b": refused})
    assert not joined(story, "a", "b", "swap")


def test_noun_hand_is_not_handing_over() -> None:
    assert [c for _, c in action_offsets("The guards will hand over the keys to the navy.")] == ["exchange"]
    assert action_offsets("She raised a hand as the navy band played.") == ()
