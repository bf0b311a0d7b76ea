"""Dates: internal weekday errors, unit conversions, and one event dated differently."""

from __future__ import annotations

from newsloom.model import Span


def test_weekday_error_found_without_reading(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": "The pier collapsed on Friday, March 3, 2026, during a storm."})
    [d] = story.discrepancies
    assert d.kind == "date" and d.internal
    assert "'Friday, March 3, 2026'" in d.description and "was a Tuesday" in d.description
    assert d.citations[0].text.startswith("The pier collapsed")


def test_weekday_error_recorded_by_reading_is_reported_once(crosscheck) -> None:  # type: ignore[no-untyped-def]
    text = "The pier collapsed on Friday, March 3, 2026, during a storm."
    start = text.index("Friday")
    span = Span(
        start=start,
        end=start + len("Friday, March 3, 2026"),
        label="weekday_mismatch",
        attrs={"date": "2026-03-03", "stated_weekday": "Friday", "actual_weekday": "Tuesday"},
    )
    story, _ = crosscheck({"a": text}, fields={"a": {"annotations": {"internal_errors": [span]}}})
    [d] = story.discrepancies
    assert "March 3, 2026 was a Tuesday" in d.description


def test_correct_weekday_is_not_flagged(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": "The pier collapsed on Tuesday, March 3, 2026, during a storm."})
    assert story.discrepancies == []


def test_unit_conversion_error_from_reading(crosscheck) -> None:  # type: ignore[no-untyped-def]
    text = "The lake covers 10 kilometres (9 miles) of the valley."
    s = text.index("10 kilometres")
    span = Span(
        start=s,
        end=text.index(")") + 1,
        label="unit_conversion",
        attrs={"expected": 6.21, "stated": [10.0, "km", 9.0, "mi"]},
    )
    story, _ = crosscheck({"a": text}, fields={"a": {"annotations": {"internal_errors": [span]}}})
    [d] = story.discrepancies
    assert d.kind == "unit_conversion" and d.internal
    assert "'10 kilometres (9 miles)'" in d.description and "6.21 mi" in d.description


def test_same_event_on_different_days(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The Harlow pier collapsed into the sea on March 3, 2026, the harbour master said.",
            "b": "The Harlow pier collapsed into the sea on March 4, 2026, the harbour master said.",
        }
    )
    [d] = [d for d in story.discrepancies if d.kind == "date"]
    assert not d.internal and "2026-03-03" in d.description and "2026-03-04" in d.description


def test_two_events_on_two_days_are_not_a_conflict(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The Harlow pier collapsed into the sea on March 3, 2026.",
            "b": "Divers searched the harbour for survivors on March 4, 2026.",
        }
    )
    assert story.discrepancies == []


def test_the_same_relative_words_under_two_publication_dates_agree() -> None:
    """A copy published weeks later still says "on Friday": our anchors differ, the reports do not."""
    from datetime import date

    from newsloom.config import AnalyzeConfig
    from newsloom.model import Article, Story
    from newsloom.pipeline.crosscheck import crosscheck_story
    from newsloom.pipeline.read import read_articles

    config = AnalyzeConfig(nlp="rules", embeddings="lexical")
    text = "The Harlow pier collapsed into the sea on Friday, the harbour master said."
    arts = read_articles(
        [
            Article(id="a", source="a.txt", text=text, published=date(2026, 3, 7)),
            Article(
                id="b",
                source="b.txt",
                text=text.replace("the harbour", "Harlow's harbour"),
                published=date(2026, 4, 18),
            ),
        ],
        config,
    )
    assert {str(a.annotations["dates"][0].attrs["date"]) for a in arts} == {"2026-03-06", "2026-04-17"}
    story = crosscheck_story(Story(id="s", article_ids=["a", "b"]), arts, config)
    assert [d for d in story.discrepancies if d.kind == "date"] == []


RELATIVE = {
    "a": "The Harlow pier collapsed into the sea yesterday, the harbour master said.",
    "b": "The Harlow pier collapsed into the sea on Thursday, the harbour master said.",
}


def test_relative_dates_against_publication_dates_can_conflict(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    # both published on Saturday 7 March 2026: "yesterday" is Friday, "Thursday" is not
    story = read_crosscheck(RELATIVE, {"a": date(2026, 3, 7), "b": date(2026, 3, 7)})
    [d] = [d for d in story.discrepancies if d.kind == "date"]
    assert "2026-03-06" in d.description and "2026-03-05" in d.description


def test_relative_dates_resolved_against_a_guessed_day_are_not_compared(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    # No publication dates: the story's reference day is a date found in the text (here the
    # pier's opening), so "yesterday" and "Thursday" are resolved against a guess.
    texts = {k: v + " It had opened on June 2, 1994." for k, v in RELATIVE.items()}
    story = read_crosscheck(texts)
    assert [d for d in story.discrepancies if d.kind == "date"] == []


def test_the_same_weekday_at_another_time_of_day_under_two_publication_dates_agrees(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    story = read_crosscheck(
        {
            "a": "The bodies were found in the house on Saturday, the Harlow police said.",
            "b": "The bodies were found in the house on Saturday morning, the Harlow police said.",
        },
        {"a": date(2026, 3, 18), "b": date(2026, 3, 9)},
    )
    assert [d for d in story.discrepancies if d.kind == "date"] == []


def test_days_before_another_event_are_not_held_against_a_date(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    story = read_crosscheck(
        {
            "a": "Okafor was arrested for drunk driving on March 6, five days before Harlow's playoff loss.",
            "b": "Harlow lost the semi-final on March 25. "
            "Okafor was arrested for drunk driving five days before Harlow's playoff loss.",
        },
        {"a": date(2026, 3, 20), "b": date(2026, 3, 20)},
    )
    assert [d for d in story.discrepancies if d.kind == "date"] == []


def test_copies_of_one_sentence_dating_two_steps_in_it_agree(read_crosscheck) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    story = read_crosscheck(
        {
            "a": "Varnholm dock workers walked off the job early on Friday after 96 percent voted in favour of a strike.",
            "b": "Varnholm dock workers will walk off the job after 96 percent voted on Thursday in favour of a strike.",
        },
        {"a": date(2026, 3, 13), "b": date(2026, 3, 13)},
    )
    assert [d for d in story.discrepancies if d.kind == "date"] == []
