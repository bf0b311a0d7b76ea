from datetime import date

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story
from newsloom.pipeline.read import read_article, read_story

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
