"""Cross-checking takes no claims, quotes, figures or discrepancies from an unread article."""

from __future__ import annotations

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story
from newsloom.pipeline.crosscheck import crosscheck_story
from newsloom.pipeline.read import read_articles, read_story

RULES = AnalyzeConfig(nlp="rules", embeddings="lexical")

EN_A = (
    "The harbour bridge in Kleinhafen will stay closed until March, the city said on Tuesday. "
    "Engineers found cracks in two pillars, and 12 people were moved out of nearby homes."
)
EN_B = (
    "Kleinhafen's harbour bridge stays shut until March after engineers found cracks in two "
    "pillars, the city said. Twelve people were moved out of nearby homes."
)
# The German report gives another figure (14) and a quotation: neither may reach the story.
DE = (
    "Die Hafenbrücke in Kleinhafen bleibt bis März gesperrt, teilte die Stadt am Dienstag mit. "
    'Ingenieure fanden Risse in zwei Pfeilern, 14 Menschen mussten ihre Wohnungen verlassen. "Wir '
    'hatten keine andere Wahl", sagte Bürgermeisterin Ilse Dorfner.'
)


def analyse(texts: dict[str, tuple[str, str | None]]) -> Story:
    articles = read_articles(
        [Article(id=k, source=f"{k}.txt", text=t, language=lang) for k, (t, lang) in texts.items()], RULES
    )
    story, articles = read_story(Story(id="s", article_ids=list(texts)), articles, RULES)
    return crosscheck_story(story, articles, RULES)


def cited(story: Story) -> set[str]:
    ids = {c.article_id for claim in story.claims or [] for c in claim.citations}
    ids |= {c.article_id for d in story.discrepancies or [] for c in d.citations}
    ids |= {c.article_id for b in story.briefing or [] for c in b.citations}
    return ids


def test_an_unread_article_gives_no_claims_and_no_discrepancies() -> None:
    story = analyse({"de": (DE, "de")})
    assert story.claims == [] and story.discrepancies == [] and story.briefing == []


def test_an_unread_member_leaves_the_english_articles_claims_as_they_were() -> None:
    english = analyse({"a": (EN_A, "en"), "b": (EN_B, "en")})
    mixed = analyse({"a": (EN_A, "en"), "b": (EN_B, "en"), "de": (DE, "de")})
    assert english.claims and cited(mixed) <= {"a", "b"}
    assert [c.model_dump() for c in mixed.claims or []] == [c.model_dump() for c in english.claims or []]
    assert mixed.discrepancies == english.discrepancies == []


def test_an_article_marked_not_read_is_left_out_even_without_a_language() -> None:
    articles = [
        Article(id="a", source="a.txt", text=EN_A),
        Article(id="b", source="b.txt", text=EN_B.replace("Twelve", "Fifteen"), read=False),
    ]
    story = crosscheck_story(Story(id="s", article_ids=["a", "b"]), articles, RULES)
    assert cited(story) <= {"a"} and story.discrepancies == []


def test_english_articles_are_still_cross_checked() -> None:
    # The agreeing look-alike: the same conflict between two English articles is reported.
    story = analyse({"a": (EN_A, "en"), "b": (EN_B.replace("Twelve", "Fifteen"), "en")})
    assert story.discrepancies
