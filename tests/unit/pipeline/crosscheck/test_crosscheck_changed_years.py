"""A copy that changes a year in an otherwise identical sentence; and what is not a change."""

from __future__ import annotations

from datetime import date

SENTENCE = "The arrest is seen as a move to sideline the mayor before the next regional vote, now due in {}."


def years(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if "year" in d.description]


def test_a_changed_year_is_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {"a": SENTENCE.format(2029), "b": SENTENCE.format(2019), "c": SENTENCE.format(2029)}
    )
    [d] = years(story)
    assert d.kind == "number"
    assert d.severity == "error"
    assert {c.article_id for c in d.citations} == {"a", "b", "c"}
    assert "'2019'" in d.description and "'2029'" in d.description


def test_a_changed_year_after_in_is_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # "in 2019" is a time marker: the sentences must not be taken as two moments for it
    line = "Kestrel Mining first struck copper at the Varn site in {}, the company said in a statement."
    story = read_crosscheck({"a": line.format(2011), "b": line.format(2017)})
    assert len(years(story)) == 1


def test_the_same_year_is_not_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck({"a": SENTENCE.format(2029), "b": SENTENCE.format(2029)})
    assert years(story) == []


def test_two_statements_about_two_years_are_not_aligned(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "The mayor first won the city in 2019 after a close race against the governing party.",
            "b": "The mayor is expected to run for president in 2028 if the courts allow his candidacy.",
        }
    )
    assert years(story) == []


def test_a_year_in_another_place_of_the_sentence_is_not_compared(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # the words around the year differ: a rewrite that names another moment
    story = read_crosscheck(
        {
            "a": "The arrest is seen as a move to sideline the mayor before the next regional vote in 2029.",
            "b": "The arrest is seen as a move to sideline the mayor, elected in 2019, before the next regional vote.",
        }
    )
    assert years(story) == []


def test_a_figure_that_is_not_a_year_is_left_to_the_figure_detectors(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    line = "The port authority said {} containers were stranded at the Varn terminal after the storm."
    story = read_crosscheck({"a": line.format("2,019"), "b": line.format("2,029")})
    assert years(story) == []
    story = read_crosscheck({"a": line.format("$2019"), "b": line.format("$2029")})
    assert years(story) == []


def test_a_season_is_not_a_year(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    line = "Lindqvist scored the winner in the 2019-20 season, the club said in a statement on its website."
    story = read_crosscheck({"a": line, "b": line.replace("2019-20", "2019-21")})
    assert years(story) == []


def test_a_year_in_a_later_report_is_an_update(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # a vote can be postponed between two days' reports; reports of one day cannot both be right
    story = read_crosscheck(
        {"a": SENTENCE.format(2029), "b": SENTENCE.format(2030)},
        published={"a": date(2025, 3, 3), "b": date(2025, 6, 5)},
    )
    assert years(story) == []


def test_a_year_in_a_full_date_is_left_to_the_date_detectors(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    line = "The mayor was detained on March 3, {} at his home in Varn, his lawyers said in a statement."
    story = read_crosscheck({"a": line.format(2025), "b": line.format(2024)})
    assert years(story) == []
