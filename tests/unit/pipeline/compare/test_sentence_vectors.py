"""Run-wide sentence vectors: each distinct sentence encoded once, the model loaded only on a miss."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story
from newsloom.pipeline.compare import embeddings, stage
from newsloom.pipeline.compare.embeddings import PrecomputedEncoder, encode_distinct


class CountingEncoder:
    """Deterministic stand-in for the model: one-hot-ish vectors from the text's length."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        self.seen.extend(texts)
        out = np.zeros((len(texts), 384), np.float32)
        for row, text in enumerate(texts):
            out[row, len(text) % 384] = 1.0
        return out


def test_each_distinct_sentence_is_encoded_once() -> None:
    enc = CountingEncoder()
    vectors = encode_distinct(["Same words.", "Other words here.", "Same words."], enc)
    assert sorted(enc.seen) == ["Other words here.", "Same words."]
    assert set(vectors) == {"Same words.", "Other words here."}


def test_precomputed_vectors_need_no_model() -> None:
    enc = CountingEncoder()
    vectors = encode_distinct(["A.", "B b."], enc)

    def no_model() -> CountingEncoder:
        raise AssertionError("the model was loaded although every vector was given")

    got = PrecomputedEncoder(vectors, no_model).encode(["B b.", "A.", "B b."])
    assert np.array_equal(got, np.stack([vectors["B b."], vectors["A."], vectors["B b."]]))


def test_a_missing_sentence_falls_back_to_the_model() -> None:
    enc = CountingEncoder()
    got = PrecomputedEncoder({}, lambda: enc).encode(["New sentence."])
    assert enc.seen == ["New sentence."]
    assert got.shape == (1, 384)


def test_story_vectors_cover_multi_article_stories_only(monkeypatch: pytest.MonkeyPatch) -> None:
    enc = CountingEncoder()
    monkeypatch.setattr(stage, "resolve_encoder", lambda mode: enc)
    a = Article(id="a", source="-", text="The bridge reopened. Traffic resumed.")
    b = Article(id="b", source="-", text="The bridge reopened. Crowds cheered.")
    c = Article(id="c", source="-", text="A lone report.")
    out = stage.story_sentence_vectors([[a, b], [c]], AnalyzeConfig(embeddings="model"))
    assert out[1] is None
    assert out[0] is not None and set(out[0]) == {
        "The bridge reopened.",
        "Traffic resumed.",
        "Crowds cheered.",
    }
    assert enc.seen.count("The bridge reopened.") == 1
    story = stage.compare_story(Story(id="s", article_ids=["a", "b"]), [a, b], AnalyzeConfig(), out[0])
    assert story.origin_groups


def test_lexical_mode_computes_no_vectors() -> None:
    a = Article(id="a", source="-", text="One. Two.")
    assert stage.story_sentence_vectors([[a, a]], AnalyzeConfig(embeddings="lexical")) == [None]
    assert embeddings.resolve_encoder("lexical") is None


def test_only_the_sentences_derivation_aligns_are_encoded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page dump of thousands of one-line "sentences": derivation aligns an article's first
    MAX_ALIGNED_SENTENCES, so no more of them are encoded (the model took minutes per dump)."""
    from newsloom.pipeline.compare.derivation import MAX_ALIGNED_SENTENCES

    enc = CountingEncoder()
    monkeypatch.setattr(stage, "resolve_encoder", lambda mode: enc)
    dump = "\n".join(f"Line {k} of the listing." for k in range(3 * MAX_ALIGNED_SENTENCES))
    a = Article(id="a", source="-", text=dump)
    b = Article(id="b", source="-", text="Line 1 of the listing. A short note.")
    (vectors,) = stage.story_sentence_vectors([[a, b]], AnalyzeConfig(embeddings="model"))
    assert len(enc.seen) <= MAX_ALIGNED_SENTENCES + 2
    assert vectors is not None and "Line 0 of the listing." in vectors
    assert f"Line {2 * MAX_ALIGNED_SENTENCES} of the listing." not in vectors
