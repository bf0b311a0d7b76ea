"""One statement put on two different weekdays by two reports ("said on Tuesday" / "on Monday
said"), and the look-alikes that agree."""

from __future__ import annotations

from datetime import date

AGENCY_TUESDAY = (
    "The risk to residents of Orlby from the river fever remains low, a spokesperson for the "
    "regional health agency said on Tuesday, after the first death from the fever in the valley."
)
AGENCY_MONDAY = (
    "The regional health agency on Monday told residents of Orlby that the risk from the river "
    "fever remains low, despite the first death from the fever in the valley."
)
DAYS = {"a": date(2026, 2, 10), "b": date(2026, 2, 10)}
# only "a" is dated: "b"'s weekday is resolved against a guessed day (not anchored)
ONE_DATED = {"a": date(2026, 2, 10)}


def weekday_flags(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "date"]


def test_one_statement_on_two_weekdays_is_flagged(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # "b" is undated: its weekday is placed on a guessed day, yet the weekdays differ
    story = read_crosscheck({"a": AGENCY_TUESDAY, "b": AGENCY_MONDAY}, published=ONE_DATED)
    [d] = weekday_flags(story)
    assert {c.article_id for c in d.citations} == {"a", "b"}
    assert "'Tuesday'" in d.description and "'Monday'" in d.description
    assert d.severity == "likely_error"
    # dated pages: reported once, whichever detector finds it
    assert len(weekday_flags(read_crosscheck({"a": AGENCY_TUESDAY, "b": AGENCY_MONDAY}, published=DAYS))) == 1


def test_same_weekday_and_undated_reports_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    same = AGENCY_MONDAY.replace("on Monday", "on Tuesday")
    assert weekday_flags(read_crosscheck({"a": AGENCY_TUESDAY, "b": same}, published=ONE_DATED)) == []
    # the same weekday written in another form ("Tuesday evening") is the same day
    evening = AGENCY_TUESDAY.replace("on Tuesday", "on Tuesday evening")
    assert weekday_flags(read_crosscheck({"a": AGENCY_TUESDAY, "b": evening}, published=ONE_DATED)) == []
    undated = AGENCY_MONDAY.replace(" on Monday", "")
    assert weekday_flags(read_crosscheck({"a": AGENCY_TUESDAY, "b": undated}, published=ONE_DATED)) == []


def test_different_statements_on_different_days_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # two moments of one story: a death announced on Monday, a reassurance on Tuesday
    death = "Health officials in Orlby announced on Monday the first death from the river fever."
    assert weekday_flags(read_crosscheck({"a": AGENCY_TUESDAY, "b": death}, published=ONE_DATED)) == []
    # one sentence naming two weekdays dates two moments, not one
    two = (
        "The regional health agency, which met on Monday, said on Tuesday the risk to residents "
        "of Orlby from the river fever remains low, after the first death."
    )
    assert weekday_flags(read_crosscheck({"a": AGENCY_TUESDAY, "b": two}, published=ONE_DATED)) == []
    # one claim holding two moments ("A on Tuesday and B today") against one of them
    signed = "The Harbourmen signed the winger Tom Alder on Wednesday afternoon from the Ospreys squad."
    both = "The Harbourmen signed the keeper Ned Vale on Tuesday and the winger Tom Alder today from the Ospreys squad."
    assert weekday_flags(read_crosscheck({"a": signed, "b": both}, published=ONE_DATED)) == []


def test_two_versions_of_one_sentence_dating_two_steps_are_no_statement_on_two_weekdays(
    read_crosscheck,
) -> None:  # type: ignore[no-untyped-def]
    story = read_crosscheck(
        {
            "a": "Varnholm dock workers walked off the job early on Friday after 96 percent voted in favour of a strike.",
            "b": "Varnholm dock workers will walk off the job after 96 percent voted on Thursday in favour of a strike.",
        }
    )
    assert [d for d in story.discrepancies if "weekdays" in d.description] == []
