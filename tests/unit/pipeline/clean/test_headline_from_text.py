"""Stand-in headlines from an article's opening: wire datelines are no part of a headline."""

from __future__ import annotations

import pytest

from newsloom.pipeline.clean.metadata import headline_from_text


@pytest.mark.parametrize(
    "opening",
    [
        "HARBOURTON, Mar 11 (AP) The ferry sank in the bay.",
        "Harbourton, Mar 11 (AP) The ferry sank in the bay.",
        "HARBOURTON, March 11. /TASS/. The ferry sank in the bay.",
        "HARBOURTON (Reuters) : The ferry sank in the bay.",
        "HARBOURTON, Norland (AP) — The ferry sank in the bay.",
        "NEW HARBOURTON — The ferry sank in the bay.",
        "HARBOURTON — (AP) — The ferry sank in the bay.",
    ],
)
def test_a_wire_dateline_is_dropped(opening: str) -> None:
    assert headline_from_text(opening, 90) == "The ferry sank in the bay."


@pytest.mark.parametrize(
    "opening",
    [
        "The Norland Ferry Authority (NFA) said the ferry sank in the bay.",
        "Harbourton Council (Reuters reported) said the ferry sank.",
        "AP photographers saw the ferry sink in the bay.",
    ],
)
def test_an_opening_that_is_no_dateline_stays(opening: str) -> None:
    assert headline_from_text(opening, 90) == opening


def test_a_long_opening_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = "The ferry that sank in the bay on Tuesday had been inspected twice this year, the authority said."
    out = headline_from_text(text, 40)
    assert out.endswith("…") and len(out) <= 41 and text.startswith(out[:-1])
