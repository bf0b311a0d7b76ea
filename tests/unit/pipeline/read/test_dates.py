from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from newsloom.pipeline.read.dates import explicit_full_dates, find_dates, reference_from_text
from newsloom.pipeline.read.sentences import split_sentences

REF = date(2031, 3, 12)  # a Wednesday


def resolved(text: str, ref: date | None = REF) -> list[tuple[str, str | None, str]]:
    spans, _ = find_dates(text, split_sentences(text), ref, "published")
    return [(text[s.start : s.end], s.attrs["date"], s.attrs["precision"]) for s in spans]


def test_explicit_forms() -> None:
    got = resolved("They met on March 3, 2031, again on 4 March 2031 and on 2031-03-05.")
    assert [d for _, d, _ in got] == ["2031-03-03", "2031-03-04", "2031-03-05"]


def test_month_and_day_without_year_takes_the_nearest_year() -> None:
    assert resolved("The vote was on Feb. 9.")[0][1] == "2031-02-09"
    assert resolved("The fire started on Dec. 28.")[0][1] == "2030-12-28"


def test_weekdays_are_the_last_one_on_or_before_the_reference() -> None:
    got = dict(
        (t, d)
        for t, d, _ in resolved(
            "The mayor resigned Monday. A vote was held on Wednesday. Protests began Saturday."
        )
    )
    assert got == {"Monday": "2031-03-10", "Wednesday": "2031-03-12", "Saturday": "2031-03-08"}


def test_weekdays_in_future_sentences_look_ahead() -> None:
    assert resolved("The council will vote on Friday.")[0][1] == "2031-03-14"


def test_a_past_verb_before_the_weekday_keeps_it_in_the_past_in_a_future_sentence() -> None:
    text = "Dock workers will walk off the job after 96 percent voted on Monday in favour of a strike."
    assert resolved(text)[0][1] == "2031-03-10"
    assert resolved("The union said Monday that workers will strike.")[0][1] == "2031-03-10"


def test_plans_before_the_weekday_stay_in_the_future() -> None:
    assert resolved("The vote is scheduled on Friday, and workers will wait.")[0][1] == "2031-03-14"
    assert resolved("The council will meet on Friday.")[0][1] == "2031-03-14"
    assert resolved("Talks expected Friday will decide the strike.")[0][1] == "2031-03-14"


def test_weekday_as_modifier() -> None:
    assert resolved("In a Sunday statement the club apologised.")[0][1] == "2031-03-09"


def test_relative_days_and_later() -> None:
    got = resolved(
        "The storm hit yesterday. The bridge fell on March 1, 2031. Two days later it was cleared."
    )
    assert [d for _, d, _ in got] == ["2031-03-11", "2031-03-01", "2031-03-03"]


def test_months_seasons_and_parts() -> None:
    got = {
        t: (d, p) for t, d, p in resolved("It began in late November, grew in August and peaked last autumn.")
    }
    assert got["late November"] == ("2030-11-01", "month")
    assert got["August"] == ("2030-08-01", "month")
    assert got["last autumn"] == ("2030-09-01", "season")


def test_year_precision() -> None:
    assert resolved("Troops arrived in late 2029.")[0][1:] == ("2029-01-01", "year")


def test_without_a_reference_relative_dates_stay_unresolved() -> None:
    got = resolved("The talks ended on Tuesday, two weeks after March 1, 2031.", ref=None)
    assert ("Tuesday", None, "day") in got
    assert ("March 1, 2031", "2031-03-01", "day") in got


def test_weekday_that_contradicts_its_date_is_an_internal_error() -> None:
    t = "The ceasefire began on Friday, March 12, 2031."
    spans, errors = find_dates(t, split_sentences(t), REF, "published")
    assert spans[0].attrs["date"] == "2031-03-12"
    assert [e.label for e in errors] == ["weekday_mismatch"]
    assert errors[0].attrs["actual_weekday"] == "Wednesday"


