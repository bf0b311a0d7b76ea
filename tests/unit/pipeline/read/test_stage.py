from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Span
from newsloom.pipeline.read import read_article, read_articles

RULES = AnalyzeConfig(nlp="rules")


def test_headings_are_not_body_sentences() -> None:
    text = "Floods in Tessby\nThe river rose on Monday. Crews worked overnight."
    art = Article(id="a", source="a", text=text, headings=[Span(start=0, end=16, label="heading")])
    labels = [s.label for s in read_article(art, RULES).annotations["sentences"]]
    assert labels == ["heading", "sentence", "sentence"]


def test_article_without_a_date_keeps_relative_dates_unresolved() -> None:
    art = read_article(Article(id="a", source="a", text="The vote was held on Monday."), RULES)
    (d,) = art.annotations["dates"]
    assert d.attrs["date"] is None and d.attrs["anchor"] is None


def test_own_full_date_is_the_reference() -> None:
    art = read_article(
        Article(
            id="a", source="a", text="On June 2, 2030, the dam opened. Two days later it closed on Wednesday."
        ),
        RULES,
    )
    dates = {art.text[d.start : d.end]: d.attrs for d in art.annotations["dates"]}
    assert dates["Two days later"]["date"] == "2030-06-04"
    assert dates["Wednesday"]["date"] == "2030-05-29" and dates["Wednesday"]["anchor"] == "text"


def test_batch_reading_matches_one_by_one() -> None:
    arts = [
        Article(id=str(i), source="x", text=t)
        for i, t in enumerate(["Ida Moss said 3 boats sank.", "Nothing."])
    ]
    assert read_articles(arts, RULES) == [read_article(a, RULES) for a in arts]


def test_empty_text() -> None:
    art = read_article(Article(id="a", source="a", text=""), RULES)
    assert all(v == [] for v in art.annotations.values())
