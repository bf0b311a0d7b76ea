"""Reading an article in a language newsloom does not read yet: sentences only, marked not read."""

from __future__ import annotations

from datetime import date

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story
from newsloom.pipeline.read import read_article, read_articles, read_story

RULES = AnalyzeConfig(nlp="rules")

GERMAN = (
    'Bürgermeisterin Ilse Dorfner sagte am Dienstag: "Wir haben keine andere Wahl." Die Sanierung der '
    "Hafenbrücke in Kleinhafen kostet nun 15 Millionen Euro und dauert bis zum 3. März 2027. "
    "Am Montag waren 1.500 Pendler betroffen."
)
ENGLISH = (
    'Mayor Ilse Dorfner said on Tuesday: "We had no other choice." The repair of the harbour bridge '
    "in Kleinhafen now costs 15 million euros and lasts until March 3, 2027. On Monday 1,500 "
    "commuters were affected."
)


def test_a_non_english_article_keeps_its_sentences_and_nothing_else() -> None:
    art = read_article(Article(id="de", source="de.txt", text=GERMAN, language="de"), RULES)
    assert art.read is False
    assert art.annotations["sentences"]
    for kind in ("entities", "quantities", "dates", "quotes", "internal_errors"):
        assert art.annotations[kind] == [], kind


def test_an_english_article_is_read_as_before() -> None:
    detected = read_article(Article(id="en", source="en.txt", text=ENGLISH, language="en"), RULES)
    undetected = read_article(Article(id="en", source="en.txt", text=ENGLISH), RULES)
    assert detected.read and undetected.read
    assert detected.annotations == undetected.annotations
    assert detected.annotations["entities"] and detected.annotations["quotes"]
    assert detected.annotations["quantities"] and detected.annotations["dates"]


def test_a_text_too_short_to_tell_is_read_as_english() -> None:
    art = read_article(
        Article(id="s", source="s.txt", text="Ida Moss said 3 boats sank.", language=None), RULES
    )
    assert art.read and art.annotations["quantities"] and art.annotations["entities"]


def test_a_mixed_batch_reads_the_english_articles_as_alone() -> None:
    de = Article(id="de", source="de.txt", text=GERMAN, language="de")
    en = Article(id="en", source="en.txt", text=ENGLISH, language="en")
    both = read_articles([de, en], RULES)
    assert [a.read for a in both] == [False, True]
    assert both[1] == read_articles([en], RULES)[0]


def test_story_reading_leaves_the_unread_article_as_it_was() -> None:
    de = Article(id="de", source="de.txt", text=GERMAN, language="de")
    en = Article(id="en", source="en.txt", text=ENGLISH, language="en", published=date(2026, 11, 3))
    read = read_articles([de, en], RULES)
    story, updated = read_story(Story(id="s", article_ids=["de", "en"]), read, RULES)
    assert updated[0] == read[0]  # no date inferred from the story, no canonical names
    cited = {c.article_id for q in story.quantities or [] for c in q.citations}
    cited |= {c.article_id for q in story.quotes or [] for c in q.citations}
    cited |= {c.article_id for t in story.timeline or [] for c in t.citations}
    assert cited == {"en"}
