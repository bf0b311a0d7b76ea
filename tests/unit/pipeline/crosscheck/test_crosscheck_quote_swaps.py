"""A remark swapped for another in the same sentence frame; and the frames that are ordinary."""

from __future__ import annotations

ORIGIN = (
    "\u201cIt went better than any of us hoped,\u201d harbour engineer Mara Velden said from the north quay. "
    "\u201cWe start pouring concrete on Monday.\u201d"
)
SWAPPED = (
    "\u201cNobody on this team expected this,\u201d harbour engineer Mara Velden observed from the north quay. "
    "\u201cWe start pouring concrete on Monday.\u201d"
)


def swap_flags(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "quote" and "same sentence" in d.description]


def test_other_words_in_the_same_frame_are_flagged(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck({"a": ORIGIN, "b": SWAPPED})
    [d] = swap_flags(story)
    assert "better than any of us hoped" in d.description and "Nobody on this team" in d.description
    assert {c.article_id for c in d.citations} == {"a", "b"}


def test_the_same_remark_in_the_same_frame_agrees(crosscheck) -> None:  # type: ignore[no-untyped-def]
    copy = ORIGIN.replace("said", "told reporters")
    story, _ = crosscheck({"a": ORIGIN, "b": copy})
    assert swap_flags(story) == []


def test_both_remarks_quoted_in_another_order_agree(crosscheck) -> None:  # type: ignore[no-untyped-def]
    both = SWAPPED + " Earlier she had said: \u201cIt went better than any of us hoped.\u201d"
    story, _ = crosscheck({"a": ORIGIN, "b": both})
    assert swap_flags(story) == []


def test_a_bare_attribution_is_no_frame(crosscheck) -> None:  # type: ignore[no-untyped-def]
    a = "\u201cIt went better than any of us hoped,\u201d Velden said. \u201cWe start on Monday.\u201d"
    b = "\u201cNobody on this team expected this,\u201d Velden said. \u201cWe start on Monday.\u201d"
    story, _ = crosscheck({"a": a, "b": b})
    assert swap_flags(story) == []


def test_a_different_next_quotation_is_another_moment(crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = (
        "\u201cNobody on this team expected this,\u201d harbour engineer Mara Velden said from the north quay. "
        "\u201cThe tide tables were against us all week.\u201d"
    )
    story, _ = crosscheck({"a": ORIGIN, "b": other})
    assert swap_flags(story) == []


def test_two_speakers_in_the_same_frame_are_not_compared(crosscheck) -> None:  # type: ignore[no-untyped-def]
    other = (
        "\u201cNobody on this team expected this,\u201d harbour engineer Tomas Greer said from the north quay. "
        "\u201cWe start pouring concrete on Monday.\u201d"
    )
    story, _ = crosscheck({"a": ORIGIN, "b": other})
    assert swap_flags(story) == []


def test_quotations_between_single_marks_are_compared(crosscheck) -> None:  # type: ignore[no-untyped-def]
    single = SWAPPED.replace("\u201c", "'").replace("\u201d", "'")
    story, _ = crosscheck({"a": ORIGIN, "b": single})
    [d] = swap_flags(story)
    assert {c.article_id for c in d.citations} == {"a", "b"}


def test_apostrophes_are_not_single_quotation_marks(crosscheck) -> None:  # type: ignore[no-untyped-def]
    a = "The harbour's engineer Mara Velden said the quay's new wall is ready. The crews' work is done."
    b = "The harbour's engineer Mara Velden said the quay's wall is finished. The crews' work is done."
    story, _ = crosscheck({"a": a, "b": b})
    assert swap_flags(story) == []
