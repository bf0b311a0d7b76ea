"""Golden files: report.md and a normalised report.json of the hand-built sample report.

Run with NEWSLOOM_UPDATE_GOLDEN=1 to rewrite them after an intended change to a renderer, then
read the diff before committing it.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType

import pytest

from newsloom.model import Report
from newsloom.pipeline.report import render_markdown

GOLDEN = Path(__file__).resolve().parents[4] / "tests" / "golden"


def _sample_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("newsloom_golden_sample", GOLDEN / "sample_report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample() -> Report:
    report: Report = _sample_module().build_sample_report()
    return report


def _normalised_json(report: Report) -> str:
    data = report.to_json_dict()
    data["newsloom_version"] = "<version>"
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("NEWSLOOM_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} is missing; run the tests with NEWSLOOM_UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name} differs from the golden file; if intended, rerun with NEWSLOOM_UPDATE_GOLDEN=1"
    )


def test_markdown_matches_golden(sample: Report) -> None:
    _compare("report.md", render_markdown(sample))


def test_json_matches_golden(sample: Report) -> None:
    _compare("report.json", _normalised_json(sample))


def test_sample_citations_point_at_their_text(sample: Report) -> None:
    # The golden is only worth keeping if the sample itself honours the citation contract.
    texts = {a.id: a.text for a in sample.articles}
    story = sample.stories[0]
    cites = [c for b in story.briefing or [] for c in b.citations]
    cites += [c for d in story.discrepancies or [] for c in d.citations]
    cites += [p.source for link in story.derivation or [] for p in link.evidence]
    assert cites
    for cite in cites:
        assert texts[cite.article_id][cite.start : cite.end] == cite.text
