"""Encoding damage reported as an ``encoding`` discrepancy; accent-free house style is not damage."""

from __future__ import annotations

from newsloom.model import Article
from newsloom.pipeline.ingest.repair import repair_mojibake


def encoding(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "encoding"]


def test_a_letter_lost_to_an_encoding_error_is_reported(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Harbour master Joana Gonçalves closed the port on Monday.",
            "b": "Harbour master Joana Gonalves closed the port on Monday, officials said.",
        }
    )
    [d] = encoding(story)
    assert "'Gonalves'" in d.description and "'Gonçalves'" in d.description
    assert d.changed_by == "b" and d.severity == "error"
    assert {c.article_id for c in d.citations} == {"a", "b"}


def test_accents_dropped_by_house_style_are_not_damage(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Harbour master Joana Gonçalves closed the port on Monday.",
            "b": "Harbour master Joana Goncalves closed the port on Monday, officials said.",
            "c": "Joana Gonçalves, the harbour master, closed the port on Monday.",
            "d": "The museum’s director said the harbours were closed.",
            "e": "The museums and the harbour’s offices were closed.",
        }
    )
    assert encoding(story) == []


def test_mojibake_repaired_at_ingest_is_reported(crosscheck) -> None:  # type: ignore[no-untyped-def]
    garbled = "The ferry companyâ€™s owner closed the port."
    repaired = repair_mojibake(Article(id="a", source="a.txt", text=garbled))
    story, _ = crosscheck(
        {"a": repaired.text, "b": "The ferry company's owner closed the port."},
        fields={"a": {"repairs": repaired.repairs}},
    )
    [d] = encoding(story)
    assert d.internal and d.changed_by == "a"
    assert "companyâ€™s" in d.description
    assert d.citations[0].article_id == "a" and "company’s" in d.citations[0].text


def test_mojibake_debris_at_a_word_end_is_not_a_fuller_spelling(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The harbour master said thatâ the port of Vestby would stay closed.",
            "b": "The harbour master said that the port of Vestby would stay closed.",
        }
    )
    assert encoding(story) == []
