from datetime import date

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story
from newsloom.pipeline.read import read_article, read_story
from newsloom.pipeline.read import story as story_module

RULES = AnalyzeConfig(nlp="rules")


def read(aid: str, text: str, published: date | None = None) -> Article:
    src = "metadata" if published else "unknown"
    return read_article(
        Article(id=aid, source=aid, text=text, published=published, published_source=src), RULES
    )


def story_of(*arts: Article) -> tuple[Story, list[Article]]:
    return read_story(Story(id="s", article_ids=[a.id for a in arts]), list(arts), RULES)


def test_reference_date_inferred_from_another_article() -> None:
    a = read("a", "On March 4, 2031, the Coastal Agency closed the beach.")
    b = read("b", "The Coastal Agency closed the beach on Tuesday, officials said.")
    story, (_, b2) = story_of(a, b)
    assert story.reference_date == date(2031, 3, 4)
    assert "a" in (story.reference_date_source or "")
    assert b2.published == date(2031, 3, 4) and b2.published_source == "inferred"
    (d,) = b2.annotations["dates"]
    assert d.attrs["date"] == "2031-03-04" and d.attrs["anchor"] == "story:a"
    (entry,) = [t for t in story.timeline or [] if t.date == date(2031, 3, 4)]
    assert {c.article_id for c in entry.citations} == {"a", "b"}


def test_metadata_date_wins_over_text() -> None:
    a = read("a", "It rained on Monday.", published=date(2031, 3, 12))
    b = read("b", "On January 2, 2031, it rained.")
    story, _ = story_of(a, b)
    assert story.reference_date == date(2031, 3, 12)
    assert "metadata" in (story.reference_date_source or "")


def test_quantities_grouped_by_value_and_subject() -> None:
    a = read("a", "About 40 fishermen were rescued. The storm destroyed 40 boats.")
    b = read("b", "Around 40 fishermen were rescued on the coast.")
    story, _ = story_of(a, b)
    fishermen = [q for q in story.quantities or [] if q.value == 40 and "fishermen" in (q.subject or "")]
    assert len(fishermen) == 1 and {c.article_id for c in fishermen[0].citations} == {"a", "b"}
    assert any(q.value == 40 and "boats" in (q.subject or "") for q in story.quantities or [])


def test_quotes_grouped_with_variants_and_canonical_speaker() -> None:
    a = read("a", "“The harbour will reopen in May,” spokeswoman Elsa Lind said.")
    b = read("b", "“The harbour will re-open in May,” Ms. Lind said. Lind was firm.")
    c = read("c", "Elsa Lind said “the harbour will reopen in May” at a briefing.")
    story, _ = story_of(a, b, c)
    (quote,) = story.quotes or []
    assert quote.speaker == "Elsa Lind"
    assert {c.article_id for c in quote.citations} == {"a", "b", "c"}
    assert [v.text for v in quote.variants] == ["The harbour will re-open in May"]


def test_different_quotes_stay_apart() -> None:
    a = read("a", "“We need more boats,” Elsa Lind said. “The pier is unsafe,” she added.")
    story, _ = story_of(a)
    assert len(story.quotes or []) == 2


def test_entity_spans_get_their_canonical_name() -> None:
    a = read("a", "Tomas Brandt arrived. Later Brandt spoke.")
    _, (a2,) = story_of(a)
    assert {s.attrs["canonical"] for s in a2.annotations["entities"]} == {"Tomas Brandt"}


def test_every_citation_points_at_its_text() -> None:
    a = read(
        "a", "On March 4, 2031, Elsa Lind said “about 300 homes flooded.” The Coastal Agency (CA) agreed."
    )
    b = read("b", "The CA said 300 homes flooded on Tuesday. Ms. Lind said “about 300 homes flooded”.")
    story, arts = story_of(a, b)
    texts = {x.id: x.text for x in arts}
    cites = [c for e in story.entities or [] for c in e.mentions]
    cites += [c for q in story.quantities or [] for c in q.citations]
    cites += [c for q in story.quotes or [] for c in q.citations]
    cites += [c for t in story.timeline or [] for c in t.citations]
    assert cites
    assert all(texts[c.article_id][c.start : c.end] == c.text for c in cites)


def test_troops_and_soldiers_are_one_count() -> None:
    a = read("a", "Two Valdorian soldiers were captured.")
    b = read("b", "The two Valdorian troops captured last week spoke.")
    story, _ = story_of(a, b)
    twos = [q for q in story.quantities or [] if q.value == 2]
    assert len(twos) == 1 and {c.article_id for c in twos[0].citations} == {"a", "b"}


