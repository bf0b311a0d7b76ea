"""The hostile corpus (tests/hostile/generate.py) through ``newsloom analyze``: the run finishes,
exits 1, analyses what can be analysed and lists every other input in ``errors`` with a plain
message; no input is unaccounted for. The time of the whole run is printed by
``python -m bench --only hostile``, never asserted here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.hostile.generate import generate


@pytest.mark.slow
def test_the_hostile_corpus_is_read_or_reported_input_by_input(tmp_path: Path) -> None:
    corpus = tmp_path / "hostile"
    expected = generate(corpus)
    out = tmp_path / "out"
    # A generous timeout: the run takes about a minute alone on two cores. Most of that minute
    # was two pathological pages using the whole per-article budget (30 s of CPU each); a
    # 10 s budget reaches the same outcomes (those pages may be read or reported) sooner.
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from newsloom.cli import main; main()",
            "analyze",
            str(corpus),
            "--out",
            str(out),
            "--format",
            "json,html",
            "--article-timeout",
            "10",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    prefix = str(corpus) + "/"
    analysed = {a["source"].removeprefix(prefix) for a in report["articles"]}
    analysed |= {d["source"].removeprefix(prefix) for d in report["exact_duplicates"]}
    errors: dict[str, list[dict[str, str]]] = {}
    for e in report["errors"]:
        errors.setdefault(e["path"].removeprefix(prefix), []).append(e)
    for e in report["errors"]:
        assert e["message"] and "\n" not in e["message"] and "Traceback" not in e["message"], e
    for name, outcome in expected.items():
        found = ("article" if name in analysed else "") + ("error" if name in errors else "")
        assert found in ({"article", "error"} if outcome == "either" else {outcome}), (name, found)
    # The truncated WARC: the pages before the cut are read, then the cut is reported.
    assert {"http://example.org/news/0", "http://example.org/news/1"} <= analysed
    # Nothing else appeared: every article and error comes from an input of the corpus.
    assert analysed | set(errors) <= set(expected) | {
        "http://example.org/news/0",
        "http://example.org/news/1",
    }
    assert (out / "report.html").stat().st_size > 0
