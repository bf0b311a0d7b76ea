"""The cleaning section of the seed check: ``newsloom analyze`` on the real seed articles, then
the shared scorer ``check.py --section cleaning`` must pass every check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from newsloom import Report, analyze, write_report


@pytest.fixture(scope="module")
def seed_report(seeds_dir: Path) -> Report:
    return analyze([seeds_dir])


def test_seed_cleaning_checks_pass(seed_report: Report, seeds_dir: Path, tmp_path: Path) -> None:
    write_report(seed_report, tmp_path, ["json"])
    proc = subprocess.run(
        [
            sys.executable,
            str(seeds_dir / "check.py"),
            str(tmp_path / "report.json"),
            "--section",
            "cleaning",
            "-v",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_seed_removal_points_at_its_raw_text(seed_report: Report, seeds_dir: Path) -> None:
    stems = {p.stem for p in seeds_dir.glob("*.txt")}
    articles = [a for a in seed_report.articles if a.id in stems]
    assert len(articles) == len(stems) == 5
    for art in articles:
        assert art.removed, f"{art.id}: every seed carries boilerplate"
        for r in art.removed:
            assert art.raw_text[r.start : r.end] == r.text
