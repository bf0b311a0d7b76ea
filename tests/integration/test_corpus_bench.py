"""The corpus bench keeps what an engine says when it fails (bench/corpus.py ``_run_engine``).

A run that died after most of an hour with its stderr thrown away left no cause to look at: the
bench now keeps each engine's stderr in a log beside its output and prints its tail on failure.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.corpus import _run_engine


def _tiny_corpus(folder: Path) -> Path:
    folder.mkdir()
    texts = [
        "The harbour board of Lindqvist Bay voted on Tuesday to close the east pier for repairs.",
        "Volunteers in Marrow Vale planted four hundred oak saplings along the river on Sunday.",
    ]
    with (folder / "part-00.jsonl").open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"id": f"t{i}", "text": text}) + "\n")
    return folder


def test_a_failing_engine_shows_the_tail_of_its_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out-nosuch"
    with pytest.raises(RuntimeError, match=r"exit 1.*stderr is in"):
        _run_engine("nosuch", _tiny_corpus(tmp_path / "corpus"), out)
    printed = capsys.readouterr().out
    assert "nosuch engine failed (exit 1)" in printed
    assert "engine must be local or spark" in printed  # the child's own error, from its stderr
    assert "engine must be local or spark" in (tmp_path / "out-nosuch.stderr.log").read_text()


def test_an_engine_over_the_memory_limit_is_killed_and_said_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(RuntimeError, match="killed by the bench"):
        _run_engine("local", _tiny_corpus(tmp_path / "corpus"), tmp_path / "out-local", max_mb=1)
    assert "limit 1 MB" in capsys.readouterr().out


@pytest.mark.slow
def test_an_engine_that_succeeds_gives_its_figures_and_keeps_its_log(tmp_path: Path) -> None:
    out = tmp_path / "out-local"
    figures = _run_engine("local", _tiny_corpus(tmp_path / "corpus"), out)
    assert figures["articles"] == 2
    assert figures["cpu_s"] > 0 and figures["tree_mb"] > 0
    assert out.is_dir() and (tmp_path / "out-local.stderr.log").is_file()
