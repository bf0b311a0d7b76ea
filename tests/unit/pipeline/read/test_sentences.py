from hypothesis import given
from hypothesis import strategies as st

from newsloom.pipeline.read.sentences import paragraphs, split_sentences


def texts(t: str) -> list[str]:
    return [t[s:e] for s, e in split_sentences(t)]


def test_splits_on_terminal_punctuation() -> None:
    assert texts("The dam broke. Nobody was hurt! Was it old? Yes.") == [
        "The dam broke.",
        "Nobody was hurt!",
        "Was it old?",
        "Yes.",
    ]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    t = "Mr. Vale met Dr. Oduya on Jan. 5 in the U.S. capital. J. R. Holt was there."
    assert texts(t) == ["Mr. Vale met Dr. Oduya on Jan. 5 in the U.S. capital.", "J. R. Holt was there."]


def test_closing_quote_stays_with_its_sentence() -> None:
    assert texts('"We are ready," she said. "Are you?" He nodded.') == [
        '"We are ready," she said.',
        '"Are you?"',
        "He nodded.",
    ]


def test_line_breaks_are_boundaries() -> None:
    assert texts("A heading\nThe body starts here. It goes on") == [
        "A heading",
        "The body starts here.",
        "It goes on",
    ]


def test_decimals_do_not_split() -> None:
    assert texts("Growth was 2.5 percent. Prices rose.") == ["Growth was 2.5 percent.", "Prices rose."]


def test_paragraphs_are_stripped_lines() -> None:
    t = "  one \n\n two\n"
    assert [t[s:e] for s, e in paragraphs(t)] == ["one", "two"]


@given(st.text(alphabet='ab .!?\n"“”Mr', max_size=200))
def test_sentences_are_ordered_stripped_and_inside_the_text(t: str) -> None:
    last = 0
    for s, e in split_sentences(t):
        assert last <= s < e <= len(t)
        assert t[s:e] == t[s:e].strip()
        assert "\n" not in t[s:e]
        last = e