def test_matching_weekday_is_not_an_error() -> None:
    t = "On Wednesday, March 12, 2031, it rained."
    assert find_dates(t, split_sentences(t), REF, "published")[1] == []


def test_may_the_verb_is_not_a_month() -> None:
    assert resolved("Officials may resign. Prices in may rise.") == []


def test_reference_from_text_is_the_most_frequent_full_date() -> None:
    t = "On 2 May 2030 it began. On May 9, 2030 a vote. Reports of May 9, 2030 differ."
    assert reference_from_text(t) == date(2030, 5, 9)
    assert reference_from_text("No dates here, only Monday.") is None


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(["mdy", "dmy", "iso"])
)
def test_explicit_dates_round_trip(d: date, form: str) -> None:
    text = {
        "mdy": d.strftime("%B ") + f"{d.day}, {d.year}",
        "dmy": f"{d.day} " + d.strftime("%B %Y"),
        "iso": d.isoformat(),
    }[form]
    assert explicit_full_dates(f"It happened on {text}.") == [d]


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)), st.integers(0, 6))
def test_weekday_resolution_is_within_the_past_week(ref: date, weekday: int) -> None:
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday]
    ((_, iso, _),) = resolved(f"It happened on {name}.", ref)
    assert iso is not None
    d = date.fromisoformat(iso)
    assert d.weekday() == weekday and ref - timedelta(days=6) <= d <= ref


def test_a_weekday_is_checked_against_a_guessed_year_only_from_the_publication_date() -> None:
    # "Thursday, December 11" has no year: against the publication date's year the weekday can
    # be checked; against a year read off some date in the text (a birth date in an obituary)
    # or borrowed from another article, a mismatch says the guess was wrong, not the report.
    t = "The funeral was held on Friday, December 11."
    assert [e.label for e in find_dates(t, split_sentences(t), REF, "published")[1]] == ["weekday_mismatch"]
    assert find_dates(t, split_sentences(t), date(1923, 4, 22), "text")[1] == []
    assert find_dates(t, split_sentences(t), REF, "story:b")[1] == []
    t = "The funeral was held on Friday, December 11, 2030."  # a written year is always checked
    assert [e.label for e in find_dates(t, split_sentences(t), date(1923, 4, 22), "text")[1]] == [
        "weekday_mismatch"
    ]


def test_days_after_a_clause_do_not_count_from_the_previous_date() -> None:
    got = resolved("The museum reopened on Wednesday, three days after it had been shut.")
    assert [t for t, _, _ in got] == ["Wednesday"]
    got = resolved("The bridge fell on March 1, 2031. It was cleared two days after.")
    assert ("two days after", "2031-03-03", "day") in got


def _stamped(text: str) -> list[tuple[str, bool]]:
    spans, _ = find_dates(text, split_sentences(text), REF, "published")
    return [(text[s.start : s.end], bool(s.attrs.get("page_stamp"))) for s in spans]


def test_a_posting_stamp_left_in_the_text_dates_the_page_not_an_event() -> None:
    assert _stamped("Posted in Harbour News on Wednesday, March 12, 2031.\nDockers voted on Sunday.") == [
        ("Wednesday, March 12, 2031", True),
        ("Sunday", False),
    ]
    assert _stamped("By Ann Berg, Coast Herald.posted in Ports on March 12, 2031. Ships left.")[0][1]
    assert _stamped("Ann Berg | Updated: March 11, 2031 | Ships left the port.")[0][1]


def test_an_event_told_with_posting_words_is_not_a_stamp() -> None:
    # a subject before the verb: something happened on that day
    for text in (
        "The harbour report was published on Monday.",
        "Ann Berg, 34, posted to her page on Monday that the port was shut.",
        "The port authority updated its figures on March 10, 2031.",
        "Fares were updated on Monday.",
    ):
        assert [stamp for _, stamp in _stamped(text)] == [False], text
