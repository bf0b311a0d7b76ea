"""The corpus bench keeps what an engine says when it fails (bench/corpus.py ``_run_engine``).

A run that died after most of an hour with its stderr thrown away left no cause to look at: the
bench now keeps each engine's stderr in a log beside its output and prints its tail on failure.
"""

from __future__ import annotations

import json
from datetime import date
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


def _fake_shared(root: Path) -> Path:
    """A shared folder shaped like ../shared/bench, holding texts of our own."""
    sentences = [
        "The harbour board of Lindqvist Bay voted on Tuesday to close the east pier for repairs.",
        "Mayor Ilse Brandow said the works would cost 240,000 crowns and last until March.",
        "Volunteers from Marrow Vale planted 400 oak saplings along the river on Sunday.",
        "The ferry company said passengers would board at the west quay from next week.",
    ]
    (root / "bench/realnews/texts").mkdir(parents=True)
    (root / "bench/stories").mkdir(parents=True)
    (root / "bench/boilerplate/gold").mkdir(parents=True)
    for k in range(3):
        (root / f"bench/realnews/texts/r{k}.txt").write_text(" ".join(sentences[k:] + sentences[:k]))
    (root / "bench/stories/articles.jsonl").write_text(json.dumps({"text": " ".join(sentences)}) + "\n")
    (root / "bench/boilerplate/gold/g.txt").write_text(" ".join(reversed(sentences)))
    return root


def test_the_generated_corpus_holds_news_sized_dated_events(tmp_path: Path) -> None:
    from bench.corpus import EVENT_REPORTS, build_corpus, generated_events

    assert build_corpus(_fake_shared(tmp_path / "shared"), 400, tmp_path / "corpus") == 400
    rows = sorted(
        (
            json.loads(line)
            for p in (tmp_path / "corpus").glob("*.jsonl")
            for line in p.read_text().splitlines()
        ),
        key=lambda r: r["id"],
    )
    assert len(rows) == 400 and len({r["id"] for r in rows}) == 400
    bench_texts, generated = rows[:5], rows[5:]
    assert all("published" not in r for r in bench_texts)
    days = sorted({r["published"] for r in generated})
    assert len(days) > 30  # spread over the year
    texts = [r["text"] for r in bench_texts]
    events = list(generated_events(texts, 395))
    assert [r for e in events for r in e] == [{k: v for k, v in r.items() if k != "id"} for r in generated]
    assert all(1 <= len(e) <= EVENT_REPORTS[1] - 1 for e in events) and len(events) > 40
    for e in events:  # published on the event's day or the next
        published = sorted(date.fromisoformat(r["published"]) for r in e)
        assert (published[-1] - published[0]).days <= 1
    # names and figures are the event's own (edited copies may take words of other texts)
    assert not any("Brandow" in e[0]["text"] or "Lindqvist" in e[0]["text"] for e in events)
    assert not any("240,000" in e[0]["text"] for e in events)