def test_two_events_of_one_day_are_not_one_timeline_entry_for_sharing_the_date_words() -> None:
    from newsloom.config import AnalyzeConfig
    from newsloom.model import Article, Story
    from newsloom.pipeline.read import read_articles, read_story

    config = AnalyzeConfig(nlp="rules")
    texts = {
        "a": "Police said 12 people were injured in the Harlow riots on March 6, 2026.",
        "b": "The Harlow town hall reopened on March 6, 2026, after repairs.",
    }
    arts = read_articles([Article(id=k, source=f"{k}.txt", text=v) for k, v in texts.items()], config)
    story, _ = read_story(Story(id="s", article_ids=list(texts)), arts, config)
    assert sorted(len(t.citations) for t in story.timeline or []) == [1, 1]


def _days(story: Story, background: bool = False) -> set[date]:
    return {t.date for t in story.timeline or [] if t.precision == "day" and t.background == background}


def test_a_january_date_after_another_articles_december_date_stays_in_the_new_year() -> None:
    a = read("a", "The ferry Gull ran aground on December 18, 2030, near Porthaven.")
    b = read("b", "The ferry Gull was refloated on Jan. 6, the harbour office confirmed.")
    story, _ = story_of(a, b)
    assert date(2031, 1, 6) in _days(story)
    assert date(2030, 1, 6) not in _days(story)


def test_a_late_month_date_after_a_january_reference_falls_in_the_year_before() -> None:
    a = read("a", "The ferry Gull was refloated on January 3, 2031, the harbour office said.")
    b = read("b", "The ferry Gull ran aground on Dec. 29 near Porthaven.")
    story, _ = story_of(a, b)
    assert date(2030, 12, 29) in _days(story)


def test_a_weekday_is_resolved_from_the_articles_own_dateline() -> None:
    a = read("a", "On March 2, 2031, the Harbourton council proposed a new sea wall.")
    b = read(
        "b",
        "HARBOURTON, March 12 /Coast Wire/. The Harbourton council approved the sea wall on Tuesday.",
    )
    story, (_, b2) = story_of(a, b)
    assert b2.published == date(2031, 3, 12) and b2.published_source == "text"
    approved = [d for d in b2.annotations["dates"] if "Tuesday" in b2.text[d.start : d.end]]
    assert [d.attrs["date"] for d in approved] == ["2031-03-11"]
    assert date(2031, 3, 11) in _days(story)


def test_a_dateline_is_not_an_event_of_the_story() -> None:
    a = read("a", "On March 2, 2031, the Harbourton council proposed a new sea wall.")
    b = read("b", "HARBOURTON, March 12 (Coast Wire) - The council approved the sea wall on Tuesday.")
    story, (_, b2) = story_of(a, b)
    (dateline,) = [d for d in b2.annotations["dates"] if d.attrs.get("dateline")]
    assert b2.text[dateline.start : dateline.end] == "March 12"
    assert date(2031, 3, 12) not in _days(story)


def test_a_date_written_in_running_text_after_a_city_name_is_an_event() -> None:
    a = read("a", "On March 2, 2031, the Harbourton council proposed a new sea wall.")
    b = read("b", "In Harbourton, March 12 was the day the council approved the sea wall.")
    story, _ = story_of(a, b)
    assert date(2031, 3, 12) in _days(story)


def test_a_weekday_resolved_from_another_articles_date_lands_within_days_of_it() -> None:
    a = read("a", "On Sunday, March 9, 2031, the election bureau rejected the candidate.")
    b = read("b", "The court rejected the candidate's appeal on Tuesday afternoon.")
    _, (_, b2) = story_of(a, b)
    (tuesday,) = b2.annotations["dates"]
    assert tuesday.attrs["date"] == "2031-03-11"


def test_a_background_year_is_marked_apart_from_the_storys_own_dates() -> None:
    a = read(
        "a",
        "On March 4, 2031, Larchfield Mills closed its river plant. "
        "In 2019 the company opened its first plant in the valley.",
    )
    story, _ = story_of(a)
    own = [t for t in story.timeline or [] if not t.background]
    background = [t for t in story.timeline or [] if t.background]
    assert [t.date for t in own] == [date(2031, 3, 4)]
    assert [(t.date, t.precision) for t in background] == [(date(2019, 1, 1), "year")]


