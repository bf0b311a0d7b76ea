"""Every span and citation the reading stage produces points at exactly the characters it names."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story
from newsloom.pipeline.read import read_article, read_story

RULES = AnalyzeConfig(nlp="rules")
PIECES = [
    "Tomas Brandt", "Mr. Brandt", "the Coastal Agency (CA)", "CA", "North Korea", "DPRK", "said", "told",
    "“", "”", '"', "'", "’s", ",", ".", "?", "\n", " ", "about", "300", "2,700", "thousands", "twenty-five",
    "40%", "10 kilometers (6 miles)", "on Monday", "Saturday, January 13, 2025", "Jan. 9", "late December",
    "a day later", "2024-05-01", "he added", "according to", "84th", "ISBN 978-0-11-222333-4", "é", "\u00a0",
]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join), min_size=1, max_size=3))
def test_spans_and_citations_round_trip(texts: list[str]) -> None:
    arts = [read_article(Article(id=f"a{i}", source="x", text=t), RULES) for i, t in enumerate(texts)]
    for art in arts:
        for kind, spans in art.annotations.items():
            for sp in spans:
                assert 0 <= sp.start <= sp.end <= len(art.text), (kind, sp)
    story, arts = read_story(Story(id="s", article_ids=[a.id for a in arts]), arts, RULES)
    by_id = {a.id: a.text for a in arts}
    cites = [c for e in story.entities or [] for c in e.mentions]
    cites += [c for q in story.quantities or [] for c in q.citations]
    cites += [
        c for q in story.quotes or [] for c in [*q.citations, *(c for v in q.variants for c in v.citations)]
    ]
    cites += [c for t in story.timeline or [] for c in t.citations]
    for c in cites:
        assert by_id[c.article_id][c.start : c.end] == c.text


def test_long_texts_go_to_the_ner_model_in_pieces_that_put_back_together() -> None:
    from newsloom.pipeline.read.nlp import _pieces

    text = ("The ferry returned.\n" * 30) + "x" * 250 + " tail"
    pieces = _pieces(text, 100)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 100 for _, p in pieces)
    assert all(text[off : off + len(p)] == p for off, p in pieces)
    assert pieces[0][1].endswith("\n")  # cut after a line break where there is one
    assert _pieces("short", 100) == [(0, "short")]
