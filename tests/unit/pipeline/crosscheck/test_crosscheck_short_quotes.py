"""A short quotation whose describing words changed; and the short quotations that agree."""

from __future__ import annotations

LONG = (
    "Asked whether the flood peaked on Sunday, chief engineer Oren Malk said it was a "
    "\u201cvery fair estimate that the river crested that night.\u201d"
)


def short_flags(story) -> list:  # type: ignore[no-untyped-def]
    return [d for d in story.discrepancies if d.kind == "quote" and "describing" in d.description]


def test_changed_describing_word_in_the_same_frame_is_flagged(crosscheck) -> None:  # type: ignore[no-untyped-def]
    short = "Engineers say it is a \u201creasonable estimate\u201d that the river crested on Sunday night."
    story, _ = crosscheck({"a": short, "b": LONG})
    [d] = short_flags(story)
    assert "reasonable estimate" in d.description and "very fair estimate" in d.description
    assert {c.article_id for c in d.citations} == {"a", "b"}


def test_a_shorter_part_of_the_same_words_agrees(crosscheck) -> None:  # type: ignore[no-untyped-def]
    short = "Engineers say it is a \u201cfair estimate\u201d that the river crested on Sunday night."
    story, _ = crosscheck({"a": short, "b": LONG})
    assert short_flags(story) == []


def test_the_same_noun_in_another_frame_agrees(crosscheck) -> None:  # type: ignore[no-untyped-def]
    short = "The damage bill remains a \u201crough estimate\u201d until the insurers visit."
    story, _ = crosscheck({"a": short, "b": LONG})
    assert short_flags(story) == []


def test_both_wordings_quoted_by_one_report_agree(crosscheck) -> None:  # type: ignore[no-untyped-def]
    short = (
        "Engineers say it is a \u201creasonable estimate\u201d that the river crested on Sunday night. "
        "Malk later called it a \u201cvery fair estimate\u201d too."
    )
    story, _ = crosscheck({"a": short, "b": LONG})
    assert short_flags(story) == []


def test_another_speaker_named_is_not_compared(crosscheck) -> None:  # type: ignore[no-untyped-def]
    short = "Mayor Ada Finch said it was a \u201creasonable estimate\u201d that the river crested on Sunday night."
    story, _ = crosscheck({"a": short, "b": LONG})
    assert short_flags(story) == []