def test_this_years_month_is_not_background() -> None:
    a = read("a", "On March 4, 2031, Larchfield Mills closed its river plant after losses in February.")
    story, _ = story_of(a)
    assert all(not t.background for t in story.timeline or [])


def test_a_relative_date_inside_a_quotation_is_not_an_event() -> None:
    a = read(
        "a",
        'On March 4, 2031, the mayor of Dunmore spoke at the quay. "We will reopen the bridge on Friday," '
        "the mayor said.",
    )
    story, (a2,) = story_of(a)
    (friday,) = [d for d in a2.annotations["dates"] if "Friday" in a2.text[d.start : d.end]]
    assert friday.attrs.get("in_quote") is True
    assert _days(story) == {date(2031, 3, 4)}


def test_an_explicit_date_inside_a_quotation_stays_on_the_timeline() -> None:
    a = read(
        "a",
        'On March 4, 2031, the mayor of Dunmore spoke at the quay. "The bridge closed on February 20, 2031, '
        'and it stays shut," the mayor said.',
    )
    story, _ = story_of(a)
    assert _days(story) == {date(2031, 3, 4), date(2031, 2, 20)}


def test_a_borrowed_weekday_three_days_back_or_four_ahead_follows_the_tense() -> None:
    a = read("a", "On Friday, March 7, 2031, the court removed the governor of Eastmoor.")
    past = read("b", "The acting governor of Eastmoor resigned on Tuesday, aides said.")
    future = read("c", "Eastmoor will hold a new election in June, the acting governor said Tuesday.")
    _, (_, b2, c2) = story_of(a, past, future)
    assert [d.attrs["date"] for d in b2.annotations["dates"]] == ["2031-03-04"]
    assert "2031-03-11" in [d.attrs["date"] for d in c2.annotations["dates"]]


def _lent(*arts: Article, day: date) -> tuple[Story, list[Article]]:
    story = Story(
        id="s2",
        article_ids=[a.id for a in arts],
        reference_date=day,
        reference_date_source="thread: explicit date in the text of a",
    )
    return read_story(story, list(arts), RULES)


def test_an_undated_development_of_a_thread_dates_its_weekday_after_the_threads_date() -> None:
    # The thread's first event was on Friday, March 7, 2031; this story's one article has no
    # date and reports a later development "on Tuesday": the Tuesday after, not the one before.
    b = read("b", "The acting governor of Eastmoor resigned on Tuesday, aides said.")
    story, (b2,) = _lent(b, day=date(2031, 3, 7))
    assert date(2031, 3, 11) in _days(story)
    assert b2.published_source == "inferred"
    assert story.reference_date == date(2031, 3, 7)
    assert (story.reference_date_source or "").startswith("thread: ")


def test_a_story_with_a_date_of_its_own_ignores_the_threads_loan() -> None:
    b = read("b", "On March 20, 2031, the acting governor of Eastmoor said Tuesday he would resign.")
    story, _ = _lent(b, day=date(2031, 3, 7))
    assert story.reference_date == date(2031, 3, 20)
    assert date(2031, 3, 18) in _days(story)
    assert not (story.reference_date_source or "").startswith("thread")


def test_an_article_over_the_quotation_cap_is_compared_up_to_it_and_named_in_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(story_module, "MAX_QUOTES_PER_ARTICLE", 2)
    many = read(
        "many",
        "“The ferry will sail at dawn,” Ana Holt said. “The tide is high tonight,” Holt said. "
        "“We have enough fuel for a week,” Holt said.",
    )
    other = read("other", "“The ferry will sail at dawn,” Ana Holt told the crew.")
    story, _ = story_of(many, other)
    texts = {q.text for q in story.quotes or []}
    assert "The ferry will sail at dawn" in texts and "The tide is high tonight" in texts
    assert "We have enough fuel for a week" not in texts
    (warning,) = story.warnings or []
    assert warning.startswith("many has 3 quotations; only its first 2")


def test_articles_within_the_caps_give_no_warning() -> None:
    a = read("a", "“The ferry will sail at dawn,” Ana Holt said on March 4, 2031.")
    b = read("b", "“The ferry will sail at dawn,” Holt said. It sailed on March 4, 2031.")
    story, _ = story_of(a, b)
    assert story.warnings is None
    assert len(story.quotes or []) == 1


