"""One day's move of a company's shares given differently by its reports ("rose 4.1%" / "was up
2.6% in morning trading"), and the look-alikes that agree."""

from __future__ import annotations

from datetime import date


def numbers(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "number"]


ROSE = "Harlow Mills named a new chief executive. Shares of the company rose 4.1%."
MORNING = (
    "The board of Harlow Mills met on Sunday. Shares of the company based in Vestby, Oskia, "
    "rose 2.6% in morning trading."
)


def test_share_moves_that_disagree_are_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck({"a": ROSE, "b": MORNING})
    [d] = numbers(story)
    assert {c.article_id for c in d.citations} == {"a", "b"}
    assert "4.1%" in d.description and "2.6%" in d.description
    assert d.severity == "likely_error"


def test_roundings_and_approximations_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    rounded = "Harlow Mills named a new chief executive, and its stock rose 4% on the news."
    assert numbers(read_crosscheck({"a": ROSE, "b": rounded})) == []
    nearly = "Shares of Harlow Mills rose nearly 5% in early trading."
    close = "Harlow Mills' stock was up 4.8% after the announcement."
    assert numbers(read_crosscheck({"a": nearly, "b": close})) == []


def test_longer_periods_other_days_directions_and_companies_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    year = "Harlow Mills named a new chief executive; its stock has shed 42% in the past year."
    assert numbers(read_crosscheck({"a": ROSE, "b": year})) == []
    days = {"a": date(2025, 3, 3), "b": date(2025, 3, 4)}
    assert numbers(read_crosscheck({"a": ROSE, "b": MORNING}, published=days)) == []
    fell = "Harlow Mills named a new chief executive, and its shares fell 1.2% by the close."
    assert numbers(read_crosscheck({"a": ROSE, "b": fell})) == []
    rival = "Vestby Paper shares rose 7% as investors bet on a merger with Harlow Mills."
    own = "Harlow Mills shares rose 4.1% after the announcement."
    assert numbers(read_crosscheck({"a": rival, "b": own})) == []
    index = "The Oskian index rose 1.5% on the news, and Harlow Mills named a new chief executive."
    assert numbers(read_crosscheck({"a": ROSE, "b": index})) == []


def test_an_article_giving_two_moves_is_not_contradicted(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    pared = "Shares of Harlow Mills jumped 5% at the open. By noon the stock was up 2% as gains faded."
    assert numbers(read_crosscheck({"a": ROSE, "b": pared})) == []
