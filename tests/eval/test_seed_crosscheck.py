"""Cross-checking on real and planted data (issue 5).

- The seed check passes in full (every section, the cross-checking ones being ``discrepancies``,
  ``briefing`` and cleaning's headings-are-not-claims), on the whole pipeline's report.
- On ``examples/``, every planted discrepancy is found and nothing else is flagged.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from newsloom.model import Discrepancy, Report
from newsloom.runners import analyze

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ROOT / "tests" / "eval" / "examples_expected.json"


def norm(s: str) -> str:
    """Case-folded text with quotes, dashes and spaces unified (as the seed checker does)."""
    s = unicodedata.normalize("NFKC", s)
    s = s.translate(
        str.maketrans(
            {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
        )
    )
    return re.sub(r"\s+", " ", s).strip().casefold()


def test_seed_check_passes_in_full(seeds_dir: Path, tmp_path: Path) -> None:
    report = analyze([seeds_dir])
    out = tmp_path / "report.json"
    out.write_text(json.dumps(report.to_json_dict()), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(seeds_dir / "check.py"), str(out), "-v"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


@pytest.fixture(scope="module")
def examples_report(examples_dir: Path) -> tuple[Report, dict[str, Any]]:
    assert EXPECTED.is_file() and any(examples_dir.glob("*")), (
        "examples/ and its planted truth belong to the project"
    )
    return analyze([examples_dir]), json.loads(EXPECTED.read_text(encoding="utf-8"))


def _matches(d: Discrepancy, planted: dict[str, Any]) -> bool:
    cited = {c.article_id for c in d.citations}
    text = norm(" ".join([d.description, *(c.text for c in d.citations)]))
    return (
        d.kind == planted["kind"]
        and set(planted["articles"]) <= cited
        and all(norm(s) in text for s in planted["strings"])
    )


def test_every_planted_discrepancy_is_found(examples_report: tuple[Report, dict[str, Any]]) -> None:
    report, expected = examples_report
    found = [d for st in report.stories for d in st.discrepancies or []]
    for planted in expected["discrepancies_must_find"]:
        assert any(_matches(d, planted) for d in found), f"missed: {planted['what']}"


def test_nothing_else_is_flagged(examples_report: tuple[Report, dict[str, Any]]) -> None:
    report, expected = examples_report
    for st in report.stories:
        for d in st.discrepancies or []:
            assert any(_matches(d, p) for p in expected["discrepancies_must_find"]), (
                f"false alarm: {d.description}"
            )


def test_examples_briefing_is_cited_and_clean(examples_report: tuple[Report, dict[str, Any]]) -> None:
    report, expected = examples_report
    texts = {a.id: a.text for a in report.articles}
    for st in report.stories:
        assert st.briefing
        for b in st.briefing:
            assert b.citations
            for c in b.citations:
                assert texts[c.article_id][c.start : c.end] == c.text
            for bad in expected["briefing"]["must_not_contain"]:
                assert norm(bad) not in norm(b.text)