def test_an_article_over_the_date_cap_is_compared_up_to_it_and_named_in_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(story_module, "MAX_DATES_PER_ARTICLE", 1)
    a = read("a", "The bridge closed on March 4, 2031. It reopened on March 9, 2031.")
    story, _ = story_of(a)
    assert [t.date for t in story.timeline or []] == [date(2031, 3, 4)]
    (warning,) = story.warnings or []
    assert "a has 2 dates; only its first 1" in warning and "timeline" in warning


def test_timeline_entries_of_one_day_still_merge_across_many_other_days() -> None:
    # Entries are looked up by their day: one event of one day still gathers every report of it
    # however many other days the story has.
    days = " ".join(f"The council met on March {d}, 2031." for d in range(1, 20))
    a = read("a", days + " The bridge reopened on March 25, 2031.")
    b = read("b", "On March 25, 2031, the bridge reopened to traffic.")
    story, _ = story_of(a, b)
    (entry,) = [t for t in story.timeline or [] if t.date == date(2031, 3, 25)]
    assert {c.article_id for c in entry.citations} == {"a", "b"}


def test_a_lead_span_moves_a_borrowed_thread_date_before_its_weekday_is_read() -> None:
    # The thread began on Friday, March 7, 2031; this undated development is "six weeks into"
    # the strike, so its Wednesday is the one nearest April 18, not the first after March 7.
    b = read(
        "b",
        "Dock workers of Eastmoor rejected the new offer on Wednesday, six weeks into a strike "
        "that has shut the port.",
    )
    story, (b2,) = _lent(b, day=date(2031, 3, 7))
    assert date(2031, 4, 16) in _days(story)
    assert date(2031, 3, 12) not in _days(story)
    assert b2.published == date(2031, 4, 18) and b2.published_source == "inferred"


def test_a_lead_span_after_the_storys_date_moves_a_copy_borrowing_it() -> None:
    a = read("a", "On Friday, March 7, 2031, the court removed the governor of Eastmoor.")
    b = read("b", "The former governor of Eastmoor left his residence on Friday, one week after his removal.")
    story, (_, b2) = story_of(a, b)
    assert [d.attrs["date"] for d in b2.annotations["dates"]] == ["2031-03-14"]
    assert date(2031, 3, 14) in _days(story)


@pytest.mark.parametrize(
    "lead",
    [
        # months after a cause are the story's background, not the distance to its date
        "The court removed the governor of Eastmoor on Friday, four months after he declared a curfew.",
        # a hedged span gives no day
        "The court removed the governor of Eastmoor on Friday, more than three weeks after the vote.",
        # a span inside a quotation is the speaker's
        '"We lost on Friday, one week after the vote," the governor of Eastmoor said of the court.',
    ],
)
def test_a_lead_without_a_plain_span_of_days_keeps_the_borrowed_date(lead: str) -> None:
    a = read("a", "On Friday, March 7, 2031, the court removed the governor of Eastmoor.")
    b = read("b", lead)
    _, (_, b2) = story_of(a, b)
    assert b2.published == date(2031, 3, 7)


def test_an_article_dated_by_its_page_puts_its_own_day_on_the_timeline() -> None:
    # One article whose lead names no day: it reports what happened the day it appeared.
    a = read(
        "a",
        "Two men were charged over the theft of the Varnholm crown jewels. Both are known to the police.",
        published=date(2031, 10, 29),
    )
    story, _ = story_of(a)
    (entry,) = [t for t in story.timeline or [] if t.date == date(2031, 10, 29)]
    assert entry.precision == "day" and not entry.background
    assert entry.text.startswith("Two men were charged") and [c.article_id for c in entry.citations] == ["a"]


def test_a_lead_naming_its_own_day_adds_no_entry_for_the_page_date() -> None:
    # "on Monday" dates the lead; the day the page appeared is not an event of the story.
    a = read(
        "a",
        "Two men were charged on Monday over the theft of the Varnholm crown jewels.",
        published=date(2031, 10, 29),
    )
    story, _ = story_of(a)
    assert _days(story) == {date(2031, 10, 27)}


def test_the_page_date_already_on_the_timeline_is_not_repeated() -> None:
    a = read(
        "a",
        "The museum stayed shut. On October 29, 2031, two men were charged over the theft.",
        published=date(2031, 10, 29),
    )
    story, _ = story_of(a)
    assert len([t for t in story.timeline or [] if t.date == date(2031, 10, 29)]) == 1
